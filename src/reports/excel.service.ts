import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { CompaniesRepository } from '../companies/companies.repository';
import type { AuthUser } from '../core/auth/auth-user';
import { wanToYuan, yuanToWan } from '../core/money';
import { DictionariesService } from '../dictionaries/dictionaries.service';
import type { DictionaryKind } from '../dictionaries/dictionary-entry.entity';
import { FundsRepository } from '../funds/funds.repository';
import { STAGE_LABELS } from '../projects/pipeline';
import { AGREEMENT_TYPE_LABELS } from '../projects/project.entity';
import { fixedLabel, type ProjectView } from '../projects/project.view';
import type { ProjectQuery } from '../projects/projects.dto';
import { ProjectsService } from '../projects/projects.service';
import { LIGHT_LABELS } from '../projects/supervision';
import { safeText } from './excel-cells';
import type { BreakdownRow, Indicator, SummaryReport } from './report.types';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** 万元 with 4 decimals (1 元) and thousands separators. */
export const WAN_FORMAT = '#,##0.0000';
export const PERCENT_FORMAT = '0.00%';
const COUNT_FORMAT = '#,##0';

/** The file name of the monthly report, in the download and the leaders' e-mail. */
export const monthlyReportFilename = (year: number, month: number) => `招商引资月报-${year}-${String(month).padStart(2, '0')}.xlsx`;

/** One row of the 项目台账: the project as GET /projects shows it, with what the list leaves out. */
export type LedgerRow = ProjectView & {
  creditCode: string | null;
  /** 累计到位资金, 万元 */
  fundsInPlace: number;
};

type CellKind = 'text' | 'wan' | 'count' | 'area' | 'percent' | 'date';

interface Column<R> {
  header: string;
  width: number;
  kind: CellKind;
  value: (r: R) => string | number | null;
}

type Labels = Record<'industryChain' | 'park', Map<string, string>>;

/** The label of a dictionary code; the code itself when the entry is gone, so that nothing is lost. */
const label = (map: Map<string, string>, code: string | null | undefined) => (code ? (map.get(code) ?? code) : null);

/** The 项目台账's columns, in order: labels as the project's view carries them. */
const LEDGER_COLUMNS: Column<LedgerRow>[] = [
  { header: '项目编号', width: 10, kind: 'count', value: (r) => r.id },
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
];

/**
 * The Excel files: the 项目台账 (GET /reports/projects.xlsx) and the monthly
 * report (GET /reports/monthly/:year/:month.xlsx, the leaders' e-mail).
 * People read them in 万元: money cells are numbers (they sum in Excel) shown
 * with 4 decimals; dates are text YYYY-MM-DD, as everywhere else.
 */
@Injectable()
export class ExcelService {
  constructor(
    private readonly projects: ProjectsService,
    private readonly companies: CompaniesRepository,
    private readonly funds: FundsRepository,
    private readonly dictionaries: DictionariesService,
  ) {}

  /**
   * 项目台账: one sheet, one row per project the GET /projects filters match in
   * the caller's scope, zh-CN headers, labels instead of codes. Resolves once
   * the filters are checked and the matching projects counted, so that a
   * refusal is still an ordinary JSON error; `write(out)` then streams the
   * workbook into `out`, a page of projects at a time, each row written out
   * (and zipped) as it is added, waiting whenever `out` is full. A
   * district's ledger (100,000 rows) never sits in memory whole.
   */
  async ledger(user: AuthUser, q: ProjectQuery): Promise<{ rows: number; write: (out: Writable) => Promise<void> }> {
    const { total, pages } = await this.projects.listAll(user, q);
    const write = async (out: Writable) => {
      // The client may go away at any time (the HTTP adapter then destroys `out`): stop reading pages.
      const closed = new Promise<never>((_, reject) =>
        out.once('close', () => !out.writableFinished && reject(new Error('the download was closed before the ledger was complete'))),
      );
      closed.catch(() => undefined);
      const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
      wb.creator = '招商通';
      const ws = wb.addWorksheet('项目台账', { views: [{ state: 'frozen', ySplit: 1 }] });
      ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: Math.max(1, total + 1), column: LEDGER_COLUMNS.length } };
      writeHeader(ws, LEDGER_COLUMNS);
      // Each cell gets its column's style, as exceljs would, but one object per column: exceljs finds
      // a style object it has seen at once, and renders any other to XML to look it up (per cell, that
      // was a good share of the export's garbage).
      const styles = LEDGER_COLUMNS.map((c) => (FORMATS[c.kind] ? { numFmt: FORMATS[c.kind] } : {}));
      for await (const views of pages) {
        const rows = await this.ledgerRows(views);
        if (out.destroyed) return; // the client went away; leaving the loop closes the pages
        for (const r of rows) {
          const row = ws.addRow(LEDGER_COLUMNS.map((c) => safeText(c.value(r))));
          for (let c = 0; c < styles.length; c++) row.getCell(c + 1).style = styles[c];
          row.commit();
        }
        if (out.writableNeedDrain) await Promise.race([once(out, 'drain'), closed]);
      }
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
    // The views are ours alone: completed in place rather than copied (100,000 rows of 50 fields)
    return views.map((v) => Object.assign(v, { creditCode: credit.get(v.companyId) ?? null, fundsInPlace: yuanToWan(funds.get(v.id) ?? 0) }));
  }

  /**
   * 月报: 总览 (each indicator against target, 序时进度 and last year; 签约后终止;
   * the rates), 分产业链, 分园区 and 项目明细 (every project looked at, counted
   * or not and why). With `reported`, 总览 shows the figures first reported
   * and the adjustment (current − reported) beside the current ones.
   */
  async monthlyWorkbook(report: SummaryReport, meta: { reported?: SummaryReport; revision?: number; reportedAt?: string; currentAt?: string } = {}): Promise<Buffer> {
    const labels = await this.labels();
    const wb = newWorkbook();
    this.overviewSheet(wb, report, meta);

    const breakdownColumns: Column<BreakdownRow>[] = [
      { header: '名称', width: 28, kind: 'text', value: (r) => r.label },
      { header: '签约项目数', width: 12, kind: 'count', value: (r) => r.signings },
      { header: '签约投资(万元)', width: 20, kind: 'wan', value: (r) => r.signedInvestment },
      { header: '开工', width: 10, kind: 'count', value: (r) => r.constructionStarts },
      { header: '投产', width: 10, kind: 'count', value: (r) => r.productionStarts },
      { header: '到位资金(万元)', width: 20, kind: 'wan', value: (r) => r.fundsInPlace },
    ];
    for (const [name, rows] of [['分产业链', report.breakdowns.industryChain], ['分园区', report.breakdowns.park]] as const) {
      const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
      writeTable(ws, breakdownColumns, [...rows, totalRow(rows)]);
      ws.lastRow!.font = { bold: true };
    }

    const detailColumns: Column<SummaryReport['projects'][number]>[] = [
      { header: '项目编号', width: 10, kind: 'count', value: (p) => p.id },
      { header: '项目名称', width: 32, kind: 'text', value: (p) => p.name },
      { header: '企业名称', width: 32, kind: 'text', value: (p) => p.companyName },
      { header: '产业链', width: 20, kind: 'text', value: (p) => label(labels.industryChain, p.industryChain) },
      { header: '园区组团', width: 20, kind: 'text', value: (p) => label(labels.park, p.park) },
      { header: '所属团队', width: 18, kind: 'text', value: (p) => p.teamName },
      { header: '负责人', width: 12, kind: 'text', value: (p) => p.ownerName },
      { header: '阶段', width: 10, kind: 'text', value: (p) => STAGE_LABELS[p.stage] ?? p.stage },
      { header: '签约日期', width: 12, kind: 'date', value: (p) => p.signedOn },
      { header: '协议引资(万元)', width: 18, kind: 'wan', value: (p) => p.contractInvestment },
      { header: '协议类型', width: 10, kind: 'text', value: (p) => fixedLabel(AGREEMENT_TYPE_LABELS, p.agreementType) },
      { header: '开工日期', width: 12, kind: 'date', value: (p) => p.constructionStartedOn },
      { header: '投产日期', width: 12, kind: 'date', value: (p) => p.productionStartedOn },
      { header: '本年到位资金(万元)', width: 20, kind: 'wan', value: (p) => p.fundsInPlaceYtd },
      { header: '是否计入', width: 10, kind: 'text', value: (p) => (p.counted ? '是' : '否') },
      { header: '原因', width: 36, kind: 'text', value: (p) => p.reason },
      { header: '签约后终止', width: 12, kind: 'text', value: (p) => (p.signedThenDropped ? '是' : '否') },
    ];
    const ws = wb.addWorksheet('项目明细', { views: [{ state: 'frozen', ySplit: 1 }] });
    writeTable(ws, detailColumns, report.projects);
    ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: Math.max(1, report.projects.length + 1), column: detailColumns.length } };
    return toBuffer(wb);
  }

  private overviewSheet(wb: ExcelJS.Workbook, report: SummaryReport, meta: { reported?: SummaryReport; revision?: number; reportedAt?: string; currentAt?: string }) {
    const reported = meta.reported;
    const ws = wb.addWorksheet('总览', { views: [{ state: 'frozen', ySplit: 1 }] });
    const headers = ['指标', '本月', '本年累计', '年度目标', '完成率', '序时进度', '快慢', '去年同期', '同比'];
    if (reported) headers.push('首报本月', '首报本年累计', '调整本月', '调整本年累计');
    const widths = [22, 18, 18, 18, 10, 10, 14, 18, 10, 18, 18, 16, 16];
    ws.columns = headers.map((h, i) => ({ header: h, width: widths[i] }));
    styleHeader(ws.getRow(1));

    const numFmt = (unit: Indicator['unit']) => (unit === '万元' ? WAN_FORMAT : COUNT_FORMAT);
    for (const ind of report.indicators) {
      const values: (string | number | null)[] = [
        `${ind.label}（${ind.unit}）`, ind.month, ind.ytd, ind.target, ind.completionRate, ind.timeProgress, ind.aheadLabel, ind.lastYearYtd, ind.yoy,
      ];
      const first = reported?.indicators.find((r) => r.key === ind.key);
      if (reported) {
        values.push(first?.month ?? null, first?.ytd ?? null, first ? difference(ind.unit, ind.month, first.month) : null, first ? difference(ind.unit, ind.ytd, first.ytd) : null);
      }
      const row = ws.addRow(values.map(safeText));
      for (const c of [2, 3, 4, 8, 10, 11, 12, 13]) row.getCell(c).numFmt = numFmt(ind.unit);
      for (const c of [5, 6, 9]) row.getCell(c).numFmt = PERCENT_FORMAT;
    }

    // Figures with one value for the year to date go in the 本年累计 column.
    const extra = (name: string, value: number | null, was: number | null | undefined, fmt: string, diff: (a: number, b: number) => number) => {
      const values: (string | number | null)[] = [name, null, value, null, null, null, null, null, null];
      if (reported) values.push(null, was ?? null, null, value !== null && was !== null && was !== undefined ? diff(value, was) : null);
      const row = ws.addRow(values.map(safeText));
      for (const c of [3, 11, 13]) row.getCell(c).numFmt = fmt;
    };
    const r = reported;
    extra('签约后终止（个）', report.signedThenDropped.count, r?.signedThenDropped.count, COUNT_FORMAT, (a, b) => a - b);
    extra('签约后终止协议引资（万元）', report.signedThenDropped.amount, r?.signedThenDropped.amount, WAN_FORMAT, (a, b) => difference('万元', a, b));
    extra('到位率', report.rates.fundsRate, r?.rates.fundsRate, PERCENT_FORMAT, rateDifference);
    extra('开工率', report.rates.constructionRate, r?.rates.constructionRate, PERCENT_FORMAT, rateDifference);
    extra('投产率', report.rates.productionRate, r?.rates.productionRate, PERCENT_FORMAT, rateDifference);

    ws.addRow([]);
    const c = report.conventions;
    const notes: [string, string][] = [
      ['统计期间', `${report.year}-01-01 至 ${report.periodEnd}`],
      ['序时进度', `${(report.timeProgress * 100).toFixed(2)}%（${report.month}/12）`],
      ['统计口径', [
        c.minContractAmount === null ? '签约金额不设下限' : `协议引资不低于 ${formatWan(c.minContractAmount)} 万元`,
        c.frameworkAgreementsCount ? '框架协议计入' : '框架协议不计入',
        c.exclusions.length ? `排除项目 ${c.exclusions.length} 个` : '无排除项目',
      ].join('；')],
      ['说明', '签约后终止的项目仍计入签约当月，单列于此；比率与同比为小数，按百分比显示'],
    ];
    if (meta.revision !== undefined) notes.push(['数据版本', `第 ${meta.revision} 版${meta.revision > 1 ? '（已修订，首报数据见“首报”列）' : '（首报）'}`]);
    if (meta.reportedAt) notes.push(['首报时间', meta.reportedAt]);
    if (meta.currentAt && meta.currentAt !== meta.reportedAt) notes.push(['本版时间', meta.currentAt]);
    for (const [k, v] of notes) ws.addRow([k, v].map(safeText)).getCell(1).font = { bold: true };
  }

  private async labels(): Promise<Labels> {
    const get = (kind: DictionaryKind) => this.dictionaries.labels(kind);
    return { industryChain: await get('industry-chains'), park: await get('parks') };
  }
}

function newWorkbook(): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = '招商通';
  return wb;
}

function styleHeader(row: ExcelJS.Row): void {
  row.font = { bold: true };
  row.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  row.eachCell((cell) => {
    cell.numFmt = 'General';
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEFEFEF' } };
    cell.border = { bottom: { style: 'thin', color: { argb: 'FF999999' } } };
  });
}

const FORMATS: Partial<Record<CellKind, string>> = { wan: WAN_FORMAT, percent: PERCENT_FORMAT, count: '0', area: '#,##0.00' };

/** The header row: widths, the number format of each column, bold on grey. */
function writeHeader<R>(ws: ExcelJS.Worksheet, columns: Column<R>[]): void {
  ws.columns = columns.map((c) => {
    const numFmt = FORMATS[c.kind];
    return { header: c.header, width: c.width, ...(numFmt ? { style: { numFmt } } : {}) };
  });
  styleHeader(ws.getRow(1));
}

/** A header row and one row per item. */
function writeTable<R>(ws: ExcelJS.Worksheet, columns: Column<R>[], rows: readonly R[]): void {
  writeHeader(ws, columns);
  for (const r of rows) ws.addRow(columns.map((c) => safeText(c.value(r))));
}

/** The 合计 row of a breakdown, summed exactly (money in integer 元). */
function totalRow(rows: readonly BreakdownRow[]): BreakdownRow {
  const wan = (pick: (r: BreakdownRow) => number) => yuanToWan(rows.reduce((s, r) => s + BigInt(wanToYuan(pick(r))), 0n));
  return {
    code: null,
    label: '合计',
    signings: rows.reduce((s, r) => s + r.signings, 0),
    signedInvestment: wan((r) => r.signedInvestment),
    constructionStarts: rows.reduce((s, r) => s + r.constructionStarts, 0),
    productionStarts: rows.reduce((s, r) => s + r.productionStarts, 0),
    fundsInPlace: wan((r) => r.fundsInPlace),
  };
}

/** current − reported, exactly: 万元 through integer 元, counts as they are. */
export function difference(unit: Indicator['unit'], current: number, reported: number): number {
  if (unit !== '万元') return current - reported;
  return yuanToWan(BigInt(wanToYuan(current)) - BigInt(wanToYuan(reported)));
}

function rateDifference(a: number, b: number): number {
  return Math.round((a - b) * 10_000) / 10_000;
}

/** 万元 as people write it: thousands separators, up to 4 decimals, exact (no float formatting). */
export function formatWan(wan: number): string {
  const negative = wan < 0;
  const yuan = BigInt(wanToYuan(Math.abs(wan)));
  const int = (yuan / 10_000n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const frac = (yuan % 10_000n).toString().padStart(4, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${int}${frac ? '.' + frac : ''}`;
}

async function toBuffer(wb: ExcelJS.Workbook): Promise<Buffer> {
  // exceljs declares its own Buffer type; at run time it is a Node Buffer
  return Buffer.from((await wb.xlsx.writeBuffer()) as unknown as ArrayBuffer);
}
