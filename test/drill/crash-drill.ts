/**
 * `npm run drill`: the crash drill (not part of `npm test`).
 *
 * Starts the built server (dist/src/main.js) as a child process on a fresh
 * SQLite file, and on a fresh PostgreSQL database when one is reachable
 * (DRILL_PG_URL, default the local server). Each round fires 200 writes at
 * once through HTTP (stage moves and reverts, follow-up records, funds
 * reports, project edits), kills the server with SIGKILL part-way, starts
 * it again and checks, on the database itself, that
 *   - every write that was acknowledged (2xx received) is there;
 *   - each project's version, its history (transition rows), its audit rows
 *     and the pipeline ledger agree: version = 1 + audited changes, the
 *     history numbered without gaps and ending in the project's stage, one
 *     audit row per history row, follow-up record and funds report, and
 *     PipelineHistory.verify finding no drift between ledger and history.
 * Rounds accumulate on one database (DRILL_ROUNDS, default 3). Prints the
 * figures; exits 1 when a write was lost or anything disagrees.
 */
process.env.TZ = 'UTC';
import 'reflect-metadata';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { appDataSourceOptions } from '../../src/app.entities';
import type { DatabaseConfig } from '../../src/core/config/app-config';
import { sql } from '../../src/core/database/dialect';
import { PipelineHistory } from '../../src/projects/pipeline-history';
import { TransitionsRepository } from '../../src/projects/transitions.repository';

const ROOT = resolve(__dirname, '../../..');
const MAIN = join(ROOT, 'dist/src/main.js');
const WRITES = Number(process.env.DRILL_WRITES ?? 200);
const ROUNDS = Number(process.env.DRILL_ROUNDS ?? 3);
const PG_URL = process.env.DRILL_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const ADMIN = { email: 'drill-admin@zhaoshang.local', password: 'drill-admin-password' };
const PROJECTS = 60;
const SIGNED = 15;
const SIGNED_ON = '2024-01-15';

// ---------------------------------------------------------------- the server

interface Target {
  label: string;
  env: Record<string, string>;
  db: DatabaseConfig;
  drop: () => Promise<void>;
}

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as AddressInfo;
  await new Promise((r) => srv.close(r));
  return port;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The built server as its own process, logging to a file. */
class Server {
  private proc?: ChildProcess;
  readonly base: string;

  constructor(
    private readonly port: number,
    private readonly env: Record<string, string>,
    readonly log: string,
  ) {
    this.base = `http://127.0.0.1:${port}/api/v1`;
  }

  async start(): Promise<void> {
    const out = openSync(this.log, 'a');
    this.proc = spawn(process.execPath, [MAIN], {
      cwd: ROOT,
      stdio: ['ignore', out, out],
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'production',
        PORT: String(this.port),
        JWT_SECRET: 'drill-secret-'.padEnd(48, 'x'),
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
        DEMO_DATA: 'false',
        WORKER: 'false',
        LOG_LEVEL: 'warn',
        LOGIN_RATE_LIMIT_PER_MINUTE: '100000',
        ...this.env,
      },
    });
    closeSync(out);
    const exited = new Promise<never>((_, reject) => this.proc!.once('exit', (code) => reject(new Error(`the server exited (${code}) while starting; see ${this.log}`))));
    const until = Date.now() + 60_000;
    const ready = (async () => {
      while (Date.now() < until) {
        try {
          if ((await fetch(`${this.base}/health`)).status === 200) return;
        } catch {
          // not listening yet
        }
        await sleep(100);
      }
      throw new Error(`the server did not answer /health within 60 s; see ${this.log}`);
    })();
    await Promise.race([ready, exited]);
  }

  /** kill -9: no shutdown hook runs, nothing is flushed. */
  async kill(): Promise<void> {
    const p = this.proc;
    if (!p || p.exitCode !== null || p.signalCode !== null) return;
    const gone = new Promise((r) => p.once('exit', r));
    p.kill('SIGKILL');
    await gone;
  }

  async stop(): Promise<void> {
    const p = this.proc;
    if (!p || p.exitCode !== null || p.signalCode !== null) return;
    const gone = new Promise((r) => p.once('exit', r));
    p.kill('SIGTERM');
    await Promise.race([gone, sleep(10_000).then(() => p.kill('SIGKILL'))]);
  }
}

interface Answer {
  status: number;
  body: Record<string, unknown> & { [k: string]: unknown };
}

async function call(base: string, token: string | null, method: string, path: string, body?: unknown): Promise<Answer> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Answer['body']) : {} };
}

async function must(base: string, token: string | null, method: string, path: string, body?: unknown): Promise<Answer['body']> {
  const a = await call(base, token, method, path, body);
  if (a.status >= 300) throw new Error(`${method} ${path}: ${a.status} ${JSON.stringify(a.body)}`);
  return a.body;
}

const login = async (base: string) => (await must(base, null, 'POST', '/auth/login', ADMIN)).accessToken as string;

// ------------------------------------------------------------------ the world

interface DrillProject {
  id: number;
  version: number;
  stage: string;
  /** the stage it rests in between pauses: visit, negotiation or signed */
  base: string;
  signed: boolean;
}

/** Shanghai's today, as the server's clock has it. */
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

/** Months from the signing month to this one: the funds reports a signed project can take. */
function fundsMonths(): string[] {
  const out: string[] = [];
  const last = today().slice(0, 7);
  for (let y = 2024, m = 1; `${y}-${String(m).padStart(2, '0')}` <= last; m === 12 ? (y++, (m = 1)) : m++) out.push(`${y}-${String(m).padStart(2, '0')}`);
  return out;
}

async function setUp(base: string, token: string): Promise<{ projects: DrillProject[]; freeMonths: Map<number, string[]> }> {
  const team = await must(base, token, 'POST', '/teams', { name: '演练专班' });
  const officer = await must(base, token, 'POST', '/users', { email: 'drill-officer@zhaoshang.local', name: '演练专员', password: 'drill-officer-pw', role: 'officer', teamId: team.id });
  const projects: DrillProject[] = [];
  for (let i = 0; i < PROJECTS; i++) {
    const company = await must(base, token, 'POST', '/companies', { name: `演练企业${i + 1}号有限公司` });
    const p = await must(base, token, 'POST', '/projects', {
      name: `演练项目${i + 1}`, companyId: company.id, industryChain: 'new_energy_storage', plannedInvestment: 10_000 + i, ownerId: officer.id,
    });
    let project: DrillProject = { id: p.id as number, version: p.version as number, stage: 'visit', base: 'visit', signed: false };
    const move = async (body: Record<string, unknown>) => {
      const r = await must(base, token, 'POST', `/projects/${project.id}/transitions`, { version: project.version, ...body });
      const view = r.project as { version: number; stage: string };
      project = { ...project, version: view.version, stage: view.stage, base: view.stage };
    };
    if (i < SIGNED) {
      await move({ to: 'signed', effectiveOn: SIGNED_ON, signedOn: SIGNED_ON, contractInvestment: 20_000, agreementType: 'investment' });
      project.signed = true;
    } else if (i % 2) await move({ to: 'negotiation' });
    projects.push(project);
  }
  const months = fundsMonths();
  return { projects, freeMonths: new Map(projects.filter((p) => p.signed).map((p) => [p.id, [...months]])) };
}

// ------------------------------------------------------------------ a round

type WriteKind = 'move' | 'revert' | 'activity' | 'funds' | 'edit';

/** What an acknowledged write left, to look for after the crash. */
type Evidence =
  | { kind: 'move' | 'revert'; projectId: number; transitionId: number }
  | { kind: 'activity'; projectId: number; activityId: number }
  | { kind: 'funds'; projectId: number; month: string; yuan: number }
  | { kind: 'edit'; projectId: number; marker: string };

interface RoundFigures {
  sent: number;
  acknowledged: number;
  refused: number;
  cut: number;
  byKind: Record<WriteKind, number>;
}

const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)];

async function fireRound(
  server: Server,
  token: string,
  round: number,
  projects: DrillProject[],
  freeMonths: Map<number, string[]>,
): Promise<{ figures: RoundFigures; acked: Evidence[] }> {
  const figures: RoundFigures = { sent: 0, acknowledged: 0, refused: 0, cut: 0, byKind: { move: 0, revert: 0, activity: 0, funds: 0, edit: 0 } };
  const acked: Evidence[] = [];
  // Part-way: once a random number of the moves and edits were answered (they answer slowest), or
  // most of everything; a kill that left only the quick writes acknowledged would test less.
  const killAfterVersioned = 10 + Math.floor(Math.random() * 20);
  let versionedAcks = 0;
  let moveAcks = 0;
  let killing: Promise<void> | undefined;
  const acknowledge = (e: Evidence) => {
    acked.push(e);
    figures.acknowledged++;
    figures.byKind[e.kind]++;
    if (e.kind === 'move' || e.kind === 'revert') moveAcks++;
    if (e.kind === 'move' || e.kind === 'revert' || e.kind === 'edit') versionedAcks++;
    if ((versionedAcks >= killAfterVersioned && moveAcks >= 5) || figures.acknowledged >= WRITES * 0.85) killing ??= server.kill();
  };
  // Writes that carry the project's version go one after another per project (each needs the
  // version the last one answered); everything else, and every project, at once.
  const chains = new Map<number, Promise<void>>();
  const day = today();
  const send = async (i: number): Promise<void> => {
    const roll = Math.random();
    const signed = projects.filter((p) => p.signed && (freeMonths.get(p.id)?.length ?? 0) > 0);
    const kind: WriteKind = roll < 0.25 ? 'activity' : roll < 0.45 && signed.length ? 'funds' : roll < 0.65 ? 'edit' : 'move';
    const p = kind === 'funds' ? pick(signed) : pick(projects);
    const marker = `演练 r${round} w${i}`;
    const request = async (): Promise<void> => {
      figures.sent++;
      try {
        if (kind === 'activity') {
          const a = await call(server.base, token, 'POST', `/projects/${p.id}/activities`, { kind: 'visit_out', occurredOn: day, summary: marker });
          if (a.status === 201) acknowledge({ kind, projectId: p.id, activityId: a.body.id as number });
          else figures.refused++;
        } else if (kind === 'funds') {
          const month = freeMonths.get(p.id)!.shift()!;
          const wan = round * 1000 + i + 1;
          const a = await call(server.base, token, 'PUT', `/projects/${p.id}/funds/${month}`, { amount: wan, note: marker });
          if (a.status === 200 || a.status === 201) acknowledge({ kind, projectId: p.id, month, yuan: wan * 10_000 });
          else figures.refused++;
        } else if (kind === 'edit') {
          const a = await call(server.base, token, 'PATCH', `/projects/${p.id}`, { version: p.version, description: marker, plannedInvestment: 10_000 + Math.floor(Math.random() * 90_000) });
          if (a.status === 200) {
            p.version = a.body.version as number;
            acknowledge({ kind, projectId: p.id, marker });
          } else figures.refused++;
        } else {
          // pause and resume between the resting stage and on_hold; now and then undo a pause
          const revert = p.stage === 'on_hold' && Math.random() < 0.5;
          const a = revert
            ? await call(server.base, token, 'POST', `/projects/${p.id}/transitions/revert`, { version: p.version, reason: marker })
            : await call(server.base, token, 'POST', `/projects/${p.id}/transitions`, p.stage === 'on_hold' ? { to: p.base, version: p.version } : { to: 'on_hold', version: p.version, reason: marker });
          if (a.status === 201) {
            const view = a.body.project as { version: number; stage: string };
            Object.assign(p, { version: view.version, stage: view.stage });
            acknowledge({ kind: revert ? 'revert' : 'move', projectId: p.id, transitionId: (a.body.transition as { id: number }).id });
          } else figures.refused++;
        }
      } catch {
        figures.cut++; // the connection died with the server: not acknowledged
      }
    };
    if (kind === 'edit' || kind === 'move') {
      const next = (chains.get(p.id) ?? Promise.resolve()).then(request);
      chains.set(p.id, next);
      return next;
    }
    return request();
  };
  await Promise.all(Array.from({ length: WRITES }, (_, i) => send(i)));
  await (killing ?? server.kill());
  return { figures, acked };
}

// ------------------------------------------------------------------ checks

interface CheckFigures {
  found: number;
  lost: string[];
  disagreements: string[];
  ledgerDrift: number;
}

async function check(db: DatabaseConfig, acked: Evidence[]): Promise<CheckFigures> {
  const ds = new DataSource(appDataSourceOptions(db));
  await ds.initialize();
  try {
    const em = ds.manager;
    const q = <T>(text: string, params: Record<string, unknown> = {}) => sql<T>(em, text, params);
    const lost: string[] = [];
    for (const e of acked) {
      let there: unknown[];
      switch (e.kind) {
        case 'move':
        case 'revert':
          there = await q('SELECT id FROM project_transitions WHERE id = :id AND "projectId" = :p', { id: e.transitionId, p: e.projectId });
          break;
        case 'activity':
          there = await q('SELECT id FROM activities WHERE id = :id AND "projectId" = :p', { id: e.activityId, p: e.projectId });
          break;
        case 'funds':
          there = await q('SELECT id FROM funds_reports WHERE "projectId" = :p AND month = :m AND amount = :a', { p: e.projectId, m: e.month, a: e.yuan });
          break;
        case 'edit':
          there = await q(`SELECT id FROM audit_logs WHERE entity = 'project' AND "entityId" = :p AND action = 'update' AND "after" LIKE :m`, {
            p: String(e.projectId), m: `%${e.marker}%`,
          });
          break;
      }
      if (!there.length) lost.push(`${e.kind} on project ${e.projectId}: ${JSON.stringify(e)}`);
    }

    const disagreements: string[] = [];
    const projects = await q<{ id: number; version: number; stage: string }>('SELECT id, version, stage FROM projects ORDER BY id');
    const count = async (table: string, where: string, params: Record<string, unknown>) => Number((await q<{ n: unknown }>(`SELECT COUNT(*) AS n FROM ${table} WHERE ${where}`, params))[0].n);
    for (const p of projects) {
      const id = Number(p.id);
      const audit = (actions: string[]) => count('audit_logs', `entity = 'project' AND "entityId" = :p AND action IN (:...a)`, { p: String(id), a: actions });
      const history = await q<{ seq: number; kind: string; toStage: string; version: number }>(
        'SELECT seq, kind, "toStage", version FROM project_transitions WHERE "projectId" = :p ORDER BY seq', { p: id },
      );
      const versioned = await audit(['update', 'transition', 'revert']);
      if (Number(p.version) !== 1 + versioned) disagreements.push(`project ${id}: version ${p.version}, but 1 + ${versioned} audited changes`);
      if (history.some((h, i) => Number(h.seq) !== i + 1)) disagreements.push(`project ${id}: history seq has gaps`);
      const moves = await audit(['transition', 'revert']);
      if (history.length - 1 !== moves) disagreements.push(`project ${id}: ${history.length - 1} moves in the history, ${moves} audited`);
      const last = history[history.length - 1];
      if (!last || last.toStage !== p.stage) disagreements.push(`project ${id}: stage ${p.stage}, history ends in ${last?.toStage}`);
      if (history.some((h) => Number(h.version) > Number(p.version))) disagreements.push(`project ${id}: a history row is newer than the project`);
      const activities = await count('activities', '"projectId" = :p', { p: id });
      const activityAudits = await audit(['activity.create']);
      if (activities !== activityAudits) disagreements.push(`project ${id}: ${activities} follow-up records, ${activityAudits} audited`);
      const funds = await count('funds_reports', '"projectId" = :p', { p: id });
      const fundsAudits = await audit(['funds.put']);
      if (funds !== fundsAudits) disagreements.push(`project ${id}: ${funds} funds reports, ${fundsAudits} audited`);
    }
    const drift = await new PipelineHistory(new TransitionsRepository(ds)).verify(em);
    for (const d of drift.slice(0, 5)) disagreements.push(`ledger ${d.key}: ledger ${JSON.stringify(d.ledger, bigints)}, history ${JSON.stringify(d.history, bigints)}`);
    return { found: acked.length - lost.length, lost, disagreements, ledgerDrift: drift.length };
  } finally {
    await ds.destroy();
  }
}

const bigints = (_: string, v: unknown) => (typeof v === 'bigint' ? v.toString() : v);

// ------------------------------------------------------------------ main

async function sqliteTarget(dir: string): Promise<Target> {
  const path = join(dir, 'drill.sqlite');
  return { label: 'SQLite', env: { DATABASE_PATH: path }, db: { type: 'sqlite', path }, drop: async () => undefined };
}

async function postgresTarget(): Promise<Target | null> {
  const admin = new Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
  } catch (err) {
    console.log(`PostgreSQL at ${PG_URL} not reachable (${(err as Error).message}): drilling SQLite only`);
    return null;
  }
  const name = `zs_drill_${Date.now()}_${randomBytes(3).toString('hex')}`;
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  return {
    label: 'PostgreSQL',
    env: { DATABASE_URL: url.toString() },
    db: { type: 'postgres', url: url.toString() },
    drop: async () => {
      const c = new Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

async function drill(target: Target, dir: string): Promise<boolean> {
  const server = new Server(await freePort(), target.env, join(dir, `server-${target.label}.log`));
  console.log(`\n== ${target.label}: ${ROUNDS} round(s) of ${WRITES} concurrent writes, kill -9 part-way (server log: ${server.log})`);
  await server.start();
  let token = await login(server.base);
  const { projects, freeMonths } = await setUp(server.base, token);
  const all: Evidence[] = [];
  let ok = true;
  for (let round = 1; round <= ROUNDS; round++) {
    const { figures, acked } = await fireRound(server, token, round, projects, freeMonths);
    all.push(...acked);
    await server.start();
    token = await login(server.base);
    const result = await check(target.db, all);
    const byKind = Object.entries(figures.byKind).map(([k, n]) => `${k} ${n}`).join(', ');
    console.log(
      `round ${round}: writes fired ${figures.sent}, acknowledged ${figures.acknowledged} (${byKind}), refused ${figures.refused}, cut by the kill ${figures.cut}` +
        `\n         after restart: acknowledged so far ${all.length}, found ${result.found}, lost: ${result.lost.length}, disagreements: ${result.disagreements.length}, ledger drift: ${result.ledgerDrift}`,
    );
    for (const line of [...result.lost, ...result.disagreements].slice(0, 10)) console.log(`         ! ${line}`);
    if (result.lost.length || result.disagreements.length || result.ledgerDrift) ok = false;
    // what the crash left committed, as the restarted server reads it
    for (const p of projects) {
      const view = await must(server.base, token, 'GET', `/projects/${p.id}`);
      Object.assign(p, { version: view.version as number, stage: view.stage as string });
    }
  }
  await server.stop();
  return ok;
}

async function main() {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first (npm run drill does)`);
  const dir = mkdtempSync(join(tmpdir(), 'zs-drill-'));
  const targets = [await sqliteTarget(dir), await postgresTarget()].filter((t): t is Target => t !== null);
  let ok = true;
  try {
    for (const t of targets) {
      try {
        ok = (await drill(t, dir)) && ok;
      } finally {
        await t.drop();
      }
    }
  } finally {
    if (ok && !process.env.DRILL_KEEP) rmSync(dir, { recursive: true, force: true });
    else console.log(`\nkept ${dir} (database and server logs)`);
  }
  console.log(ok ? '\ncrash drill: no acknowledged write lost, no disagreement, no ledger drift' : '\ncrash drill FAILED');
  process.exit(ok ? 0 : 1);
}

main().catch((err) => {
  console.error('crash drill failed to run:', err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(2);
});
