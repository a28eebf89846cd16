/**
 * 督办灯 (DOMAIN.md): green, yellow when stale or a milestone is overdue,
 * red when badly so. One rule, decided in one place: `judgeLight` turns a
 * project's facts (when it was last followed up, how many of its milestones
 * are overdue and since when) into a light and the reasons for it. Its
 * readers:
 * - `supervisionLight`, for a project in hand (the dates of its open milestones);
 * - `lightFactsSql`, the same facts read in bulk by the database (the
 *   project views and the managers' digest), judged by `judgeLight` again;
 * - `lightSql`, the same rule as a WHERE condition for filtering lists: it
 *   reads the same cut-off dates (`lightCutoffs`), and the suites check that
 *   it picks exactly the projects `judgeLight` colours so.
 */
import type { SupervisionConfig } from '../core/config/app-config';
import { addDays, daysBetween } from '../core/dates';
import { ACTIVE_STAGES, type Stage } from './pipeline';

export type Light = 'green' | 'yellow' | 'red';
export const LIGHTS: readonly Light[] = ['green', 'yellow', 'red'];

/** The light as a person reads it, in the UI and in e-mails. */
export const LIGHT_LABELS: Record<Light, string> = { green: '绿灯', yellow: '黄灯', red: '红灯' };

export interface LightCutoffs {
  today: string;
  /** activity on or before this date → yellow */
  yellowBy: string;
  /** activity on or before this date → red */
  redBy: string;
  /** a milestone planned on or before this date and not completed → red */
  milestoneRedBy: string;
}

export function lightCutoffs(today: string, c: SupervisionConfig): LightCutoffs {
  return {
    today,
    yellowBy: addDays(today, -c.yellowDays),
    redBy: addDays(today, -c.redDays),
    milestoneRedBy: addDays(today, -c.milestoneRedDays),
  };
}

/** What the light looks at, however it was read. */
export interface LightFacts {
  stage: Stage;
  /** the last activity, or the day the project was registered when it has none */
  since: string;
  /** open milestones planned before today */
  overdueMilestones: number;
  /** the earliest planned date among those, null when there are none */
  oldestOverdueOn: string | null;
}

/** Why a project is not green: a code and the figures, worded by `reasonText` / `briefReasonText`. */
export type LightReason =
  | { code: 'no_activity'; days: number }
  | { code: 'milestones_overdue'; count: number; maxDaysOverdue: number };

export interface LightJudgement {
  /** null outside the active stages: such a project carries no light */
  light: Light | null;
  daysSinceActivity: number | null;
  overdueMilestones: number;
  maxDaysOverdue: number;
  /** most telling first: no activity, then overdue milestones */
  reasons: LightReason[];
}

/** The rule. A project with no activity yet counts from the day it was registered. */
export function judgeLight(f: LightFacts, cut: LightCutoffs): LightJudgement {
  if (!ACTIVE_STAGES.includes(f.stage)) {
    return { light: null, daysSinceActivity: null, overdueMilestones: 0, maxDaysOverdue: 0, reasons: [] };
  }
  const days = daysBetween(f.since, cut.today);
  const maxDaysOverdue = f.oldestOverdueOn === null ? 0 : daysBetween(f.oldestOverdueOn, cut.today);
  const stale = f.since <= cut.yellowBy;
  const reasons: LightReason[] = [];
  if (stale) reasons.push({ code: 'no_activity', days });
  if (f.overdueMilestones > 0) reasons.push({ code: 'milestones_overdue', count: f.overdueMilestones, maxDaysOverdue });
  let light: Light = 'green';
  if (f.since <= cut.redBy || (f.oldestOverdueOn !== null && f.oldestOverdueOn <= cut.milestoneRedBy)) light = 'red';
  else if (stale || f.overdueMilestones > 0) light = 'yellow';
  return { light, daysSinceActivity: days, overdueMilestones: f.overdueMilestones, maxDaysOverdue, reasons };
}

/** A reason as the project's page shows it. */
export function reasonText(r: LightReason): string {
  return r.code === 'no_activity' ? `${r.days} 天无跟进` : `${r.count} 个节点逾期（最长 ${r.maxDaysOverdue} 天）`;
}

/** A reason in the fewest words, for a one-line entry (the managers' digest). */
export function briefReasonText(r: LightReason): string {
  return r.code === 'no_activity' ? `${r.days} 天无跟进` : '节点逾期';
}

export interface SupervisionInput {
  stage: Stage;
  lastActivityOn: string | null;
  createdOn: string;
  /** planned dates of the milestones not yet completed */
  openMilestoneDates: string[];
}

/** A project's light as the API shows it. */
export interface Supervision {
  light: Light | null;
  daysSinceActivity: number | null;
  overdueMilestones: number;
  maxDaysOverdue: number;
  reasons: string[];
}

/**
 * How many days a milestone is overdue: an open one is from the day after it
 * was planned; 0 when it is completed or not yet due. The 督办灯 counts the
 * milestones this says are overdue, and the milestone list shows the days.
 */
export function daysOverdue(plannedOn: string, completedOn: string | null, today: string): number {
  return completedOn === null && plannedOn < today ? daysBetween(plannedOn, today) : 0;
}

/** The facts of a project in hand. */
export function lightFacts(p: SupervisionInput, cut: LightCutoffs): LightFacts {
  const overdue = p.openMilestoneDates.filter((d) => daysOverdue(d, null, cut.today) > 0);
  return {
    stage: p.stage,
    since: p.lastActivityOn ?? p.createdOn,
    overdueMilestones: overdue.length,
    oldestOverdueOn: overdue.reduce<string | null>((min, d) => (min === null || d < min ? d : min), null),
  };
}

/** A project's light as the API shows it, from its facts however they were read. */
export function supervisionOf(f: LightFacts, cut: LightCutoffs): Supervision {
  const j = judgeLight(f, cut);
  return { ...j, reasons: j.reasons.map(reasonText) };
}

export function supervisionLight(p: SupervisionInput, cut: LightCutoffs): Supervision {
  return supervisionOf(lightFacts(p, cut), cut);
}

const SINCE = `COALESCE(p."lastActivityOn", p."createdOn")`;
const OPEN = `FROM milestones m WHERE m."projectId" = p.id AND m."completedOn" IS NULL`;

/**
 * The facts of `judgeLight` as select expressions on a query with the project
 * as `p` (parameter :lt_today from `lightParams`). COUNT comes back as text
 * on PostgreSQL: read it with Number().
 */
export function lightFactsSql(): { since: string; overdueMilestones: string; oldestOverdueOn: string } {
  return {
    since: SINCE,
    overdueMilestones: `(SELECT COUNT(*) ${OPEN} AND m."plannedOn" < :lt_today)`,
    oldestOverdueOn: `(SELECT MIN(m."plannedOn") ${OPEN} AND m."plannedOn" < :lt_today)`,
  };
}

/**
 * SQL conditions for each light, on a query with the project as `p`.
 * Parameters are named :lt_* and supplied by `lightParams`.
 */
export function lightSql(light: Light): string {
  const active = `p.stage IN ('${ACTIVE_STAGES.join("','")}')`;
  const open = `SELECT 1 ${OPEN}`;
  const red = `(${SINCE} <= :lt_redBy OR EXISTS (${open} AND m."plannedOn" <= :lt_msRedBy))`;
  const yellow = `(${SINCE} <= :lt_yellowBy OR EXISTS (${open} AND m."plannedOn" < :lt_today))`;
  if (light === 'red') return `(${active} AND ${red})`;
  if (light === 'yellow') return `(${active} AND NOT ${red} AND ${yellow})`;
  return `(${active} AND NOT ${red} AND NOT ${yellow})`;
}

export function lightParams(cut: LightCutoffs) {
  return { lt_redBy: cut.redBy, lt_msRedBy: cut.milestoneRedBy, lt_yellowBy: cut.yellowBy, lt_today: cut.today };
}
