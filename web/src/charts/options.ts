/**
 * Chart option builders shared by the cockpit (views/cockpit) and the meeting-room display
 * (views/display): pure functions from the API's figures (money in 万元) to ECharts options.
 * Names and labels come in from the caller (the API's labels); nothing here knows a rule.
 */
import type { ChartOption } from './echarts';

/** One month of GET /reports/series (money in 万元, counts in 个). */
export interface MonthFigures {
  month: number;
  signedInvestment: number;
  fundsInPlace: number;
  signings: number;
  constructionStarts: number;
  productionStarts: number;
}
export type MonthKey = Exclude<keyof MonthFigures, 'month'>;

export interface Palette {
  text: string;
  axis: string;
  split: string;
  thisYear: string;
  lastYear: string;
  target: string;
  progress: string;
}
export const LIGHT_PALETTE: Palette = { text: '#606266', axis: '#909399', split: '#ebeef5', thisYear: '#409eff', lastYear: '#c0c4cc', target: '#f56c6c', progress: '#e6a23c' };

const MONTHS = Array.from({ length: 12 }, (_, i) => `${i + 1}月`);
const axisNumber = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 1 });
const tipNumber = new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** An axis label for 万元: 亿 from 10,000 万元 up (the axis name says 万元 otherwise). */
export function axisMoney(wan: number): string {
  return Math.abs(wan) >= 10_000 ? `${axisNumber.format(wan / 10_000)}亿` : axisNumber.format(wan);
}
/** A tooltip figure: 万元 or 亿元 with two decimals, or 个. */
export function tipFigure(value: number | null | undefined, unit: '万元' | '个'): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  if (unit === '个') return `${value} 个`;
  return Math.abs(value) >= 10_000 ? `${tipNumber.format(value / 10_000)} 亿元` : `${tipNumber.format(value)} 万元`;
}

function valueAxis(unit: '万元' | '个', p: Palette) {
  return {
    type: 'value' as const,
    axisLabel: { color: p.axis, formatter: unit === '个' ? (v: number) => String(v) : axisMoney },
    splitLine: { lineStyle: { color: p.split } },
    minInterval: unit === '个' ? 1 : 0,
  };
}

/** Per month, this year against last year (bars). Series 0 = this year, 1 = last year; dataIndex = month − 1. */
export function monthlyBars(a: { year: number; key: MonthKey; unit: '万元' | '个'; thisYear: MonthFigures[]; lastYear: MonthFigures[]; palette?: Palette; narrow?: boolean }): ChartOption {
  const p = a.palette ?? LIGHT_PALETTE;
  const per = (rows: MonthFigures[]) => MONTHS.map((_, i) => rows.find((r) => r.month === i + 1)?.[a.key] ?? null);
  return {
    animation: false,
    color: [p.thisYear, p.lastYear],
    grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
    legend: { top: 0, textStyle: { color: p.text } },
    tooltip: { trigger: 'axis', valueFormatter: (v) => tipFigure(v as number, a.unit) },
    xAxis: { type: 'category', data: MONTHS, axisLabel: { color: p.axis, interval: a.narrow ? 1 : 0 } },
    yAxis: valueAxis(a.unit, p),
    series: [
      { name: `${a.year}年`, type: 'bar', data: per(a.thisYear), cursor: 'pointer' },
      { name: `${a.year - 1}年`, type: 'bar', data: per(a.lastYear), cursor: 'pointer' },
    ],
  };
}

/** Running totals: this year's and last year's cumulative lines, the annual target and the 序时 target line. */
export function cumulativeLines(a: { year: number; key: MonthKey; unit: '万元' | '个'; thisYear: MonthFigures[]; lastYear: MonthFigures[]; target: number | null; palette?: Palette; narrow?: boolean }): ChartOption {
  const p = a.palette ?? LIGHT_PALETTE;
  const running = (rows: MonthFigures[], upTo: number) => {
    let sum = 0;
    return MONTHS.map((_, i) => {
      if (i + 1 > upTo) return null;
      sum += rows.find((r) => r.month === i + 1)?.[a.key] ?? 0;
      return Math.round(sum * 10_000) / 10_000; // a display total: the exact figures are the API's
    });
  };
  const through = a.thisYear.reduce((m, r) => Math.max(m, r.month), 0);
  const series: NonNullable<ChartOption['series']> = [
    { name: `${a.year}年累计`, type: 'line', data: running(a.thisYear, through), symbolSize: 7, cursor: 'pointer' },
    { name: `${a.year - 1}年累计`, type: 'line', data: running(a.lastYear, 12), symbolSize: 5, lineStyle: { type: 'dashed' }, cursor: 'pointer' },
  ];
  if (a.target !== null) {
    series.push({
      name: '序时目标',
      type: 'line',
      data: MONTHS.map((_, i) => Math.round(((a.target as number) * (i + 1)) / 12)),
      symbol: 'none',
      lineStyle: { type: 'dotted', width: 1 },
      markLine: { symbol: 'none', silent: true, label: { formatter: '年度目标', color: p.target, position: 'insideEndTop' }, lineStyle: { color: p.target }, data: [{ yAxis: a.target }] },
    });
  }
  return {
    animation: false,
    color: [p.thisYear, p.lastYear, p.progress],
    grid: { left: 8, right: a.narrow ? 8 : 48, top: 36, bottom: 8, containLabel: true },
    legend: { top: 0, textStyle: { color: p.text } },
    tooltip: { trigger: 'axis', valueFormatter: (v) => tipFigure(v as number, a.unit) },
    xAxis: { type: 'category', data: MONTHS, boundaryGap: false, axisLabel: { color: p.axis, interval: a.narrow ? 1 : 0 } },
    yAxis: { ...valueAxis(a.unit, p), max: a.target !== null ? (v: { max: number }) => Math.max(v.max, a.target as number) : undefined },
    series,
  };
}

export interface FunnelStage {
  stage: string;
  label: string;
  count: number;
}

/** The month-end funnel: the stages in the pipeline's order (not sorted by size); dataIndex = the stage's index. */
export function funnel(a: { stages: FunnelStage[]; palette?: Palette }): ChartOption {
  const p = a.palette ?? LIGHT_PALETTE;
  const max = Math.max(1, ...a.stages.map((s) => s.count));
  return {
    animation: false,
    color: ['#79bbff', '#409eff', '#e6a23c', '#f89898', '#67c23a', '#b1b3b8', '#f56c6c'],
    tooltip: { trigger: 'item', formatter: (x) => `${(x as { name: string }).name}：${(x as { value: number }).value} 个` },
    series: [
      {
        type: 'funnel',
        sort: 'none',
        min: 0,
        max,
        minSize: '12%',
        left: 8,
        right: 8,
        top: 8,
        bottom: 8,
        gap: 2,
        cursor: 'pointer',
        label: { position: 'inside', color: '#fff', formatter: (x) => `${(x as { name: string }).name} ${(x as { value: number }).value}` },
        labelLine: { show: false },
        itemStyle: { borderWidth: 0 },
        data: a.stages.map((s) => ({ name: s.label, value: s.count })),
      },
    ],
    textStyle: { color: p.text },
  };
}

export interface BreakdownBar {
  label: string;
  value: number;
}

/** A breakdown (产业链, 园区组团 …) as horizontal bars, largest first as the API orders them; dataIndex = row index. */
export function breakdownBars(a: { rows: BreakdownBar[]; name: string; unit: '万元' | '个'; palette?: Palette }): ChartOption {
  const p = a.palette ?? LIGHT_PALETTE;
  const rows = a.rows;
  return {
    animation: false,
    color: [p.thisYear],
    grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => tipFigure(v as number, a.unit) },
    xAxis: valueAxis(a.unit, p),
    yAxis: { type: 'category', inverse: true /* the first row on top */, data: rows.map((r) => r.label), axisLabel: { color: p.text, width: 96, overflow: 'truncate' } },
    series: [{ name: a.name, type: 'bar', data: rows.map((r) => r.value), cursor: 'pointer', barMaxWidth: 22 }],
  };
}

/** Height for a horizontal bar chart of n rows (readable bars, no squeezing). */
export function barsHeight(n: number): number {
  return Math.max(160, 40 + n * 28);
}
