/**
 * Which team held a project on a date: issue 11's credit rule. "A signing,
 * start or fund counts for the team that held the project on that date, so a
 * later handover (移交) does not move credit already earned."
 *
 * `project_team_spans` keeps each project's teams as spans `fromOn` ≤ day <
 * `untilOn` (TeamHistoryRepository writes them wherever a project's team is
 * set). The first span starts at TEAM_HISTORY_BEGIN and the current one ends
 * at OPEN_END, so every day falls in exactly one span. A 移交 recorded on day
 * D takes effect the next day: the team that handed the project over keeps
 * the day itself (a project signed and handed over on the same day was
 * signed by the team handing it over).
 *
 * The SQL below is what every report asks; the reports and the drill-down
 * lists call it rather than writing their own.
 */
import { scopeCondition, seesDistrict, type Viewer } from '../core/auth/scope';

/** The day before every span: a project's first span starts here. */
export const TEAM_HISTORY_BEGIN = '0001-01-01';

/**
 * The team holding the project aliased `alias` on `dateSql` (a `YYYY-MM-DD`
 * text expression), or NULL when it had no team. A project without any span
 * (rows loaded in bulk around the services, as the bench does) counts for its
 * current team: the inner COALESCE tells "a span with no team" (0) from "no
 * span" (NULL).
 */
export function teamOnSql(alias: string, dateSql: string): string {
  return `NULLIF(COALESCE((SELECT COALESCE(th."teamId", 0) FROM project_team_spans th WHERE th."projectId" = ${alias}.id
    AND th."fromOn" <= (${dateSql}) AND th."untilOn" > (${dateSql})), ${alias}."teamId", 0), 0)`;
}

/**
 * The date a month's funds in place are credited on: the month's last day.
 * `YYYY-MM` || '-31' compares as text like the last day itself against any
 * real date (no real date lies between the two), so no dialect is needed.
 */
export const monthEndSql = (monthSql: string): string => `(${monthSql} || '-31')`;

/**
 * Who gets the credit for an event of the project aliased `alias` dated
 * `dateSql`, as a condition and its parameters (null: the whole district,
 * user null or scope 'all'):
 * - a team-scoped person: the team holding the project on the event's date is
 *   his team (or he owns the project, as his data scope sees his own
 *   projects whatever their team);
 * - everyone else: today's scope clause (scope.ts), as for any read.
 * A team's figures so include a project it has since handed over; a list
 * that would name such a project shows it without naming it (the reports
 * tell the two apart with scope.ts's condition).
 */
export function creditCondition(user: Viewer | null, alias: string, dateSql: string): { sql: string; params: Record<string, unknown> } | null {
  if (!user || seesDistrict(user)) return null;
  if (user.dataScope === 'team' && user.teamId !== null) {
    return { sql: `(${teamOnSql(alias, dateSql)} = :creditTeam OR ${alias}."ownerId" = :creditUser)`, params: { creditTeam: user.teamId, creditUser: user.id } };
  }
  return scopeCondition(user, alias);
}

/** The same as ` AND <condition>` to append to a WHERE, with its parameters ('' for the whole district). */
export function creditScope(user: Viewer | null, alias: string, dateSql: string): { and: string; params: Record<string, unknown> } {
  const c = creditCondition(user, alias, dateSql);
  return c ? { and: ` AND ${c.sql}`, params: c.params } : { and: '', params: {} };
}
