/**
 * Which projects' events a caller's report reads: the one scope clause of
 * the series and drill statements, given the project (aliased `p`) and the
 * event's date (an SQL expression: a signing, start, funds month end).
 * An event is credited to the team that held the project on its date
 * (team-history.ts, issue 11); a figure that is not a credit (the funnel,
 * as the summary reads it) passes no date and reads today's scope.
 */
import type { AuthUser } from '../core/auth/auth-user';
import { scopeCondition } from '../core/auth/scope';
import { creditScope } from '../projects/team-history';

export interface EventScope {
  /** ` AND <condition>`, or '' for the whole district */
  and: string;
  params: Record<string, unknown>;
}

export function scopeOnDate(user: AuthUser | null, eventDate: string | null): EventScope {
  if (eventDate !== null) return creditScope(user, 'p', eventDate);
  const c = user ? scopeCondition(user, 'p') : null;
  return c ? { and: ` AND ${c.sql}`, params: c.params } : { and: '', params: {} };
}

/**
 * 1 when the caller sees the project `p` today, else 0: a team's list shows a
 * project it has since handed to another team without naming it.
 */
export function visibleToday(user: AuthUser | null): { sql: string; params: Record<string, unknown> } {
  const c = user ? scopeCondition(user, 'p') : null;
  return c ? { sql: `CASE WHEN ${c.sql} THEN 1 ELSE 0 END`, params: c.params } : { sql: '1', params: {} };
}
