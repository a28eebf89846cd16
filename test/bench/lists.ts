/**
 * Big lists and the 台账 export (BENCH_ONLY=lists): one generated district of
 * 100,000 projects and 1,000,000 activities over ten years (generate.ts,
 * profile `history`) on SQLite, then the app on it in a child process
 * (serve.ts) and, over HTTP:
 *
 * - B: GET /api/v1/activities?pageSize=50 as the admin (whole district), and
 *   variants (a team manager, a kind, a date range, a deep page, one
 *   project's activities): sequential calls, p50 / p95 (target: p95 < 50 ms
 *   for the admin's first page);
 * - C: GET /api/v1/reports/projects.xlsx as the admin (every project): time
 *   to the response headers and to the first body byte, total time, size,
 *   and the server's memory growth (VmRSS sampled every 50 ms from /proc and
 *   VmHWM, the kernel's peak, reset just before; targets: first bytes
 *   within 1 s, the whole file within 15 s, growth < 100 MiB).
 *
 * BENCH_LISTS_PROJECTS (100,000; activities ×10), BENCH_LISTS_CALLS (30 per
 * variant), BENCH_LISTS_DB=sqlite|postgres|all (sqlite), BENCH_LISTS_FILE: a
 * SQLite file to keep and reuse (generated when missing; the app's pending
 * migrations run on it at boot), BENCH_LISTS_TRACE=1 prints the server's RSS
 * during the download, BENCH_PG_URL, BENCH_LOG_LEVEL (info).
 * Prints figures; asserts nothing.
 */
process.env.TZ = 'UTC';
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { existsSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { getDataSourceToken } from '@nestjs/typeorm';
import { onScratchPostgres } from './scratch-postgres';
import type { DataSource } from 'typeorm';
import { createApp } from '../../src/app.bootstrap';
import { hashPassword } from '../../src/users/passwords';
import { FixedClock } from '../../src/core/clock';
import { loadConfig } from '../../src/core/config/app-config';
import { generateDataset } from './generate';
import { type BenchServer, call, login, SERVER_ENV, startServer } from './http-load';

const TODAY = '2026-06-15';
const SEED = 20260615;
const MANAGER = { email: 'manager0@bench.local', password: 'bench-manager-password' };
const TARGETS = { activitiesP95Ms: 50, firstByteMs: 1000, exportSeconds: 15, growthMiB: 100 };

const ms1 = (ms: number) => +ms.toFixed(1);
const mib = (bytes: number) => +(bytes / 1048576).toFixed(1);
const secs = (ms: number) => +(ms / 1000).toFixed(2);

/** Fills a migrated, empty database with the district, and gives one team manager a password. */
async function generate(env: Record<string, string>, projects: number): Promise<number> {
  const config = loadConfig({
    NODE_ENV: 'test', JWT_SECRET: SERVER_ENV.JWT_SECRET, ADMIN_PASSWORD: SERVER_ENV.ADMIN_PASSWORD, DEMO_DATA: 'false', LOG_LEVEL: 'silent',
    WORKER: 'false', ...env,
  });
  const t0 = performance.now();
  const app = await createApp(config, { clock: new FixedClock(`${TODAY}T04:00:00Z`) });
  try {
    const ds = app.get<DataSource>(getDataSourceToken());
    const gen = await generateDataset(ds, {
      profile: 'history', projects, years: 10, today: TODAY, seed: SEED, activitiesPerProject: 10, transitionsPerProject: 3, fundsReportsPerSignedProject: 3,
    });
    const [q, p] = ds.driver.escapeQueryWithParameters('UPDATE users SET "passwordHash" = :h WHERE email = :e', { h: await hashPassword(MANAGER.password), e: MANAGER.email }, {});
    await ds.query(q, p);
    console.log(`  generated: ${Object.entries(gen.rows).map(([k, n]) => `${k} ${n.toLocaleString('en')}`).join(', ')}`);
  } finally {
    await app.close();
  }
  return performance.now() - t0;
}

interface Stats { n: number; p50: number; p95: number; max: number }

function stats(samples: number[]): Stats {
  const s = [...samples].sort((a, b) => a - b);
  const q = (f: number) => s[Math.min(s.length - 1, Math.floor(f * s.length))];
  return { n: s.length, p50: ms1(q(0.5)), p95: ms1(q(0.95)), max: ms1(s[s.length - 1]) };
}

async function timedGets(origin: string, path: string, token: string, calls: number): Promise<Stats & { total: number }> {
  let total = 0;
  for (let i = 0; i < 3; i++) total = (await call<{ total: number }>(origin, 'GET', path, token)).total;
  const ms: number[] = [];
  for (let i = 0; i < calls; i++) {
    const t = performance.now();
    await call(origin, 'GET', path, token);
    ms.push(performance.now() - t);
  }
  return { ...stats(ms), total };
}

interface Download {
  status: number;
  headersMs: number;
  firstByteMs: number;
  totalMs: number;
  bytes: number;
  /** the file ends with a zip's end-of-central-directory record */
  complete: boolean;
  rssBefore: number;
  /** the highest of the sampled VmRSS and VmHWM */
  rssPeak: number;
  peakFrom: string;
}

/** Downloads `path`, counting bytes (nothing kept), while sampling the server's memory. */
async function download(server: BenchServer, path: string, token: string): Promise<Download> {
  const hwmReset = server.resetPeak();
  const rssBefore = server.memory().rss;
  let sampled = rssBefore;
  const timeline: number[] = [];
  const sampler = setInterval(() => {
    const rss = server.memory().rss;
    sampled = Math.max(sampled, rss);
    timeline.push(rss);
  }, 50);
  const t0 = performance.now();
  try {
    const out = await new Promise<Omit<Download, 'rssBefore' | 'rssPeak' | 'peakFrom'>>((resolve, reject) => {
      const url = new URL(server.origin + path);
      const req = request({ host: url.hostname, port: url.port, path: url.pathname + url.search, headers: { authorization: `Bearer ${token}` } }, (res) => {
        const headersMs = performance.now() - t0;
        let firstByteMs = NaN;
        let bytes = 0;
        let tail = Buffer.alloc(0);
        res.on('data', (c: Buffer) => {
          if (!bytes) firstByteMs = performance.now() - t0;
          bytes += c.length;
          tail = Buffer.concat([tail, c]).subarray(-22);
        });
        res.on('end', () => resolve({
          status: res.statusCode!, headersMs, firstByteMs, totalMs: performance.now() - t0, bytes,
          complete: tail.length === 22 && tail.readUInt32LE(0) === 0x06054b50,
        }));
        res.on('error', reject);
        res.on('aborted', () => reject(new Error(`the server aborted the download after ${bytes} bytes`)));
      });
      req.on('error', reject);
      req.end();
    });
    clearInterval(sampler);
    if (process.env.BENCH_LISTS_TRACE) console.log(`  server RSS every 0.5 s (MiB): ${timeline.filter((_, i) => i % 10 === 0).map(mib).join(' ')}`);
    const m = server.memory();
    sampled = Math.max(sampled, m.rss);
    const hwm = hwmReset ? m.hwm : 0;
    return { ...out, rssBefore, rssPeak: Math.max(sampled, hwm), peakFrom: hwm > sampled ? 'VmHWM' : 'VmRSS samples' };
  } finally {
    clearInterval(sampler);
  }
}

interface DbResult {
  label: string;
  activities: Stats;
  exportRow: Download;
}

async function runOn(label: string, env: Record<string, string>, projects: number, calls: number, reuse: boolean): Promise<DbResult> {
  console.log(`\n${label}: ${projects.toLocaleString('en')} projects, ${(projects * 10).toLocaleString('en')} activities, ten years to ${TODAY}`);
  if (!reuse) console.log(`  boot + migrations + generation: ${secs(await generate(env, projects))} s`);
  else console.log(`  reusing ${env.DATABASE_PATH}`);
  if (env.DATABASE_PATH) console.log(`  database file: ${mib(statSync(env.DATABASE_PATH).size)} MiB`);
  const t0 = performance.now();
  const server = await startServer({ ...env, DEMO_DATA: 'false' });
  try {
    console.log(`  server boot (pending migrations included): ${secs(performance.now() - t0)} s, RSS ${mib(server.memory().rss)} MiB`);
    const admin = await login(server.origin, 'admin@zhaoshang.local', SERVER_ENV.ADMIN_PASSWORD);
    const manager = await login(server.origin, MANAGER.email, MANAGER.password);
    const { items } = await call<{ items: { id: number }[] }>(server.origin, 'GET', '/api/v1/projects?pageSize=1', admin);
    const projectId = items[0].id - Math.floor(projects / 2); // the newest project is first

    // B: the activities list
    const variants: [string, string, string][] = [
      ['admin: first page', '/api/v1/activities?pageSize=50', admin],
      ['admin: page 100', '/api/v1/activities?pageSize=50&page=100', admin],
      ['admin: kind=reception', '/api/v1/activities?pageSize=50&kind=reception', admin],
      ['admin: one quarter', '/api/v1/activities?pageSize=50&from=2026-01-01&to=2026-03-31', admin],
      ['admin: leaderLed', '/api/v1/activities?pageSize=50&leaderLed=true', admin],
      ['manager (team scope): first page', '/api/v1/activities?pageSize=50', manager],
      ['admin: one project', `/api/v1/projects/${projectId}/activities?pageSize=50`, admin],
    ];
    const rows: Record<string, Stats & { total: number }> = {};
    for (const [name, path, token] of variants) rows[name] = await timedGets(server.origin, path, token, calls);
    console.log(`\n${label}: GET /activities, ${calls} sequential calls each after 3 warm-up, latency in ms (target: admin first page p95 < ${TARGETS.activitiesP95Ms} ms)`);
    console.table(rows);

    // C: the ledger export
    const exportRow = await download(server, '/api/v1/reports/projects.xlsx', admin);
    if (exportRow.status !== 200) throw new Error(`GET /reports/projects.xlsx → ${exportRow.status}`);
    console.log(`\n${label}: GET /reports/projects.xlsx as the admin (every project)`);
    console.table({
      'projects.xlsx': {
        'headers ms': ms1(exportRow.headersMs), 'first byte ms': ms1(exportRow.firstByteMs), 'total s': secs(exportRow.totalMs), MiB: mib(exportRow.bytes),
        complete: exportRow.complete, 'RSS before MiB': mib(exportRow.rssBefore), 'RSS peak MiB': mib(exportRow.rssPeak),
        'growth MiB': mib(exportRow.rssPeak - exportRow.rssBefore), 'peak from': exportRow.peakFrom,
      },
    });
    return { label, activities: rows['admin: first page'], exportRow };
  } finally {
    await server.stop();
  }
}

/** `npm run bench` (BENCH_ONLY=lists). */
export async function listsBench(): Promise<void> {
  const projects = Number(process.env.BENCH_LISTS_PROJECTS ?? 100_000);
  const calls = Number(process.env.BENCH_LISTS_CALLS ?? 30);
  const which = process.env.BENCH_LISTS_DB ?? 'sqlite';
  const results: DbResult[] = [];

  if (which === 'sqlite' || which === 'all') {
    const keep = process.env.BENCH_LISTS_FILE;
    const file = keep ?? join(tmpdir(), `zs-lists-bench-${randomBytes(4).toString('hex')}.sqlite`);
    const reuse = !!keep && existsSync(file);
    try {
      results.push(await runOn('SQLite', { DATABASE_PATH: file }, projects, calls, reuse));
    } finally {
      if (!keep) for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
    }
  }

  if (which === 'postgres' || which === 'all') {
    await onScratchPostgres('lists', async (url) => {
      results.push(await runOn('PostgreSQL', { DATABASE_URL: url }, projects, calls, false));
    });
  }

  if (!results.length) return;
  const mark = (ok: boolean) => (ok ? 'ok' : 'MISSED');
  console.log(`\nLists and export, ${projects.toLocaleString('en')} projects (targets: GET /activities p95 < ${TARGETS.activitiesP95Ms} ms; `
    + `export first byte < ${TARGETS.firstByteMs} ms, whole file < ${TARGETS.exportSeconds} s, server growth < ${TARGETS.growthMiB} MiB)`);
  console.table(Object.fromEntries(results.map((r) => {
    const e = r.exportRow;
    const growth = mib(e.rssPeak - e.rssBefore);
    return [r.label, {
      'activities p50 ms': r.activities.p50, 'activities p95 ms': r.activities.p95, 'p95 target': mark(r.activities.p95 < TARGETS.activitiesP95Ms),
      'export first byte ms': ms1(e.firstByteMs), 'first byte target': mark(e.firstByteMs < TARGETS.firstByteMs),
      'export total s': secs(e.totalMs), 'total target': mark(e.totalMs < TARGETS.exportSeconds * 1000),
      'growth MiB': growth, 'growth target': mark(growth < TARGETS.growthMiB),
    }];
  })));
}

if (require.main === module) {
  listsBench().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
