import { Injectable } from '@nestjs/common';
import { InjectReadDataSource } from '../core/database/read-data-source';
import { DataSource, type EntityManager } from 'typeorm';
import { sql } from '../core/database/dialect';
import { liveProject } from '../projects/live-projects';
import type { Stage } from '../projects/pipeline';
import { type LightCutoffs, lightFactsSql, lightParams, lightSql } from '../projects/supervision';

/** The project fields every reminder names. */
export interface ProjectRef {
  id: number;
  name: string;
  stage: Stage;
  ownerId: number;
  teamId: number | null;
}

/** A project and the day it was asked to be followed up. */
export interface FollowUpRow extends ProjectRef {
  due: string;
}

/** A project and the day it counts from: its last activity or registration (stale), its signing or construction start (dwell). */
export interface SinceRow extends ProjectRef {
  since: string;
}

export interface MilestoneRow extends ProjectRef {
  milestoneName: string;
  plannedOn: string;
}

/** A yellow or red project of a team, with the facts its light is judged on (supervision.ts). */
export interface TeamLightRow extends ProjectRef {
  ownerName: string | null;
  since: string;
  overdueMilestones: number;
  oldestOverdueOn: string | null;
}

/** Project ids come back as text on PostgreSQL when they pass through an expression; numbers here. */
function projectRef<T extends ProjectRef>(r: T): T {
  return { ...r, id: Number(r.id), ownerId: Number(r.ownerId), teamId: r.teamId === null ? null : Number(r.teamId) };
}

/**
 * The reads behind the daily digest, evaluated in the database (a district
 * has 10^5 projects and 10^6 activities) for one business date. Each method
 * selects what one rule asks for, with the dates and stages the rule
 * (ReminderRulesService) hands it; `ownerId` narrows to one person's projects.
 */
@Injectable()
export class RemindersRepository {
  constructor(@InjectReadDataSource() private readonly ds: DataSource) {}

  /**
   * Projects in `stages` whose latest activity (the latest day, the last one
   * logged that day) asks for a follow-up on or before `dueBy`. An activity
   * logged later about an earlier day does not supersede it.
   */
  async followUpsDue(stages: readonly Stage[], dueBy: string, ownerId?: number, em: EntityManager = this.ds.manager): Promise<FollowUpRow[]> {
    const rows = await sql<FollowUpRow>(
      em,
      `SELECT p.id, p.name, p.stage, p."ownerId", p."teamId", a."nextFollowUpOn" AS due
         FROM projects p JOIN activities a ON a."projectId" = p.id AND a."occurredOn" = p."lastActivityOn"
        WHERE p.stage IN (:...stages)${liveOwnedBy(ownerId)} AND a."nextFollowUpOn" IS NOT NULL AND a."nextFollowUpOn" <= :dueBy
          AND a.id = (SELECT MAX(b.id) FROM activities b WHERE b."projectId" = p.id AND b."occurredOn" = p."lastActivityOn")`,
      { stages, dueBy, ownerId },
    );
    return rows.map(projectRef);
  }

  /** Projects of each stage whose last activity (or, with none, registration) is before that stage's date. */
  async quietSince(limits: readonly { stage: Stage; before: string }[], ownerId?: number, em: EntityManager = this.ds.manager): Promise<SinceRow[]> {
    if (!limits.length) return [];
    const since = `COALESCE(p."lastActivityOn", p."createdOn")`;
    const params: Record<string, unknown> = { ownerId };
    const byStage = limits.map((l, i) => {
      params[`stage${i}`] = l.stage;
      params[`before${i}`] = l.before;
      return `(p.stage = :stage${i} AND ${since} < :before${i})`;
    });
    const rows = await sql<SinceRow>(
      em,
      `SELECT p.id, p.name, p.stage, p."ownerId", p."teamId", ${since} AS since
         FROM projects p
        WHERE (${byStage.join(' OR ')})${liveOwnedBy(ownerId)}`,
      params,
    );
    return rows.map(projectRef);
  }

  /** Milestones not completed and planned on or before `dueBy` (overdue ones included), of projects in `stages`; earliest first. */
  async openMilestonesDueBy(stages: readonly Stage[], dueBy: string, ownerId?: number, em: EntityManager = this.ds.manager): Promise<MilestoneRow[]> {
    const rows = await sql<MilestoneRow>(
      em,
      `SELECT p.id, p.name, p.stage, p."ownerId", p."teamId", m.name AS "milestoneName", m."plannedOn" AS "plannedOn"
         FROM milestones m JOIN projects p ON p.id = m."projectId"
        WHERE m."completedOn" IS NULL AND m."plannedOn" <= :dueBy AND p.stage IN (:...stages)${liveOwnedBy(ownerId)}
        ORDER BY m."plannedOn"`,
      { stages, dueBy, ownerId },
    );
    return rows.map(projectRef);
  }

  /**
   * Projects still `signed` that were signed on or before `signedBy`, and
   * still under `construction` that started on or before `constructionBy`;
   * `since` is that date.
   */
  async dwelling(signedBy: string, constructionBy: string, ownerId?: number, em: EntityManager = this.ds.manager): Promise<SinceRow[]> {
    const rows = await sql<SinceRow>(
      em,
      `SELECT p.id, p.name, p.stage, p."ownerId", p."teamId",
              CASE WHEN p.stage = 'signed' THEN p."signedOn" ELSE p."constructionStartedOn" END AS since
         FROM projects p
        WHERE ((p.stage = 'signed' AND p."signedOn" <= :signedBy) OR (p.stage = 'construction' AND p."constructionStartedOn" <= :constructionBy))${liveOwnedBy(ownerId)}`,
      { signedBy, constructionBy, ownerId },
    );
    return rows.map(projectRef);
  }

  /** The yellow and red projects of these teams (the 督办灯 of supervision.ts), with their owner's name, by id. */
  async yellowAndRedOfTeams(teamIds: readonly number[], cut: LightCutoffs, em: EntityManager = this.ds.manager): Promise<TeamLightRow[]> {
    if (!teamIds.length) return [];
    const f = lightFactsSql();
    const rows = await sql<TeamLightRow>(
      em,
      `SELECT p.id, p.name, p.stage, p."ownerId", p."teamId", u.name AS "ownerName",
              ${f.since} AS since, ${f.overdueMilestones} AS "overdueMilestones", ${f.oldestOverdueOn} AS "oldestOverdueOn"
         FROM projects p LEFT JOIN users u ON u.id = p."ownerId"
        WHERE p."teamId" IN (:...teamIds)${liveOwnedBy(undefined)} AND (${lightSql('red')} OR ${lightSql('yellow')})
        ORDER BY p.id`,
      { teamIds, ...lightParams(cut) },
    );
    return rows.map((r) => ({ ...projectRef(r), overdueMilestones: Number(r.overdueMilestones) }));
  }
}

/** ` AND` the project `p` is not deleted, and is `ownerId`'s when one is given: every rule's projects. */
function liveOwnedBy(ownerId: number | undefined): string {
  return ` AND ${liveProject('p')}${ownerId === undefined ? '' : ` AND p."ownerId" = :ownerId`}`;
}
