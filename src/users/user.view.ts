import { DATA_SCOPE_LABELS, ROLE_LABELS } from '../core/auth/roles';
import type { User } from './user.entity';

/** An account's own fields, never the password hash (also the audit log's snapshot). */
export function userFields(u: User) {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    dataScope: u.dataScope,
    teamId: u.teamId,
    phone: u.phone,
    active: u.active,
    createdAt: u.createdAt,
    updatedAt: u.updatedAt,
  };
}

/** What the API shows of an account: its fields, the labels of its role and data scope, and its team's name. */
export function toUserView(u: User, teamName: string | null) {
  return { ...userFields(u), roleLabel: ROLE_LABELS[u.role], dataScopeLabel: DATA_SCOPE_LABELS[u.dataScope], teamName };
}
