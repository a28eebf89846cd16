/**
 * Authenticated reads under load (BENCH_ONLY=reads): the app with its demo
 * data in a child process (serve.ts), 50 keep-alive connections from this
 * process for a fixed time each (like `wrk -t2 -c50`), on SQLite and, when
 * reachable, PostgreSQL:
 *
 * - GET /api/v1/bench/constant: a fixed JSON behind the same middleware
 *   (helmet, pino-http at LOG_LEVEL), guard and filters, no database: the
 *   ceiling of this app on this machine;
 * - for reference, GET /api/v1/health (public, one SELECT 1) and
 *   GET /api/v1/auth/me (authenticated, one row read by id through TypeORM:
 *   the least an authenticated read from the database costs);
 * - GET /api/v1/projects?pageSize=50 and GET /api/v1/projects/:id as the
 *   demo manager (team scope).
 *
 * Targets: each read at ≥ 40 % of the constant route's rate, p99 < 100 ms.
 * BENCH_READS_SECONDS (10) per route, in BENCH_READS_ROUNDS (2) interleaved
 * turns, after BENCH_READS_WARMUP (2) seconds of warm-up per route,
 * BENCH_READS_CONNECTIONS (50), BENCH_READS_DB=sqlite|postgres for
 * one database, BENCH_LOG_LEVEL (info) the server's LOG_LEVEL, BENCH_PG_URL.
 * Prints figures; asserts nothing.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onScratchPostgres } from './scratch-postgres';
import { type BenchServer, call, load, type LoadResult, type LoadRun, login, SERVER_ENV, startServer, summarize } from './http-load';

const TARGETS = { ratio: 0.4, p99Ms: 100 };

interface Route {
  name: string;
  path: string;
  auth: boolean;
}

type Row = LoadResult & { ratio: number; cpuUs: number };

interface DbResult {
  label: string;
  rows: Record<string, Row>;
}

/**
 * Each route is loaded in `rounds` turns, interleaved with the others, and the
 * turns pooled: on a shared machine a burst of someone else's work then
 * spreads over every route instead of landing on one and skewing the ratios.
 * cpuUs: the server's CPU time (all its threads) per request, which other
 * load on the machine barely changes.
 */
async function runOn(label: string, server: BenchServer, o: { seconds: number; warmup: number; connections: number; rounds: number }): Promise<DbResult> {
  const origin = server.origin;
  const token = await login(origin, 'manager@demo.local', 'demo-pass-2026');
  const list = await call<{ items: { id: number }[]; total: number }>(origin, 'GET', '/api/v1/projects?pageSize=50', token);
  if (!list.items.length) throw new Error('the demo manager sees no project');
  // the demo's first project (signed and building, with milestones, funds and a credit code): the fullest detail
  const id = Math.min(...list.items.map((p) => p.id));
  const routes: Route[] = [
    { name: 'constant route', path: '/api/v1/bench/constant', auth: false },
    { name: 'GET /health', path: '/api/v1/health', auth: false },
    { name: 'GET /auth/me', path: '/api/v1/auth/me', auth: true },
    { name: 'GET /projects?pageSize=50', path: '/api/v1/projects?pageSize=50', auth: true },
    { name: `GET /projects/${id}`, path: `/api/v1/projects/${id}`, auth: true },
  ];
  const headers = (r: Route) => (r.auth ? { authorization: `Bearer ${token}` } : undefined);
  const runs = new Map<string, LoadRun[]>(routes.map((r) => [r.name, []]));
  const cpu = new Map<string, number>(routes.map((r) => [r.name, 0]));
  for (const r of routes) if (o.warmup > 0) await load(origin + r.path, { connections: o.connections, seconds: o.warmup, headers: headers(r) });
  for (let round = 0; round < o.rounds; round++) {
    for (const r of routes) {
      const c0 = server.cpuSeconds();
      runs.get(r.name)!.push(await load(origin + r.path, { connections: o.connections, seconds: o.seconds / o.rounds, headers: headers(r) }));
      cpu.set(r.name, cpu.get(r.name)! + server.cpuSeconds() - c0);
    }
  }
  const rows: DbResult['rows'] = {};
  const constant = summarize(runs.get('constant route')!).rps;
  for (const r of routes) {
    const res = summarize(runs.get(r.name)!);
    rows[r.name] = { ...res, ratio: +(res.rps / constant).toFixed(2), cpuUs: Math.round((cpu.get(r.name)! / res.requests) * 1e6) };
  }
  console.log(`\n${label}: demo data, manager@demo.local (team scope, ${list.total} projects), ${o.connections} connections, `
    + `${o.seconds} s per route in ${o.rounds} interleaved rounds after ${o.warmup} s warm-up, server LOG_LEVEL=${SERVER_ENV.LOG_LEVEL}; `
    + 'latency in ms, server CPU in µs per request, bytes = mean body');
  console.table(Object.fromEntries(Object.entries(rows).map(([k, v]) => [k, {
    'req/s': v.rps, 'ratio to constant': v.ratio, p50: v.p50, p99: v.p99, max: v.max, 'server CPU µs': v.cpuUs,
    requests: v.requests, 'non-2xx': v.non2xx, errors: v.errors, bytes: v.bytes,
  }])));
  return { label, rows };
}

/** `npm run bench` (BENCH_ONLY=reads). */
export async function readsBench(): Promise<void> {
  const seconds = Number(process.env.BENCH_READS_SECONDS ?? 10);
  const warmup = Number(process.env.BENCH_READS_WARMUP ?? 2);
  const connections = Number(process.env.BENCH_READS_CONNECTIONS ?? 50);
  const rounds = Math.max(1, Number(process.env.BENCH_READS_ROUNDS ?? 2));
  const o = { seconds, warmup, connections, rounds };
  const only = process.env.BENCH_READS_DB;
  const results: DbResult[] = [];

  if (only !== 'postgres') {
    const file = join(tmpdir(), `zs-reads-bench-${randomBytes(4).toString('hex')}.sqlite`);
    const server = await startServer({ DATABASE_PATH: file, DEMO_DATA: 'true' });
    try {
      results.push(await runOn('SQLite', server, o));
    } finally {
      await server.stop();
      for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
    }
  }

  if (only !== 'sqlite') {
    await onScratchPostgres('reads', async (url) => {
      const server = await startServer({ DATABASE_URL: url, DEMO_DATA: 'true' });
      try {
        results.push(await runOn('PostgreSQL', server, o));
      } finally {
        await server.stop();
      }
    });
  }

  if (!results.length) return;
  const mark = (ok: boolean) => (ok ? 'ok' : 'MISSED');
  console.log(`\nAuthenticated reads, both databases (targets: ≥ ${TARGETS.ratio * 100} % of the constant route's rate, p99 < ${TARGETS.p99Ms} ms at ${connections} connections)`);
  const table: Record<string, Record<string, string | number>> = {};
  for (const r of results) {
    const [constant, , , listRow, detailRow] = Object.entries(r.rows);
    for (const [name, v] of [listRow, detailRow]) {
      table[`${r.label}: ${name}`] = {
        'req/s': v.rps, 'constant req/s': constant[1].rps, ratio: v.ratio, 'ratio target': mark(v.ratio >= TARGETS.ratio),
        'p50 ms': v.p50, 'p99 ms': v.p99, 'p99 target': mark(v.p99 < TARGETS.p99Ms), 'server CPU µs': v.cpuUs, 'constant CPU µs': constant[1].cpuUs,
      };
    }
  }
  console.table(table);
}

if (require.main === module) {
  readsBench().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
