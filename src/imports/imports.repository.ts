import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { InjectReadDataSource } from '../core/database/read-data-source';
import { inChunks, insertValues, rowToEntity, sql } from '../core/database/dialect';
import { EMPTY_COUNTS, Import, type ImportCounts, type ImportProgress } from './import.entity';
import { type ImportAction, ImportRow, type ImportSheet, type RowDuplicate } from './import-row.entity';

/** What a decision is checked against. */
export interface RowState {
  rowNo: number;
  proposed: string;
  duplicates: RowDuplicate[];
  matchProjectId: number | null;
}

export type RowFilter = 'errors' | 'duplicates' | 'warnings' | 'all';

const FILTERS: Record<RowFilter, string> = {
  errors: `r.proposed = 'error'`,
  duplicates: `r.duplicates IS NOT NULL`,
  warnings: `r.warnings IS NOT NULL`,
  all: '1 = 1',
};

/** An import with its creator's name, as pages show it. */
export interface ImportWithCreator {
  import: Import;
  createdByName: string;
}

/** The imports and their staged rows. Staged rows are written set-based, a batch a statement. */
@Injectable()
export class ImportsRepository {
  constructor(@InjectReadDataSource() private readonly ds: DataSource) {}

  findById(id: number, em: EntityManager = this.ds.manager): Promise<Import | null> {
    return em.findOne(Import, { where: { id } });
  }

  async withCreator(id: number, em: EntityManager = this.ds.manager): Promise<ImportWithCreator | null> {
    const [row] = await sql<Record<string, unknown>>(em, `SELECT i.*, u.name AS "createdByName" FROM imports i JOIN users u ON u.id = i."createdById" WHERE i.id = :id`, { id });
    return row ? { import: rowToEntity(em, Import, row), createdByName: String(row.createdByName) } : null;
  }

  /** A page of imports, newest first; `createdById` limits it to one person's. */
  async page(createdById: number | null, skip: number, take: number, em: EntityManager = this.ds.manager): Promise<{ items: ImportWithCreator[]; total: number }> {
    const where = createdById === null ? '' : 'WHERE i."createdById" = :createdById';
    const [{ n }] = await sql<{ n: number }>(em, `SELECT COUNT(*) AS n FROM imports i ${where}`, { createdById });
    const rows = await sql<Record<string, unknown>>(
      em,
      `SELECT i.*, u.name AS "createdByName" FROM imports i JOIN users u ON u.id = i."createdById" ${where} ORDER BY i.id DESC LIMIT ${Math.trunc(take)} OFFSET ${Math.trunc(skip)}`,
      { createdById },
    );
    return { items: rows.map((r) => ({ import: rowToEntity(em, Import, r), createdByName: String(r.createdByName) })), total: Number(n) };
  }

  insert(em: EntityManager, row: Pick<Import, 'fileName' | 'fileHash' | 'fileSize' | 'createdById' | 'teamId' | 'mapping'>): Promise<Import> {
    return em.save(em.create(Import, { ...row, status: 'analysing', counts: { ...EMPTY_COUNTS }, progress: { phase: 'analysing', done: 0, total: 0, rowsPerSecond: 0 }, error: null, committedAt: null, version: 1 }));
  }

  /** Compare-and-set: applies `patch` and bumps the version when the import is still at `version`; false otherwise. */
  async setIfVersion(em: EntityManager, id: number, version: number, patch: Partial<Import>): Promise<boolean> {
    const r = await em.createQueryBuilder().update(Import).set({ ...patch, version: () => 'version + 1' }).where('id = :id AND version = :version', { id, version }).execute();
    return (r.affected ?? 0) > 0;
  }

  /** Updates without a version check (the job's own progress and outcome); `version` bumps when `bump`. */
  async set(em: EntityManager, id: number, patch: Partial<Import>, bump = false): Promise<void> {
    await em.createQueryBuilder().update(Import).set(bump ? { ...patch, version: () => 'version + 1' } : patch).where('id = :id', { id }).execute();
  }

  async progress(em: EntityManager, id: number, progress: ImportProgress): Promise<void> {
    await em.createQueryBuilder().update(Import).set({ progress }).where('id = :id', { id }).execute();
  }

  /** Every staged row of the import gone (a re-run of the dry run starts afresh). */
  async clearRows(em: EntityManager, importId: number): Promise<void> {
    await em.createQueryBuilder().delete().from(ImportRow).where('"importId" = :importId', { importId }).execute();
  }

  /**
   * Stages rows, a few hundred a statement (one multi-row INSERT; JSON as
   * text, empty lists as NULL so that the filters read a column).
   */
  async insertRows(em: EntityManager, rows: ImportRow[]): Promise<void> {
    const json = (v: unknown[] | object | null) => (v === null || (Array.isArray(v) && !v.length) ? null : JSON.stringify(v));
    await insertValues(em, 'import_rows', ['importId', 'sheet', 'rowNo', 'raw', 'data', 'errors', 'warnings', 'duplicates', 'matchProjectId', 'proposed', 'decision'],
      rows.map((r) => [r.importId, r.sheet, r.rowNo, json(r.raw), json(r.data), json(r.errors), json(r.warnings), json(r.duplicates), r.matchProjectId, r.proposed, r.decision]));
  }

  /** Rows of one sheet, by number, that a filter selects. */
  async rows(importId: number, sheet: ImportSheet, filter: RowFilter, skip: number, take: number, em: EntityManager = this.ds.manager): Promise<{ items: ImportRow[]; total: number }> {
    const where = `r."importId" = :importId AND r.sheet = :sheet AND ${FILTERS[filter]}`;
    const [{ n }] = await sql<{ n: number }>(em, `SELECT COUNT(*) AS n FROM import_rows r WHERE ${where}`, { importId, sheet });
    const rows = await sql<Record<string, unknown>>(em, `SELECT r.* FROM import_rows r WHERE ${where} ORDER BY r."rowNo" LIMIT ${Math.trunc(take)} OFFSET ${Math.trunc(skip)}`, { importId, sheet });
    return { items: rows.map((r) => rowToEntity(em, ImportRow, r)), total: Number(n) };
  }

  /** Every row of a sheet in order, a batch at a time (errors.xlsx, the commit). */
  async *allRows(importId: number, sheet: ImportSheet, filter: RowFilter, batch = 2000, em: EntityManager = this.ds.manager): AsyncGenerator<ImportRow[]> {
    let after = 0;
    for (;;) {
      const rows = await sql<Record<string, unknown>>(
        em,
        `SELECT r.* FROM import_rows r WHERE r."importId" = :importId AND r.sheet = :sheet AND ${FILTERS[filter]} AND r."rowNo" > :after ORDER BY r."rowNo" LIMIT ${Math.trunc(batch)}`,
        { importId, sheet, after },
      );
      if (!rows.length) return;
      const items = rows.map((r) => rowToEntity(em, ImportRow, r));
      yield items;
      after = items[items.length - 1].rowNo;
    }
  }

  /** The proposed action, duplicates and match of the given rows (to check decisions against). */
  async rowStates(importId: number, sheet: ImportSheet, rowNos: number[], em: EntityManager): Promise<RowState[]> {
    const out: RowState[] = [];
    for (const part of inChunks(rowNos)) {
      const rows = await sql<{ rowNo: number; proposed: string; duplicates: string | null; matchProjectId: number | null }>(
        em,
        `SELECT r."rowNo", r.proposed, r.duplicates, r."matchProjectId" FROM import_rows r
          WHERE r."importId" = :importId AND r.sheet = :sheet AND r."rowNo" IN (:...part)`,
        { importId, sheet, part },
      );
      out.push(...rows.map((r) => ({
        rowNo: Number(r.rowNo), proposed: r.proposed, duplicates: r.duplicates ? (JSON.parse(r.duplicates) as RowDuplicate[]) : [],
        matchProjectId: r.matchProjectId === null ? null : Number(r.matchProjectId),
      })));
    }
    return out;
  }

  async decide(em: EntityManager, importId: number, sheet: ImportSheet, action: ImportAction, rowNos: number[]): Promise<void> {
    for (const part of inChunks(rowNos)) {
      await sql(em, `UPDATE import_rows SET decision = :action WHERE "importId" = :importId AND sheet = :sheet AND "rowNo" IN (:...part)`, { action, importId, sheet, part });
    }
  }

  /** 全部接受: every undecided row that is neither an error nor a flagged duplicate takes its proposal. */
  async acceptAll(em: EntityManager, importId: number): Promise<void> {
    await sql(em, `UPDATE import_rows SET decision = proposed WHERE "importId" = :importId AND decision IS NULL AND duplicates IS NULL AND proposed <> 'error'`, { importId });
  }

  /** Flagged duplicates of the projects sheet still without a decision: the commit waits for them. */
  async undecided(importId: number, em: EntityManager = this.ds.manager): Promise<number> {
    const [{ n }] = await sql<{ n: number }>(
      em,
      `SELECT COUNT(*) AS n FROM import_rows WHERE "importId" = :importId AND sheet = 'projects' AND duplicates IS NOT NULL AND decision IS NULL AND proposed <> 'error'`,
      { importId },
    );
    return Number(n);
  }

  /** The counts of the staged rows as they stand (decisions taken into account). */
  async counts(importId: number, em: EntityManager = this.ds.manager): Promise<ImportCounts> {
    const flagged = `CASE WHEN duplicates IS NULL THEN 0 ELSE 1 END`;
    const warned = `CASE WHEN warnings IS NULL THEN 0 ELSE 1 END`;
    const groups = await sql<{ sheet: string; proposed: string; decision: string | null; flagged: number; warned: number; n: number }>(
      em,
      `SELECT sheet, proposed, decision, ${flagged} AS flagged, ${warned} AS warned, COUNT(*) AS n
         FROM import_rows WHERE "importId" = :importId GROUP BY sheet, proposed, decision, ${flagged}, ${warned}`,
      { importId },
    );
    const c: ImportCounts = { ...EMPTY_COUNTS, fundsRows: 0, warnings: 0 };
    for (const g of groups) {
      const n = Number(g.n);
      if (g.sheet === 'funds') {
        c.fundsRows = (c.fundsRows ?? 0) + n;
        continue;
      }
      c.rows += n;
      if (g.proposed === 'error') c.errors += n;
      else c.valid += n;
      if (Number(g.flagged) === 1) c.duplicates += n;
      if (Number(g.warned) === 1) c.warnings! += n;
      const action = g.proposed === 'error' ? 'skip' : (g.decision ?? g.proposed);
      if (action === 'create') c.toCreate += n;
      else if (action === 'update') c.toUpdate += n;
      else c.toSkip += n;
    }
    return c;
  }

  /** The projects a committed import created or updated (the commit records each row's project in matchProjectId). */
  async results(importId: number, skip: number, take: number, em: EntityManager = this.ds.manager): Promise<{ items: { id: number; name: string; action: ImportAction; rowNo: number }[]; total: number }> {
    const from = `FROM import_rows r JOIN projects p ON p.id = r."matchProjectId"
      WHERE r."importId" = :importId AND r.sheet = 'projects' AND r.proposed <> 'error' AND COALESCE(r.decision, r.proposed) IN ('create', 'update') AND p."deletedAt" IS NULL`;
    const [{ n }] = await sql<{ n: number }>(em, `SELECT COUNT(*) AS n ${from}`, { importId });
    const rows = await sql<{ id: number; name: string; action: ImportAction; rowNo: number }>(
      em,
      `SELECT p.id, p.name, COALESCE(r.decision, r.proposed) AS action, r."rowNo" ${from} ORDER BY r."rowNo" LIMIT ${Math.trunc(take)} OFFSET ${Math.trunc(skip)}`,
      { importId },
    );
    return { items: rows.map((r) => ({ id: Number(r.id), name: r.name, action: r.action, rowNo: Number(r.rowNo) })), total: Number(n) };
  }
}
