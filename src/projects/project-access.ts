import type { AuthUser } from '../core/auth/auth-user';
import { inScope, type Scoped } from '../core/auth/scope';
import { forbidden } from '../core/http/errors';

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
  if (user.role === 'officer') throw forbidden(`officers edit and move only their own projects; project ${p.id} is owned by someone else`);
  throw forbidden(`role ${user.role} may not change projects`);
}

/** Logging activities: officers may log on any project of their team (in scope). */
export function assertCanLogActivity(user: AuthUser, p: Scoped): void {
  if (user.role === 'admin' || user.role === 'manager' || user.role === 'officer') return;
  throw forbidden(`role ${user.role} may not log activities`);
}

/** Reverting and reopening: manager or admin. */
export function assertManagerOrAdmin(user: AuthUser, what: string): void {
  if (user.role !== 'admin' && user.role !== 'manager') throw forbidden(`only a manager or an admin may ${what}`);
}
