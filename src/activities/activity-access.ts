import { type AuthUser, PROJECT_WRITERS } from '../core/auth/auth-user';
import type { Role } from '../core/auth/roles';
import { ROLE_LABELS } from '../core/auth/roles';
import { forbidden } from '../core/errors';

/** Who corrects anyone's follow-ups on the projects they see: the roles that answer for a team's records. */
export const ACTIVITY_CORRECTORS: readonly Role[] = ['admin', 'manager'];

/**
 * May the caller edit or delete this activity? Its author (an officer, a
 * manager or an admin who logged it), or a manager or admin; leaders and
 * viewers never. That the caller sees the activity's project (else 404) is
 * checked before this.
 */
export function canCorrectActivity(user: AuthUser, a: { createdById: number }): boolean {
  if (!PROJECT_WRITERS.includes(user.role)) return false;
  return ACTIVITY_CORRECTORS.includes(user.role) || a.createdById === user.id;
}

export function assertCanCorrectActivity(user: AuthUser, a: { createdById: number }): void {
  if (canCorrectActivity(user, a)) return;
  if (PROJECT_WRITERS.includes(user.role)) throw forbidden('not_author', '招商专员只能修改或删除本人记录的跟进，他人的记录请联系团队负责人更正');
  throw forbidden('read_only_role', `${ROLE_LABELS[user.role]}只能查看，不能修改跟进记录`);
}
