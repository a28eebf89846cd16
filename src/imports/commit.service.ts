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

/** Rows read, planned and staged at a time: the commit's memory is a page's, not the file's. */
const PAGE = 2_000;

/** A drop reason for rows that give only a text: the dictionary's catch-all. */
const DROP_REASON_FALLBACK = 'other';

type Conflict = { rowNo: number; problem: NonNullable<HistoryProblem> };
/** The project of the import a funds row lands on: a new one (its number among the creates) or a matched one. */
type RowTarget = { ord: number } | { id: number };

/** What the first pass over the rows keeps for the second pass and the write: no row itself. */
interface Survey {
  conflicts: Conflict[];
  creates: number;
  updates: number;
  /** each company the rows name, by key (companyKey) */
  companies: Map<string, CompanyPlan>;
  /** where funds rows naming a row of the import land: by 项目编号, and by normalised company name|project name */
  byCode: Map<string, RowTarget>;
  byName: Map<string, RowTarget>;
  /** the earliest date the import changes (history, funds month): reported months from there get 导入调整 */
  earliest: string | null;
}

/**
 * Publishes an import's accepted rows (ImportCommitService.commit): every
 * accepted row lands, or none does.
 *
 * Before the write, in two passes over the accepted rows a page at a time
 * (so that the memory it takes is a page's, whatever the file's size): the
 * first plans each row's history, checks re-imports against the stored
 * history and gathers the companies and counts; the second builds the rows to
 * insert or change — new ids reserved first, so that companies, projects,
 * history rows, team spans and audit rows are built without reading anything
 * back — and stages them (import_publish_*), each page its own short unit of
 * work: the app keeps serving. The write is then one transaction of
 * set-based statements (INSERT … SELECT, one UPDATE … FROM for the matched
 * projects), the funds, one rebuild of the pipeline ledger, and the
 * import's status 'committing' → 'done'. A failure rolls all of it back and
 * the import returns to 'ready' with the error (retryable); running the
 * commit again after a crash publishes it once: the status is checked in
 * the transaction, and 项目编号 is unique.
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
  /** rows per page (tests make it small to cross page boundaries with a few rows) */
  pageSize = PAGE;

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
      const phases: Record<string, number> = {};
      let mark = started;
      const phase = (name: string) => {
        const now = Date.now();
        phases[name] = (now - mark) / 1000;
        mark = now;
      };
      const survey = await this.survey(importId);
      phase('survey');
      if (survey.conflicts.length) return await this.refuse(importId, survey.conflicts);
      const funds = await this.fundsTargets(importId, survey);
      phase('funds');
      const rows = survey.creates + survey.updates;
      const total = rows + funds.length;
      await this.uow.run((em) => this.repo.progress(em, importId, { phase: 'committing', done: 0, total, rowsPerSecond: 0 }));
      const companies = await this.resolveCompanies(survey.companies);
      const skipped = await this.repo.skippedCount(importId);
      const counts = { ...(await this.repo.counts(importId)), created: survey.creates, updated: survey.updates, skipped, fundsRows: funds.length };

      // New ids taken beforehand where the database can (PostgreSQL); else numbered by the write from the highest id.
      const newCompanies = [...new Set(companies.values())].filter((c) => c.id === null);
      newCompanies.forEach((c, i) => (c.ord = i + 1));
      const companyIds = await this.repo.reserveIds('companies', newCompanies.length);
      newCompanies.forEach((c, i) => (c.newId = companyIds?.[i]));
      const projectIds = await this.repo.reserveIds('projects', survey.creates);

      let done = 0;
      const progress = async (em: EntityManager, n: number) => {
        done += n;
        const seconds = Math.max((Date.now() - started) / 1000, 0.001);
        await this.repo.progress(em, importId, { phase: 'committing', done: Math.min(done, total), total, rowsPerSecond: Math.round(done / seconds) });
      };
      await this.uow.run(async (em) => {
        await this.repo.clearStaging(em, importId);
        await this.repo.insertMany(em, 'import_publish_companies', [...COMPANY_STAGE_COLUMNS], newCompanies.map((c) => [importId, c.ord, c.newId ?? null, c.name, c.normalizedName, c.creditCode, c.tier, c.region]));
      });

      phase('companies');
      // Second pass: each page planned again and staged.
      const staged = { updates: 0, transitions: 0, creates: 0 };
      const extended: number[] = [];
      const late: Conflict[] = [];
      for await (const page of this.pages(importId)) {
        const prepared = page.map((row) => prepare(row));
        for (const p of prepared) {
          if (p.row.action !== 'create') continue;
          p.ord = ++staged.creates;
          p.newId = projectIds?.[p.ord - 1];
        }
        late.push(...(await this.matchUpdates(prepared)));
        if (late.length) continue;
        const updates = prepared.filter((p) => p.row.action === 'update');
        const seqs = await this.repo.lastSeqs(null, updates.map((p) => p.match!.id));
        const page$ = stagedRows(importId, actorId, prepared, (p) => companies.get(p.companyKey)!, seqs, (p) => this.projectValues(p, today), staged);
        staged.updates += page$.updates;
        staged.transitions += page$.transitions.length;
        extended.push(...page$.extended);
        await this.uow.run(async (em) => {
          await this.repo.insertMany(em, 'import_publish_projects', [...PROJECT_STAGE_COLUMNS], page$.projects);
          await this.repo.insertMany(em, 'import_publish_transitions', [...TRANSITION_STAGE_COLUMNS], page$.transitions);
          await progress(em, page$.projects.length);
        });
      }
      // A matched project changed or deleted since the first pass: its row is an error, as it would have been then.
      if (late.length) {
        await this.uow.run((em) => this.repo.clearStaging(em, importId));
        return await this.refuse(importId, late);
      }
      phase('stage');
      if (staged.creates !== survey.creates) throw new Error(`导入的行在提交期间发生了变化（${survey.creates} → ${staged.creates}）`);

      const published = await this.uow.run(async (em) => {
        if (!(await this.repo.isCommitting(em, importId))) return false;
        const companyBase = await this.repo.idBase(em, 'companies');
        const projectBase = await this.repo.idBase(em, 'projects');
        await this.repo.publishStaged(em, importId, actorId, companyBase, projectBase);
        const fundsResolved = funds.map((f) => ({ projectId: 'id' in f.target ? f.target.id : projectIds?.[f.target.ord - 1] ?? projectBase + f.target.ord, month: f.month, amount: f.amount }));
        await this.repo.upsertFunds(em, fundsResolved, actorId);
        this.failInsideTransaction?.();
        // Stays of the histories that gained moves (new ones came with theirs), and the ledger from the whole history: once.
        await refreshAndRewriteLedger(em, extended);
        await this.repo.finish(em, importId, 'done', counts, null);
        await progress(em, total - done);
        return true;
      });
      phase('write');
      await this.uow.run((em) => this.repo.clearStaging(em, importId));
      if (!published) return { status: 'unchanged', created: 0, updated: 0, skipped: 0, fundsRows: 0, conflicts: 0 };
      this.logger.log({ msg: 'import committed', importId, created: survey.creates, updated: survey.updates, skipped, fundsRows: funds.length, seconds: (Date.now() - started) / 1000, phases });
      await this.reviseReportedMonths(survey.earliest, actorId);
      return { status: 'done', created: survey.creates, updated: survey.updates, skipped, fundsRows: funds.length, conflicts: 0 };
    } catch (err) {
      // Nothing of the data was written (one transaction); the person may commit again.
      const message = isUniqueViolation(err) ? '提交时遇到重复的项目编号或信用代码（可能有人同时录入），未导入任何数据，请重新预检后再提交' : `提交失败，未导入任何数据：${String((err as Error)?.message ?? err)}`;
      this.logger.error({ msg: 'import commit failed', importId, err: String(err) });
      await this.uow.run((em) => this.repo.finish(em, importId, 'ready', null, message.slice(0, 2000)));
      return { status: 'ready', created: 0, updated: 0, skipped: 0, fundsRows: 0, conflicts: 0 };
    }
  }

  /** Conflicting rows become row errors; nothing is written and the import is back at 'ready'. */
  private async refuse(importId: number, conflicts: Conflict[]): Promise<CommitOutcome> {
    await this.uow.run(async (em) => {
      await this.repo.markRowErrors(em, importId, conflicts);
      await this.repo.finish(em, importId, 'ready', null, `${conflicts.length} 行与已有数据冲突（在提交开始时发现），已标为错误，请查看后再提交`);
    });
    return { status: 'ready', created: 0, updated: 0, skipped: 0, fundsRows: 0, conflicts: conflicts.length };
  }

  /**
   * The first pass: every row's history planned and, for a re-import, held
   * against the stored one; the companies, the counts and where funds rows
   * land gathered. Keeps no row.
   */
  private async survey(importId: number): Promise<Survey> {
    const out: Survey = { conflicts: [], creates: 0, updates: 0, companies: new Map(), byCode: new Map(), byName: new Map(), earliest: null };
    for await (const page of this.pages(importId)) {
      const prepared = page.map((row) => prepare(row));
      out.conflicts.push(...(await this.matchUpdates(prepared)));
      for (const p of prepared) {
        if (p.problem) out.conflicts.push({ rowNo: p.row.rowNo, problem: p.problem });
        const target: RowTarget = p.row.action === 'create' ? { ord: ++out.creates } : { id: p.match?.id ?? -1 };
        if (p.row.action === 'update') out.updates++;
        if (!out.companies.has(p.companyKey)) out.companies.set(p.companyKey, companyPlan(p.data));
        if (p.data.code) out.byCode.set(p.data.code, target);
        out.byName.set(`${normalizeCompanyName(p.data.company.name)}|${p.data.name}`, target);
        for (const m of p.moves) if (out.earliest === null || m.effectiveOn < out.earliest) out.earliest = m.effectiveOn;
      }
    }
    return out;
  }

  /** The accepted rows of the projects sheet, a page at a time. */
  private async *pages(importId: number, sheet: 'projects' | 'funds' = 'projects'): AsyncGenerator<AcceptedRow[]> {
    for (let after = 0; ;) {
      const page = await this.repo.acceptedRows(importId, sheet, after, this.pageSize);
      if (page.length) yield page;
      if (page.length < this.pageSize) return;
      after = page[page.length - 1].rowNo;
    }
  }

  /** The page's updates: the project each changes and the moves its history gains; the rows that cannot (gone, or a history that disagrees). */
  private async matchUpdates(prepared: Prepared[]): Promise<Conflict[]> {
    const updates = prepared.filter((p) => p.row.action === 'update');
    if (!updates.length) return [];
    const matched = await this.repo.projectsByIds(updates.map((p) => p.row.matchProjectId!).filter(Boolean));
    const stored = await this.repo.standingMoves([...matched.keys()]);
    const conflicts: Conflict[] = [];
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
    return conflicts;
  }

  /**
   * The company of each key: the existing one with the credit code, else
   * with the normalised name (company-identity.ts), else a new one (one per
   * key, however many rows name it).
   */
  private async resolveCompanies(byKey: Map<string, CompanyPlan>): Promise<Map<string, CompanyPlan>> {
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
  private async fundsTargets(importId: number, survey: Survey) {
    const out: { month: string; amount: number; target: RowTarget }[] = [];
    for await (const page of this.pages(importId, 'funds')) {
      const rows = page.map((r) => {
        const f = r.data as unknown as NormalisedFunds;
        const nameKey = f.companyName && f.name ? `${normalizeCompanyName(f.companyName)}|${f.name}` : null;
        return { f, nameKey, target: (f.code ? survey.byCode.get(f.code) : undefined) ?? (nameKey ? survey.byName.get(nameKey) : undefined) };
      });
      // The rows naming no row of the import name a stored project: looked up for those only.
      const rest = rows.filter((r) => !r.target);
      const storedByCode = await this.repo.projectsByCode(rest.flatMap((r) => (r.f.code ? [r.f.code] : [])));
      const storedByName = await this.repo.projectsByCompanyAndName([...new Set(rest.flatMap((r) => (r.f.companyName ? [normalizeCompanyName(r.f.companyName)] : [])))]);
      for (const { f, nameKey, target } of rows) {
        const id = target ? undefined : (f.code ? storedByCode.get(f.code) : undefined) ?? (nameKey ? storedByName.get(nameKey) : undefined);
        if (target || id !== undefined) out.push({ month: f.month, amount: f.amount, target: target ?? { id: id! } });
        if (survey.earliest === null || `${f.month}-01` < survey.earliest) survey.earliest = `${f.month}-01`;
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
  private async reviseReportedMonths(earliest: string | null, actorId: number): Promise<void> {
    if (!earliest) return;
    try {
      await this.rollups.reviseForImport(earliest.slice(0, 7), actorId);
    } catch (err) {
      this.logger.error({ msg: 'import: revising reported months failed', err: String(err) });
    }
  }
}

/** A row with its planned history. */
function prepare(row: AcceptedRow): Prepared & { problem: HistoryProblem } {
  const data = row.data as unknown as NormalisedProject;
  const plan = plannedHistory(data, DROP_REASON_FALLBACK);
  return { row, data, companyKey: companyKey(data), moves: plan.moves, pipeline: plan.pipeline, problem: plan.problem };
}

/** A company as a row names it (resolved against the stored ones later). */
function companyPlan(d: NormalisedProject): CompanyPlan {
  const c = d.company;
  return {
    id: null, name: c.name.trim(), normalizedName: normalizeCompanyName(c.name), creditCode: c.creditCode ? canonicalCreditCode(c.creditCode) : null,
    tier: c.tier ?? null, region: c.region ?? null,
  };
}

function companyKey(d: NormalisedProject): string {
  return d.company.creditCode ? `code:${canonicalCreditCode(d.company.creditCode)}` : `name:${normalizeCompanyName(d.company.name)}`;
}
