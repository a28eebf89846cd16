import type { LocationQuery } from 'vue-router';
import { api, call, type Schemas } from '../../api/client';
import { today } from '../../format';

const str = (v: unknown) => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '');

/** The current month in the district's time: the cockpit's default period. */
export function currentPeriod(): { year: number; month: number } {
  const [y, m] = today().split('-').map(Number);
  return { year: y, month: m };
}

/** The period in the URL (?year=&month=), or this month; never a month after this one. */
export function periodOf(query: LocationQuery): { year: number; month: number } {
  const now = currentPeriod();
  const y = Number(str(query.year));
  const m = Number(str(query.month));
  const year = Number.isInteger(y) && y >= 2000 && y <= now.year ? y : now.year;
  const maxMonth = year === now.year ? now.month : 12;
  const month = Number.isInteger(m) && m >= 1 && m <= maxMonth ? m : maxMonth;
  return { year, month };
}

type Figures = { summary: Promise<Schemas['SummaryResponse']>; series: Promise<Schemas['SeriesResponse']> };
let early: (Figures & { key: string; at: number }) | null = null;

/**
 * Starts the cockpit's two figure calls as the route is entered, while its code is still loading
 * (the router's beforeEnter); the page takes them over (once, and only fresh ones).
 */
export function prefetchCockpit(query: LocationQuery): void {
  const { year, month } = periodOf(query);
  const summary = call(api.GET('/api/v1/reports/summary', { params: { query: { year, month } } }));
  const series = call(api.GET('/api/v1/reports/series', { params: { query: { year } } }));
  summary.catch(() => undefined); // the page reports the error when it takes the call over
  series.catch(() => undefined);
  early = { key: `${year}-${month}`, at: Date.now(), summary, series };
}

/** The calls prefetchCockpit started for this period, if any and recent. */
export function takePrefetched(year: number, month: number): Figures | null {
  const e = early;
  early = null;
  return e && e.key === `${year}-${month}` && Date.now() - e.at < 10_000 ? e : null;
}
