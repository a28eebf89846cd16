import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type LedgerCell, OPEN_END, TransitionsRepository } from './transitions.repository';

/**
 * What the reports need from the transition history, kept up to date with it
 * so that a month-end report reads a few indexed rows instead of replaying
 * every project's history.
 *
 * A standing move (kind 'transition', not reverted) opens a stay in its stage
 * that lasts until the project's next standing move. On each standing row:
 * - `endedOn`: the date the stay ended (the next move's date, never before
 *   the row's own), or OPEN_END while it lasts; NULL on reverted moves and
 *   on revert rows;
 * - `stayDays`: whole days of the stay, NULL while it lasts or when the next
 *   move is dated before it (no longer possible: the registration row is
 *   dated on the 登记日期 and no move may come before it; kept for safety);
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
 * stays or its planned investment goes through `settle`, in the same
 * transaction, and adds the difference; `verify` compares the ledger with a
 * rebuild from the history, `repair` writes it afresh. The SQL is in
 * TransitionsRepository; this file keeps the arithmetic.
 */
export { OPEN_END };

/** The repository on the connection a unit of work runs on (for the exported functions, which take only `em`). */
const repositoryOf = (em: EntityManager) => new TransitionsRepository(em.connection);

/** Recomputes endedOn, stayDays and reachedRank from the history: one project's rows, or every row. */
export function refreshStays(em: EntityManager, projectId?: number): Promise<void> {
  return repositoryOf(em).refreshStays(em, projectId ?? null);
}

/**
 * Writes the ledger afresh from the history (after a bulk load, or to repair
 * it). `deletions: false` is for the migrations that ran before projects could
 * be deleted (their schema has no projects.deletedAt, and no project was).
 */
export async function rebuildPipeline(em: EntityManager, { deletions = true }: { deletions?: boolean } = {}): Promise<void> {
  const repo = repositoryOf(em);
  await repo.refreshStays(em, null);
  await repo.rewriteLedger(em, deletions);
}

/**
 * The one-off repair of data entered before a 登记日期 could be given (a
 * migration): each project with a move dated before its registration is
 * registered on the earliest move's date instead, its registration row
 * follows, and the stays and the ledger are rebuilt when anything changed.
 * Returns how many projects changed.
 */
export async function registerNoLaterThanFirstMove(em: EntityManager): Promise<number> {
  const changed = await repositoryOf(em).registerNoLaterThanFirstMove(em);
  if (changed) await rebuildPipeline(em);
  return changed;
}

/** One ledger cell: month 'YYYY-MM', stage, furthest rank reached. */
type Key = string;
interface Cell { projects: number; planned: bigint }
const keyOf = (c: Pick<LedgerCell, 'month' | 'stage' | 'rank'>): Key => `${c.month}|${c.stage}|${c.rank}`;
const byKey = (cells: LedgerCell[]): Map<Key, Cell> => new Map(cells.map((c) => [keyOf(c), { projects: c.projects, planned: c.planned }]));

/** What a project's stays add to the ledger, as `settle` needs it before a change. */
export type PipelineShare = Map<Key, Cell>;

@Injectable()
export class PipelineHistory {
  constructor(private readonly transitions: TransitionsRepository) {}

  /** A project's share of the ledger now: take it before changing its history or planned investment. */
  async share(em: EntityManager, projectId: number): Promise<PipelineShare> {
    return byKey(await this.transitions.ledgerShare(projectId, em));
  }

  /**
   * After a project's history or planned investment changed (in the same
   * transaction): recomputes its stays and adds the difference to the ledger.
   * `before` is its share taken before the change (empty for a new project).
   */
  async settle(em: EntityManager, projectId: number, before: PipelineShare): Promise<void> {
    await this.transitions.refreshStays(em, projectId);
    const after = await this.share(em, projectId);
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
      await this.transitions.addToLedger(em, { month, stage: stage as LedgerCell['stage'], rank: Number(rank), ...d });
    }
  }

  /** Writes the ledger (and every row's stay) afresh from the history. */
  async repair(em: EntityManager): Promise<void> {
    await this.transitions.refreshStays(em, null);
    await this.transitions.rewriteLedger(em);
  }

  /** Cells where the ledger and a rebuild from the history disagree (empty: none); committed data unless a unit hands its `em`. */
  async verify(em?: EntityManager): Promise<{ key: string; ledger: Cell; history: Cell }[]> {
    const expected = byKey(await this.transitions.ledgerShare(null, em));
    const actual = byKey(await this.transitions.ledgerCells(em));
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
