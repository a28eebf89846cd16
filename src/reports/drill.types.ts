/**
 * The shapes of the cockpit's two reads beside the summary: the year by month
 * (GET /reports/series) and the drill-down of one figure to the projects that
 * make it (GET /reports/drill). Money is 万元 (summed as integer 元).
 */
import type { Stage } from '../projects/pipeline';
import type { BreakdownKey, IndicatorKey } from './report.types';

/** Every figure of the summary that drills to projects. */
export const DRILL_FIGURES = [
  'signedInvestment', 'fundsInPlace', 'signings', 'constructionStarts', 'productionStarts',
  'signedThenDropped', 'funnel', 'fundsRate', 'constructionRate', 'productionRate',
] as const;
export type DrillFigure = (typeof DRILL_FIGURES)[number];
export const DRILL_FIGURE_LABELS: Record<DrillFigure, string> = {
  signedInvestment: '签约投资', fundsInPlace: '实际到位资金', signings: '新签约项目', constructionStarts: '新开工项目',
  productionStarts: '新投产项目', signedThenDropped: '签约后终止', funnel: '项目漏斗', fundsRate: '到位率',
  constructionRate: '开工率', productionRate: '投产率',
};

/** The five indicators: the figures a span and a breakdown apply to. */
export const INDICATOR_FIGURES: readonly IndicatorKey[] = ['signedInvestment', 'fundsInPlace', 'signings', 'constructionStarts', 'productionStarts'];
export const isIndicator = (f: DrillFigure): f is IndicatorKey => (INDICATOR_FIGURES as readonly string[]).includes(f);

/** Which part of an indicator: the month, the year to date, the same months of last year. */
export const DRILL_SPANS = ['month', 'ytd', 'lastYearYtd'] as const;
export type DrillSpan = (typeof DRILL_SPANS)[number];
export const DRILL_SPAN_LABELS: Record<DrillSpan, string> = { month: '当月', ytd: '年初至月末', lastYearYtd: '上年同期' };

/** The three rates drill to their numerator or their denominator. */
export const DRILL_PARTS = ['numerator', 'denominator'] as const;
export type DrillPart = (typeof DRILL_PARTS)[number];
export const DRILL_PART_LABELS: Record<DrillPart, string> = { numerator: '分子', denominator: '分母' };

export const BREAKDOWN_KEYS: readonly BreakdownKey[] = ['industryChain', 'park', 'sourceChannel', 'sourceRegion', 'team', 'companyTier'];
export const BREAKDOWN_LABELS: Record<BreakdownKey, string> = {
  industryChain: '产业链', park: '园区组团', sourceChannel: '招商方式', sourceRegion: '来源地区', team: '团队', companyTier: '企业类型',
};
/** The code of a breakdown's 未填写 row (its code is null in the summary). */
export const NONE_CODE = 'none';

/** One project a drill looked at. */
export interface DrillItem {
  /** null: a project the caller's team has since handed to another team (listed unnamed) */
  id: number | null;
  name: string;
  companyName: string;
  teamName: string | null;
  ownerName: string | null;
  /** the stage at the end of the period */
  stage: Stage;
  /** the event's date `YYYY-MM-DD` (funds in place: the last month with funds in the span, `YYYY-MM`) */
  on: string;
  /** 万元: contract investment (signings, starts, dropped), funds in the span (funds), planned investment (funnel); null when none */
  amount: number | null;
  counted: boolean;
  /** why not, zh-CN; null when counted */
  reason: string | null;
}

export interface DrillPage {
  year: number;
  month: number;
  figure: DrillFigure;
  /** the span read (indicators), null for the other figures */
  span: DrillSpan | null;
  /** the rate's part, null for the other figures */
  part: DrillPart | null;
  title: string;
  unit: '万元' | '个';
  /** the figure as the summary shows it: the count, or the sum of amount, of the counted rows */
  value: number;
  /** 万元: the amount of the counted rows (for counts: their contract or planned investment) */
  amount: number;
  total: number;
  counted: number;
  notCounted: number;
  page: number;
  pageSize: number;
  items: DrillItem[];
}

/** One month's five figures (money 万元). */
export interface SeriesMonth {
  month: number;
  signedInvestment: number;
  fundsInPlace: number;
  signings: number;
  constructionStarts: number;
  productionStarts: number;
}

export interface SeriesTarget {
  signedInvestment: number;
  fundsInPlace: number;
  signings: number;
  constructionStarts: number;
  productionStarts: number;
}

export interface Series {
  year: number;
  /** the last month with figures: 12 for a past year, the current month this year */
  throughMonth: number;
  target: SeriesTarget | null;
  /** why there is no target to compare with (a team without its own, one person's scope); null when there is one */
  targetNote: string | null;
  /** months 1 … throughMonth */
  thisYear: SeriesMonth[];
  /** the previous year, 12 months, under its own 统计口径 */
  lastYear: SeriesMonth[];
}
