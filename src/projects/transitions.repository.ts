import { Injectable } from '@nestjs/common';
import { InjectReadDataSource } from '../core/database/read-data-source';
import { DataSource, type EntityManager } from 'typeorm';
import { daysBetweenSql, dialectOf, rowToEntity, sql } from '../core/database/dialect';
import { dbSum } from '../core/money';
import { liveProject } from './live-projects';
import { MAIN_STAGES, type Stage, STAGE_DATE_FIELDS } from './pipeline';
import { ProjectTransition } from './project-transition.entity';

/** `endedOn` of a stay that lasts: later than any business date. */
export const OPEN_END = '9999-12-31';

/** One cell of the pipeline ledger: month `YYYY-MM`, stage, furthest main-line rank reached. */
export interface LedgerCell {
  month: string;
  stage: Stage;
  rank: number;
  projects: number;
  /** integer 元 */
  planned: bigint;
}

/** A history row as GET /projects/:id/transitions lists it: the row and the actor's name. */
export type TransitionWithActor = ProjectTransition & { actorName: string | null };

/** What a new history row carries; the sequence number is the repository's to give. */
export type NewTransition = Omit<ProjectTransition, 'id' | 'seq' | 'endedOn' | 'stayDays' | 'reachedRank' | 'createdAt'>;

const RANK_SQL = `CASE "toStage" ${MAIN_STAGES.map((s, i) => `WHEN '${s}' THEN ${i}`).join(' ')} ELSE -1 END`;
/** A move that stands: a transition that has not been reverted. */
const STANDING = `kind = 'transition' AND "revertedById" IS NULL`;
/** STANDING on a table alias. */
const standingAs = (alias: string) => `${alias}.kind = 'transition' AND ${alias}."revertedById" IS NULL`;

/**
 * The project's latest move that still stands, as the end of a SELECT on
 * `st`: what a revert would undo, and what a new move may not be dated
 * before. The registration row (seq 1, no `fromStage`, no `before`) counts
 * too. `projectId`: a parameter or the column of an enclosing query.
 */
const latestStanding = (projectId: string) =>
  `FROM project_transitions st WHERE st."projectId" = ${projectId} AND st.kind = 'transition' AND st."revertedById" IS NULL ORDER BY st.seq DESC LIMIT 1`;

/**
 * 1 when the latest standing move of the project `projectId` (a column of
 * the enclosing query) can be reverted — it has a `before`, which the
 * registration row lacks —, 0 or null otherwise: a select expression, so
 * that a project's page reads it with the project.
 */
export const revertibleSql = (projectId: string) => `(SELECT CASE WHEN st."before" IS NULL THEN 0 ELSE 1 END ${latestStanding(projectId)})`;

/**
 * The ledger rows the history implies: one project's share, or the
 * district's. A deleted project has none (`deletions` false: a schema from
 * before projects could be deleted, see rebuildPipeline).
 */
function contributionsSql(projectId: number | null, deletions = true): string {
  const only = `${projectId === null ? '' : ' AND t."projectId" = :projectId'}${deletions ? ` AND ${liveProject('p')}` : ''}`;
  return `SELECT x.month, x.stage, x.rank, SUM(x.n) AS projects, SUM(x.planned) AS planned FROM (
      SELECT SUBSTR(t."effectiveOn", 1, 7) AS month, t."toStage" AS stage, t."reachedRank" AS rank, 1 AS n, COALESCE(p."plannedInvestment", 0) AS planned
        FROM project_transitions t JOIN projects p ON p.id = t."projectId" WHERE t."endedOn" IS NOT NULL${only}
      UNION ALL
      SELECT SUBSTR(t."endedOn", 1, 7), t."toStage", t."reachedRank", -1, -COALESCE(p."plannedInvestment", 0)
        FROM project_transitions t JOIN projects p ON p.id = t."projectId" WHERE t."endedOn" IS NOT NULL AND t."endedOn" <> '${OPEN_END}'${only}
    ) x GROUP BY x.month, x.stage, x.rank`;
}

type RawCell = { month: string; stage: Stage; rank: unknown; projects: unknown; planned: unknown };

function cells(rows: RawCell[]): LedgerCell[] {
  return rows
    .map((r) => ({ month: r.month, stage: r.stage, rank: Number(r.rank), projects: Number(r.projects), planned: dbSum(r.planned) }))
    .filter((c) => c.projects !== 0 || c.planned !== 0n);
}

/**
 * The project_transitions table (a project's history, append-only but for
 * the revert mark and the stays) and the pipeline ledger kept from it
 * (pipeline-history.ts says what the stays and the ledger mean).
 */
@Injectable()
export class TransitionsRepository {
  constructor(@InjectReadDataSource() private readonly ds: DataSource) {}

  /** A project's whole history, oldest first, with each actor's name. */
  async history(projectId: number, em: EntityManager = this.ds.manager): Promise<TransitionWithActor[]> {
    const { entities, raw } = await em
      .getRepository(ProjectTransition)
      .createQueryBuilder('t')
      .leftJoin('users', 'u', 'u.id = t."actorId"')
      .addSelect('u.name', 'actorName')
      .where('t."projectId" = :projectId', { projectId })
      .orderBy('t.seq', 'ASC')
      .getRawAndEntities<{ actorName: string | null }>();
    return entities.map((t, i) => Object.assign(t, { actorName: raw[i]?.actorName ?? null }));
  }

  /** The latest move that still stands (`latestStanding`). */
  async lastStandingMove(projectId: number, em: EntityManager = this.ds.manager): Promise<ProjectTransition | null> {
    const [row] = await sql(em, `SELECT st.* ${latestStanding(':projectId')}`, { projectId });
    return row ? rowToEntity(em, ProjectTransition, row) : null;
  }

  /** The earliest move after the registration that still stands: a corrected 登记日期 may not come after it. */
  async firstStandingMove(projectId: number, em: EntityManager = this.ds.manager): Promise<ProjectTransition | null> {
    const [row] = await sql(em, `SELECT t.* FROM project_transitions t
      WHERE t."projectId" = :projectId AND ${standingAs('t')} AND t."fromStage" IS NOT NULL ORDER BY t."effectiveOn", t.seq LIMIT 1`, { projectId });
    return row ? rowToEntity(em, ProjectTransition, row) : null;
  }

  /** The day each project entered 洽谈 (its standing move to negotiation), for the 台账: read back by an import as 洽谈日期. */
  async negotiationDates(ids: readonly number[], em: EntityManager = this.ds.manager): Promise<Map<number, string>> {
    if (!ids.length) return new Map();
    const rows = await sql(em, `SELECT t."projectId" AS id, MIN(t."effectiveOn") AS d FROM project_transitions t
      WHERE t."projectId" IN (:...ids) AND t."toStage" = 'negotiation' AND ${standingAs('t')} GROUP BY t."projectId"`, { ids: [...ids] });
    return new Map(rows.map((r) => [Number(r.id), String(r.d)]));
  }

  /** Dates the registration row (the first, without `fromStage`) on the project's corrected 登记日期; refresh the stays after. */
  async redateRegistration(em: EntityManager, projectId: number, createdOn: string): Promise<void> {
    await sql(em, `UPDATE project_transitions SET "effectiveOn" = :createdOn WHERE "projectId" = :projectId AND kind = 'transition' AND "fromStage" IS NULL`, { projectId, createdOn });
  }

  /**
   * Every project with a standing move or a stage date before its 登记日期
   * is registered on the earliest of them instead, and its registration row
   * follows (a one-off repair of the data entered before the 登记日期 could be
   * given; rebuild the stays and the ledger after). Returns how many projects
   * changed.
   */
  async registerNoLaterThanFirstMove(em: EntityManager): Promise<number> {
    const earlyMove = `FROM project_transitions t WHERE t."projectId" = projects.id AND ${standingAs('t')} AND t."fromStage" IS NOT NULL`;
    await sql(em, `UPDATE projects SET "createdOn" = (SELECT MIN(t."effectiveOn") ${earlyMove})
      WHERE EXISTS (SELECT 1 ${earlyMove} AND t."effectiveOn" < projects."createdOn")`);
    // A stage date corrected (PATCH) to before the registration, where no move says so.
    for (const field of STAGE_DATE_FIELDS) await sql(em, `UPDATE projects SET "createdOn" = "${field}" WHERE "${field}" < "createdOn"`);
    const registeredOn = `(SELECT p."createdOn" FROM projects p WHERE p.id = project_transitions."projectId")`;
    const later = `kind = 'transition' AND "fromStage" IS NULL AND "effectiveOn" > ${registeredOn}`;
    const [{ n }] = await sql<{ n: unknown }>(em, `SELECT COUNT(*) AS n FROM project_transitions WHERE ${later}`);
    await sql(em, `UPDATE project_transitions SET "effectiveOn" = ${registeredOn} WHERE ${later}`);
    return Number(n);
  }

  /** Appends a row to the project's history with the next sequence number (1, 2, 3 … without gaps). */
  async append(em: EntityManager, row: NewTransition): Promise<ProjectTransition> {
    const [last] = await sql<{ seq: unknown }>(em, 'SELECT MAX(seq) AS seq FROM project_transitions WHERE "projectId" = :projectId', { projectId: row.projectId });
    const seq = Number(last?.seq ?? 0) + 1;
    return em.save(em.create(ProjectTransition, { ...row, seq }));
  }

  /** Marks a transition as undone by the revert row `revertId`. */
  async markReverted(em: EntityManager, id: number, revertId: number): Promise<void> {
    await em.update(ProjectTransition, { id }, { revertedById: revertId });
  }

  /**
   * Recomputes endedOn, stayDays and reachedRank from the history: one
   * project's rows, or every row (projectId null).
   */
  async refreshStays(em: EntityManager, projectId: number | null): Promise<void> {
    const only = projectId === null ? '' : ' AND "projectId" = :projectId';
    await sql(em, `UPDATE project_transitions SET "endedOn" = NULL, "stayDays" = NULL, "reachedRank" = NULL
      WHERE NOT (${STANDING}) AND ("endedOn" IS NOT NULL OR "reachedRank" IS NOT NULL)${only}`, { projectId });
    await sql(em, `WITH s AS (
        SELECT id, "effectiveOn" AS eff, LEAD("effectiveOn") OVER w AS next, MAX(${RANK_SQL}) OVER (w ROWS UNBOUNDED PRECEDING) AS top
          FROM project_transitions WHERE ${STANDING}${only}
        WINDOW w AS (PARTITION BY "projectId" ORDER BY seq))
      UPDATE project_transitions
         SET "endedOn" = CASE WHEN s.next IS NULL THEN '${OPEN_END}' WHEN s.next > s.eff THEN s.next ELSE s.eff END,
             "stayDays" = CASE WHEN s.next >= s.eff THEN ${daysBetweenSql(dialectOf(em), 's.eff', 's.next')} END,
             "reachedRank" = s.top
        FROM s WHERE s.id = project_transitions.id`, { projectId });
  }

  /** The ledger cells the history implies (from the stays): one project's share, or the district's (projectId null). */
  async ledgerShare(projectId: number | null, em: EntityManager = this.ds.manager): Promise<LedgerCell[]> {
    return cells(await sql<RawCell>(em, contributionsSql(projectId), { projectId }));
  }

  /** The ledger as stored, without empty cells. */
  async ledgerCells(em: EntityManager = this.ds.manager): Promise<LedgerCell[]> {
    return cells(await sql<RawCell>(em, 'SELECT month, stage, "reachedRank" AS rank, projects, "plannedInvestment" AS planned FROM pipeline_ledger'));
  }

  /** Adds to one ledger cell (creating it), atomically. */
  async addToLedger(em: EntityManager, c: LedgerCell): Promise<void> {
    await sql(em, `INSERT INTO pipeline_ledger (month, stage, "reachedRank", projects, "plannedInvestment") VALUES (:month, :stage, :rank, :n, :planned)
      ON CONFLICT (month, stage, "reachedRank") DO UPDATE
      SET projects = pipeline_ledger.projects + excluded.projects, "plannedInvestment" = pipeline_ledger."plannedInvestment" + excluded."plannedInvestment"`,
    { month: c.month, stage: c.stage, rank: c.rank, n: c.projects, planned: c.planned.toString() });
  }

  /** Writes the ledger afresh from the stays (refresh them first). */
  async rewriteLedger(em: EntityManager, deletions = true): Promise<void> {
    await sql(em, 'DELETE FROM pipeline_ledger');
    await sql(em, `INSERT INTO pipeline_ledger (month, stage, "reachedRank", projects, "plannedInvestment")
      SELECT c.month, c.stage, c.rank, c.projects, c.planned FROM (${contributionsSql(null, deletions)}) c WHERE c.projects <> 0 OR c.planned <> 0`);
  }
}
