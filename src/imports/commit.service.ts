import { Injectable, Logger } from '@nestjs/common';
import { canonicalCreditCode, normalizeCompanyName } from '../companies/company-identity';
import { Clock } from '../core/clock';
import { isUniqueViolation } from '../core/database/db-errors';
import { UnitOfWork } from '../core/database/unit-of-work';
import type { EntityManager } from 'typeorm';
import { RollupService } from '../reports/rollup.service';
import { type HistoryProblem, movesToAppend, type NormalisedFunds, type NormalisedProject, plannedHistory } from './commit-plan';
import { type AcceptedRow, CommitRepository } from './commit.repository';
import { COMPANY_STAGE_COLUMNS, type CompanyPlan, type Prepared, PROJECT_STAGE_COLUMNS, refreshAndRewriteLedger, stagedRows, TRANSITION_STAGE_COLUMNS } from './commit-staging';

/** What a commit did. */
export type CommitOutcome = {
  status: 'done' | 'ready' | 'failed' | 'unchanged';
  created: number;
  updated: number;
  skipped: number;
  fundsRows: number;
  /** rows found at commit start whose history conflicts with the stored one */
  conflicts: number;
};

const PAGE = 2_000;
/** Rows staged per unit of work. */
const STAGE_CHUNK = 2_000;

/** A drop reason for rows that give only a text: the dictionary's catch-all. */
const DROP_REASON_FALLBACK = 'other';

/**
 * Publishes an import's accepted rows (ImportCommitService.commit): every
 * accepted row lands, or none does.
 *
 * Everything that reads — the staged rows, the companies and projects they
 * match, the histories re-imports are compared with — and the building of
 * the rows to insert happens before the write. The write is one transaction
 * of multi-row inserts (new ids reserved first, so that companies, projects,
 * history rows, team spans, funds and audit rows are built without reading
 * anything back), the updates of matched projects, one rebuild of the
 * pipeline ledger, and the import's status 'committing' → 'done'. A failure
 * rolls all of it back and the import returns to 'ready' with the error
 * (retryable); running the commit again after a crash publishes it once: the
 * status is checked in the transaction, and 项目编号 is unique.
 *
 * A re-import whose history conflicts with the stored one is found at
 * commit start (the history is read here, not at the dry run): such rows
 * become row errors, nothing is written, and the import is back at 'ready'
 * for the person to look at them.
 */
@Injectable()
export class ImportCommitService {
  private readonly logger = new Logger('Imports');
  /** test hook: throws inside the write transaction, after the inserts (a crash half way) */
  failInsideTransaction: (() => void) | null = null;

  constructor(
    private readonly repo: CommitRepository,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly rollups: RollupService,
  ) {}

  async commit(importId: number): Promise<CommitOutcome> {
    const state = await this.repo.importState(importId);
    if (!state || state.status !== 'committing') return { status: 'unchanged', created: 0, updated: 0, skipped: 0, fundsRows: 0, conflicts: 0 };
    const started = Date.now();
    const actorId = state.createdById;
    const today = this.clock.today();
    try {
      const rows = await this.readAll(importId, 'projects');
      const funds = await this.readAll(importId, 'funds');
      const total = rows.length + funds.length;
      await this.uow.run((em) => this.repo.progress(em, importId, { phase: 'committing', done: 0, total, rowsPerSecond: 0 }));

      const prepared: Prepared[] = [];
      const conflicts: { rowNo: number; problem: NonNullable<HistoryProblem> }[] = [];
      for (const row of rows) {
        const data = row.data as unknown as NormalisedProject;
        const plan = plannedHistory(data, DROP_REASON_FALLBACK);
        if (plan.problem) conflicts.push({ rowNo: row.rowNo, problem: plan.problem });
        prepared.push({ row, data, companyKey: companyKey(data), moves: plan.moves, pipeline: plan.pipeline });
      }
      const updates = prepared.filter((p) => p.row.action === 'update');
      const matched = await this.repo.projectsByIds(updates.map((p) => p.row.matchProjectId!).filter(Boolean));
      const stored = await this.repo.standingMoves([...matched.keys()]);
      for (const p of updates) {
        const m = p.row.matchProjectId === null ? undefined : matched.get(p.row.matchProjectId);
        if (!m || m.deleted) {
          conflicts.push({ rowNo: p.row.rowNo, problem: { code: 'match_gone', message: '要更新的项目已不存在（已删除）' } });
          continue;
        }
        const { append, problem } = movesToAppend(stored.get(m.id) ?? [], p.moves);
        if (problem) conflicts.push({ rowNo: p.row.rowNo, problem });
        Object.assign(p, { match: m, append });
      }
      if (conflicts.length) {
        await this.uow.run(async (em) => {
          await this.repo.markRowErrors(em, importId, conflicts);
          await this.repo.finish(em, importId, 'ready', null, `${conflicts.length} 行与已有数据冲突（在提交开始时发现），已标为错误，请查看后再提交`);
        });
        return { status: 'ready', created: 0, updated: 0, skipped: 0, fundsRows: 0, conflicts: conflicts.length };
      }

      const companies = await this.companies(prepared);
      const fundsRows = await this.fundsTargets(funds, prepared);
      const skipped = await this.repo.skippedCount(importId);
      const created = prepared.length - updates.length;
      const counts = { ...(await this.repo.counts(importId)), created, updated: updates.length, skipped, fundsRows: fundsRows.length };

      // Everything the write will insert, staged first, a chunk per short unit of work: the app keeps serving meanwhile.
      const creates = prepared.filter((p) => p.row.action === 'create');
      const newCompanies = [...new Set(companies.values())].filter((c) => c.id === null);
      newCompanies.forEach((c, i) => (c.ord = i + 1));
      creates.forEach((p, i) => (p.ord = i + 1));
      const companyIds = await this.repo.reserveIds('companies', newCompanies.length);
      newCompanies.forEach((c, i) => (c.newId = companyIds?.[i]));
      const projectIds = await this.repo.reserveIds('projects', creates.length);
      creates.forEach((p, i) => (p.newId = projectIds?.[i]));
      const seqs = await this.repo.lastSeqs(null, updates.map((p) => p.match!.id));
      const staging = stagedRows(importId, actorId, creates, updates, (p) => companies.get(p.companyKey)!, seqs, (p) => this.projectValues(p, today));
      await this.uow.run((em) => this.repo.clearStaging(em, importId));
      let done = 0;
      const progress = async (em: EntityManager, n: number) => {
        done += n;
        const seconds = Math.max((Date.now() - started) / 1000, 0.001);
        await this.repo.progress(em, importId, { phase: 'committing', done: Math.min(done, total), total, rowsPerSecond: Math.round(done / seconds) });
      };
      await this.stage('import_publish_companies', COMPANY_STAGE_COLUMNS, newCompanies.map((c) => [importId, c.ord, c.newId ?? null, c.name, c.normalizedName, c.creditCode, c.tier, c.region]));
      await this.stage('import_publish_transitions', TRANSITION_STAGE_COLUMNS, staging.transitions);
      await this.stage('import_publish_projects', PROJECT_STAGE_COLUMNS, staging.projects, progress);

      const published = await this.uow.run(async (em) => {
        if (!(await this.repo.isCommitting(em, importId))) return false;
        const companyBase = await this.repo.idBase(em, 'companies');
        const projectBase = await this.repo.idBase(em, 'projects');
        await this.repo.publishStaged(em, importId, actorId, companyBase, projectBase);
        // Updates: the matched project's fields (its new moves were staged with the others).
        for (const u of staging.updates) await this.repo.updateProject(em, u.id, u.companyOrd === undefined ? u.changes : { ...u.changes, companyId: companyBase + u.companyOrd });
        const fundsResolved = fundsRows.map((f) => ({ projectId: f.target.kind === 'row' ? f.target.prepared.match?.id ?? f.target.prepared.newId ?? projectBase + f.target.prepared.ord! : f.target.id, month: f.month, amount: f.amount }));
        await this.repo.upsertFunds(em, fundsResolved, actorId);
        await this.repo.insertMany(em, 'audit_logs', ['entity', 'entityId', 'action', 'actorId', 'before', 'after'], staging.updateAudit);
        this.failInsideTransaction?.();
        // Stays of the histories that gained moves (new ones came with theirs), and the ledger from the whole history: once.
        await refreshAndRewriteLedger(em, staging.extended);
        await this.repo.finish(em, importId, 'done', counts, null);
        await progress(em, total - done);
        return true;
      });
      await this.uow.run((em) => this.repo.clearStaging(em, importId));
      if (!published) return { status: 'unchanged', created: 0, updated: 0, skipped: 0, fundsRows: 0, conflicts: 0 };
      this.logger.log({ msg: 'import committed', importId, created, updated: updates.length, skipped, fundsRows: fundsRows.length, seconds: (Date.now() - started) / 1000 });
      await this.reviseReportedMonths(prepared, funds, actorId);
      return { status: 'done', created, updated: updates.length, skipped, fundsRows: fundsRows.length, conflicts: 0 };
    } catch (err) {
      // Nothing of the data was written (one transaction); the person may commit again.
      const message = isUniqueViolation(err) ? '提交时遇到重复的项目编号或信用代码（可能有人同时录入），未导入任何数据，请重新预检后再提交' : `提交失败，未导入任何数据：${String((err as Error)?.message ?? err)}`;
      this.logger.error({ msg: 'import commit failed', importId, err: String(err) });
      await this.uow.run((em) => this.repo.finish(em, importId, 'ready', null, message.slice(0, 2000)));
      return { status: 'ready', created: 0, updated: 0, skipped: 0, fundsRows: 0, conflicts: 0 };
    }
  }

  /** Rows into a staging table, STAGE_CHUNK at a time, each chunk its own short unit of work. */
  private async stage(table: string, columns: readonly string[], rows: unknown[][], after?: (em: EntityManager, n: number) => Promise<void>): Promise<void> {
    for (let i = 0; i < rows.length; i += STAGE_CHUNK) {
      const chunk = rows.slice(i, i + STAGE_CHUNK);
      await this.uow.run(async (em) => {
        await this.repo.insertMany(em, table, [...columns], chunk);
        await after?.(em, chunk.length);
      });
    }
  }

  /** Every accepted row of a sheet, page by page. */
  private async readAll(importId: number, sheet: 'projects' | 'funds'): Promise<AcceptedRow[]> {
    const out: AcceptedRow[] = [];
    for (let after = 0; ;) {
      const page = await this.repo.acceptedRows(importId, sheet, after, PAGE);
      out.push(...page);
      if (page.length < PAGE) return out;
      after = page[page.length - 1].rowNo;
    }
  }

  /**
   * The company of each row: the existing one with the credit code, else
   * with the normalised name (company-identity.ts), else a new one (one per
   * key, however many rows name it).
   */
  private async companies(prepared: Prepared[]) {
    const byKey = new Map<string, CompanyPlan>();
    for (const p of prepared) {
      if (byKey.has(p.companyKey)) continue;
      const c = p.data.company;
      byKey.set(p.companyKey, {
        id: null, name: c.name.trim(), normalizedName: normalizeCompanyName(c.name), creditCode: c.creditCode ? canonicalCreditCode(c.creditCode) : null,
        tier: c.tier ?? null, region: c.region ?? null,
      });
    }
    // A company named in one row with its credit code and in another without: one company.
    const coded = new Map([...byKey.values()].filter((c) => c.creditCode).map((c) => [c.normalizedName, c]));
    for (const [key, c] of byKey) if (!c.creditCode && coded.has(c.normalizedName)) byKey.set(key, coded.get(c.normalizedName)!);
    const all = [...new Set(byKey.values())];
    const byCode = await this.repo.companiesByCreditCode(all.flatMap((c) => (c.creditCode ? [c.creditCode] : [])));
    const byName = await this.repo.companiesByNormalizedName(all.filter((c) => !c.creditCode || !byCode.has(c.creditCode)).map((c) => c.normalizedName));
    for (const c of all) c.id = (c.creditCode ? byCode.get(c.creditCode) : undefined) ?? byName.get(c.normalizedName) ?? null;
    return byKey;
  }

  /** Where each funds row goes: a project of this import (by 项目编号, else company + name), else one already stored. */
  private async fundsTargets(funds: AcceptedRow[], prepared: Prepared[]) {
    const byCode = new Map(prepared.filter((p) => p.data.code).map((p) => [p.data.code!, p]));
    const byName = new Map(prepared.map((p) => [`${normalizeCompanyName(p.data.company.name)}|${p.data.name}`, p]));
    const data = funds.map((f) => f.data as unknown as NormalisedFunds);
    const storedByCode = await this.repo.projectsByCode(data.flatMap((f) => (f.code && !byCode.has(f.code) ? [f.code] : [])));
    const storedByName = await this.repo.projectsByCompanyAndName([...new Set(data.flatMap((f) => (f.companyName ? [normalizeCompanyName(f.companyName)] : [])))]);
    const out: { month: string; amount: number; target: { kind: 'row'; prepared: Prepared } | { kind: 'stored'; id: number } }[] = [];
    for (const f of data) {
      const nameKey = f.companyName && f.name ? `${normalizeCompanyName(f.companyName)}|${f.name}` : null;
      const row = (f.code ? byCode.get(f.code) : undefined) ?? (nameKey ? byName.get(nameKey) : undefined);
      if (row) out.push({ month: f.month, amount: f.amount, target: { kind: 'row', prepared: row } });
      else {
        const id = (f.code ? storedByCode.get(f.code) : undefined) ?? (nameKey ? storedByName.get(nameKey) : undefined);
        if (id !== undefined) out.push({ month: f.month, amount: f.amount, target: { kind: 'stored', id } });
      }
    }
    return out;
  }

  /** The project's columns from a row (money integer 元, land 1/100 亩); lastActivityOn: 最近跟进, else the import's date. */
  private projectValues(p: Prepared, today: string): Record<string, unknown> {
    const d = p.data;
    const s = p.pipeline;
    return {
      code: d.code ?? null, name: d.name.trim(), stage: s.stage, pausedFromStage: s.pausedFromStage, droppedFromStage: s.droppedFromStage,
      stageEnteredOn: s.stageEnteredOn, industryChain: d.industryChain, park: d.park, sourceChannel: d.sourceChannel, sourceRegion: d.sourceRegion,
      plannedInvestment: d.plannedInvestment, expectedAnnualOutput: d.expectedAnnualOutput, expectedAnnualTax: d.expectedAnnualTax,
      landAreaCentimu: d.landArea === null || d.landArea === undefined ? null : Math.round(d.landArea * 100), jobs: d.jobs, ownerId: d.ownerId, teamId: d.teamId,
      leaderInCharge: d.leaderInCharge, isKeyProject: d.isKeyProject, keyProjectLevel: d.keyProjectLevel, signedOn: s.signedOn, contractInvestment: s.contractInvestment,
      agreementType: s.agreementType, contractNo: s.contractNo, constructionStartedOn: s.constructionStartedOn, productionStartedOn: s.productionStartedOn,
      onHoldReason: s.onHoldReason, dropReasonCode: s.dropReasonCode, dropReasonText: s.dropReasonText, createdOn: d.createdOn,
      lastActivityOn: d.lastActivityOn ?? today,
    };
  }

  /** Months already reported that the import changes get a revision 导入调整 (after the data is in; a failure here is logged, the import stands). */
  private async reviseReportedMonths(prepared: Prepared[], funds: AcceptedRow[], actorId: number): Promise<void> {
    const dates = [
      ...prepared.flatMap((p) => p.moves.map((m) => m.effectiveOn)),
      ...funds.map((f) => `${String((f.data as unknown as NormalisedFunds).month)}-01`),
    ];
    if (!dates.length) return;
    const from = dates.reduce((a, b) => (a < b ? a : b)).slice(0, 7);
    try {
      await this.rollups.reviseForImport(from, actorId);
    } catch (err) {
      this.logger.error({ msg: 'import: revising reported months failed', err: String(err) });
    }
  }
}

function companyKey(d: NormalisedProject): string {
  return d.company.creditCode ? `code:${canonicalCreditCode(d.company.creditCode)}` : `name:${normalizeCompanyName(d.company.name)}`;
}
