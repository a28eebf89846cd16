/**
 * BENCH_ONLY=imports: a district's ledger of 100,000 rows (BENCH_IMPORT_ROWS)
 * with a 到位资金 sheet, imported into an install that has its teams and
 * people but no project, on SQLite and on PostgreSQL. The app runs in a
 * child process (serve.ts) so that its memory is its own: printed are the
 * upload, the dry run and the commit (seconds, rows/s), the app's peak RSS in
 * each, and GET /projects latency (p50/p95/max) from two clients polling it
 * while the commit runs — the app must keep serving; then the same file
 * again (every row an update, matched by 项目编号). Targets (issue 12):
 * dry run < 30 s, commit < 60 s on SQLite, peak RSS < 1 GiB. Prints; asserts
 * nothing. BENCH_IMPORT_DB=sqlite|postgres runs one database;
 * BENCH_IMPORT_TRACE=1 prints the app's RSS through the commit, with its progress.
 */
import { createWriteStream, existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import ExcelJS from 'exceljs';
import { FUNDS_HEADERS, LEDGER_HEADERS } from '../helpers/import-headers';
import { prng } from './generate';
import { type BenchServer, call, login, startServer } from './http-load';
import { onScratchPostgres } from './scratch-postgres';

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000);
const TEAMS = 4;
const OFFICERS_PER_TEAM = 5;
const CHAINS = ['新能源及新型储能', '新材料', '电子信息制造', '生物医药', '食品及农产品加工', '智能装备及智能制造'];
const PARKS = ['平山组团', '建设组团', '鱼田堡组团', '关坝组团'];
const teamName = (t: number) => `基准招商${t + 1}组`;
const officerName = (t: number, o: number) => `基准专员${t + 1}-${o + 1}`;

/** A valid 统一社会信用代码 from 17 characters (the check digit computed), as test/helpers/fixtures.ts makes them. */
function creditCode(body17: string): string {
  const C = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  let s = 0;
  for (let i = 0; i < 17; i++) s += C.indexOf(body17[i]) * W[i];
  return body17 + C[(31 - (s % 31)) % 31];
}

const day = (base: number, plus: number) => new Date(base + plus * 86_400_000).toISOString().slice(0, 10);

/** The ledger, written streaming to a file in tmpdir (kept between runs of the same size). */
export async function ledgerFile(): Promise<{ path: string; fundsRows: number }> {
  const path = join(tmpdir(), `zs-bench-import-${ROWS}.xlsx`);
  const meta = `${path}.funds`;
  if (existsSync(path) && existsSync(meta)) return { path, fundsRows: Number(readFileSync(meta, 'utf8')) };
  const t0 = performance.now();
  const partial = `${path}.partial`;
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: createWriteStream(partial), useStyles: false, useSharedStrings: false });
  const ws = wb.addWorksheet('项目台账');
  ws.addRow(['万盛经开区招商项目台账（基准）']).commit();
  ws.addRow([...LEDGER_HEADERS]).commit();
  const col = (h: string) => LEDGER_HEADERS.indexOf(h as (typeof LEDGER_HEADERS)[number]);
  const rand = prng(12).next;
  const start = Date.UTC(2023, 0, 1);
  const signedRows: { code: string; company: string; name: string; month: string; amount: number }[] = [];
  for (let i = 0; i < ROWS; i++) {
    const cells: (string | number | Date | null)[] = new Array(LEDGER_HEADERS.length).fill(null);
    const team = i % TEAMS;
    const code = `JZ-${String(i + 1).padStart(6, '0')}`;
    const company = `基准第${i + 1}号实业有限公司`;
    const name = `基准项目${i + 1}`;
    const created = Math.floor(rand() * 900);
    cells[col('项目编号')] = code;
    cells[col('项目名称')] = name;
    cells[col('企业名称')] = company;
    if (i % 2 === 0) cells[col('统一社会信用代码')] = creditCode(`91500110MA${String(i).padStart(7, '0')}`);
    cells[col('产业链')] = CHAINS[i % CHAINS.length];
    cells[col('园区组团')] = PARKS[i % PARKS.length];
    cells[col('负责人')] = officerName(team, Math.floor(i / TEAMS) % OFFICERS_PER_TEAM);
    cells[col('所属团队')] = teamName(team);
    cells[col('计划投资(万元)')] = 1000 + (i % 5000) + 0.25;
    cells[col('登记日期')] = new Date(start + created * 86_400_000);
    const r = rand();
    if (r < 0.5) {
      const signed = created + 10 + Math.floor(rand() * 60);
      cells[col('协议引资(万元)')] = 800 + (i % 3000);
      cells[col('协议类型')] = i % 10 === 0 ? '框架协议' : '投资协议';
      cells[col('签约日期')] = day(start, signed);
      if (r < 0.25) cells[col('开工日期')] = day(start, signed + 30);
      if (r < 0.1) cells[col('投产日期')] = day(start, signed + 200);
      signedRows.push({ code, company, name, month: day(start, signed + 31).slice(0, 7), amount: 100 + (i % 700) });
    }
    cells[col('阶段')] = r < 0.1 ? '投产' : r < 0.25 ? '开工建设' : r < 0.5 ? '签约' : '拜访接洽';
    ws.addRow(cells).commit();
  }
  ws.addRow(['合计', `共 ${ROWS} 个项目`]).commit();
  ws.commit();
  const funds = wb.addWorksheet('到位资金');
  funds.addRow([...FUNDS_HEADERS]).commit();
  for (const f of signedRows) funds.addRow([f.code, f.company, f.name, f.month, f.amount]).commit();
  funds.commit();
  await wb.commit();
  renameSync(partial, path);
  writeFileSync(meta, String(signedRows.length));
  console.log(`imports bench: wrote ${ROWS} rows + ${signedRows.length} funds rows (${(statSync(path).size / 1024 / 1024).toFixed(1)} MB) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return { path, fundsRows: signedRows.length };
}

type ImportBody = { id: number; status: string; version: number; counts: Record<string, number>; progress: Record<string, number> | null; error: string | null };

async function waitFor(s: BenchServer, token: string, id: number, until: string[], onTick?: (imp: ImportBody) => void): Promise<ImportBody> {
  for (;;) {
    const imp = await call<ImportBody>(s.origin, 'GET', `/api/v1/imports/${id}`, token);
    onTick?.(imp);
    if (until.includes(imp.status)) return imp;
    await new Promise((r) => setTimeout(r, 200));
  }
}

const q = (sorted: number[], f: number) => (sorted.length ? +sorted[Math.min(sorted.length - 1, Math.floor(f * sorted.length))].toFixed(1) : NaN);
const mib = (b: number) => Math.round(b / 1024 / 1024);

async function run(label: string, env: Record<string, string>, file: { path: string; fundsRows: number }): Promise<void> {
  const s = await startServer({ LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn', DEMO_DATA: 'false', IMPORT_MAX_BYTES: String(200 * 1024 * 1024), ...env });
  try {
    const admin = await login(s.origin, 'admin@zhaoshang.local', 'bench-password');
    for (let t = 0; t < TEAMS; t++) {
      const team = (await call<{ id: number }>(s.origin, 'POST', '/api/v1/teams', admin, { name: teamName(t) })).id;
      for (let o = 0; o < OFFICERS_PER_TEAM; o++) {
        await call(s.origin, 'POST', '/api/v1/users', admin, { email: `o${t}-${o}@bench.local`, name: officerName(t, o), password: 'bench-password', role: 'officer', teamId: team });
      }
    }
    const figures: Record<string, Record<string, string | number>> = {};
    console.log(`\n${label}: app RSS at start ${mib(s.memory().rss)} MiB`);
    await importOnce(s, admin, file, label, '', figures);
    // The same file again: every row matches its project by 项目编号 and updates it.
    await importOnce(s, admin, file, label, 're-import: ', figures);
    console.table(figures);
  } finally {
    await s.stop();
  }
}

/** Upload, dry run, accept, commit while two clients read GET /projects: the figures under `prefix`. */
async function importOnce(s: BenchServer, admin: string, file: { path: string }, label: string, prefix: string, figures: Record<string, Record<string, string | number>>): Promise<void> {
  s.resetPeak();
  const t0 = performance.now();
  const form = new FormData();
  form.append('file', new Blob([readFileSync(file.path)]), '基准台账.xlsx');
  const up = await fetch(`${s.origin}/api/v1/imports`, { method: 'POST', body: form, headers: { authorization: `Bearer ${admin}` } });
  const created = (await up.json()) as ImportBody;
  if (up.status !== 201) throw new Error(`upload → ${up.status} ${JSON.stringify(created)}`);
  const uploaded = performance.now();
  const ready = await waitFor(s, admin, created.id, ['ready', 'failed']);
  const dryMs = performance.now() - t0;
  if (ready.status !== 'ready') throw new Error(`dry run failed: ${ready.error}`);
  figures[`${prefix}dry run (upload included)`] = {
    seconds: +(dryMs / 1000).toFixed(1), 'rows/s': Math.round(ROWS / (dryMs / 1000)), 'upload s': +((uploaded - t0) / 1000).toFixed(1), 'peak RSS MiB': mib(s.memory().hwm),
  };
  const { rows, valid, errors, duplicates, toCreate, toUpdate } = ready.counts;
  console.log(`${label}: ${prefix}dry run counts`, { rows, valid, errors, duplicates, toCreate, toUpdate, fundsRows: ready.counts.fundsRows });

  // decide what the dry run flagged, then commit while two clients read GET /projects
  let version = ready.version;
  if (ready.counts.duplicates > 0) {
    version = (await call<ImportBody>(s.origin, 'PUT', `/api/v1/imports/${ready.id}/decisions`, admin, { rows: [], acceptAll: true, version })).version;
  }
  s.resetPeak();
  const samples: number[] = [];
  let committing = true;
  const reader = async () => {
    while (committing) {
      const a = performance.now();
      const r = await fetch(`${s.origin}/api/v1/projects?pageSize=50`, { headers: { authorization: `Bearer ${admin}` } });
      await r.arrayBuffer();
      samples.push(performance.now() - a);
      await new Promise((res) => setTimeout(res, 20));
    }
  };
  const c0 = performance.now();
  const readers = [reader(), reader()];
  await call(s.origin, 'POST', `/api/v1/imports/${ready.id}/commit`, admin, { version });
  const trace: string[] = [];
  const done = await waitFor(s, admin, ready.id, ['done', 'failed'], (imp) => {
    if (trace.length % 5 === 0 || imp.status !== 'committing') trace.push(`${((performance.now() - c0) / 1000).toFixed(1)}s ${mib(s.memory().rss)}MiB ${imp.progress?.done ?? 0}/${imp.progress?.total ?? 0}`);
    else trace.push('');
  });
  const commitMs = performance.now() - c0;
  committing = false;
  await Promise.all(readers);
  if (done.status !== 'done') throw new Error(`commit failed: ${done.error}`);
  const sorted = samples.sort((a, b) => a - b);
  figures[`${prefix}commit`] = { seconds: +(commitMs / 1000).toFixed(1), 'rows/s': Math.round(ROWS / (commitMs / 1000)), 'upload s': '', 'peak RSS MiB': mib(s.memory().hwm) };
  console.log(`${label}: ${prefix}commit counts`, { created: done.counts.created, updated: done.counts.updated, skipped: done.counts.skipped });
  if (process.env.BENCH_IMPORT_TRACE) console.log(`${label}: ${prefix}app RSS during the commit: ${trace.filter(Boolean).join(' · ')}`);
  console.log(`${label}: ${prefix}GET /projects?pageSize=50 during the commit (2 clients): n=${sorted.length} p50=${q(sorted, 0.5)} ms p95=${q(sorted, 0.95)} ms max=${q(sorted, 1)} ms`);
}

export async function importsBench(): Promise<void> {
  const file = await ledgerFile();
  const only = process.env.BENCH_IMPORT_DB;
  if (only !== 'postgres') await onSqlite(file);
  if (only !== 'sqlite') {
    await onScratchPostgres('imports', (url) => run(`PostgreSQL, ${ROWS} rows`, { DATABASE_URL: url }, file).catch((err) => console.log(`PostgreSQL imports bench failed: ${(err as Error).message}`)));
  }
}

async function onSqlite(file: { path: string; fundsRows: number }): Promise<void> {
  const sqlite = join(tmpdir(), `zs-bench-import-${process.pid}.sqlite`);
  try {
    await run(`SQLite, ${ROWS} rows`, { DATABASE_PATH: sqlite }, file);
  } catch (err) {
    console.log(`SQLite imports bench failed: ${(err as Error).message}`);
  } finally {
    for (const f of [sqlite, `${sqlite}-wal`, `${sqlite}-shm`]) rmSync(f, { force: true });
  }
}
