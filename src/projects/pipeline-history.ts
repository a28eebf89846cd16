import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { dbSum } from '../core/money';
import { MAIN_STAGES, type Stage } from './pipeline';

/**
 * What the reports need from the transition history, kept up to date with it
 * so that a month-end report reads a few indexed rows instead of replaying
 * every project's history.
 *
 * A standing move (kind 'transition', not reverted) opens a stay in its stage
 * that lasts until the project's next standing move. On each standing row:
 * - `endedOn`: the date the stay ended (the next move's date, never before
 *   the row's own: a registration dated after a backdated first move is a
 *   stay of no length), or OPEN_END while it lasts; NULL on reverted moves
 *   and on revert rows;
 * - `stayDays`: whole days of the stay, NULL while it lasts or when the next
 *   move is dated before it (that backdated registration);
 * - `reachedRank`: the furthest main-line stage (0 visit … 4 production, −1
 *   none) the project had reached with this move.
 * So a project stood in `toStage` at the end of day D exactly when its row
 * has effectiveOn ≤ D < endedOn: the latest standing move dated on or before
 * D, as the reports defined it before.
 *
 * `pipeline_ledger` sums those stays for the whole district by month: +1 (and
 * the project's planned investment) in the month a stay began, −1 in the
 * month it ended, per (stage, reachedRank). The pipeline at the end of month M
 * is the sum of the ledger rows up to M. Every write that changes a project's
 * stays or its planned investment goes through `track`, in the same
 * transaction, and adds the difference; `verify` compares the ledger with a
 * rebuild from the history, `rebuild` writes it afresh.
 */
export const OPEN_END = '9999-12-31';

const RANK_SQL = `CASE "toStage" ${MAIN_STAGES.map((s, i) => `WHEN '${s}' THEN ${i}`).join(' ')} ELSE -1 END`;
const STANDING = `kind = 'transition' AND "revertedById" IS NULL`;

const isPostgres = (em: EntityManager) => em.connection.options.type === 'postgres';

/** Named parameters → the driver's placeholders. */
function sql(em: EntityManager, text: string, params: Record<string, unknown> = {}): Promise<unknown> {
  const [q, p] = em.connection.driver.escapeQueryWithParameters(text, params, {});
  return em.query(q, p);
}

/** Recomputes endedOn, stayDays and reachedRank from the history: one project's rows, or every row. */
export async function refreshStays(em: EntityManager, projectId?: number): Promise<void> {
  const only = projectId === undefined ? '' : ' AND "projectId" = :projectId';
  const days = isPostgres(em)
    ? `(TO_DATE(s.next, 'YYYY-MM-DD') - TO_DATE(s.eff, 'YYYY-MM-DD'))`
    : `CAST(julianday(s.next) - julianday(s.eff) AS INTEGER)`;
  await sql(em, `UPDATE project_transitions SET "endedOn" = NULL, "stayDays" = NULL, "reachedRank" = NULL
    WHERE NOT (${STANDING}) AND ("endedOn" IS NOT NULL OR "reachedRank" IS NOT NULL)${only}`, { projectId });
  await sql(em, `WITH s AS (
      SELECT id, "effectiveOn" AS eff, LEAD("effectiveOn") OVER w AS next, MAX(${RANK_SQL}) OVER (w ROWS UNBOUNDED PRECEDING) AS top
        FROM project_transitions WHERE ${STANDING}${only}
      WINDOW w AS (PARTITION BY "projectId" ORDER BY seq))
    UPDATE project_transitions
       SET "endedOn" = CASE WHEN s.next IS NULL THEN '${OPEN_END}' WHEN s.next > s.eff THEN s.next ELSE s.eff END,
           "stayDays" = CASE WHEN s.next >= s.eff THEN ${days} END,
           "reachedRank" = s.top
      FROM s WHERE s.id = project_transitions.id`, { projectId });
}

/** One ledger cell: month 'YYYY-MM', stage, furthest rank reached. */
type Key = string;
interface Cell { projects: number; planned: bigint }
const keyOf = (month: string, stage: string, rank: number): Key => `${month}|${stage}|${rank}`;

/** The ledger rows the history implies: one project's share, or the district's. */
function contributionsSql(projectId?: number): string {
  const only = projectId === undefined ? '' : ' AND t."projectId" = :projectId';
  return `SELECT x.month, x.stage, x.rank, SUM(x.n) AS projects, SUM(x.planned) AS planned FROM (
      SELECT SUBSTR(t."effectiveOn", 1, 7) AS month, t."toStage" AS stage, t."reachedRank" AS rank, 1 AS n, COALESCE(p."plannedInvestment", 0) AS planned
        FROM project_transitions t JOIN projects p ON p.id = t."projectId" WHERE t."endedOn" IS NOT NULL${only}
      UNION ALL
      SELECT SUBSTR(t."endedOn", 1, 7), t."toStage", t."reachedRank", -1, -COALESCE(p."plannedInvestment", 0)
        FROM project_transitions t JOIN projects p ON p.id = t."projectId" WHERE t."endedOn" IS NOT NULL AND t."endedOn" <> '${OPEN_END}'${only}
    ) x GROUP BY x.month, x.stage, x.rank`;
}

async function contributions(em: EntityManager, projectId?: number): Promise<Map<Key, Cell>> {
  const rows = (await sql(em, contributionsSql(projectId), { projectId })) as { month: string; stage: Stage; rank: unknown; projects: unknown; planned: unknown }[];
  const out = new Map<Key, Cell>();
  for (const r of rows) {
    const cell = { projects: Number(r.projects), planned: dbSum(r.planned) };
    if (cell.projects !== 0 || cell.planned !== 0n) out.set(keyOf(r.month, r.stage, Number(r.rank)), cell);
  }
  return out;
}

/** Writes the ledger afresh from the history (after a bulk load, or to repair it). */
export async function rebuildPipeline(em: EntityManager): Promise<void> {
  await refreshStays(em);
  await sql(em, 'DELETE FROM pipeline_ledger');
  await sql(em, `INSERT INTO pipeline_ledger (month, stage, "reachedRank", projects, "plannedInvestment")
    SELECT c.month, c.stage, c.rank, c.projects, c.planned FROM (${contributionsSql()}) c WHERE c.projects <> 0 OR c.planned <> 0`);
}

/** What a project's stays add to the ledger, as `track` needs it before a change. */
export type PipelineShare = Map<Key, Cell>;

@Injectable()
export class PipelineHistory {
  /** A project's share of the ledger now: take it before changing its history or planned investment. */
  share(em: EntityManager, projectId: number): Promise<PipelineShare> {
    return contributions(em, projectId);
  }

  /**
   * After a project's history or planned investment changed (in the same
   * transaction): recomputes its stays and adds the difference to the ledger.
   * `before` is its share taken before the change (empty for a new project).
   */
  async settle(em: EntityManager, projectId: number, before: PipelineShare): Promise<void> {
    await refreshStays(em, projectId);
    const after = await contributions(em, projectId);
    const delta = new Map<Key, Cell>();
    for (const k of new Set([...before.keys(), ...after.keys()])) {
      const a = after.get(k) ?? { projects: 0, planned: 0n };
      const b = before.get(k) ?? { projects: 0, planned: 0n };
      const d = { projects: a.projects - b.projects, planned: a.planned - b.planned };
      if (d.projects !== 0 || d.planned !== 0n) delta.set(k, d);
    }
    // Always in the same order, so that two transactions never wait on each other's cells crosswise.
    for (const k of [...delta.keys()].sort()) {
      const [month, stage, rank] = k.split('|');
      const d = delta.get(k)!;
      await sql(em, `INSERT INTO pipeline_ledger (month, stage, "reachedRank", projects, "plannedInvestment") VALUES (:month, :stage, :rank, :n, :planned)
        ON CONFLICT (month, stage, "reachedRank") DO UPDATE
        SET projects = pipeline_ledger.projects + excluded.projects, "plannedInvestment" = pipeline_ledger."plannedInvestment" + excluded."plannedInvestment"`,
      { month, stage, rank: Number(rank), n: d.projects, planned: d.planned.toString() });
    }
  }

  /** Writes the ledger (and every row's stay) afresh from the history. */
  repair(em: EntityManager): Promise<void> {
    return rebuildPipeline(em);
  }

  /** Cells where the ledger and a rebuild from the history disagree (empty: none). */
  async verify(em: EntityManager): Promise<{ key: string; ledger: Cell; history: Cell }[]> {
    const expected = await contributions(em);
    const rows = (await sql(em, 'SELECT month, stage, "reachedRank" AS rank, projects, "plannedInvestment" AS planned FROM pipeline_ledger')) as
      { month: string; stage: string; rank: unknown; projects: unknown; planned: unknown }[];
    const actual = new Map<Key, Cell>();
    for (const r of rows) {
      const cell = { projects: Number(r.projects), planned: dbSum(r.planned) };
      if (cell.projects !== 0 || cell.planned !== 0n) actual.set(keyOf(r.month, r.stage, Number(r.rank)), cell);
    }
    const zero = { projects: 0, planned: 0n };
    const out: { key: string; ledger: Cell; history: Cell }[] = [];
    for (const k of new Set([...expected.keys(), ...actual.keys()])) {
      const e = expected.get(k) ?? zero;
      const a = actual.get(k) ?? zero;
      if (e.projects !== a.projects || e.planned !== a.planned) out.push({ key: k, ledger: a, history: e });
    }
    return out.sort((x, y) => x.key.localeCompare(y.key));
  }
}
