import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { TransitionsRepository } from '../projects/transitions.repository';
import { Inject, Injectable } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { CompaniesRepository } from '../companies/companies.repository';
import type { AuthUser } from '../core/auth/auth-user';
import { Clock } from '../core/clock';
import { APP_CONFIG, type AppConfig } from '../core/config/app-config';
import { yuanToWan } from '../core/money';
import { DictionariesService } from '../dictionaries/dictionaries.service';
import type { DictionaryKind } from '../dictionaries/dictionary-entry.entity';
import { FundsRepository } from '../funds/funds.repository';
import type { ProjectView } from '../projects/project.view';
import type { ProjectQuery } from '../projects/projects.dto';
import { ProjectsService } from '../projects/projects.service';
import { LIGHT_LABELS } from '../projects/supervision';
import { addDataRow, addTotalRow, type Column, ColumnTotals, columnStyles, HEADER_ROW, sheetOptions, writeHeader } from './excel-layout';
import { buildMonthlyWorkbook, type MonthlyMeta } from './excel-monthly';
import type { SummaryReport } from './report.types';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The file name of the monthly report, in the download and the leaders' e-mail. */
export const monthlyReportFilename = (year: number, month: number) => `招商引资月报-${year}-${String(month).padStart(2, '0')}.xlsx`;

/** One row of the 项目台账: the project as GET /projects shows it, with what the list leaves out. */
export type LedgerRow = ProjectView & {
  creditCode: string | null;
  /** the day it entered 洽谈 (null: never) */
  negotiationOn: string | null;
  /** 累计到位资金, 万元 */
  fundsInPlace: number;
};

type Labels = Record<'industryChain' | 'park', Map<string, string>>;

/** The ledger's columns that add up in its 合计 row: the amounts, the land and the jobs (not the project's number). */
const SUMMED: ReadonlySet<string> = new Set(['计划投资(万元)', '协议引资(万元)', '累计到位资金(万元)', '预计年产值(万元)', '预计年税收(万元)', '用地(亩)', '就业人数']);

/** The 项目台账's columns, in order: labels as the project's view carries them. */
const LEDGER_COLUMNS: Column<LedgerRow>[] = [
  { header: '项目编号', width: 14, kind: 'text', value: (r) => r.code },
  { header: '项目名称', width: 32, kind: 'text', value: (r) => r.name },
  { header: '企业名称', width: 32, kind: 'text', value: (r) => r.companyName },
  { header: '统一社会信用代码', width: 22, kind: 'text', value: (r) => r.creditCode },
  { header: '产业链', width: 20, kind: 'text', value: (r) => r.industryChainLabel },
  { header: '园区组团', width: 20, kind: 'text', value: (r) => r.parkLabel },
  { header: '招商方式', width: 14, kind: 'text', value: (r) => r.sourceChannelLabel },
  { header: '来源地区', width: 12, kind: 'text', value: (r) => r.sourceRegionLabel },
  { header: '阶段', width: 10, kind: 'text', value: (r) => r.stageLabel },
  { header: '负责人', width: 12, kind: 'text', value: (r) => r.ownerName },
  { header: '所属团队', width: 18, kind: 'text', value: (r) => r.teamName },
  { header: '包联领导', width: 12, kind: 'text', value: (r) => r.leaderInCharge },
  { header: '重点项目', width: 10, kind: 'text', value: (r) => (r.isKeyProject ? (r.keyProjectLevelLabel ? `是（${r.keyProjectLevelLabel}）` : '是') : '否') },
  { header: '计划投资(万元)', width: 18, kind: 'wan', value: (r) => r.plannedInvestment },
  { header: '协议引资(万元)', width: 18, kind: 'wan', value: (r) => r.contractInvestment },
  { header: '协议类型', width: 10, kind: 'text', value: (r) => r.agreementTypeLabel },
  { header: '签约日期', width: 12, kind: 'date', value: (r) => r.signedOn },
  { header: '开工日期', width: 12, kind: 'date', value: (r) => r.constructionStartedOn },
  { header: '投产日期', width: 12, kind: 'date', value: (r) => r.productionStartedOn },
  { header: '累计到位资金(万元)', width: 20, kind: 'wan', value: (r) => r.fundsInPlace },
  { header: '最近跟进', width: 12, kind: 'date', value: (r) => r.lastActivityOn },
  { header: '督办灯', width: 8, kind: 'text', value: (r) => (r.supervision.light ? LIGHT_LABELS[r.supervision.light] : null) },
  { header: '督办说明', width: 28, kind: 'text', value: (r) => (r.supervision.reasons.length ? r.supervision.reasons.join('；') : null) },
  { header: '合同编号', width: 16, kind: 'text', value: (r) => r.contractNo },
  { header: '预计年产值(万元)', width: 18, kind: 'wan', value: (r) => r.expectedAnnualOutput },
  { header: '预计年税收(万元)', width: 18, kind: 'wan', value: (r) => r.expectedAnnualTax },
  { header: '用地(亩)', width: 10, kind: 'area', value: (r) => r.landArea },
  { header: '就业人数', width: 10, kind: 'count', value: (r) => r.jobs },
  { header: '登记日期', width: 12, kind: 'date', value: (r) => r.createdOn },
  // the rest of the history, so that an import of this file rebuilds the project's moves (issue 12's round trip)
  { header: '洽谈日期', width: 12, kind: 'date', value: (r) => r.negotiationOn },
  { header: '暂缓日期', width: 12, kind: 'date', value: (r) => (r.stage === 'on_hold' ? r.stageEnteredOn : null) },
  { header: '暂缓原因', width: 24, kind: 'text', value: (r) => (r.stage === 'on_hold' ? r.onHoldReason : null) },
  { header: '终止日期', width: 12, kind: 'date', value: (r) => (r.stage === 'dropped' ? r.stageEnteredOn : null) },
  { header: '终止原因', width: 24, kind: 'text', value: (r) => (r.stage === 'dropped' ? (r.dropReasonText ?? r.dropReasonLabel) : null) },
];

/**
 * The Excel files: the 项目台账 (GET /reports/projects.xlsx) and the monthly
 * report (GET /reports/monthly/:year/:month.xlsx, the leaders' e-mail), laid
 * out as excel-layout.ts says: a title naming the district, frozen headers,
 * A3 landscape, money as exact numbers shown with two decimals, real dates.
 */
@Injectable()
export class ExcelService {
  constructor(
    private readonly projects: ProjectsService,
    private readonly companies: CompaniesRepository,
    private readonly funds: FundsRepository,
    private readonly transitions: TransitionsRepository,
    private readonly dictionaries: DictionariesService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'districtName' | 'timezone'>,
  ) {}

  /**
   * 项目台账: one sheet, one row per project the GET /projects filters match in
   * the caller's scope, zh-CN headers, labels instead of codes. Resolves once
   * the filters are checked and the matching projects counted, so that a
   * refusal is still an ordinary JSON error; `write(out)` then streams the
   * workbook into `out`, a page of projects at a time, each row written out
   * (and zipped) as it is added, waiting whenever `out` is full. A
   * district's ledger (100,000 rows) never sits in memory whole. The 合计
   * row under the table is summed as the rows go by.
   */
  async ledger(user: AuthUser, q: ProjectQuery): Promise<{ rows: number; write: (out: Writable) => Promise<void> }> {
    const { total, pages } = await this.projects.listAll(user, q);
    const title = `${this.config.districtName}招商项目台账（截至 ${this.clock.today()}）`;
    const write = async (out: Writable) => {
      // The client may go away at any time (the HTTP adapter then destroys `out`): stop reading pages.
      const closed = new Promise<never>((_, reject) =>
        out.once('close', () => !out.writableFinished && reject(new Error('the download was closed before the ledger was complete'))),
      );
      closed.catch(() => undefined);
      const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
      wb.creator = '招商通';
      const ws = wb.addWorksheet('项目台账', sheetOptions());
      // over the data rows only: sorting or filtering leaves the 合计 row where it is
      ws.autoFilter = { from: { row: HEADER_ROW, column: 1 }, to: { row: HEADER_ROW + Math.max(1, total), column: LEDGER_COLUMNS.length } };
      writeHeader(ws, LEDGER_COLUMNS, title);
      // Each cell gets its column's style, as exceljs would, but one object per column: exceljs finds
      // a style object it has seen at once, and renders any other to XML to look it up (per cell, that
      // was a good share of the export's garbage).
      const styles = columnStyles(LEDGER_COLUMNS);
      const totals = new ColumnTotals(LEDGER_COLUMNS, (c) => SUMMED.has(c.header));
      for await (const views of pages) {
        const rows = await this.ledgerRows(views);
        if (out.destroyed) return; // the client went away; leaving the loop closes the pages
        for (const r of rows) {
          addDataRow(ws, LEDGER_COLUMNS, styles, r).commit();
          totals.add(r);
        }
        if (out.writableNeedDrain) await Promise.race([once(out, 'drain'), closed]);
      }
      addTotalRow(ws, LEDGER_COLUMNS, totals.values('合计', { 1: `共 ${totals.count} 个项目` })).commit();
      ws.commit();
      await Promise.race([wb.commit(), closed]);
    };
    return { rows: total, write };
  }

  /** A page of project views with what the ledger adds: the credit code and the funds in place to date. */
  private async ledgerRows(views: ProjectView[]): Promise<LedgerRow[]> {
    if (!views.length) return [];
    const credit = await this.companies.creditCodesOf([...new Set(views.map((v) => v.companyId))]);
    const funds = await this.funds.totalsByProject(views.map((v) => v.id));
    const negotiation = await this.transitions.negotiationDates(views.map((v) => v.id));
    // The views are ours alone: completed in place rather than copied (100,000 rows of 50 fields)
    return views.map((v) => Object.assign(v, {
      creditCode: credit.get(v.companyId) ?? null, fundsInPlace: yuanToWan(funds.get(v.id) ?? 0), negotiationOn: negotiation.get(v.id) ?? null,
    }));
  }

  /** 月报 (excel-monthly.ts) with the district's name, time zone and the dictionaries' labels. */
  async monthlyWorkbook(report: SummaryReport, meta: MonthlyMeta = {}): Promise<Buffer> {
    const wb = buildMonthlyWorkbook(report, meta, { district: this.config.districtName, timeZone: this.config.timezone, labels: await this.labels() });
    // exceljs declares its own Buffer type; at run time it is a Node Buffer
    return Buffer.from((await wb.xlsx.writeBuffer()) as unknown as ArrayBuffer);
  }

  private async labels(): Promise<Labels> {
    const get = (kind: DictionaryKind) => this.dictionaries.labels(kind);
    return { industryChain: await get('industry-chains'), park: await get('parks') };
  }
}

