import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Viewer } from '../core/auth/scope';
import { Clock } from '../core/clock';
import { APP_CONFIG, type AppConfig } from '../core/config/app-config';
import { UnitOfWork } from '../core/database/unit-of-work';
import { isDomainError } from '../core/errors';
import { DictionariesService } from '../dictionaries/dictionaries.service';
import type { DictionaryKind } from '../dictionaries/dictionary-entry.entity';
import { FileKeys, judgeBatch, type StagedProject } from './analysis-duplicates';
import { AnalysisRepository } from './analysis.repository';
import { normaliseFunds } from './analysis-funds';
import type { Import } from './import.entity';
import type { ImportRow } from './import-row.entity';
import { ImportsRepository } from './imports.repository';
import { columnsOf, importFilePath, texts } from './mapping';
import { type DictionaryField, normaliseProject, type Reference } from './normalise';
import { compactKey, detectSheet, HEADER_SEARCH_ROWS, type HeaderMatch, isBlankRow, isTotalRow, matchHeaders, FUNDS_FIELDS, readSheets, WorkbookReadError } from './parse';

/** Rows staged a statement (and reported a progress step). */
export const ANALYSIS_BATCH = 1000;

const DICTIONARY_OF: Record<DictionaryField, DictionaryKind> = {
  industryChain: 'industry-chains', park: 'parks', sourceChannel: 'source-channels', sourceRegion: 'source-regions', companyTier: 'company-tiers', dropReason: 'drop-reasons',
};

type SheetMode = { kind: 'search'; rows: { rowNo: number; cells: unknown[] }[] } | { kind: 'ignore' } | { kind: 'projects' | 'funds'; columns: HeaderMatch[] };

/**
 * The dry run (job imports.analyse): streams the file once, reads the
 * projects sheet row by row against the dictionaries, people and pipeline
 * rules (normalise.ts), judges duplicates a batch at a time
 * (analysis-duplicates.ts), and stages every row in import_rows, a batch a
 * statement, reporting progress as it goes. Nothing but the staging rows and
 * the import itself is written. Funds rows are read after the projects, so
 * that they can name a project further down the file.
 */
@Injectable()
export class ImportAnalysisService {
  private readonly logger = new Logger('Imports');

  constructor(
    private readonly imports: ImportsRepository,
    private readonly repo: AnalysisRepository,
    private readonly dictionaries: DictionariesService,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async run(importId: number): Promise<Record<string, unknown>> {
    const imp = await this.imports.findById(importId);
    if (!imp || imp.status !== 'analysing') return { importId, note: imp ? `status ${imp.status}: nothing to analyse` : 'no such import' };
    try {
      return await this.analyse(imp);
    } catch (err) {
      this.logger.error({ msg: 'import analysis failed', importId, err: err instanceof Error ? err.stack : String(err) });
      const message = isDomainError(err) || err instanceof WorkbookReadError ? err.message : '文件读取失败：文件可能已损坏，或不是有效的 Excel 文件；请用 Excel 另存为 .xlsx 后重新上传';
      await this.uow.run((em) => this.imports.set(em, importId, { status: 'failed', error: message }, true));
      return { importId, status: 'failed', error: message };
    }
  }

  private async analyse(imp: Import): Promise<Record<string, unknown>> {
    const started = Date.now();
    const ref = await this.reference(imp);
    const viewer = await this.viewer(imp);
    await this.uow.run((em) => this.imports.clearRows(em, imp.id));
    const keys = new FileKeys();
    const funds: { rowNo: number; cells: unknown[]; columns: HeaderMatch[] }[] = [];
    let batch: StagedProject[] = [];
    let projectColumns: HeaderMatch[] | null = null;
    let done = 0;
    let sheet: string | null = null;
    let mode: SheetMode = { kind: 'ignore' };
    // how far through the projects sheet the reader is: the rows still to come are estimated from it until the sheet ends
    let share = 0;
    const estimate = () => (share > 0 && share < 1 ? Math.max(done, Math.round(done / share)) : done);

    const flush = async () => {
      if (!batch.length) return;
      await judgeBatch(batch, keys, this.repo, viewer);
      const rows = batch.map((s) => staged(imp.id, s));
      done += rows.length;
      const progress = { phase: 'analysing' as const, done, total: estimate(), rowsPerSecond: rate(done, started) };
      await this.uow.run(async (em) => {
        await this.imports.insertRows(em, rows);
        await this.imports.progress(em, imp.id, progress);
      });
      batch = [];
    };
    const take = async (rowNo: number, cells: unknown[]) => {
      if (mode.kind === 'projects') {
        const row = normaliseProject(cells, mode.columns, ref);
        batch.push({ rowNo, row, duplicates: [], matchProjectId: null, proposed: row.errors.length ? 'error' : 'create' });
        if (batch.length >= ANALYSIS_BATCH) await flush();
      } else if (mode.kind === 'funds') {
        funds.push({ rowNo, cells, columns: mode.columns });
      }
    };

    for await (const row of readSheets(importFilePath(this.config, imp.id))) {
      if (row.sheet !== sheet) {
        if (mode.kind === 'projects') share = 1;
        sheet = row.sheet;
        mode = { kind: 'search', rows: [] };
      }
      if (mode.kind === 'projects') share = row.share;
      if (mode.kind === 'ignore') continue;
      if (mode.kind === 'search') {
        mode.rows.push({ rowNo: row.rowNo, cells: row.cells });
        const found = detectSheet(mode.rows.map((r) => r.cells));
        if (found && !(found.kind === 'projects' && projectColumns)) {
          const headers = texts(mode.rows[found.headerIndex].cells);
          const rest = mode.rows.slice(found.headerIndex + 1);
          if (found.kind === 'projects') projectColumns = columnsOf(headers, imp.mapping);
          mode = { kind: found.kind, columns: found.kind === 'projects' ? projectColumns! : matchHeaders(headers, FUNDS_FIELDS) };
          for (const r of rest) if (!isBlankRow(r.cells) && !isTotalRow(r.cells)) await take(r.rowNo, r.cells);
        } else if (mode.rows.length >= HEADER_SEARCH_ROWS) {
          mode = { kind: 'ignore' };
        }
        continue;
      }
      if (isBlankRow(row.cells) || isTotalRow(row.cells)) continue;
      await take(row.rowNo, row.cells);
    }
    await flush();
    if (!projectColumns) {
      const error = '文件中没有可识别的表头：请使用导入模板，或确保表头行含「项目名称」「企业名称」「产业链」等列名';
      await this.uow.run((em) => this.imports.set(em, imp.id, { status: 'failed', error }, true));
      return { importId: imp.id, status: 'failed', error };
    }
    const fundsRows = await normaliseFunds(funds, keys, this.repo, viewer, this.clock.currentMonth());
    for (let i = 0; i < fundsRows.length; i += ANALYSIS_BATCH) {
      const part = fundsRows.slice(i, i + ANALYSIS_BATCH).map((r) => ({ ...r, importId: imp.id }));
      await this.uow.run((em) => this.imports.insertRows(em, part));
    }
    const counts = await this.imports.counts(imp.id);
    const progress = { phase: 'analysing' as const, done, total: done, rowsPerSecond: rate(done, started) };
    const mapping = projectColumns.map((c) => ({ column: c.column, header: c.header, field: c.field, unit: c.unit }));
    await this.uow.run((em) => this.imports.set(em, imp.id, { status: 'ready', counts, progress, mapping, error: null }, true));
    this.logger.log({ msg: 'import analysed', importId: imp.id, rows: done, fundsRows: fundsRows.length, ms: Date.now() - started });
    return { importId: imp.id, status: 'ready', ...counts };
  }

  private async reference(imp: Import): Promise<Reference> {
    const dictionaries = {} as Reference['dictionaries'];
    for (const [field, kind] of Object.entries(DICTIONARY_OF) as [DictionaryField, DictionaryKind][]) {
      dictionaries[field] = (await this.dictionaries.list(kind)).items.map((e) => ({ code: e.code, label: e.label }));
    }
    const people = new Map<string, { id: number; name: string; teamId: number | null }[]>();
    for (const p of await this.repo.activePeople()) {
      const k = compactKey(p.name);
      people.set(k, [...(people.get(k) ?? []), p]);
    }
    const importer = await this.repo.importer(imp.createdById);
    return {
      today: this.clock.today(), dictionaries, teams: await this.repo.teams(), people,
      forcedTeamId: imp.teamId, importerTeamId: importer?.role === 'admin' ? null : (importer?.teamId ?? null),
    };
  }

  /** The importer as the scope rule sees him (whose projects he may update). */
  private async viewer(imp: Import): Promise<Viewer> {
    const u = await this.repo.importer(imp.createdById);
    return u ? { id: u.id, dataScope: u.dataScope, teamId: u.teamId } : { id: imp.createdById, dataScope: 'own', teamId: null };
  }
}

function staged(importId: number, s: StagedProject): ImportRow {
  return {
    importId, sheet: 'projects', rowNo: s.rowNo, raw: s.row.raw, data: s.row.data as Record<string, unknown>, errors: s.row.errors, warnings: s.row.warnings,
    duplicates: s.duplicates, matchProjectId: s.matchProjectId, proposed: s.proposed, decision: null,
  };
}

const rate = (done: number, started: number) => Math.round(done / Math.max(0.001, (Date.now() - started) / 1000));
