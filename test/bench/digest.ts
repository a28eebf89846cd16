/**
 * Digest benchmark (issue 3, "Benchmark"): the reminder rules over a district
 * of 100,000 projects and 1,000,000 activities on SQLite.
 *
 * 1. Boots the app on a fresh SQLite file (migrations run) and bulk-loads
 *    teams, users, companies, projects, activities and milestones with
 *    generate.ts (profile `recent`: raw multi-row INSERTs in a few big
 *    transactions; the API would take hours). The data is generated with a
 *    fixed seed so that every rule fires for a few per cent of the projects;
 *    `projects.lastActivityOn` is the latest activity's `occurredOn`, as the
 *    API keeps it.
 * 2. Runs `ReminderRulesService.digests(today)` in a fresh child process
 *    booted on that file, as the daily job would: the child's peak RSS is the
 *    job's, not the loader's. It records every SQL statement the service
 *    sends (a TypeORM `beforeQuery` subscriber, so the text and parameters
 *    are exactly the service's) and prints `EXPLAIN QUERY PLAN` for each.
 *
 * Prints figures; asserts nothing. BENCH_DIGEST_PROJECTS scales the data
 * (activities ×10, milestones ×2).
 */
process.env.TZ = 'UTC';
import 'reflect-metadata';
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { createApp } from '../../src/app.bootstrap';
import { loadConfig } from '../../src/core/config/app-config';
import { type Digest, ReminderRulesService } from '../../src/reminders/reminder-rules.service';
import { generateDataset } from './generate';

const TODAY = '2026-06-01';
const SEED = 20260601;

const mib = (bytes: number) => +(bytes / 1048576).toFixed(1);
const secs = (ms: number) => +(ms / 1000).toFixed(2);

function appConfig(dbPath: string) {
  return loadConfig({
    NODE_ENV: 'test', JWT_SECRET: 'bench-'.padEnd(40, 'x'), ADMIN_PASSWORD: 'bench-password',
    DEMO_DATA: 'false', LOG_LEVEL: 'silent', WORKER: 'false', DATABASE_PATH: dbPath,
  });
}

export interface LoadResult {
  seconds: Record<string, number>;
  rows: Record<string, number>;
}

/**
 * Bulk-loads the district into a migrated, empty database: generate.ts's
 * `recent` profile (20 teams of a manager and 10 officers, 10 activities and
 * 0-4 milestones per project), the same rows as this bench always loaded.
 */
export async function loadDistrict(ds: DataSource, projectCount: number): Promise<LoadResult> {
  const { seconds, rows } = await generateDataset(ds, {
    profile: 'recent', projects: projectCount, today: TODAY, seed: SEED, activitiesPerProject: 10, milestonesPerProject: 2,
    teams: 20, officersPerTeam: 10, inactiveOfficers: 2, analyze: process.env.BENCH_DIGEST_ANALYZE === '1',
  });
  return { seconds, rows };
}

interface EvalReport {
  bootSeconds: number;
  runs: number[];
  digests: number;
  recipientsWithTeam: number;
  items: Record<string, number>;
  rssBeforeMiB: number;
  peakRssMiB: number;
  peakHeapUsedMiB: number;
  maxRssMiB: number;
  plans: { sql: string; ms: number; rows: number; plan: string[] }[];
}

/** Child process: boot on the loaded file, time the digest run, explain its queries. */
async function evaluate(dbPath: string, today: string, runs: number): Promise<EvalReport> {
  const t0 = performance.now();
  const app = await createApp(appConfig(dbPath));
  const bootSeconds = secs(performance.now() - t0);
  try {
    const ds = app.get<DataSource>(getDataSourceToken());
    const rules = app.get(ReminderRulesService);
    const captured = new Map<string, unknown[]>();
    let capturing = false;
    ds.subscribers.push({
      beforeQuery(e: { query: string; parameters?: unknown[] }) {
        if (capturing && !captured.has(e.query)) captured.set(e.query, e.parameters ?? []);
      },
    } as never);

    const rssBefore = process.memoryUsage().rss;
    let peakRss = rssBefore;
    let peakHeap = process.memoryUsage().heapUsed;
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      if (m.rss > peakRss) peakRss = m.rss;
      if (m.heapUsed > peakHeap) peakHeap = m.heapUsed;
    }, 20);
    const times: number[] = [];
    let digests = new Map<number, Digest>();
    try {
      for (let i = 0; i < runs; i++) {
        capturing = i === 0;
        const t = performance.now();
        digests = await rules.digests(today);
        times.push(secs(performance.now() - t));
      }
    } finally {
      clearInterval(sampler);
      capturing = false;
    }
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);

    const items: Record<string, number> = {};
    let withTeam = 0;
    for (const d of digests.values()) {
      for (const i of d.own) items[i.kind] = (items[i.kind] ?? 0) + 1;
      for (const i of d.team) items[`team_light (${i.light})`] = (items[`team_light (${i.light})`] ?? 0) + 1;
      if (d.team.length) withTeam++;
    }

    const plans: EvalReport['plans'] = [];
    for (const [sql, params] of captured) {
      const rows = (await ds.query(`EXPLAIN QUERY PLAN ${sql}`, params)) as { id: number; parent: number; detail: string }[];
      const depth = new Map<number, number>([[0, 0]]);
      const plan = rows.map((row) => {
        const d = (depth.get(row.parent) ?? 0) + 1;
        depth.set(row.id, d);
        return `${'  '.repeat(d - 1)}${row.detail}`;
      });
      const t = performance.now();
      const result = (await ds.query(sql, params)) as unknown[];
      plans.push({ sql: sql.replace(/\s+/g, ' ').trim(), ms: Math.round(performance.now() - t), rows: result.length, plan });
    }
    return {
      bootSeconds, runs: times, digests: digests.size, recipientsWithTeam: withTeam, items,
      rssBeforeMiB: mib(rssBefore), peakRssMiB: mib(peakRss), peakHeapUsedMiB: mib(peakHeap),
      maxRssMiB: mib(process.resourceUsage().maxRSS * 1024), plans,
    };
  } finally {
    await app.close();
  }
}

function runChild(dbPath: string, today: string, runs: number): Promise<EvalReport> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, ['--digest-eval', dbPath, today, String(runs)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let report: EvalReport | undefined;
    child.on('message', (m) => { report = m as EvalReport; });
    child.on('error', reject);
    child.on('exit', (code) => (report ? resolve(report) : reject(new Error(`digest child exited with ${code} and no report`))));
  });
}

/** `npm run bench` (BENCH_ONLY=digest): load the district, run the rules, print figures. */
export async function digestBench(): Promise<void> {
  const projects = Number(process.env.BENCH_DIGEST_PROJECTS ?? 100_000);
  const runs = Number(process.env.BENCH_DIGEST_RUNS ?? 2);
  const file = join(tmpdir(), `zs-digest-bench-${randomBytes(4).toString('hex')}.sqlite`);
  try {
    const t0 = performance.now();
    const app = await createApp(appConfig(file));
    let load: LoadResult;
    try {
      load = await loadDistrict(app.get<DataSource>(getDataSourceToken()), projects);
    } finally {
      await app.close();
    }
    const loadSeconds = secs(performance.now() - t0);
    console.log(`\nDigest run on SQLite: ${projects.toLocaleString('en')} projects, today = ${TODAY}`);
    console.log(`load (boot + migrations + bulk insert): ${loadSeconds} s, database ${mib(statSync(file).size)} MiB`);
    console.table(Object.fromEntries(Object.keys(load.rows).map((k) => [k, { rows: load.rows[k], seconds: load.seconds[k] }])));

    const rep = await runChild(file, TODAY, runs);
    console.log(`rule evaluation, ReminderRulesService.digests('${TODAY}') in a fresh process (boot ${rep.bootSeconds} s):`);
    console.log(`  runs: ${rep.runs.map((s, i) => `${i === 0 ? 'first' : `#${i + 1}`} ${s} s`).join(', ')}   (target < 10 s)`);
    console.log(`  digests: ${rep.digests} (managers with team items: ${rep.recipientsWithTeam})`);
    console.table(rep.items);
    console.log(`  memory: RSS before ${rep.rssBeforeMiB} MiB, peak RSS during the run ${rep.peakRssMiB} MiB, peak heap used ${rep.peakHeapUsedMiB} MiB, `
      + `process max RSS ${rep.maxRssMiB} MiB   (target < 512 MiB)`);
    console.log('\nEXPLAIN QUERY PLAN of each statement the run sent (each re-run alone for its time and row count):');
    for (const p of rep.plans) {
      console.log(`\n  [${p.ms} ms, ${p.rows} rows] ${p.sql.length > 300 ? `${p.sql.slice(0, 300)}…` : p.sql}`);
      for (const line of p.plan) console.log(`    ${line}`);
    }
    const scans = rep.plans.flatMap((p) => p.plan.map((l) => l.trim())).filter((l) => /^SCAN (?!CONSTANT)/.test(l));
    const big = scans.filter((l) => /^SCAN (p|a|b|m|projects|activities|milestones)\b/.test(l));
    console.log(`\nSCAN steps (whole table or whole index): ${scans.length ? [...new Set(scans)].join('; ') : 'none'}; `
      + `on projects (p), activities (a, b) or milestones (m): ${big.length ? [...new Set(big)].join('; ') : 'none'}`);
  } finally {
    for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  }
}

if (require.main === module) {
  const [flag, dbPath, today, runs] = process.argv.slice(2);
  const main = flag === '--digest-eval'
    ? evaluate(dbPath, today, Number(runs)).then((rep) => process.send!(rep, () => process.exit(0)))
    : digestBench();
  main.catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
