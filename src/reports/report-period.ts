/**
 * The period of a report: 1 January to the end of a month (DOMAIN.md
 * "Year-to-date"), as the dates and months the statements compare with, and
 * the checks of which months may be reported or frozen. Pure: "the current
 * month" is passed in (Clock.currentMonth()).
 */
import { badField, checks } from '../core/errors';

export interface Period {
  year: number;
  month: number;
  /** `YYYY-01-01` */
  start: string;
  /** the first day of the month, `YYYY-MM-01` */
  monthStart: string;
  /** the last day of the month, `YYYY-MM-DD` */
  end: string;
  /** `YYYY-01`: funds in place are reported by month */
  startMonth: string;
  /** `YYYY-MM` */
  endMonth: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `YYYY-MM`, the form months are compared in (they sort as text). */
export const monthKey = (year: number, month: number): string => `${year}-${pad(month)}`;

export function periodOf(year: number, month: number): Period {
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return {
    year, month,
    start: `${year}-01-01`, monthStart: `${year}-${pad(month)}-01`, end: `${year}-${pad(month)}-${pad(last)}`,
    startMonth: `${year}-01`, endMonth: monthKey(year, month),
  };
}

/** The same months of the previous year: the 同比 base. */
export const samePeriodLastYear = (p: Period): Period => periodOf(p.year - 1, p.month);

/** 序时进度: the share of the year elapsed at the end of the month, to 4 decimals. */
export const timeProgressOf = (month: number): number => Math.round((month / 12) * 10_000) / 10_000;

/** A year and month a report may cover: a real month, not after the current one (`YYYY-MM`). */
export function assertReportable(year: number, month: number, currentMonth: string): void {
  const badYear = checks.year('year', year);
  if (badYear) throw badYear;
  if (!Number.isInteger(month) || month < 1 || month > 12) throw badField('month', 'month_out_of_range', '月份应为 1 至 12', month);
  const asked = monthKey(year, month);
  if (asked > currentMonth) throw badField('month', 'in_future', `${asked} 尚未开始（本月为 ${currentMonth}）`);
}

/** A month that may be frozen as a rollup: reportable and already over. */
export function assertClosed(year: number, month: number, currentMonth: string): void {
  assertReportable(year, month, currentMonth);
  const asked = monthKey(year, month);
  if (asked >= currentMonth) throw badField('month', 'month_not_closed', `${asked} 尚未结束，不能生成月报；本月数据请看实时统计`);
}
