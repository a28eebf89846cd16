/**
 * Digest benchmark (issue 3, "Benchmark"): the reminder rules over a district
 * of 100,000 projects and 1,000,000 activities on SQLite.
 *
 * 1. Boots the app on a fresh SQLite file (migrations run) and bulk-loads
 *    teams, users, companies, projects, activities and milestones with raw
 *    multi-row INSERTs in a few big transactions (the API would take hours).
 *    The data is generated with a fixed seed so that every rule fires for a
 *    few per cent of the projects; `projects.lastActivityOn` is the latest
 *    activity's `occurredOn`, as the API keeps it.
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

const TODAY = '2026-06-01';
const TEAMS = 20;
const OFFICERS_PER_TEAM = 10;
const INACTIVE_OFFICERS = 2;
const ROWS_PER_INSERT = 1000;

const mib = (bytes: number) => +(bytes / 1048576).toFixed(1);
const secs = (ms: number) => +(ms / 1000).toFixed(2);

function appConfig(dbPath: string) {
  return loadConfig({
    NODE_ENV: 'test', JWT_SECRET: 'bench-'.padEnd(40, 'x'), ADMIN_PASSWORD: 'bench-password',
    DEMO_DATA: 'false', LOG_LEVEL: 'silent', WORKER: 'false', DATABASE_PATH: dbPath,
  });
}

/** mulberry32: a small seeded PRNG, so every run loads the same district. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  /** integer in [lo, hi] */
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  return { next, int };
}

/** Day offsets relative to TODAY → 'YYYY-MM-DD', cached (millions of calls). */
const dayCache = new Map<number, string>();
const todayMs = Date.parse(`${TODAY}T00:00:00Z`);
function day(offset: number): string {
  let s = dayCache.get(offset);
  if (s === undefined) {
    s = new Date(todayMs + offset * 86_400_000).toISOString().slice(0, 10);
    dayCache.set(offset, s);
  }
  return s;
}

const q = (s: string | null) => (s === null ? 'NULL' : `'${s}'`);

/** Inserts rows in multi-row statements inside one transaction. */
async function insertAll(ds: DataSource, table: string, columns: string[], rows: Iterable<string>): Promise<number> {
  const head = `INSERT INTO ${table} (${columns.map((c) => `"${c}"`).join(', ')}) VALUES `;
  let n = 0;
  await ds.transaction(async (em) => {
    let batch: string[] = [];
    for (const row of rows) {
      batch.push(row);
      if (batch.length === ROWS_PER_INSERT) {
        await em.query(head + batch.join(','));
        n += batch.length;
        batch = [];
      }
    }
    if (batch.length) {
      await em.query(head + batch.join(','));
      n += batch.length;
    }
  });
  return n;
}

type StageName = 'visit' | 'negotiation' | 'signed' | 'construction' | 'production' | 'on_hold' | 'dropped';
const STAGE_WEIGHTS: [StageName, number][] = [
  ['visit', 0.25], ['negotiation', 0.2], ['signed', 0.12], ['construction', 0.12], ['production', 0.13], ['on_hold', 0.08], ['dropped', 0.1],
];
const CHAINS = ['new_energy_storage', 'new_materials', 'electronics', 'biomedicine', 'food_agri', 'smart_equipment'];
const ACTIVITY_KINDS = ['visit_out', 'reception', 'negotiation', 'site_visit', 'call', 'event'];
const MILESTONE_NAMES = ['项目备案', '土地摘牌', '规划许可', '施工许可', '主体封顶', '设备进场', '试生产'];

interface ProjectSpec {
  stage: StageName;
  owner: number; // index into owners
  createdOff: number;
  /** null: no activity yet */
  lastOff: number | null;
  signedOff: number | null;
  constructionOff: number | null;
  productionOff: number | null;
  stageEnteredOff: number;
  pausedFrom: StageName | null;
  droppedFrom: StageName | null;
  activities: number;
}

/** Days since the latest activity: mostly recent, a tail that is stale (yellow and red for the 督办灯). */
function daysSinceLast(r: ReturnType<typeof prng>): number {
  const x = r.next();
  if (x < 0.93) return r.int(0, 27);
  if (x < 0.955) return r.int(28, 59);
  if (x < 0.97) return r.int(60, 89);
  return r.int(90, 400);
}

function pickStage(x: number): StageName {
  for (const [s, w] of STAGE_WEIGHTS) {
    if (x < w) return s;
    x -= w;
  }
  return 'dropped';
}

function generateProjects(n: number, activities: number, pickOwner: () => number, r: ReturnType<typeof prng>): ProjectSpec[] {
  const out: ProjectSpec[] = [];
  for (let i = 0; i < n; i++) {
    const stage = pickStage(r.next());
    let signedOff: number | null = null;
    let constructionOff: number | null = null;
    let productionOff: number | null = null;
    let pausedFrom: StageName | null = null;
    let droppedFrom: StageName | null = null;
    let stageEnteredOff = 0;
    const lastOff = r.next() < 0.03 ? null : -daysSinceLast(r);
    switch (stage) {
      case 'visit': stageEnteredOff = -r.int(0, 200); break;
      case 'negotiation': stageEnteredOff = -r.int(0, 300); break;
      case 'signed':
        signedOff = r.next() < 0.92 ? -r.int(0, 179) : -r.int(180, 700);
        stageEnteredOff = signedOff;
        break;
      case 'construction':
        constructionOff = r.next() < 0.95 ? -r.int(0, 729) : -r.int(730, 1100);
        signedOff = constructionOff - r.int(20, 300);
        stageEnteredOff = constructionOff;
        break;
      case 'production':
        productionOff = -r.int(0, 1500);
        constructionOff = productionOff - r.int(180, 900);
        signedOff = constructionOff - r.int(20, 300);
        stageEnteredOff = productionOff;
        break;
      case 'on_hold':
        pausedFrom = (['visit', 'negotiation', 'signed'] as const)[r.int(0, 2)];
        if (pausedFrom === 'signed') signedOff = -r.int(30, 700);
        stageEnteredOff = -r.int(0, 300);
        break;
      case 'dropped':
        droppedFrom = (['visit', 'negotiation'] as const)[r.int(0, 1)];
        stageEnteredOff = -r.int(0, 700);
        break;
    }
    const earliest = Math.min(stageEnteredOff, signedOff ?? 0, lastOff ?? 0);
    // A project with no activity yet was registered recently, mostly.
    const createdOff = lastOff === null ? Math.min(earliest, -r.int(0, 90)) : earliest - r.int(0, 400);
    out.push({
      stage, owner: pickOwner(), createdOff, lastOff, signedOff, constructionOff, productionOff,
      stageEnteredOff: Math.max(stageEnteredOff, createdOff), pausedFrom, droppedFrom, activities: lastOff === null ? 0 : r.int(1, 19),
    });
  }
  // exactly `activities` in all: nudge the counts of projects that have some
  let total = out.reduce((s, p) => s + p.activities, 0);
  while (total !== activities) {
    const p = out[r.int(0, n - 1)];
    if (p.lastOff === null) continue;
    if (total < activities && p.activities < 40) { p.activities++; total++; }
    else if (total > activities && p.activities > 1) { p.activities--; total--; }
  }
  // ids in registration order, as the API would have assigned them
  return out.sort((a, b) => a.createdOff - b.createdOff);
}

export interface LoadResult {
  seconds: Record<string, number>;
  rows: Record<string, number>;
}

/** Bulk-loads the district into a migrated, empty database. */
export async function loadDistrict(ds: DataSource, projectCount: number): Promise<LoadResult> {
  const r = prng(20260601);
  const seconds: Record<string, number> = {};
  const rows: Record<string, number> = {};
  const step = async (name: string, fn: () => Promise<number>) => {
    const t = performance.now();
    rows[name] = await fn();
    seconds[name] = secs(performance.now() - t);
  };
  await ds.query('PRAGMA synchronous = OFF'); // load only: the run itself reads

  // teams, one manager each, officers
  await step('teams', () => insertAll(ds, 'teams', ['name', 'description'],
    Array.from({ length: TEAMS }, (_, t) => `('招商${t + 1}组', '基准')`)));
  const teamIds = ((await ds.query(`SELECT id FROM teams ORDER BY id`)) as { id: number }[]).map((t) => t.id);
  await step('users', () => {
    const users: string[] = [];
    teamIds.forEach((team, t) => {
      users.push(`('manager${t}@bench.local', '经理${t}', 'x', 'manager', 'team', ${team}, 1)`);
      for (let o = 0; o < OFFICERS_PER_TEAM; o++) {
        const k = t * OFFICERS_PER_TEAM + o;
        users.push(`('officer${k}@bench.local', '专员${k}', 'x', 'officer', 'team', ${team}, ${k < INACTIVE_OFFICERS ? 0 : 1})`);
      }
    });
    return insertAll(ds, 'users', ['email', 'name', 'passwordHash', 'role', 'dataScope', 'teamId', 'active'], users);
  });
  const officers = (await ds.query(`SELECT id, "teamId" FROM users WHERE email LIKE 'officer%@bench.local' ORDER BY id`)) as { id: number; teamId: number }[];
  const managers = (await ds.query(`SELECT id, "teamId" FROM users WHERE email LIKE 'manager%@bench.local' ORDER BY id`)) as { id: number; teamId: number }[];
  // officers own most projects, managers a few (1 in 20)
  const owners = [...officers, ...managers];
  const pickOwner = () => (r.next() < 0.05 ? officers.length + r.int(0, managers.length - 1) : r.int(0, officers.length - 1));
  const specs = generateProjects(projectCount, projectCount * 10, pickOwner, r);

  const firstCompany = (((await ds.query(`SELECT COALESCE(MAX(id), 0) AS m FROM companies`)) as { m: number }[])[0].m) + 1;
  await step('companies', () => insertAll(ds, 'companies', ['id', 'name', 'normalizedName', 'region', 'industry', 'createdById'],
    (function* () {
      for (let i = 0; i < specs.length; i++) {
        const o = owners[specs[i].owner];
        yield `(${firstCompany + i}, '基准企业${i}有限公司', '基准企业${i}', '长三角', '${CHAINS[i % CHAINS.length]}', ${o.id})`;
      }
    })()));

  const firstProject = (((await ds.query(`SELECT COALESCE(MAX(id), 0) AS m FROM projects`)) as { m: number }[])[0].m) + 1;
  await step('projects', () => insertAll(ds, 'projects', [
    'id', 'name', 'companyId', 'stage', 'pausedFromStage', 'droppedFromStage', 'stageEnteredOn', 'industryChain', 'plannedInvestment',
    'ownerId', 'teamId', 'signedOn', 'contractInvestment', 'agreementType', 'constructionStartedOn', 'productionStartedOn',
    'onHoldReason', 'dropReasonCode', 'dropReasonText', 'createdOn', 'lastActivityOn', 'createdById',
  ], (function* () {
    for (let i = 0; i < specs.length; i++) {
      const p = specs[i];
      const o = owners[p.owner];
      const signed = p.signedOff !== null;
      yield `(${firstProject + i}, '基准项目${i}', ${firstCompany + i}, '${p.stage}', ${q(p.pausedFrom)}, ${q(p.droppedFrom)}, '${day(p.stageEnteredOff)}', `
        + `'${CHAINS[i % CHAINS.length]}', ${1000 + (i % 997) * 10}, ${o.id}, ${o.teamId}, ${signed ? `'${day(p.signedOff!)}'` : 'NULL'}, `
        + `${signed ? 500 + (i % 991) * 10 : 'NULL'}, ${signed ? `'investment'` : 'NULL'}, ${p.constructionOff !== null ? `'${day(p.constructionOff)}'` : 'NULL'}, `
        + `${p.productionOff !== null ? `'${day(p.productionOff)}'` : 'NULL'}, ${p.stage === 'on_hold' ? `'企业资金调整'` : 'NULL'}, `
        + `${p.stage === 'dropped' ? `'other'` : 'NULL'}, ${p.stage === 'dropped' ? `'投资方向变化'` : 'NULL'}, `
        + `'${day(p.createdOff)}', ${p.lastOff === null ? 'NULL' : `'${day(p.lastOff)}'`}, ${o.id})`;
    }
  })()));

  // activities: generated per project (one on lastActivityOn, the rest between
  // registration and then), inserted in date order across projects as they
  // would have been logged, so a project's activities are spread over the table.
  await step('activities', () => {
    const total = specs.reduce((s, p) => s + p.activities, 0);
    const proj = new Int32Array(total);
    const off = new Int16Array(total);
    const follow = new Int16Array(total); // 0: none, else days after occurredOn
    let k = 0;
    for (let i = 0; i < specs.length; i++) {
      const p = specs[i];
      for (let a = 0; a < p.activities; a++, k++) {
        proj[k] = i;
        off[k] = a === 0 ? p.lastOff! : r.int(p.createdOff, p.lastOff!);
        follow[k] = r.next() < 0.12 ? r.int(3, 30) : 0;
      }
    }
    // sort by (date, draw): the keys fit a double exactly
    const keys = new Float64Array(total);
    for (let j = 0; j < total; j++) keys[j] = (off[j] + 10_000) * 2 ** 24 + j;
    keys.sort();
    return insertAll(ds, 'activities', ['projectId', 'kind', 'occurredOn', 'summary', 'participants', 'leaderLed', 'nextFollowUpOn', 'createdById'],
      (function* () {
        for (let j = 0; j < total; j++) {
          const idx = keys[j] % 2 ** 24;
          const i = proj[idx];
          const o = owners[specs[i].owner];
          const d = off[idx];
          const f = follow[idx];
          yield `(${firstProject + i}, '${ACTIVITY_KINDS[idx % 6]}', '${day(d)}', '与企业负责人沟通项目进展，第${idx % 97}次跟进', '${o.id}号专员', `
            + `${idx % 50 === 0 ? 1 : 0}, ${f ? `'${day(d + f)}'` : 'NULL'}, ${o.id})`;
        }
      })());
  });
  // lastActivityOn was set from the generated dates; derive it again from the
  // table, as the API maintains it, so the two can never disagree.
  await step('lastActivityOn', async () => {
    await ds.query(`UPDATE projects SET "lastActivityOn" = (SELECT MAX(a."occurredOn") FROM activities a WHERE a."projectId" = projects.id)`);
    const [{ n }] = (await ds.query(`SELECT COUNT(*) AS n FROM projects WHERE "lastActivityOn" IS NOT NULL`)) as { n: number }[];
    return Number(n);
  });

  // milestones: 0-4 per project, planned from registration to a year ahead;
  // past ones mostly completed.
  await step('milestones', () => insertAll(ds, 'milestones', ['projectId', 'name', 'plannedOn', 'completedOn', 'createdById'],
    (function* () {
      for (let i = 0; i < specs.length; i++) {
        const p = specs[i];
        const o = owners[p.owner];
        const n = r.int(0, 4);
        const doneShare = p.stage === 'production' ? 0.995 : p.stage === 'dropped' ? 0.5 : 0.95;
        for (let m = 0; m < n; m++) {
          const planned = r.int(p.createdOff, 365);
          const done = planned <= 0 && r.next() < doneShare ? Math.min(0, planned + r.int(-10, 20)) : null;
          yield `(${firstProject + i}, '${MILESTONE_NAMES[(i + m) % MILESTONE_NAMES.length]}', '${day(planned)}', ${done === null ? 'NULL' : `'${day(done)}'`}, ${o.id})`;
        }
      }
    })()));
  if (process.env.BENCH_DIGEST_ANALYZE === '1') await step('ANALYZE', async () => (await ds.query('ANALYZE'), 0));
  await ds.query('PRAGMA synchronous = FULL');
  await ds.query('PRAGMA wal_checkpoint(TRUNCATE)');
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
