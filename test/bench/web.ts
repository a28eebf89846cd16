/**
 * The web UI's speed (BENCH_ONLY=web): 100,000 projects (generate.ts, profile `history`) on SQLite, the
 * app with the built web/dist in a child process (serve.ts), one headless Debian Chromium over loopback,
 * signed in as the admin (the whole district). Prints, beside the API's own time for the same calls:
 *
 * - first load: JS + CSS bytes transferred (gzip as served) for the login page, and for opening
 *   #/projects signed in with an empty cache (target ≤ 400 KB);
 * - time from navigation to the project list showing its rows and no loading mask, cold cache and
 *   warm (target ≤ 1.5 s);
 * - a filter change (type a keyword / pick a stage, press 搜索 → the table shows the new rows),
 *   ~30 changes, median and p95 (target p95 ≤ 300 ms), timed in the page from the click to the
 *   frame the rows are there; and GET /projects with the same query from Node.
 *
 * - 领导驾驶舱 (web-cockpit.ts): complete (every chart drawn) for a late month of last year, cold and warm
 *   (target ≤ 2 s), and a drill-down list opened from a figure (target ≤ 1 s).
 *
 * BENCH_WEB_PROJECTS (100,000), BENCH_WEB_CHANGES (30), BENCH_WEB_FILE: a SQLite file to keep and reuse
 * (generated when missing), CHROMIUM (/usr/bin/chromium). Needs web/dist (`npm run build:web`).
 * Prints figures; asserts nothing.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { getDataSourceToken } from '@nestjs/typeorm';
import { type Browser, chromium, type Page } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { createApp } from '../../src/app.bootstrap';
import { webDistDir } from '../../src/app.web';
import { FixedClock } from '../../src/core/clock';
import { loadConfig } from '../../src/core/config/app-config';
import { generateDataset } from './generate';
import { call, login, SERVER_ENV, startServer } from './http-load';
import { COCKPIT_TARGETS, cockpitBench } from './web-cockpit';

const TODAY = '2026-06-15';
const SEED = 20260615;
const ADMIN_EMAIL = 'admin@zhaoshang.local';
const TARGETS = { firstLoadKB: 400, interactiveMs: 1500, filterP95Ms: 300 };
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
/** STACK.md's flags (the same as test/helpers/browser.ts). */
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

const ms1 = (ms: number) => +ms.toFixed(1);
const kb = (bytes: number) => +(bytes / 1024).toFixed(1);

function quantiles(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const q = (f: number) => s[Math.min(s.length - 1, Math.floor(f * s.length))];
  return { n: s.length, p50: ms1(q(0.5)), p95: ms1(q(0.95)), max: ms1(s[s.length - 1]) };
}

async function generate(file: string, projects: number): Promise<void> {
  const config = loadConfig({
    NODE_ENV: 'test', JWT_SECRET: SERVER_ENV.JWT_SECRET, ADMIN_PASSWORD: SERVER_ENV.ADMIN_PASSWORD, DEMO_DATA: 'false', LOG_LEVEL: 'silent',
    WORKER: 'false', DATABASE_PATH: file,
  });
  const t0 = performance.now();
  const app = await createApp(config, { clock: new FixedClock(`${TODAY}T04:00:00Z`) });
  try {
    const ds = app.get<DataSource>(getDataSourceToken());
    const gen = await generateDataset(ds, { profile: 'history', projects, years: 10, today: TODAY, seed: SEED, activitiesPerProject: 2, transitionsPerProject: 3, fundsReportsPerSignedProject: 1 });
    console.log(`  generated in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${Object.entries(gen.rows).map(([k, n]) => `${k} ${n.toLocaleString('en')}`).join(', ')}`);
  } finally {
    await app.close();
  }
}

// In-page code: this project compiles without the DOM's types, so the page's globals are `any` here.
/** The table shows rows and no loading mask. */
function rowsShown(): boolean {
  const w = globalThis as any;
  const rows = w.document.querySelectorAll('.el-table__body-wrapper tr.el-table__row');
  const masks = [...w.document.querySelectorAll('.el-table .el-loading-mask')].filter((m: any) => w.getComputedStyle(m).display !== 'none');
  return rows.length > 0 && masks.length === 0;
}

/**
 * Clicks 搜索 and resolves with [click time, time of the first frame where the table shows `first` as its
 * first name, `total` in 共 … 个项目, and no loading mask] (performance.now() in the page).
 */
function clickAndWatch([first, total]: [string, number]): Promise<[number, number, number]> {
  const w = globalThis as any;
  let rowsAt = 0;
  const ok = () => {
    // the 项目名称 cell (a link; a manager's table starts with a selection column)
    const cell = w.document.querySelector('.el-table__body-wrapper tr.el-table__row a.link');
    const rows = !!cell && cell.textContent.trim() === first && w.document.body.textContent.includes(`共 ${total} 个项目`);
    if (rows && !rowsAt) rowsAt = w.performance.now();
    const masks = [...w.document.querySelectorAll('.el-table .el-loading-mask')].filter((m: any) => w.getComputedStyle(m).display !== 'none');
    return rows && masks.length === 0;
  };
  return new Promise((resolve, reject) => {
    const t0 = w.performance.now();
    w.document.querySelector('button[type=submit]').click();
    const tick = () =>
      ok() ? resolve([t0, w.performance.now(), rowsAt])
      : w.performance.now() - t0 > 30_000 ? reject(new Error(`the table did not show ${first} (共 ${total} 个项目) within 30 s`))
      : w.requestAnimationFrame(tick);
    w.requestAnimationFrame(tick);
  });
}

interface Change {
  label: string;
  /** query string of GET /api/v1/projects the UI sends for it (page 1, 20 a page) */
  query: string;
  apply: (page: Page) => Promise<void>;
}

async function typeKeyword(page: Page, q: string) {
  const input = page.locator('.el-form-item').filter({ has: page.locator('.el-form-item__label', { hasText: /^\s*关键字\s*$/ }) }).getByRole('textbox');
  await input.fill(q);
}

async function toggleStage(page: Page, label: string) {
  const item = page.locator('.el-form-item').filter({ has: page.locator('.el-form-item__label', { hasText: /^\s*阶段\s*$/ }) });
  await item.locator('.el-select__wrapper').click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: new RegExp(`^\\s*${label}\\s*$`) }).click();
  await page.keyboard.press('Escape');
}

export async function webBench(): Promise<void> {
  if (!webDistDir()) throw new Error('BENCH_ONLY=web needs the built UI: run `npm run build:web` first (web/dist/index.html is missing)');
  if (!existsSync(CHROMIUM)) throw new Error(`BENCH_ONLY=web needs Chromium at ${CHROMIUM} (apt-get install -y chromium fonts-noto-cjk)`);
  const projects = Number(process.env.BENCH_WEB_PROJECTS ?? 100_000);
  const changesWanted = Number(process.env.BENCH_WEB_CHANGES ?? 30);
  const keep = process.env.BENCH_WEB_FILE;
  const file = keep ?? join(tmpdir(), `zs-bench-web-${randomBytes(4).toString('hex')}.sqlite`);
  console.log(`\nweb UI: ${projects.toLocaleString('en')} projects on SQLite, headless Chromium over loopback, signed in as the admin`);
  if (!keep || !existsSync(file)) await generate(file, projects);
  else console.log(`  reusing ${file}`);
  console.log(`  database file: ${(statSync(file).size / 1048576).toFixed(1)} MiB`);

  const server = await startServer({ DATABASE_PATH: file, DEMO_DATA: 'false', LOG_LEVEL: 'warn' });
  let browser: Browser | undefined;
  try {
    const origin = server.origin;
    const token = await login(origin, ADMIN_EMAIL, SERVER_ENV.ADMIN_PASSWORD);
    const apiList = async (query: string) => call<{ total: number; items: { name: string }[] }>(origin, 'GET', `/api/v1/projects?${query}`, token);
    const apiTime = async (query: string) => {
      const t = performance.now();
      await apiList(query);
      return performance.now() - t;
    };
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, headless: true });

    // 1. first load: the login page, then #/projects signed in, each in an empty cache
    const loginCtx = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1440, height: 900 } });
    const loginPage = await loginCtx.newPage();
    const loginBytes = await transferred(loginPage, async () => {
      await loginPage.goto(`${origin}/#/login`);
      await loginPage.getByRole('button', { name: '登录' }).waitFor();
      await loginPage.waitForLoadState('networkidle');
    });
    await loginCtx.close();

    const ctx = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1440, height: 900 } });
    await ctx.addInitScript((t) => (globalThis as any).sessionStorage.setItem('zst.token', t), token);
    const page = await ctx.newPage();
    let listCall = '';
    page.on('request', (r) => {
      if (r.url().includes('/api/v1/projects?')) listCall = new URL(r.url()).search.slice(1);
    });
    const open = async () => {
      await page.goto('about:blank');
      await page.goto(`${origin}/#/projects`);
      await page.waitForFunction(rowsShown, undefined, { polling: 'raf', timeout: 30_000 });
      return page.evaluate(() => (globalThis as any).performance.now() as number); // ms since this navigation started
    };
    const trace: Record<string, { 'start ms': number; 'ms': number; KB: number }> = {};
    const traced: Promise<void>[] = [];
    let firstStart = 0;
    const traceReq = (r: import('playwright-core').Request) => {
      const t = r.timing();
      if (!firstStart || t.startTime < firstStart) firstStart = t.startTime;
      traced.push(r.sizes().then((z) => {
        trace[`${r.method()} ${r.url().replace(origin, '').slice(0, 70)}`] = { 'start ms': t.startTime, ms: ms1(t.responseEnd), KB: kb(z.responseBodySize) };
      }));
    };
    if (process.env.BENCH_WEB_TRACE) page.on('requestfinished', traceReq);
    let coldMs = 0;
    const listBytes = await transferred(page, async () => {
      coldMs = await open();
      await page.waitForLoadState('networkidle');
    });
    if (process.env.BENCH_WEB_TRACE) {
      page.off('requestfinished', traceReq);
      await Promise.all(traced);
      for (const v of Object.values(trace)) v['start ms'] = ms1(v['start ms'] - firstStart);
      console.log(`  requests of the cold open (start ms from the first request; ms = request to response end):`);
      console.table(trace);
    }
    const warm: number[] = [];
    for (let i = 0; i < 5; i++) warm.push(await open());
    const firstListQuery = listCall;
    const firstApi: number[] = [];
    for (let i = 0; i < 10; i++) firstApi.push(await apiTime(firstListQuery));

    // 2. filter changes: keywords of 2, 3 and 5 digits (thousands, hundreds, a dozen rows) and stages
    const stages = ['洽谈', '签约', '开工建设', '投产', '暂缓'];
    const codes: Record<string, string> = { 洽谈: 'negotiation', 签约: 'signed', 开工建设: 'construction', 投产: 'production', 暂缓: 'on_hold' };
    const changes: Change[] = [];
    let keywords = 0;
    for (let i = 0; changes.length < changesWanted; i++) {
      const prevStage = changes.length ? /^stage (.+)$/.exec(changes[changes.length - 1].label)?.[1] : undefined;
      if (i % 3 === 2) {
        const label = stages[Math.floor(i / 3) % stages.length];
        changes.push({
          label: `stage ${label}`,
          query: `stage=${codes[label]}`,
          apply: async (p) => {
            await typeKeyword(p, '');
            await toggleStage(p, label);
          },
        });
      } else {
        const digits = [2, 3, 5][keywords++ % 3];
        const n = String(10 ** (digits - 1) + ((i * 7919) % (9 * 10 ** (digits - 1))));
        const q = `基准项目${n}`;
        changes.push({
          label: `keyword ${q}`,
          query: `q=${encodeURIComponent(q)}`,
          apply: async (p) => {
            if (prevStage) await toggleStage(p, prevStage);
            await typeKeyword(p, q);
          },
        });
      }
    }
    const uiMs: number[] = [];
    const rowsMs: number[] = [];
    const sentQueries: string[] = [];
    const perChange: Record<string, { 'UI ms': number; 'rows in ms': number; 'API ms': number; rows: number }> = {};
    let shown = '';
    for (const c of changes) {
      await c.apply(page);
      const expected = await apiList(`${c.query}&page=1&pageSize=20`);
      const first = expected.items[0]?.name ?? '';
      // the table must change for the watch to mean anything: skip a change that would show the same rows
      if (!first || `${first}|${expected.total}` === shown) continue;
      shown = `${first}|${expected.total}`;
      const [t0, t1, rowsAt] = await page.evaluate(clickAndWatch, [first, expected.total] as [string, number]);
      rowsMs.push(rowsAt - t0);
      uiMs.push(t1 - t0);
      sentQueries.push(listCall);
      perChange[`${uiMs.length}. ${c.label}`] = { 'UI ms': ms1(t1 - t0), 'rows in ms': ms1(rowsAt - t0), 'API ms': 0, rows: expected.total };
    }
    const changeApi: number[] = [];
    for (const [i, q] of sentQueries.entries()) {
      const ms = await apiTime(q);
      changeApi.push(ms);
      perChange[Object.keys(perChange)[i]]['API ms'] = ms1(ms);
    }
    await ctx.close();

    // 3. 领导驾驶舱 for a late month of the last full year (web-cockpit.ts)
    const cockpit = await cockpitBench(browser, origin, token, { year: Number(TODAY.slice(0, 4)) - 1, month: 11 });

    if (process.env.BENCH_WEB_TRACE) console.table(perChange);
    const ui = quantiles(uiMs);
    const rq = quantiles(rowsMs);
    const api = quantiles(changeApi);
    const fa = quantiles(firstApi);
    const w = quantiles(warm);
    console.log(`\nweb UI: ${projects.toLocaleString('en')} projects; targets: first load ≤ ${TARGETS.firstLoadKB} KB JS+CSS (gzip), list interactive ≤ ${TARGETS.interactiveMs} ms, filter change p95 ≤ ${TARGETS.filterP95Ms} ms`);
    console.table({
      'first load: login page, JS+CSS KB (gzip)': { figure: kb(loginBytes.jsCss), files: loginBytes.files, 'API ms': '' },
      'first load: #/projects signed in, JS+CSS KB (gzip)': { figure: kb(listBytes.jsCss), files: listBytes.files, 'API ms': '' },
      'list interactive (rows, no loading mask), cold cache, ms': { figure: ms1(coldMs), files: '', 'API ms': `p50 ${fa.p50}` },
      'list interactive (rows, no loading mask), warm cache, median ms': { figure: w.p50, files: '', 'API ms': `p50 ${fa.p50} / p95 ${fa.p95}` },
      [`filter change (${ui.n}) → new rows, p50 ms`]: { figure: rq.p50, files: '', 'API ms': api.p50 },
      [`filter change (${ui.n}) → new rows, p95 ms`]: { figure: rq.p95, files: '', 'API ms': api.p95 },
      [`filter change (${ui.n}) → rows + mask gone, p50 ms`]: { figure: ui.p50, files: '', 'API ms': api.p50 },
      [`filter change (${ui.n}) → rows + mask gone, p95 ms`]: { figure: ui.p95, files: '', 'API ms': api.p95 },
      [`filter change (${ui.n}) → rows + mask gone, max ms`]: { figure: ui.max, files: '', 'API ms': api.max },
    });
    console.log(`领导驾驶舱: targets: complete (every chart drawn) ≤ ${COCKPIT_TARGETS.completeMs} ms, a drill-down list ≤ ${COCKPIT_TARGETS.drillMs} ms`);
    console.table(cockpit);
    console.log(`  load average during the run: ${loadavg().map((x) => x.toFixed(2)).join(' ')} on ${cpus().length} cores (other work on the machine slows the browser first)`);
    console.log(`  list call the UI sends: GET /api/v1/projects?${decodeURIComponent(firstListQuery)}; API ms = the same GET from Node, sequential, after the UI's`);
  } finally {
    await browser?.close();
    await server.stop();
    if (!keep) for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  }
}

/** Bytes of JS and CSS transferred (encoded body, i.e. gzip as served, plus headers) while `fn` runs. */
async function transferred(page: Page, fn: () => Promise<void>): Promise<{ jsCss: number; all: number; files: number }> {
  const seen: Promise<{ isJsCss: boolean; bytes: number }>[] = [];
  const onFinished = (r: import('playwright-core').Request) => {
    const isJsCss = ['script', 'stylesheet'].includes(r.resourceType()) || /\.(m?js|css)(\?|$)/.test(r.url());
    seen.push(r.sizes().then((s) => ({ isJsCss, bytes: s.responseBodySize + s.responseHeadersSize })));
  };
  page.on('requestfinished', onFinished);
  try {
    await fn();
  } finally {
    page.off('requestfinished', onFinished);
  }
  const all = await Promise.all(seen);
  const jsCss = all.filter((x) => x.isJsCss);
  return { jsCss: jsCss.reduce((a, x) => a + x.bytes, 0), all: all.reduce((a, x) => a + x.bytes, 0), files: jsCss.length };
}
