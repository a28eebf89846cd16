/**
 * Drill-down and series benchmark (issue 11): the history dataset of the
 * reports bench (generate.ts; 100,000 projects by default, fewer activities:
 * the drill does not read them) on SQLite and, when reachable, PostgreSQL.
 * Times GET /reports/drill in-process (DrillService) for every kind of figure
 * — indicators by span, a breakdown row, 签约后终止, a funnel stage, both
 * parts of a rate — as the district and as a team manager, the first page
 * and a deep one, and GET /reports/series (SeriesService). Target: every
 * drill well within 1 s. Prints figures; asserts nothing.
 * BENCH_DRILL_PROJECTS scales the data, BENCH_DRILL_DB=sqlite|postgres runs one database.
 */
process.env.TZ = 'UTC';
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { createApp } from '../../src/app.bootstrap';
import type { AuthUser } from '../../src/core/auth/auth-user';
import { FixedClock } from '../../src/core/clock';
import { loadConfig } from '../../src/core/config/app-config';
import type { DrillQuery } from '../../src/reports/drill.dto';
import { DrillService } from '../../src/reports/drill.service';
import { SeriesService } from '../../src/reports/series.service';
import { generateDataset } from './generate';
import { onScratchPostgres } from './scratch-postgres';

const TODAY = '2026-06-15';
const TARGET_MS = 1000;

const QUERIES: Omit<DrillQuery, 'year' | 'month'>[] = [
  { figure: 'signedInvestment' },
  { figure: 'signings', span: 'month' },
  { figure: 'fundsInPlace' },
  { figure: 'fundsInPlace', span: 'lastYearYtd' },
  { figure: 'constructionStarts' },
  { figure: 'productionStarts' },
  { figure: 'signedInvestment', breakdown: 'industryChain', code: 'new_materials' },
  { figure: 'fundsInPlace', breakdown: 'companyTier', code: 'none' },
  { figure: 'signedThenDropped' },
  { figure: 'funnel', stage: 'negotiation' },
  { figure: 'funnel', stage: 'signed' },
  { figure: 'fundsRate', part: 'numerator' },
  { figure: 'constructionRate', part: 'denominator' },
];

async function runOn(label: string, env: Record<string, string>, projects: number): Promise<void> {
  const config = loadConfig({
    NODE_ENV: 'test', JWT_SECRET: 'bench-'.padEnd(40, 'x'), ADMIN_PASSWORD: 'bench-password', DEMO_DATA: 'false', LOG_LEVEL: 'silent', WORKER: 'false', ...env,
  });
  const app = await createApp(config, { clock: new FixedClock(`${TODAY}T04:00:00Z`) });
  try {
    const ds = app.get<DataSource>(getDataSourceToken());
    const t0 = performance.now();
    await generateDataset(ds, { profile: 'history', projects, years: 10, today: TODAY, seed: 20260615, activitiesPerProject: 1, transitionsPerProject: 3, fundsReportsPerSignedProject: 3 });
    console.log(`\n${label}: ${projects.toLocaleString('en')} projects generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const [m] = (await ds.query(`SELECT id, "teamId" FROM users WHERE role = 'manager' AND "teamId" IS NOT NULL ORDER BY id LIMIT 1`)) as { id: number; teamId: number }[];
    const district = { id: 1, email: 'admin', name: 'admin', role: 'admin', dataScope: 'all', teamId: null } as AuthUser;
    const manager = { id: Number(m.id), email: 'm', name: 'm', role: 'manager', dataScope: 'team', teamId: Number(m.teamId) } as AuthUser;
    const drills = app.get(DrillService);
    const series = app.get(SeriesService);
    const rows: Record<string, Record<string, number | string>> = {};
    const time = async (fn: () => Promise<unknown>) => {
      const s = performance.now();
      await fn();
      return +(performance.now() - s).toFixed(1);
    };
    await drills.drill(district, { year: 2025, month: 12, figure: 'signings' }); // warm-up
    for (const q of QUERIES) {
      const key = Object.values(q).join(' ');
      const row: Record<string, number | string> = {};
      for (const [who, user] of [['district', district], ['team', manager]] as const) {
        const first = await drills.drill(user, { year: 2025, month: 12, ...q, page: 1, pageSize: 50 });
        row[`${who} rows`] = first.total;
        row[`${who} p1 ms`] = await time(() => drills.drill(user, { year: 2025, month: 12, ...q, page: 1, pageSize: 50 }));
        row[`${who} last page ms`] = await time(() => drills.drill(user, { year: 2025, month: 12, ...q, page: Math.max(1, Math.ceil(first.total / 50)), pageSize: 50 }));
      }
      rows[key] = row;
    }
    console.table(rows);
    console.log(`series 2026, district: ${await time(() => series.year(district, 2026))} ms; team: ${await time(() => series.year(manager, 2026))} ms (target for a drill: < ${TARGET_MS} ms)`);
  } finally {
    await app.close();
  }
}

export async function drillBench(): Promise<void> {
  const projects = Number(process.env.BENCH_DRILL_PROJECTS ?? 100_000);
  const only = process.env.BENCH_DRILL_DB;
  if (only !== 'postgres') {
    const file = join(tmpdir(), `zs-drill-bench-${randomBytes(4).toString('hex')}.sqlite`);
    try {
      await runOn('SQLite', { DATABASE_PATH: file }, projects);
    } finally {
      for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
    }
  }
  if (only !== 'sqlite') await onScratchPostgres('drill', (url) => runOn('PostgreSQL', { DATABASE_URL: url }, projects));
}

if (require.main === module) {
  drillBench().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
