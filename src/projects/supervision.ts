/**
 * 督办灯 (DOMAIN.md): green, yellow when stale or a milestone is overdue,
 * red when badly so. One rule, two forms: `supervisionLight` for a project in
 * hand, `lightSql` for filtering lists in the database. Both read the same
 * cut-off dates from `lightCutoffs`.
 */
import type { SupervisionConfig } from '../core/config/app-config';
import { addDays, daysBetween } from '../core/dates';
import { ACTIVE_STAGES, type Stage } from './pipeline';

export type Light = 'green' | 'yellow' | 'red';
export const LIGHTS: readonly Light[] = ['green', 'yellow', 'red'];

export const LIGHT_LABELS: Record<Light, string> = {
  green: '正常',
  yellow: '黄灯',
  red: '红灯',
};

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

export interface SupervisionInput {
  stage: Stage;
  lastActivityOn: string | null;
  createdOn: string;
  /** planned dates of the milestones not yet completed */
  openMilestoneDates: string[];
}

export interface Supervision {
  light: Light | null;
  daysSinceActivity: number | null;
  overdueMilestones: number;
  maxDaysOverdue: number;
  reasons: string[];
}

/** A project with no activity yet counts from the day it was registered. */
export function supervisionLight(p: SupervisionInput, cut: LightCutoffs): Supervision {
  if (!ACTIVE_STAGES.includes(p.stage)) {
    return { light: null, daysSinceActivity: null, overdueMilestones: 0, maxDaysOverdue: 0, reasons: [] };
  }
  const ref = p.lastActivityOn ?? p.createdOn;
  const days = daysBetween(ref, cut.today);
  const overdue = p.openMilestoneDates.filter((d) => d < cut.today);
  const maxDaysOverdue = overdue.reduce((m, d) => Math.max(m, daysBetween(d, cut.today)), 0);
  const reasons: string[] = [];
  let light: Light = 'green';
  if (ref <= cut.redBy || overdue.some((d) => d <= cut.milestoneRedBy)) light = 'red';
  else if (ref <= cut.yellowBy || overdue.length > 0) light = 'yellow';
  if (ref <= cut.yellowBy) reasons.push(`${days} 天无跟进`);
  if (overdue.length) reasons.push(`${overdue.length} 个节点逾期（最长 ${maxDaysOverdue} 天）`);
  return { light, daysSinceActivity: days, overdueMilestones: overdue.length, maxDaysOverdue, reasons };
}

/**
 * SQL conditions for each light, on a query with the project as `p`.
 * Parameters are named :lt_* and supplied by `lightParams`.
 */
export function lightSql(light: Light): string {
  const active = `p.stage IN ('${ACTIVE_STAGES.join("','")}')`;
  const ref = `COALESCE(p."lastActivityOn", p."createdOn")`;
  const open = `SELECT 1 FROM milestones m WHERE m."projectId" = p.id AND m."completedOn" IS NULL`;
  const red = `(${ref} <= :lt_redBy OR EXISTS (${open} AND m."plannedOn" <= :lt_msRedBy))`;
  const yellow = `(${ref} <= :lt_yellowBy OR EXISTS (${open} AND m."plannedOn" < :lt_today))`;
  if (light === 'red') return `(${active} AND ${red})`;
  if (light === 'yellow') return `(${active} AND NOT ${red} AND ${yellow})`;
  return `(${active} AND NOT ${red} AND NOT ${yellow})`;
}

export function lightParams(cut: LightCutoffs) {
  return { lt_redBy: cut.redBy, lt_msRedBy: cut.milestoneRedBy, lt_yellowBy: cut.yellowBy, lt_today: cut.today };
}
