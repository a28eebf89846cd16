/**
 * Roles and data scopes (API.md, DOMAIN.md "Who sees what"). They live on the
 * ground floor because the auth guard and every module's access rules read
 * them; the users module stores them.
 */
export const ROLES = ['admin', 'leader', 'manager', 'officer', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: '系统管理员',
  leader: '领导',
  manager: '团队负责人',
  officer: '招商专员',
  viewer: '只读用户',
};

/** The roles as a person reads a choice of them: 「团队负责人或系统管理员」, 「系统管理员、团队负责人或招商专员」. */
export function roleChoice(roles: readonly Role[]): string {
  const names = roles.map((r) => ROLE_LABELS[r]);
  return names.length < 2 ? names.join('') : `${names.slice(0, -1).join('、')}或${names[names.length - 1]}`;
}

export const DATA_SCOPES = ['all', 'team', 'own'] as const;
export type DataScope = (typeof DATA_SCOPES)[number];

export const DATA_SCOPE_LABELS: Record<DataScope, string> = {
  all: '全部',
  team: '本团队',
  own: '本人',
};

/** The scope a role gets unless set otherwise. */
export const DEFAULT_SCOPE: Record<Role, DataScope> = {
  admin: 'all',
  leader: 'all',
  viewer: 'all',
  manager: 'team',
  officer: 'team',
};
