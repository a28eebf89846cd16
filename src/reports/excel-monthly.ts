import ExcelJS from 'exceljs';
import { wanToYuan, yuanToWan } from '../core/money';
import { STAGE_LABELS } from '../projects/pipeline';
import { AGREEMENT_TYPE_LABELS } from '../projects/project.entity';
import { fixedLabel } from '../projects/project.view';
import { excelDateTime, safeText } from './excel-cells';
import {
  addTotalRow, type Column, ColumnTotals, COUNT_FORMAT, DATETIME_FORMAT, HEADER_ROW, MONEY_FORMAT, PERCENT_FORMAT, sheetOptions, styleHeader,
  writeTable, writeTitle,
} from './excel-layout';
import type { BreakdownRow, Indicator, SummaryReport } from './report.types';

export interface MonthlyMeta {
  reported?: SummaryReport;
  revision?: number;
  reportedAt?: string;
  currentAt?: string;
}

/** What the monthly workbook needs besides the report: the district, its time zone, the dictionaries' labels. */
export interface MonthlyContext {
  district: string;
  timeZone: string;
  labels: Record<'industryChain' | 'park', Map<string, string>>;
}

/** The label of a dictionary code; the code itself when the entry is gone, so that nothing is lost. */
const label = (map: Map<string, string>, code: string | null | undefined) => (code ? (map.get(code) ?? code) : null);

/** 万元 → 亿元 for the overview: the exact amount (the cell shows two decimals). */
export function wanToYi(wan: number): number {
  const yuan = wanToYuan(Math.abs(wan));
  return (wan < 0 ? -yuan : yuan) / 100_000_000;
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

/**
 * 月报: 总览 (each indicator against target, 序时进度 and last year, money in
 * 亿元; 签约后终止; the rates), 分产业链, 分园区 and 项目明细 (every project
 * looked at, counted or not and why), each under a title row. With
 * `reported`, 总览 shows the figures first reported and the adjustment
 * (current − reported) beside the current ones.
 */
export function buildMonthlyWorkbook(report: SummaryReport, meta: MonthlyMeta, ctx: MonthlyContext): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = '招商通';
  const period = `${report.year}年${report.month}月`;
  overviewSheet(wb, report, meta, ctx, period);

  const breakdownColumns: Column<BreakdownRow>[] = [
    { header: '名称', width: 28, kind: 'text', value: (r) => r.label },
    { header: '签约项目数', width: 12, kind: 'count', value: (r) => r.signings },
    { header: '签约投资(万元)', width: 20, kind: 'wan', value: (r) => r.signedInvestment },
    { header: '开工', width: 10, kind: 'count', value: (r) => r.constructionStarts },
    { header: '投产', width: 10, kind: 'count', value: (r) => r.productionStarts },
    { header: '到位资金(万元)', width: 20, kind: 'wan', value: (r) => r.fundsInPlace },
  ];
  for (const [name, rows] of [['分产业链', report.breakdowns.industryChain], ['分园区', report.breakdowns.park]] as const) {
    const ws = wb.addWorksheet(name, sheetOptions());
    writeTable(ws, breakdownColumns, rows, `${ctx.district}招商引资月报（${period}）${name}`);
    const totals = new ColumnTotals(breakdownColumns, (c) => c.kind !== 'text');
    rows.forEach((r) => totals.add(r));
    addTotalRow(ws, breakdownColumns, totals.values('合计'));
  }

  type P = SummaryReport['projects'][number];
  const detailColumns: Column<P>[] = [
    { header: '项目编号', width: 14, kind: 'text', value: (p) => p.code ?? null },
    { header: '项目名称', width: 32, kind: 'text', value: (p) => p.name },
    { header: '企业名称', width: 32, kind: 'text', value: (p) => p.companyName },
    { header: '产业链', width: 20, kind: 'text', value: (p) => label(ctx.labels.industryChain, p.industryChain) },
    { header: '园区组团', width: 20, kind: 'text', value: (p) => label(ctx.labels.park, p.park) },
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
  const ws = wb.addWorksheet('项目明细', sheetOptions());
  writeTable(ws, detailColumns, report.projects, `${ctx.district}招商引资月报（${period}）项目明细`);
  const totals = new ColumnTotals(detailColumns, (c) => c.kind === 'wan');
  report.projects.forEach((p) => totals.add(p));
  const counted = report.projects.filter((p) => p.counted).length;
  // The column sums cover every project listed; how many of them the figures count is said beside them.
  addTotalRow(ws, detailColumns, totals.values('合计', { 1: `共 ${report.projects.length} 个项目`, 15: `其中计入 ${counted} 个` }));
  return wb;
}

function overviewSheet(wb: ExcelJS.Workbook, report: SummaryReport, meta: MonthlyMeta, ctx: MonthlyContext, period: string) {
  const reported = meta.reported;
  const ws = wb.addWorksheet('总览', sheetOptions());
  const headers = ['指标', '本月', '本年累计', '年度目标', '完成率', '序时进度', '快慢', '去年同期', '同比'];
  if (reported) headers.push('首报本月', '首报本年累计', '调整本月', '调整本年累计');
  const widths = [26, 16, 16, 16, 10, 10, 14, 16, 10, 16, 16, 16, 16];
  ws.columns = headers.map((_, i) => ({ width: widths[i] }));
  writeTitle(ws, `${ctx.district}招商引资月报（${period}）`, headers.length);
  const header = ws.getRow(HEADER_ROW);
  header.values = headers;
  styleHeader(header);

  // Money in 亿元 here (the exact amount in the cell, two decimals shown); counts as they are.
  const money = (unit: Indicator['unit'], v: number | null) => (v === null || unit !== '万元' ? v : wanToYi(v));
  const unitOf = (unit: Indicator['unit']) => (unit === '万元' ? '亿元' : unit);
  const numFmt = (unit: Indicator['unit']) => (unit === '万元' ? MONEY_FORMAT : COUNT_FORMAT);
  for (const ind of report.indicators) {
    const m = (v: number | null) => money(ind.unit, v);
    const values: (string | number | null)[] = [
      `${ind.label}（${unitOf(ind.unit)}）`, m(ind.month), m(ind.ytd), m(ind.target), ind.completionRate, ind.timeProgress, ind.aheadLabel, m(ind.lastYearYtd), ind.yoy,
    ];
    const first = reported?.indicators.find((r) => r.key === ind.key);
    if (reported) {
      values.push(m(first?.month ?? null), m(first?.ytd ?? null), first ? m(difference(ind.unit, ind.month, first.month)) : null, first ? m(difference(ind.unit, ind.ytd, first.ytd)) : null);
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
  const yi = (v: number | undefined) => (v === undefined ? undefined : wanToYi(v));
  extra('签约后终止（个）', report.signedThenDropped.count, r?.signedThenDropped.count, COUNT_FORMAT, (a, b) => a - b);
  extra('签约后终止协议引资（亿元）', wanToYi(report.signedThenDropped.amount), yi(r?.signedThenDropped.amount), MONEY_FORMAT,
    () => wanToYi(difference('万元', report.signedThenDropped.amount, r!.signedThenDropped.amount)));
  extra('到位率', report.rates.fundsRate, r?.rates.fundsRate, PERCENT_FORMAT, rateDifference);
  extra('开工率', report.rates.constructionRate, r?.rates.constructionRate, PERCENT_FORMAT, rateDifference);
  extra('投产率', report.rates.productionRate, r?.rates.productionRate, PERCENT_FORMAT, rateDifference);

  ws.addRow([]);
  const c = report.conventions;
  const notes: [string, string | Date, string?][] = [
    ['统计期间', `${report.year}-01-01 至 ${report.periodEnd}`],
    ['序时进度', `${(report.timeProgress * 100).toFixed(2)}%（${report.month}/12）`],
    ['统计口径', [
      c.minContractAmount === null ? '签约金额不设下限' : `协议引资不低于 ${formatWan(c.minContractAmount)} 万元`,
      c.frameworkAgreementsCount ? '框架协议计入' : '框架协议不计入',
      c.exclusions.length ? `排除项目 ${c.exclusions.length} 个` : '无排除项目',
    ].join('；')],
    ['说明', '金额单位为亿元（显示两位小数，单元格保留精确值）；签约后终止的项目仍计入签约当月，单列于此；比率与同比为小数，按百分比显示'],
  ];
  if (meta.revision !== undefined) notes.push(['数据版本', `第 ${meta.revision} 版${meta.revision > 1 ? '（已修订，首报数据见“首报”列）' : '（首报）'}`]);
  if (meta.reportedAt) notes.push(['首报时间', excelDateTime(meta.reportedAt, ctx.timeZone), DATETIME_FORMAT]);
  if (meta.currentAt && meta.currentAt !== meta.reportedAt) notes.push(['本版时间', excelDateTime(meta.currentAt, ctx.timeZone), DATETIME_FORMAT]);
  for (const [k, v, fmt] of notes) {
    const row = ws.addRow([safeText(k), typeof v === 'string' ? safeText(v) : v]);
    row.getCell(1).font = { bold: true };
    const cell = row.getCell(2);
    cell.alignment = { horizontal: 'left' };
    if (fmt) cell.numFmt = fmt;
  }
}
