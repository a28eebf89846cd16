/**
 * Which projects' events a caller's report reads: the one scope clause of
 * the series and drill statements, given the project (aliased `p`) and the
 * event's date (an SQL expression: a signing, start, funds month, month end).
 * Today the project's present team and owner decide; crediting an event to
 * the team that held the project on its date is to be done here, once.
 */
import type { AuthUser } from '../core/auth/auth-user';
import { scopeCondition } from '../core/auth/scope';

export interface EventScope {
  /** ` AND <condition>`, or '' for the whole district */
  and: string;
  params: Record<string, unknown>;
}

export function scopeOnDate(user: AuthUser | null, eventDate: string): EventScope {
  void eventDate;
  const c = user ? scopeCondition(user, 'p') : null;
  return c ? { and: ` AND ${c.sql}`, params: c.params } : { and: '', params: {} };
}
