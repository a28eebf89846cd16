/**
 * The cockpit part of the web bench (BENCH_ONLY=web): over the same ten years of projects, signed in as
 * the admin (the whole district), time from navigation to 领导驾驶舱 complete for a late month — every
 * figure there and every chart drawn (the page's data-ready attribute) — with an empty cache and warm;
 * then a drill-down list (签约投资, year to date) from the click to the frame it shows its rows and its
 * figure. Beside them, the API's own time for the same calls from Node. Targets: ≤ 2 s and ≤ 1 s.
 */
import { performance } from 'node:perf_hooks';
import type { Browser } from 'playwright-core';
import { call } from './http-load';

export const COCKPIT_TARGETS = { completeMs: 2000, drillMs: 1000 };

const ms1 = (ms: number) => +ms.toFixed(1);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** In the page: the cockpit says every figure and chart is there. */
function cockpitReady(): boolean {
  return !!(globalThis as any).document.querySelector('.cockpit[data-ready="true"]');
}

/** In the page: clicks the card's figure and resolves with ms until the drawer shows the list (rows or none) and its figure, no mask. */
function clickDrill(selector: string): Promise<number> {
  const w = globalThis as any;
  return new Promise((resolve, reject) => {
    const t0 = w.performance.now();
    w.document.querySelector(selector).click();
    const done = () => {
      const value = w.document.querySelector('[data-testid="drill-value"]');
      const body = w.document.querySelector('[data-testid="drill"]');
      const mask = body && [...body.querySelectorAll('.el-loading-mask')].some((m: any) => w.getComputedStyle(m).display !== 'none');
      const rows = body && (body.querySelector('.el-table__body-wrapper tr.el-table__row') || body.querySelector('.el-table__empty-text'));
      return !!value && !!rows && !mask;
    };
    const tick = () =>
      done() ? resolve(w.performance.now() - t0) : w.performance.now() - t0 > 30_000 ? reject(new Error('the drill list did not show within 30 s')) : w.requestAnimationFrame(tick);
    w.requestAnimationFrame(tick);
  });
}

export async function cockpitBench(browser: Browser, origin: string, token: string, period: { year: number; month: number }): Promise<Record<string, { figure: number | string; 'API ms': number | string }>> {
  const hash = `#/cockpit?year=${period.year}&month=${period.month}`;
  const ctx = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1440, height: 900 } });
  await ctx.addInitScript((t) => (globalThis as any).sessionStorage.setItem('zst.token', t), token);
  const page = await ctx.newPage();
  const open = async () => {
    await page.goto('about:blank');
    await page.goto(`${origin}/${hash}`);
    await page.waitForFunction(cockpitReady, undefined, { polling: 'raf', timeout: 60_000 });
    return page.evaluate(() => (globalThis as any).performance.now() as number);
  };
  try {
    const cold = await open();
    const warm: number[] = [];
    for (let i = 0; i < 3; i++) warm.push(await open());
    const drills: number[] = [];
    for (let i = 0; i < 3; i++) {
      drills.push(await page.evaluate(clickDrill, '.cards [data-indicator="signedInvestment"] [data-figure="ytd"]'));
      await page.locator('.el-drawer__close-btn').click();
      await page.locator('.el-drawer').waitFor({ state: 'hidden' });
    }
    const q = `year=${period.year}&month=${period.month}`;
    const apiMs = async (path: string) => {
      const t = performance.now();
      await call(origin, 'GET', path, token);
      return performance.now() - t;
    };
    const summaryMs = median([await apiMs(`/api/v1/reports/summary?${q}`), await apiMs(`/api/v1/reports/summary?${q}`), await apiMs(`/api/v1/reports/summary?${q}`)]);
    const seriesMs = median([await apiMs(`/api/v1/reports/series?year=${period.year}`), await apiMs(`/api/v1/reports/series?year=${period.year}`), await apiMs(`/api/v1/reports/series?year=${period.year}`)]);
    const drillPath = `/api/v1/reports/drill?${q}&figure=signedInvestment&span=ytd&page=1&pageSize=20`;
    const drillApi = median([await apiMs(drillPath), await apiMs(drillPath), await apiMs(drillPath)]);
    return {
      [`cockpit ${period.year}-${period.month} complete (data-ready), cold cache, ms`]: { figure: ms1(cold), 'API ms': `summary ${ms1(summaryMs)} / series ${ms1(seriesMs)}` },
      [`cockpit ${period.year}-${period.month} complete (data-ready), warm, median ms`]: { figure: ms1(median(warm)), 'API ms': '' },
      [`drill-down list (签约投资 ytd) shown, median of ${drills.length} ms`]: { figure: ms1(median(drills)), 'API ms': ms1(drillApi) },
    };
  } finally {
    await ctx.close();
  }
}
