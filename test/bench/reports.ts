/**
 * Reports benchmark (issue 4, "Benchmark"): ten years of a district —
 * 100,000 projects, 300,000 transitions, 1,000,000 activities and the funds
 * in place of the signed projects (generate.ts, profile `history`, today =
 * 2026-06-15) — on SQLite and, when reachable, on a scratch PostgreSQL
 * database. On each:
 *
 * - GET /reports/summary over HTTP as the admin (whole district), sequential
 *   calls for varied year/month: p50, p95, response size; and the first page
 *   of GET /reports/summary/projects (the year's signings, paged out of it);
 * - ReportsService.overview(null, y, m) (what the route answers) in-process
 *   for the same periods, alternating with hand-written SQL for every
 *   aggregate it returns, on the same schema (the pipeline ledger and the
 *   stay columns the app keeps): the indicators for the month, YTD and last
 *   year under the default 统计口径, the six breakdowns, the activity figures,
 *   the month-end pipeline with furthest stage reached, the stays that ended
 *   this year, 签约后终止 and the rates: ratio = service p50 / SQL p50 (target
 *   < 1.5). The ratio to the core aggregates alone (indicators, one breakdown,
 *   activities) is printed too. The SQL figures are checked against the
 *   service's for two periods, field by field;
 * - one month's rollup (RollupService.rollup, then again with nothing
 *   changed, then the recompute route over HTTP) and a ten-year recompute
 *   (120 closed months);
 * - every SQL statement of one summary and one rollup with its time, and the
 *   plan of the slowest.
 *
 * Prints figures; asserts nothing. BENCH_REPORTS_PROJECTS scales the data
 * (transitions ×3, activities ×10), BENCH_REPORTS_CALLS the summary calls
 * (100), BENCH_REPORTS_MONTHS the recompute (120), BENCH_REPORTS_DB=sqlite|postgres
 * runs one database, BENCH_PG_URL names the PostgreSQL server.
 */
process.env.TZ = 'UTC';
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { getDataSourceToken } from '@nestjs/typeorm';
import { onScratchPostgres } from './scratch-postgres';
import type { DataSource } from 'typeorm';
import { createApp } from '../../src/app.bootstrap';
import { FixedClock } from '../../src/core/clock';
import { loadConfig } from '../../src/core/config/app-config';
import { dbSum, yuanToWan } from '../../src/core/money';
import { MAIN_STAGES } from '../../src/projects/pipeline';
import type { SummaryView } from '../../src/reports/report.types';
import { ReportsService } from '../../src/reports/reports.service';
import { RollupService } from '../../src/reports/rollup.service';
import { generateDataset, type GenerateResult } from './generate';

const TODAY = '2026-06-15';
/** noon in Shanghai on TODAY: this month is 2026-06, the last closed one 2026-05 */
const CLOCK_AT = `${TODAY}T04:00:00Z`;
const SEED = 20260615;
const MAIN: readonly string[] = MAIN_STAGES;
const PASSWORD = 'bench-password';
const TARGETS = { summaryP95Ms: 150, rollupMs: 1000, ratio: 1.5 };
/**
 * Seconds each timed part (summary over HTTP, summary against SQL, the
 * ten-year recompute) may take before it stops early, so that a slow service
 * cannot stretch `npm run bench` past a few minutes; 0: no limit. A part cut
 * short says so and how many calls it made (at least 20 summaries, 12 months).
 */
const BUDGET_MS = Number(process.env.BENCH_REPORTS_BUDGET ?? 45) * 1000;
const withinBudget = (since: number, done: number, min: number) => BUDGET_MS <= 0 || done < min || performance.now() - since < BUDGET_MS;

const secs = (ms: number) => +(ms / 1000).toFixed(2);
const ms1 = (ms: number) => +ms.toFixed(1);
const mib = (bytes: number) => +(bytes / 1048576).toFixed(1);

interface Stats { n: number; p50: number; p95: number; max: number; mean: number }

function stats(samples: number[]): Stats {
  const s = [...samples].sort((a, b) => a - b);
  const q = (f: number) => s[Math.min(s.length - 1, Math.floor(f * s.length))];
  return { n: s.length, p50: ms1(q(0.5)), p95: ms1(q(0.95)), max: ms1(s[s.length - 1]), mean: ms1(s.reduce((a, b) => a + b, 0) / s.length) };
}

/** `calls` periods spread over the ten years (2017-2026, every month, none after this month). */
function periods(calls: number): { year: number; month: number }[] {
  return Array.from({ length: calls }, (_, k) => {
    const year = 2017 + (k % 10);
    let month = 1 + ((k * 5 + Math.floor(k / 10)) % 12);
    if (year === 2026 && month > 6) month -= 6;
    return { year, month };
  });
}

/**
 * The `n` closed months ending with 2026-05, in a strided order (every
 * seventh or so, wrapping) so that any prefix samples the whole span: a
 * recompute cut short by the time budget is not biased to the early, lighter
 * years.
 */
function closedMonths(n: number): { year: number; month: number }[] {
  const last = 2026 * 12 + 4; // 2026-05
  const gcd = (a: number, b: number): number => (b ? gcd(b, a % b) : a);
  let stride = 7;
  while (n > 1 && gcd(stride, n) !== 1) stride++;
  return Array.from({ length: n }, (_, i) => {
    const k = last - (n - 1) + ((i * stride) % n);
    return { year: Math.floor(k / 12), month: (k % 12) + 1 };
  });
}

// ---------------------------------------------------------------- hand-written SQL

const pad = (n: number) => String(n).padStart(2, '0');

function bounds(year: number, month: number) {
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return { d0: `${year}-01-01`, ms: `${year}-${pad(month)}-01`, d1: `${year}-${pad(month)}-${pad(last)}`, m0: `${year}-01`, m1: `${year}-${pad(month)}` };
}

type Row = Record<string, unknown>;
const big = dbSum;
const int = (v: unknown) => Number(v ?? 0);

/** Named parameters → the driver's placeholders ($n or ?), as the query builder would. */
function run(ds: DataSource, sql: string, params: Record<string, unknown>): Promise<Row[]> {
  const [q, p] = ds.driver.escapeQueryWithParameters(sql, params, {});
  return ds.query(q, p);
}

/** Per date column: this year's month, YTD and last year's YTD in one indexed pass. */
const startsSql = (col: string) => `
  SELECT SUM(CASE WHEN "${col}" >= :d0 THEN 1 ELSE 0 END) AS ytd,
         SUM(CASE WHEN "${col}" >= :ms THEN 1 ELSE 0 END) AS month,
         SUM(CASE WHEN "${col}" <= :ld1 THEN 1 ELSE 0 END) AS last
    FROM projects
   WHERE ("${col}" >= :ld0 AND "${col}" <= :ld1) OR ("${col}" >= :d0 AND "${col}" <= :d1)`;

const SIGNED_SQL = `
  SELECT COUNT(*) AS n, SUM("contractInvestment") AS amount,
         SUM(CASE WHEN "signedOn" >= :ms THEN 1 ELSE 0 END) AS "nMonth",
         SUM(CASE WHEN "signedOn" >= :ms THEN "contractInvestment" ELSE 0 END) AS "amountMonth"
    FROM projects WHERE "signedOn" >= :d0 AND "signedOn" <= :d1`;
const SIGNED_LAST_SQL = `SELECT COUNT(*) AS n, SUM("contractInvestment") AS amount FROM projects WHERE "signedOn" >= :ld0 AND "signedOn" <= :ld1`;
const FUNDS_SQL = `
  SELECT SUM(CASE WHEN month >= :m0 THEN amount ELSE 0 END) AS ytd,
         SUM(CASE WHEN month = :m1 THEN amount ELSE 0 END) AS month,
         SUM(CASE WHEN month <= :lm1 THEN amount ELSE 0 END) AS last
    FROM funds_reports WHERE (month >= :lm0 AND month <= :lm1) OR (month >= :m0 AND month <= :m1)`;
/** The year's events per project, with every breakdown key: one row per signing, start or funds report. */
const EVENTS_CTE = `
  WITH e AS MATERIALIZED (
    SELECT p."industryChain" AS chain, p.park, p."sourceChannel" AS channel, p."sourceRegion" AS region, p."teamId" AS team, p."companyId" AS company,
           1 AS signings, p."contractInvestment" AS signed, 0 AS cs, 0 AS ps, 0 AS funds
      FROM projects p WHERE p."signedOn" >= :d0 AND p."signedOn" <= :d1
    UNION ALL
    SELECT p."industryChain", p.park, p."sourceChannel", p."sourceRegion", p."teamId", p."companyId", 0, 0, 1, 0, 0
      FROM projects p WHERE p."constructionStartedOn" >= :d0 AND p."constructionStartedOn" <= :d1
    UNION ALL
    SELECT p."industryChain", p.park, p."sourceChannel", p."sourceRegion", p."teamId", p."companyId", 0, 0, 0, 1, 0
      FROM projects p WHERE p."productionStartedOn" >= :d0 AND p."productionStartedOn" <= :d1
    UNION ALL
    SELECT p."industryChain", p.park, p."sourceChannel", p."sourceRegion", p."teamId", p."companyId", 0, 0, 0, 0, f.amount
      FROM funds_reports f JOIN projects p ON p.id = f."projectId" WHERE f.month >= :m0 AND f.month <= :m1
  )`;
const groupBy = (key: string, expr: string, from = 'e') =>
  `SELECT '${key}' AS k, CAST(${expr} AS VARCHAR(50)) AS code, SUM(signings) AS signings, SUM(signed) AS signed, SUM(cs) AS cs, SUM(ps) AS ps, SUM(funds) AS funds FROM ${from} GROUP BY ${expr}`;
const CHAIN_SQL = `${EVENTS_CTE} ${groupBy('industryChain', 'chain')}`;
const OTHER_BREAKDOWNS_SQL = `${EVENTS_CTE}, ec AS (SELECT e.*, c.tier FROM e JOIN companies c ON c.id = e.company)
  ${groupBy('park', 'park')} UNION ALL ${groupBy('sourceChannel', 'channel')} UNION ALL ${groupBy('sourceRegion', 'region')}
  UNION ALL ${groupBy('team', 'team')} UNION ALL ${groupBy('companyTier', 'tier', 'ec')}`;
const ACTIVITIES_SQL = `
  SELECT SUM(CASE WHEN kind = 'visit_out' THEN 1 ELSE 0 END) AS "visitsOut",
         SUM(CASE WHEN kind = 'reception' THEN 1 ELSE 0 END) AS receptions,
         SUM(CASE WHEN kind = 'reception' THEN COALESCE("guestCount", 0) ELSE 0 END) AS guests,
         SUM(CASE WHEN "leaderLed" = TRUE THEN 1 ELSE 0 END) AS "leaderLed",
         COUNT(*) AS total,
         SUM(CASE WHEN "occurredOn" >= :ms AND kind = 'visit_out' THEN 1 ELSE 0 END) AS "mVisitsOut",
         SUM(CASE WHEN "occurredOn" >= :ms AND kind = 'reception' THEN 1 ELSE 0 END) AS "mReceptions",
         SUM(CASE WHEN "occurredOn" >= :ms AND kind = 'reception' THEN COALESCE("guestCount", 0) ELSE 0 END) AS "mGuests",
         SUM(CASE WHEN "occurredOn" >= :ms AND "leaderLed" = TRUE THEN 1 ELSE 0 END) AS "mLeaderLed",
         SUM(CASE WHEN "occurredOn" >= :ms THEN 1 ELSE 0 END) AS "mTotal"
    FROM activities WHERE "occurredOn" >= :d0 AND "occurredOn" <= :d1`;
/** The pipeline at month end, from the ledger the app keeps with the history (src/projects/pipeline-history.ts). */
const PIPELINE_SQL = `
  SELECT stage, "reachedRank" AS rank, SUM(projects) AS n, SUM("plannedInvestment") AS planned
    FROM pipeline_ledger WHERE month <= :m1 GROUP BY stage, "reachedRank"`;
/** The stays that ended this year up to month end, by stage and length. */
const STAYS_SQL = `
  SELECT "toStage" AS stage, "stayDays" AS days, COUNT(*) AS n FROM project_transitions
   WHERE "endedOn" >= :d0 AND "endedOn" <= :d1 AND "stayDays" IS NOT NULL GROUP BY "toStage", "stayDays"`;
/** The year's signings as they stood at month end: dropped since (签约后终止), started, funded (the rates). */
const SIGNED_STATE_SQL = `
  SELECT COUNT(*) AS n, SUM(x.amount) AS amount, SUM(CASE WHEN x.stage = 'dropped' THEN 1 ELSE 0 END) AS dropped,
         SUM(CASE WHEN x.stage = 'dropped' THEN x.amount ELSE 0 END) AS "droppedAmount", SUM(x.built) AS built, SUM(x.producing) AS producing,
         SUM(x.funds) AS funds
    FROM (SELECT (SELECT t."toStage" FROM project_transitions t WHERE t."projectId" = p.id AND t."endedOn" > :d1 AND t."effectiveOn" <= :d1) AS stage,
                 p."contractInvestment" AS amount,
                 CASE WHEN p."constructionStartedOn" <= :d1 THEN 1 ELSE 0 END AS built,
                 CASE WHEN p."productionStartedOn" <= :d1 THEN 1 ELSE 0 END AS producing,
                 (SELECT SUM(f.amount) FROM funds_reports f WHERE f."projectId" = p.id AND f.month >= :m0 AND f.month <= :m1) AS funds
            FROM projects p WHERE p."signedOn" >= :d0 AND p."signedOn" <= :d1) x`;

interface RawFigures {
  signed: { n: number; amount: bigint; nMonth: number; amountMonth: bigint; lastN: number; lastAmount: bigint };
  construction: { ytd: number; month: number; last: number };
  production: { ytd: number; month: number; last: number };
  funds: { ytd: bigint; month: bigint; last: bigint };
  chains: Map<string, { signings: number; signed: bigint; cs: number; ps: number; funds: bigint }>;
  activities: Row;
}

/** The core aggregates of the summary, hand-written: 7 statements. */
async function rawCore(ds: DataSource, year: number, month: number): Promise<RawFigures> {
  const b = bounds(year, month);
  const l = bounds(year - 1, month);
  const p = { ...b, ld0: l.d0, ld1: l.d1, lm0: l.m0, lm1: l.m1 };
  const [s] = await run(ds, SIGNED_SQL, p);
  const [sl] = await run(ds, SIGNED_LAST_SQL, p);
  const [c] = await run(ds, startsSql('constructionStartedOn'), p);
  const [pr] = await run(ds, startsSql('productionStartedOn'), p);
  const [f] = await run(ds, FUNDS_SQL, p);
  const chains = await run(ds, CHAIN_SQL, p);
  const [a] = await run(ds, ACTIVITIES_SQL, p);
  return {
    signed: {
      n: int(s.n), amount: big(s.amount), nMonth: int(s.nMonth), amountMonth: big(s.amountMonth), lastN: int(sl.n), lastAmount: big(sl.amount),
    },
    construction: { ytd: int(c.ytd), month: int(c.month), last: int(c.last) },
    production: { ytd: int(pr.ytd), month: int(pr.month), last: int(pr.last) },
    funds: { ytd: big(f.ytd), month: big(f.month), last: big(f.last) },
    chains: new Map(chains.map((r) => [String(r.code), { signings: int(r.signings), signed: big(r.signed), cs: int(r.cs), ps: int(r.ps), funds: big(r.funds) }])),
    activities: a,
  };
}

interface RestFigures {
  pipeline: Row[];
  stays: Row[];
  signed: Row;
}

/** The rest of the summary's aggregates, hand-written: the other five breakdowns, the funnel, 签约后终止 and the rates. */
async function rawRest(ds: DataSource, year: number, month: number): Promise<RestFigures> {
  const p = bounds(year, month);
  await run(ds, OTHER_BREAKDOWNS_SQL, p);
  const pipeline = await run(ds, PIPELINE_SQL, p);
  const stays = await run(ds, STAYS_SQL, p);
  const [signed] = await run(ds, SIGNED_STATE_SQL, p);
  return { pipeline, stays, signed };
}

/** Differences between the hand-written figures and the service's, as text (empty: they agree). */
function compare(raw: RawFigures, rest: RestFigures, s: SummaryView): string[] {
  const out: string[] = [];
  const ind = (k: string) => s.indicators.find((i) => i.key === k)!;
  const eq = (what: string, mine: number | bigint, theirs: number, money: boolean) => {
    const m = money ? yuanToWan(mine) : Number(mine);
    if (m !== theirs) out.push(`${what}: SQL ${m}, service ${theirs}`);
  };
  eq('signings.month', raw.signed.nMonth, ind('signings').month, false);
  eq('signings.ytd', raw.signed.n, ind('signings').ytd, false);
  eq('signings.lastYearYtd', raw.signed.lastN, ind('signings').lastYearYtd, false);
  eq('signedInvestment.month', raw.signed.amountMonth, ind('signedInvestment').month, true);
  eq('signedInvestment.ytd', raw.signed.amount, ind('signedInvestment').ytd, true);
  eq('signedInvestment.lastYearYtd', raw.signed.lastAmount, ind('signedInvestment').lastYearYtd, true);
  for (const [key, v] of [['constructionStarts', raw.construction], ['productionStarts', raw.production]] as const) {
    eq(`${key}.month`, v.month, ind(key).month, false);
    eq(`${key}.ytd`, v.ytd, ind(key).ytd, false);
    eq(`${key}.lastYearYtd`, v.last, ind(key).lastYearYtd, false);
  }
  eq('fundsInPlace.month', raw.funds.month, ind('fundsInPlace').month, true);
  eq('fundsInPlace.ytd', raw.funds.ytd, ind('fundsInPlace').ytd, true);
  eq('fundsInPlace.lastYearYtd', raw.funds.last, ind('fundsInPlace').lastYearYtd, true);
  for (const row of s.breakdowns.industryChain) {
    const r = raw.chains.get(String(row.code)) ?? { signings: 0, signed: 0n, cs: 0, ps: 0, funds: 0n };
    eq(`industryChain[${row.code}].signings`, r.signings, row.signings, false);
    eq(`industryChain[${row.code}].signedInvestment`, r.signed, row.signedInvestment, true);
    eq(`industryChain[${row.code}].constructionStarts`, r.cs, row.constructionStarts, false);
    eq(`industryChain[${row.code}].productionStarts`, r.ps, row.productionStarts, false);
    eq(`industryChain[${row.code}].fundsInPlace`, r.funds, row.fundsInPlace, true);
  }
  if (raw.chains.size !== s.breakdowns.industryChain.length) out.push(`industryChain rows: SQL ${raw.chains.size}, service ${s.breakdowns.industryChain.length}`);
  for (const st of s.funnel.stages) {
    const rows = rest.pipeline.filter((r) => r.stage === st.stage);
    eq(`funnel.${st.stage}.count`, rows.reduce((x, r) => x + int(r.n), 0), st.count, false);
    eq(`funnel.${st.stage}.plannedInvestment`, rows.reduce((x, r) => x + big(r.planned), 0n), st.plannedInvestment, true);
  }
  for (const c of s.funnel.conversions) {
    const rank = MAIN.indexOf(c.from);
    eq(`conversions.${c.from}.reached`, rest.pipeline.filter((r) => int(r.rank) >= rank).reduce((x, r) => x + int(r.n), 0), c.reached, false);
  }
  for (const [stage, median] of Object.entries(s.funnel.medianDaysInStage)) {
    const rows = rest.stays.filter((r) => r.stage === stage).map((r) => ({ d: int(r.days), n: int(r.n) })).sort((x, y) => x.d - y.d);
    const total = rows.reduce((x, r) => x + r.n, 0);
    let seen = 0;
    const mine = rows.find((r) => (seen += r.n) >= Math.ceil(total / 2))?.d ?? null;
    if (mine !== median) out.push(`median ${stage}: SQL ${mine}, service ${median}`);
  }
  eq('signedThenDropped.count', int(rest.signed.dropped), s.signedThenDropped.count, false);
  eq('signedThenDropped.amount', big(rest.signed.droppedAmount), s.signedThenDropped.amount, true);
  eq('signedProjects.total', int(rest.signed.n), s.signedProjects.total, false);
  const rate = (a: number | bigint, b: number | bigint) => (Number(b) === 0 ? null : Math.round((Number(a) / Number(b)) * 10_000) / 10_000);
  for (const [k, mine] of [['fundsRate', rate(big(rest.signed.funds), big(rest.signed.amount))], ['constructionRate', rate(int(rest.signed.built), int(rest.signed.n))],
    ['productionRate', rate(int(rest.signed.producing), int(rest.signed.n))]] as const) {
    if (mine !== s.rates[k]) out.push(`rates.${k}: SQL ${mine}, service ${s.rates[k]}`);
  }
  const a = raw.activities;
  for (const [k, mk] of [['visitsOut', 'mVisitsOut'], ['receptions', 'mReceptions'], ['guests', 'mGuests'], ['leaderLed', 'mLeaderLed'], ['total', 'mTotal']] as const) {
    eq(`activities.ytd.${k}`, int(a[k]), s.activities.ytd[k], false);
    eq(`activities.month.${k}`, int(a[mk]), s.activities.month[k], false);
  }
  return out;
}

// ---------------------------------------------------------------- statements

interface Statement { sql: string; params: unknown[]; ms: number; rows: number }

/** Runs `fn` and records every statement the data source sends meanwhile, with its time (TypeORM's afterQuery). */
async function traced<T>(ds: DataSource, fn: () => Promise<T>): Promise<{ result: T; statements: Statement[]; ms: number }> {
  const statements: Statement[] = [];
  const subscriber = {
    afterQuery(e: { query: string; parameters?: unknown[]; executionTime?: number; rawResults?: unknown }) {
      const raw = e.rawResults as { rows?: unknown[]; length?: number } | undefined;
      const rows = Array.isArray(raw) ? raw.length : Array.isArray(raw?.rows) ? raw.rows.length : 0;
      statements.push({ sql: e.query.replace(/\s+/g, ' ').trim(), params: e.parameters ?? [], ms: e.executionTime ?? 0, rows });
    },
  };
  ds.subscribers.push(subscriber as never);
  const t = performance.now();
  try {
    const result = await fn();
    return { result, statements, ms: performance.now() - t };
  } finally {
    ds.subscribers.splice(ds.subscribers.indexOf(subscriber as never), 1);
  }
}

async function explain(ds: DataSource, st: Statement): Promise<string[]> {
  if (ds.options.type === 'postgres') {
    const rows = (await ds.query(`EXPLAIN (ANALYZE, BUFFERS) ${st.sql}`, st.params)) as Row[];
    return rows.map((r) => String(r['QUERY PLAN']));
  }
  const rows = (await ds.query(`EXPLAIN QUERY PLAN ${st.sql}`, st.params)) as { id: number; parent: number; detail: string }[];
  const depth = new Map<number, number>([[0, 0]]);
  return rows.map((row) => {
    const d = (depth.get(row.parent) ?? 0) + 1;
    depth.set(row.id, d);
    return `${'  '.repeat(d - 1)}${row.detail}`;
  });
}

async function printStatements(ds: DataSource, title: string, tr: { statements: Statement[]; ms: number }, explainTop: number) {
  const sqlMs = tr.statements.reduce((a, s) => a + s.ms, 0);
  console.log(`\n${title}: ${ms1(tr.ms)} ms in all, ${tr.statements.length} statements, ${ms1(sqlMs)} ms in the database (the rest: the service's own work and the driver)`);
  const top = [...tr.statements].sort((a, b) => b.ms - a.ms);
  for (const st of top.slice(0, 12)) console.log(`  ${String(st.ms).padStart(6)} ms ${String(st.rows).padStart(6)} rows  ${st.sql.length > 220 ? `${st.sql.slice(0, 220)}…` : st.sql}`);
  if (top.length > 12) console.log(`  … ${top.length - 12} more, ${ms1(top.slice(12).reduce((a, s) => a + s.ms, 0))} ms together`);
  for (const st of top.slice(0, explainTop)) {
    console.log(`\n  plan of the ${st.ms} ms statement: ${st.sql.length > 160 ? `${st.sql.slice(0, 160)}…` : st.sql}`);
    for (const line of await explain(ds, st)) console.log(`    ${line}`);
  }
}

// ---------------------------------------------------------------- one database

interface DbFigures {
  label: string;
  generateSeconds: number;
  rows: Record<string, number>;
  http: Stats & { kib: number };
  list: Stats;
  inProcess: Stats;
  rawCore: Stats;
  rawFull: Stats;
  ratioCore: number;
  ratioFull: number;
  agree: string;
  rollupFirstMs: number;
  rollupUnchangedMs: number;
  rollupHttpMs: number;
  /** done < months: cut short by the time budget; estimatedSeconds = months × mean */
  tenYear: { months: number; done: number; seconds: number; estimatedSeconds: number; p50: number; p95: number; max: number; written: number };
}

async function runOn(label: string, env: Record<string, string>, projects: number, calls: number, months: number): Promise<DbFigures> {
  const config = loadConfig({
    NODE_ENV: 'test', JWT_SECRET: 'bench-'.padEnd(40, 'x'), ADMIN_PASSWORD: PASSWORD, DEMO_DATA: 'false', LOG_LEVEL: 'silent', WORKER: 'false',
    LOGIN_MAX_FAILURES: '100000', LOGIN_MAX_FAILURES_PER_ACCOUNT: '100000', ...env,
  });
  const t0 = performance.now();
  const app: NestExpressApplication = await createApp(config, { clock: new FixedClock(CLOCK_AT) });
  try {
    const ds = app.get<DataSource>(getDataSourceToken());
    const gen: GenerateResult = await generateDataset(ds, {
      profile: 'history', projects, years: 10, today: TODAY, seed: SEED, activitiesPerProject: 10, transitionsPerProject: 3,
      fundsReportsPerSignedProject: 3,
    });
    const generateSeconds = secs(performance.now() - t0);
    const size = env.DATABASE_PATH ? `, database ${mib(statSync(env.DATABASE_PATH).size)} MiB` : '';
    console.log(`\n${label}: ${projects.toLocaleString('en')} projects over ten years to ${TODAY}; boot + migrations + generation ${generateSeconds} s${size}`);
    console.table(Object.fromEntries(Object.keys(gen.rows).map((k) => [k, { rows: gen.rows[k], seconds: gen.seconds[k] }])));
    console.log(`  stages today: ${Object.entries(gen.stages).map(([s, n]) => `${s} ${n}`).join(', ')}`);

    const reports = app.get(ReportsService);
    const rollups = app.get(RollupService);
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as { port: number };
    const base = `http://127.0.0.1:${port}/api/v1`;
    const login = await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: config.adminEmail, password: PASSWORD }) });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const [{ id: adminId }] = (await run(ds, 'SELECT id FROM users WHERE LOWER(email) = :e', { e: config.adminEmail.toLowerCase() })) as { id: number }[];
    const auth = { authorization: `Bearer ${accessToken}` };
    const list = periods(calls);

    // warm-up (first statements prepared, caches filled), not counted
    for (const p of list.slice(0, 3)) {
      await reports.overview(null, p.year, p.month);
      await rawCore(ds, p.year, p.month);
    }

    // the summary over HTTP, one call at a time
    const httpMs: number[] = [];
    let bytes = 0;
    const httpFrom = performance.now();
    for (const p of list) {
      if (!withinBudget(httpFrom, httpMs.length, 20)) break;
      const t = performance.now();
      const r = await fetch(`${base}/reports/summary?year=${p.year}&month=${p.month}`, { headers: auth });
      const body = await r.text();
      httpMs.push(performance.now() - t);
      if (r.status !== 200) throw new Error(`GET /reports/summary?year=${p.year}&month=${p.month} → ${r.status} ${body.slice(0, 300)}`);
      bytes += body.length;
    }

    // the signed projects the summary no longer carries: their first page, over HTTP
    const listMs: number[] = [];
    for (const p of list.slice(0, 20)) {
      const t = performance.now();
      const r = await fetch(`${base}/reports/summary/projects?year=${p.year}&month=${p.month}&page=1&pageSize=50`, { headers: auth });
      const body = await r.text();
      listMs.push(performance.now() - t);
      if (r.status !== 200) throw new Error(`GET /reports/summary/projects → ${r.status} ${body.slice(0, 300)}`);
    }

    // in-process: the service and the hand-written SQL, alternating which goes first
    const svcMs: number[] = [];
    const coreMs: number[] = [];
    const fullMs: number[] = [];
    const svcFrom = performance.now();
    for (const [i, p] of list.entries()) {
      if (!withinBudget(svcFrom, svcMs.length, 20)) break;
      const svc = async () => {
        const t = performance.now();
        await reports.overview(null, p.year, p.month);
        svcMs.push(performance.now() - t);
      };
      const raw = async () => {
        const t = performance.now();
        await rawCore(ds, p.year, p.month);
        coreMs.push(performance.now() - t);
        await rawRest(ds, p.year, p.month);
        fullMs.push(performance.now() - t);
      };
      if (i % 2 === 0) { await svc(); await raw(); } else { await raw(); await svc(); }
    }

    // the hand-written figures against the service's
    const problems: string[] = [];
    for (const p of [{ year: 2025, month: 12 }, { year: 2026, month: 5 }]) {
      const d = compare(await rawCore(ds, p.year, p.month), await rawRest(ds, p.year, p.month), await reports.overview(null, p.year, p.month));
      problems.push(...d.map((x) => `${p.year}-${pad(p.month)} ${x}`));
    }
    const agree = problems.length ? `${problems.length} differences: ${problems.slice(0, 8).join('; ')}` : 'yes (2025-12 and 2026-05, every compared figure)';

    // what one summary and one rollup send
    const summaryTrace = await traced(ds, () => reports.overview(null, 2025, 12));

    const rawTrace = await traced(ds, () => rawCore(ds, 2025, 12));

    // one month's rollup: first (writes revision 1), again (nothing changed), the route
    const first = await traced(ds, () => rollups.rollup(2026, 5, 'recompute', adminId));
    let t = performance.now();
    await rollups.rollup(2026, 5, 'recompute', adminId);
    const rollupUnchangedMs = performance.now() - t;
    t = performance.now();
    const rr = await fetch(`${base}/reports/monthly/2026/4/recompute`, { method: 'POST', headers: auth });
    const rrBody = await rr.text();
    const rollupHttpMs = performance.now() - t;
    if (rr.status !== 200) throw new Error(`POST /reports/monthly/2026/4/recompute → ${rr.status} ${rrBody.slice(0, 300)}`);

    // ten years of closed months
    const monthMs: number[] = [];
    let written = 0;
    const t10 = performance.now();
    for (const m of closedMonths(months)) {
      if (!withinBudget(t10, monthMs.length, 12)) break;
      const s = performance.now();
      const out = await rollups.rollup(m.year, m.month, 'recompute', adminId);
      monthMs.push(performance.now() - s);
      if (out.changed) written++;
    }
    const tenYearMs = performance.now() - t10;

    const http = { ...stats(httpMs), kib: Math.round(bytes / httpMs.length / 1024) };
    const inProcess = stats(svcMs);
    const rc = stats(coreMs);
    const rf = stats(fullMs);
    const m = stats(monthMs);
    const fig: DbFigures = {
      label, generateSeconds, rows: gen.rows, http, list: stats(listMs), inProcess, rawCore: rc, rawFull: rf,
      ratioCore: +(inProcess.p50 / rc.p50).toFixed(2), ratioFull: +(inProcess.p50 / rf.p50).toFixed(2), agree,
      rollupFirstMs: ms1(first.ms), rollupUnchangedMs: ms1(rollupUnchangedMs), rollupHttpMs: ms1(rollupHttpMs),
      tenYear: { months, done: monthMs.length, seconds: secs(tenYearMs), estimatedSeconds: secs(m.mean * months), p50: m.p50, p95: m.p95, max: m.max, written },
    };
    const cut = (n: number) => (n < list.length ? ` (time budget of ${BUDGET_MS / 1000} s: ${n} of ${list.length} calls; BENCH_REPORTS_BUDGET=0 for all)` : '');
    console.log(`\n${label}: the summary for ${list.length} periods (2017-2026), sequential calls, latency in ms${cut(Math.min(http.n, inProcess.n))}`);
    console.table({
      'GET /reports/summary (HTTP, admin)': { ...http },
      'GET /reports/summary/projects, page 1 of 50 (HTTP)': fig.list,
      'ReportsService.overview (in-process)': inProcess,
      'hand-written SQL, every aggregate of the summary': rf,
      'hand-written SQL, core aggregates only': rc,
    });
    console.log(`  ratio summary p50 / hand-written SQL p50: every aggregate ${fig.ratioFull} (target < ${TARGETS.ratio}); core aggregates only ${fig.ratioCore}`);
    console.log(`  hand-written figures equal the service's: ${agree}`);
    console.log(`  rollup 2026-05: first ${fig.rollupFirstMs} ms, again unchanged ${fig.rollupUnchangedMs} ms (target < ${TARGETS.rollupMs} ms); `
      + `POST /reports/monthly/2026/4/recompute ${fig.rollupHttpMs} ms`);
    console.log(monthMs.length === months
      ? `  ten-year recompute: ${months} months in ${fig.tenYear.seconds} s (per month p50 ${m.p50} ms, p95 ${m.p95} ms, max ${m.max} ms), ${written} revisions written`
      : `  ten-year recompute: cut short by the time budget of ${BUDGET_MS / 1000} s after ${monthMs.length} of ${months} months (spread over the ten years) in `
        + `${fig.tenYear.seconds} s: ${months} months ≈ ${fig.tenYear.estimatedSeconds} s (per month p50 ${m.p50} ms, p95 ${m.p95} ms, max ${m.max} ms), `
        + `${written} revisions written; BENCH_REPORTS_BUDGET=0 for all`);
    await printStatements(ds, `${label}: statements of one summary (2025-12, in-process)`, summaryTrace, 3);
    await printStatements(ds, `${label}: statements of one rollup (2026-05, first)`, first, 0);
    await printStatements(ds, `${label}: the hand-written core SQL (2025-12)`, rawTrace, 0);
    return fig;
  } finally {
    await app.close();
  }
}

/** `npm run bench` (BENCH_ONLY=reports): both databases, then the figures side by side. */
export async function reportsBench(): Promise<void> {
  const projects = Number(process.env.BENCH_REPORTS_PROJECTS ?? 100_000);
  const calls = Number(process.env.BENCH_REPORTS_CALLS ?? 100);
  const months = Number(process.env.BENCH_REPORTS_MONTHS ?? 120);
  const only = process.env.BENCH_REPORTS_DB;
  const results: DbFigures[] = [];

  if (only !== 'postgres') {
    const file = join(tmpdir(), `zs-reports-bench-${randomBytes(4).toString('hex')}.sqlite`);
    try {
      results.push(await runOn('SQLite', { DATABASE_PATH: file }, projects, calls, months));
    } finally {
      for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
    }
  }

  if (only !== 'sqlite') {
    await onScratchPostgres('reports', async (url) => {
      results.push(await runOn('PostgreSQL', { DATABASE_URL: url }, projects, calls, months));
    });
  }

  if (!results.length) return;
  const mark = (ok: boolean) => (ok ? 'ok' : 'MISSED');
  console.log(`\nReports benchmark, ${projects.toLocaleString('en')} projects: both databases (targets: summary p95 < ${TARGETS.summaryP95Ms} ms, `
    + `one month's rollup < ${TARGETS.rollupMs} ms, summary / raw SQL < ${TARGETS.ratio})`);
  console.table(Object.fromEntries(results.map((r) => [r.label, {
    'generate s': r.generateSeconds,
    'HTTP p50 ms': r.http.p50,
    'HTTP p95 ms': r.http.p95,
    'p95 target': mark(r.http.p95 < TARGETS.summaryP95Ms),
    'in-process p50 ms': r.inProcess.p50,
    'raw SQL p50 ms': r.rawFull.p50,
    'ratio': r.ratioFull,
    'ratio target': mark(r.ratioFull < TARGETS.ratio),
    'ratio core only': r.ratioCore,
    'rollup ms': r.rollupFirstMs,
    'rollup target': mark(r.rollupFirstMs < TARGETS.rollupMs),
    [`${months} months s`]: r.tenYear.done === r.tenYear.months ? r.tenYear.seconds : `≈${r.tenYear.estimatedSeconds} (${r.tenYear.done} done)`,
  }])));
}

if (require.main === module) {
  reportsBench().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
