import type { AuthUser } from '../core/auth/auth-user';
import { inScope, type Scoped } from '../core/auth/scope';
import { ROLE_LABELS } from '../core/auth/roles';
import { forbidden } from '../core/errors';

/**
 * May the caller edit or move this project? (API.md roles)
 * admin: any; manager: any in scope; officer: his own; leader, viewer: none.
 * Scope itself (404) is checked before this.
 */
export function canWriteProject(user: AuthUser, p: Scoped): boolean {
  if (user.role === 'admin') return true;
  if (user.role === 'manager') return inScope(user, p);
  if (user.role === 'officer') return p.ownerId === user.id;
  return false;
}

export function assertCanWriteProject(user: AuthUser, p: Scoped & { id: number }): void {
  if (canWriteProject(user, p)) return;
  if (user.role === 'officer') throw forbidden('not_owner', '招商专员只能修改和推进本人负责的项目');
  throw forbidden('read_only_role', `${ROLE_LABELS[user.role]}只能查看，不能修改项目`);
}

/** Logging activities: officers may log on any project of their team (in scope). */
export function assertCanLogActivity(user: AuthUser, p: Scoped): void {
  if (user.role === 'admin' || user.role === 'manager' || user.role === 'officer') return;
  throw forbidden('read_only_role', `${ROLE_LABELS[user.role]}只能查看，不能记录跟进`);
}

/** Reverting and reopening: manager or admin. */
export function assertManagerOrAdmin(user: AuthUser, what: string): void {
  if (user.role !== 'admin' && user.role !== 'manager') throw forbidden('managers_only', `只有团队负责人或系统管理员可以${what}`);
}
