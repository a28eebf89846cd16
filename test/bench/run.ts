/**
 * `npm run bench`: eight benchmarks, all by default; BENCH_ONLY=http, reads,
 * digest, reports, drill, lists, web or imports runs one.
 * - http: boots the app on a fresh SQLite file (and on a fresh PostgreSQL
 *   database when BENCH_PG_URL or the local server is reachable), loads a
 *   ledger of projects through the API and prints latency figures.
 * - digest (./digest.ts): the reminder rules over 100,000 projects and
 *   1,000,000 activities on SQLite: evaluation time, peak memory, query plans.
 * - reports (./reports.ts): ten years of 100,000 projects, 300,000
 *   transitions and 1,000,000 activities (./generate.ts) on SQLite and
 *   PostgreSQL: the summary over HTTP and against hand-written SQL, one
 *   month's rollup, a ten-year recompute, the statements they send.
 * - reads (./reads.ts): authenticated reads of the demo data under load (50
 *   connections) against a constant route of the same app, SQLite and
 *   PostgreSQL, the app in a child process (./serve.ts).
 * - drill (./drill.ts): GET /reports/drill for every kind of figure and GET
 *   /reports/series over the reports bench's 100,000 projects, both databases.
 * - lists (./lists.ts): GET /activities and the 台账 export over 100,000
 *   projects and 1,000,000 activities on SQLite: latency, time to first
 *   byte, the server's memory growth.
 * - web (./web.ts): the built web UI over 100,000 projects in headless
 *   Chromium: JS+CSS bytes of the first load, time until the project list
 *   shows its rows, a filter change's p50/p95, beside the API's own times.
 * - imports (./imports.ts): a 100,000-row ledger with its funds sheet
 *   imported into an empty install, SQLite and PostgreSQL: dry run and
 *   commit seconds and rows/s, the app's peak RSS, GET /projects p95 while
 *   the commit runs.
 * Prints numbers; asserts nothing (speed targets live here, not in tests).
 */
process.env.TZ = 'UTC';
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createApp } from '../../src/app.bootstrap';
import { loadConfig } from '../../src/core/config/app-config';
import { digestBench } from './digest';
import { drillBench } from './drill';
import { importsBench } from './imports';
import { listsBench } from './lists';
import { readsBench } from './reads';
import { onScratchPostgres } from './scratch-postgres';
import { reportsBench } from './reports';
import { webBench } from './web';

const PROJECTS = Number(process.env.BENCH_PROJECTS ?? 2000);

type Stats = { n: number; p50: number; p95: number; max: number; perSec: number };

function stats(samples: number[], wallMs: number): Stats {
  const s = [...samples].sort((a, b) => a - b);
  const q = (f: number) => s[Math.min(s.length - 1, Math.floor(f * s.length))];
  return { n: s.length, p50: +q(0.5).toFixed(2), p95: +q(0.95).toFixed(2), max: +s[s.length - 1].toFixed(2), perSec: +((s.length / wallMs) * 1000).toFixed(1) };
}

async function timedRun(n: number, concurrency: number, fn: (i: number) => Promise<void>): Promise<Stats> {
  const samples: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        const i = next++;
        const s = performance.now();
        await fn(i);
        samples.push(performance.now() - s);
      }
    }),
  );
  return stats(samples, performance.now() - t0);
}

async function bench(label: string, env: Record<string, string>) {
  const config = loadConfig({ NODE_ENV: 'test', JWT_SECRET: 'bench-'.padEnd(40, 'x'), ADMIN_PASSWORD: 'bench-password', DEMO_DATA: 'false', LOG_LEVEL: 'silent', LOGIN_MAX_FAILURES: '100000', LOGIN_MAX_FAILURES_PER_ACCOUNT: '100000', ...env });
  const app = await createApp(config);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  const base = `http://127.0.0.1:${port}/api/v1`;
  const call = async (method: string, path: string, token: string | null, body?: unknown) => {
    const r = await fetch(base + path, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await r.json()) as Record<string, unknown>;
    if (r.status >= 400) throw new Error(`${method} ${path} → ${r.status} ${JSON.stringify(json)}`);
    return json;
  };
  try {
    const admin = (await call('POST', '/auth/login', null, { email: config.adminEmail, password: 'bench-password' })).accessToken as string;
    const team = (await call('POST', '/teams', admin, { name: 'bench team' })).id as number;
    await call('POST', '/users', admin, { email: 'officer@bench.local', name: 'officer', password: 'bench-password', role: 'officer', teamId: team });
    const officer = (await call('POST', '/auth/login', null, { email: 'officer@bench.local', password: 'bench-password' })).accessToken as string;
    const chains = ['new_energy_storage', 'new_materials', 'electronics', 'biomedicine', 'food_agri', 'smart_equipment'];
    const ids: number[] = [];
    const create = await timedRun(PROJECTS, 8, async (i) => {
      const c = (await call('POST', '/companies', officer, { name: `基准企业${i}有限公司` })).id as number;
      const p = await call('POST', '/projects', officer, { name: `基准项目${i}`, companyId: c, industryChain: chains[i % 6], plannedInvestment: 1000 + i * 0.0001 });
      ids.push(p.id as number);
    });
    const moves = await timedRun(Math.floor(PROJECTS / 2), 8, async (i) => {
      const id = ids[i];
      await call('POST', `/projects/${id}/transitions`, officer, { to: 'signed', version: 1, signedOn: '2026-01-15', contractInvestment: 500 + i, agreementType: 'investment' });
    });
    const activities = await timedRun(PROJECTS, 8, async (i) => {
      await call('POST', `/projects/${ids[i]}/activities`, officer, { kind: 'visit_out', occurredOn: '2026-02-01', summary: 'bench' });
    });
    const lists = await timedRun(200, 4, async (i) => {
      const qs = ['?pageSize=50', '?stage=signed&pageSize=50', `?industryChain=${chains[i % 6]}&sort=plannedInvestment:desc`, '?light=red,yellow', '?q=项目1'][i % 5];
      await call('GET', `/projects${qs}`, officer);
    });
    const details = await timedRun(300, 4, async (i) => {
      await call('GET', `/projects/${ids[(i * 7) % ids.length]}`, officer);
    });
    const rows = { 'create company+project': create, 'transition to signed': moves, 'log activity': activities, 'list projects (filters)': lists, 'project detail': details };
    console.log(`\n${label}: ${PROJECTS} projects, latency in ms, 8 writers / 4 readers`);
    console.table(rows);
  } finally {
    await app.close();
  }
}

async function main() {
  const only = process.env.BENCH_ONLY;
  const parts = ['http', 'reads', 'digest', 'reports', 'drill', 'lists', 'web', 'imports'];
  if (only && !parts.includes(only)) throw new Error(`BENCH_ONLY must be one of ${parts.join(', ')}, not ${only}`);
  if (!only || only === 'http') await httpBench();
  if (!only || only === 'reads') await readsBench();
  if (!only || only === 'digest') await digestBench();
  if (!only || only === 'reports') await reportsBench();
  if (!only || only === 'drill') await drillBench();
  if (!only || only === 'lists') await listsBench();
  if (!only || only === 'web') await webBench();
  if (!only || only === 'imports') await importsBench();
}

async function httpBench() {
  const file = join(tmpdir(), `zs-bench-${randomBytes(4).toString('hex')}.sqlite`);
  try {
    await bench('SQLite (embedded default)', { DATABASE_PATH: file });
  } finally {
    for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  }
  await onScratchPostgres('http', (url) => bench('PostgreSQL', { DATABASE_URL: url }));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
