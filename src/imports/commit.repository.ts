import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { BULK_IN_LIST_LIMIT, inChunks, insertValues, reserveIds, sql } from '../core/database/dialect';
import { InjectReadDataSource } from '../core/database/read-data-source';
import type { Stage } from '../projects/pipeline';
import { TEAM_HISTORY_BEGIN } from '../projects/team-history';
import { OPEN_END } from '../projects/transitions.repository';
import type { StoredMove } from './commit-plan';

/** A staged row the commit publishes: its number, the accepted action, the normalised data, the project an update changes. */
export interface AcceptedRow {
  rowNo: number;
  action: 'create' | 'update';
  data: Record<string, unknown>;
  matchProjectId: number | null;
}

/** The fields of a matched project the commit reads before updating it. */
export interface MatchedProject {
  id: number;
  version: number;
  teamId: number | null;
  code: string | null;
  deleted: boolean;
}

const STAGING_TABLES = ['import_publish_transitions', 'import_publish_projects', 'import_publish_companies'] as const;

/** The columns of import_publish_projects copied as they are into projects (id, companyId and createdById are computed). */
export const STAGED_PROJECT_COLUMNS = [
  'code', 'name', 'stage', 'pausedFromStage', 'droppedFromStage', 'stageEnteredOn', 'industryChain', 'park', 'sourceChannel', 'sourceRegion',
  'plannedInvestment', 'expectedAnnualOutput', 'expectedAnnualTax', 'landAreaCentimu', 'jobs', 'ownerId', 'teamId', 'leaderInCharge', 'isKeyProject', 'keyProjectLevel',
  'signedOn', 'contractInvestment', 'agreementType', 'contractNo', 'constructionStartedOn', 'productionStartedOn', 'onHoldReason', 'dropReasonCode', 'dropReasonText',
  'createdOn', 'lastActivityOn', 'version',
] as const;

/** What a re-import changes of a matched project: all but its team and owner (a 移交 is its own act) and its version (counted up). */
const UPDATED_COLUMNS = STAGED_PROJECT_COLUMNS.filter((c) => c !== 'teamId' && c !== 'ownerId' && c !== 'version');
/** The stage columns change only with new moves; an empty 项目编号 or 最近跟进 keeps the stored one. */
function updatedValue(c: (typeof STAGED_PROJECT_COLUMNS)[number]): string {
  if (c === 'stage' || c === 'stageEnteredOn' || c === 'pausedFromStage' || c === 'droppedFromStage') return `CASE WHEN s."stageChanged" = 1 THEN s."${c}" ELSE projects."${c}" END`;
  if (c === 'code' || c === 'lastActivityOn') return `COALESCE(s."${c}", projects."${c}")`;
  return `s."${c}"`;
}


const num = (v: unknown): number => Number(v);
const parseJson = (v: unknown): Record<string, unknown> => (typeof v === 'string' ? JSON.parse(v) : (v as Record<string, unknown>));

/**
 * The SQL of publishing an import (commit.service.ts): reads of the staged
 * rows and of what they match, done before the write; multi-row inserts and
 * the status change, done in the one write transaction.
 */
@Injectable()
export class CommitRepository {
  constructor(@InjectReadDataSource() private readonly ds: DataSource) {}

  /** The import's status, version, importer and team (null when there is no such import). */
  async importState(id: number, em: EntityManager = this.ds.manager): Promise<{ status: string; version: number; createdById: number; teamId: number | null } | null> {
    const [r] = await sql(em, `SELECT status, version, "createdById", "teamId" FROM imports WHERE id = :id`, { id });
    return r ? { status: String(r.status), version: num(r.version), createdById: num(r.createdById), teamId: r.teamId === null ? null : num(r.teamId) } : null;
  }

  /** A page of the accepted rows of a sheet (decision, else the proposal; never an error row), after `afterRowNo`. */
  async acceptedRows(importId: number, sheet: 'projects' | 'funds', afterRowNo: number, limit: number): Promise<AcceptedRow[]> {
    const rows = await sql(this.ds.manager, `SELECT "rowNo", COALESCE(decision, proposed) AS action, data, "matchProjectId" FROM import_rows
      WHERE "importId" = :importId AND sheet = :sheet AND proposed <> 'error' AND COALESCE(decision, proposed) IN ('create', 'update') AND "rowNo" > :afterRowNo
      ORDER BY "rowNo" LIMIT ${Math.floor(limit)}`, { importId, sheet, afterRowNo });
    return rows.map((r) => ({ rowNo: num(r.rowNo), action: r.action as 'create' | 'update', data: parseJson(r.data), matchProjectId: r.matchProjectId === null ? null : num(r.matchProjectId) }));
  }

  /** How many rows of the projects sheet are skipped (decided or proposed so, or errors). */
  async skippedCount(importId: number): Promise<number> {
    const [r] = await sql(this.ds.manager, `SELECT COUNT(*) AS n FROM import_rows WHERE "importId" = :importId AND sheet = 'projects'
      AND (proposed = 'error' OR COALESCE(decision, proposed) = 'skip')`, { importId });
    return num(r.n);
  }

  /** Companies (not merged away) by 统一社会信用代码: code → id. */
  async companiesByCreditCode(codes: string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (const chunk of inChunks(codes, BULK_IN_LIST_LIMIT)) {
      const rows = await sql(this.ds.manager, `SELECT id, "creditCode" FROM companies WHERE "mergedAt" IS NULL AND "creditCode" IN (:...chunk)`, { chunk });
      for (const r of rows) out.set(String(r.creditCode), num(r.id));
    }
    return out;
  }

  /** Companies (not merged away) by normalised name: name → the oldest such company's id. */
  async companiesByNormalizedName(names: string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (const chunk of inChunks(names, BULK_IN_LIST_LIMIT)) {
      const rows = await sql(this.ds.manager, `SELECT id, "normalizedName" FROM companies WHERE "mergedAt" IS NULL AND "normalizedName" IN (:...chunk) ORDER BY id`, { chunk });
      for (const r of rows) if (!out.has(String(r.normalizedName))) out.set(String(r.normalizedName), num(r.id));
    }
    return out;
  }

  /** The projects updates would change. */
  async projectsByIds(ids: number[], em: EntityManager = this.ds.manager): Promise<Map<number, MatchedProject>> {
    const out = new Map<number, MatchedProject>();
    for (const chunk of inChunks(ids, BULK_IN_LIST_LIMIT)) {
      const rows = await sql(em, `SELECT id, version, "teamId", code, "deletedAt" FROM projects WHERE id IN (:...chunk)`, { chunk });
      for (const r of rows) out.set(num(r.id), { id: num(r.id), version: num(r.version), teamId: r.teamId === null ? null : num(r.teamId), code: (r.code as string | null) ?? null, deleted: r.deletedAt !== null });
    }
    return out;
  }

  /** The standing moves of these projects, in order (what a re-import is compared with). */
  async standingMoves(ids: number[]): Promise<Map<number, StoredMove[]>> {
    const out = new Map<number, StoredMove[]>();
    for (const chunk of inChunks(ids, BULK_IN_LIST_LIMIT)) {
      const rows = await sql(this.ds.manager, `SELECT "projectId", "toStage", "effectiveOn" FROM project_transitions
        WHERE "projectId" IN (:...chunk) AND kind = 'transition' AND "revertedById" IS NULL ORDER BY "projectId", seq`, { chunk });
      for (const r of rows) {
        const list = out.get(num(r.projectId)) ?? [];
        list.push({ toStage: r.toStage as Stage, effectiveOn: String(r.effectiveOn) });
        out.set(num(r.projectId), list);
      }
    }
    return out;
  }

  /** The highest seq of each project's history. */
  async lastSeqs(em: EntityManager | null, ids: number[]): Promise<Map<number, number>> {
    const out = new Map<number, number>();
    em ??= this.ds.manager;
    for (const chunk of inChunks(ids, BULK_IN_LIST_LIMIT)) {
      const rows = await sql(em, `SELECT "projectId", MAX(seq) AS seq FROM project_transitions WHERE "projectId" IN (:...chunk) GROUP BY "projectId"`, { chunk });
      for (const r of rows) out.set(num(r.projectId), num(r.seq));
    }
    return out;
  }

  /** Live projects by 项目编号 (funds rows name their project so): code → id. */
  async projectsByCode(codes: string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (const chunk of inChunks(codes, BULK_IN_LIST_LIMIT)) {
      const rows = await sql(this.ds.manager, `SELECT id, code FROM projects WHERE "deletedAt" IS NULL AND code IN (:...chunk)`, { chunk });
      for (const r of rows) out.set(String(r.code), num(r.id));
    }
    return out;
  }

  /** Live projects by company (normalised name) and project name: `normalizedName|name` → id. */
  async projectsByCompanyAndName(normalizedNames: string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (const chunk of inChunks(normalizedNames, BULK_IN_LIST_LIMIT)) {
      const rows = await sql(this.ds.manager, `SELECT p.id, p.name, c."normalizedName" FROM projects p JOIN companies c ON c.id = p."companyId"
        WHERE p."deletedAt" IS NULL AND c."normalizedName" IN (:...chunk) ORDER BY p.id`, { chunk });
      for (const r of rows) {
        const key = `${String(r.normalizedName)}|${String(r.name)}`;
        if (!out.has(key)) out.set(key, num(r.id));
      }
    }
    return out;
  }

  /** Empties the staging tables of an import (before staging again, and once it is published). */
  async clearStaging(em: EntityManager, importId: number): Promise<void> {
    for (const table of STAGING_TABLES) await sql(em, `DELETE FROM ${table} WHERE "importId" = :importId`, { importId });
  }

  /** New ids taken now (PostgreSQL; null on SQLite: the write numbers from the highest id, idBase). */
  reserveIds(table: 'companies' | 'projects', n: number): Promise<number[] | null> {
    return reserveIds(this.ds.manager, table, n);
  }

  /** The highest id of `table`: on SQLite, inside the write, the staged rows without an id become this + ord. */
  async idBase(em: EntityManager, table: 'companies' | 'projects'): Promise<number> {
    const [r] = await sql(em, `SELECT COALESCE(MAX(id), 0) AS m FROM ${table}`);
    return num(r.m);
  }

  /**
   * Copies the staged companies, projects (with their team span and audit
   * row) and history rows into the live tables, one INSERT … SELECT each,
   * and changes the matched projects with one UPDATE … FROM.
   * `companyBase`/`projectBase`: the idBase of each table. The projects are
   * recorded on their rows (import_rows.matchProjectId: the result page's links).
   */
  async publishStaged(em: EntityManager, importId: number, actorId: number, companyBase: number, projectBase: number): Promise<void> {
    const p = { importId, actorId, companyBase, projectBase };
    const projectId = `COALESCE(s.id, :projectBase + s.ord)`;
    const companyId = `COALESCE(s."companyId", :companyBase + s."companyOrd")`;
    await sql(em, `INSERT INTO companies (id, name, "normalizedName", "creditCode", tier, region, "createdById", version)
      SELECT COALESCE(s.id, :companyBase + s.ord), s.name, s."normalizedName", s."creditCode", s.tier, s.region, :actorId, 1 FROM import_publish_companies s WHERE s."importId" = :importId`, p);
    const cols = STAGED_PROJECT_COLUMNS.map((c) => `"${c}"`).join(', ');
    const from = STAGED_PROJECT_COLUMNS.map((c) => `s."${c}"`).join(', ');
    await sql(em, `INSERT INTO projects (id, "companyId", ${cols}, "createdById")
      SELECT ${projectId}, ${companyId}, ${from}, :actorId FROM import_publish_projects s WHERE s."importId" = :importId AND s.mode = 'create'`, p);
    await sql(em, `UPDATE projects SET "companyId" = ${companyId}, ${UPDATED_COLUMNS.map((c) => `"${c}" = ${updatedValue(c)}`).join(', ')},
      version = projects.version + 1, "updatedAt" = CURRENT_TIMESTAMP
      FROM import_publish_projects s WHERE s."importId" = :importId AND s.mode = 'update' AND projects.id = s.id`, p);
    await sql(em, `INSERT INTO project_transitions ("projectId", seq, kind, "fromStage", "toStage", "effectiveOn", "actorId", note, data, before, "revertsId", "revertedById", "endedOn", "stayDays", "reachedRank", version)
      SELECT COALESCE(s."projectId", :projectBase + s."projectOrd"), s.seq, 'transition', s."fromStage", s."toStage", s."effectiveOn", :actorId, s.note, s.data, s.before, NULL, NULL, s."endedOn", s."stayDays", s."reachedRank", s.version
        FROM import_publish_transitions s WHERE s."importId" = :importId`, p);
    await sql(em, `INSERT INTO project_team_spans ("projectId", "teamId", "fromOn", "untilOn")
      SELECT ${projectId}, s."teamId", '${TEAM_HISTORY_BEGIN}', '${OPEN_END}' FROM import_publish_projects s WHERE s."importId" = :importId AND s.mode = 'create'`, p);
    await sql(em, `INSERT INTO audit_logs (entity, "entityId", action, "actorId", before, after)
      SELECT 'project', CAST(${projectId} AS VARCHAR(60)), 'import', :actorId, NULL, s."auditAfter" FROM import_publish_projects s WHERE s."importId" = :importId`, p);
    const staged = `FROM import_publish_projects s WHERE s."importId" = import_rows."importId" AND s."rowNo" = import_rows."rowNo"`;
    await sql(em, `UPDATE import_rows SET "matchProjectId" = (SELECT ${projectId} ${staged})
      WHERE "importId" = :importId AND sheet = 'projects' AND EXISTS (SELECT 1 ${staged})`, p);
  }

  /** Multi-row INSERT of staged rows (values in `columns` order). */
  insertMany(em: EntityManager, table: string, columns: readonly string[], rows: unknown[][]): Promise<void> {
    return insertValues(em, table, columns, rows);
  }

  /** Funds in place by month, written or replaced (`PUT /projects/:id/funds/:month` does the same one at a time). */
  async upsertFunds(em: EntityManager, rows: { projectId: number; month: string; amount: number }[], actorId: number): Promise<void> {
    for (const chunk of inChunks(rows, 2000)) {
      const params: Record<string, unknown> = { actorId };
      const values = chunk.map((r, i) => {
        params[`p${i}`] = r.projectId; params[`m${i}`] = r.month; params[`a${i}`] = r.amount;
        return `(:p${i}, :m${i}, :a${i}, :actorId, '导入', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`;
      }).join(', ');
      await sql(em, `INSERT INTO funds_reports ("projectId", month, amount, "reportedById", note, "createdAt", "updatedAt") VALUES ${values}
        ON CONFLICT ("projectId", month) DO UPDATE SET amount = excluded.amount, "reportedById" = excluded."reportedById", "updatedAt" = excluded."updatedAt"`, params);
    }
  }

  /** Claims the commit: 'committing' stays so; false when the import is in another state (done already, or not ready). */
  async isCommitting(em: EntityManager, id: number): Promise<boolean> {
    const [r] = await sql(em, `SELECT status FROM imports WHERE id = :id`, { id });
    return r?.status === 'committing';
  }

  /** The import's final state, in the transaction that published its rows (or back to 'ready' with the error). */
  async finish(em: EntityManager, id: number, status: 'done' | 'ready' | 'failed', counts: Record<string, unknown> | null, error: string | null): Promise<void> {
    await sql(em, `UPDATE imports SET status = :status, ${counts ? 'counts = :counts, ' : ''}error = :error, version = version + 1, "updatedAt" = CURRENT_TIMESTAMP
      ${status === 'done' ? ', "committedAt" = CURRENT_TIMESTAMP' : ''} WHERE id = :id`, { id, status, counts: counts && JSON.stringify(counts), error });
  }

  /** Progress of the commit for GET /imports/:id. */
  async progress(em: EntityManager, id: number, progress: { phase: 'committing'; done: number; total: number; rowsPerSecond: number }): Promise<void> {
    await sql(em, `UPDATE imports SET progress = :progress WHERE id = :id`, { id, progress: JSON.stringify(progress) });
  }

  /** Rows whose history conflicts with the stored one, found at commit start: they become errors, so the person sees them in the dry run's list. */
  async markRowErrors(em: EntityManager, importId: number, errors: { rowNo: number; problem: { code: string; message: string } }[]): Promise<void> {
    for (const e of errors) {
      await sql(em, `UPDATE import_rows SET proposed = 'error', decision = NULL, errors = :errors WHERE "importId" = :importId AND sheet = 'projects' AND "rowNo" = :rowNo`, {
        importId, rowNo: e.rowNo, errors: JSON.stringify([{ column: '阶段', field: 'stage', value: null, code: e.problem.code, message: e.problem.message }]),
      });
    }
  }

  /** The counts of the import as stored. */
  async counts(id: number): Promise<Record<string, unknown>> {
    const [r] = await sql(this.ds.manager, `SELECT counts FROM imports WHERE id = :id`, { id });
    return r?.counts ? parseJson(r.counts) : {};
  }
}
