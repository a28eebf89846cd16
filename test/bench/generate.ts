/**
 * The benchmarks' data generator: a district of teams, officers, companies,
 * projects with their pipeline history, activities, milestones and funds in
 * place, bulk-loaded into a migrated database with multi-row INSERTs of
 * literal values inside a few big transactions (the API would take hours).
 * Works on SQLite and PostgreSQL alike: no bound parameters (so no 65535
 * limit), quotes doubled, booleans as TRUE/FALSE, sequences moved past the
 * explicit ids on PostgreSQL.
 *
 * Two profiles, both seeded (same options → same rows):
 * - `history` (the reports bench): registrations spread evenly over `years`
 *   years ending at `today`, each project moved along the pipeline by a small
 *   simulation (visit → negotiation → signed → construction → production,
 *   with pauses, resumes, drops and reopenings), written as its
 *   project_transitions rows (seq 1 = the registration, then every move, in
 *   date order, with the data entered and the pipeline snapshot before it)
 *   and as the project's stage fields; activities between registration and
 *   the latest activity; funds in place for signed projects, monthly from the
 *   signing month.
 * - `recent` (the digest bench, unchanged from its first version): stages
 *   entered within the last two years or so, activities mostly within the
 *   last four weeks with a stale tail, milestones; no transition history and
 *   no funds. The rows the reminder rules read are exactly those of the
 *   original digest loader for the same seed.
 *
 * Money is integer 元; dates are 'YYYY-MM-DD' text; dictionary codes are the
 * default dictionaries' (seeds/dictionaries.ts).
 */
import { performance } from 'node:perf_hooks';
import type { DataSource } from 'typeorm';
import { DEFAULT_DICTIONARIES } from '../../seeds/dictionaries';
import { yuanToWan } from '../../src/core/money';
import { rebuildPipeline } from '../../src/projects/pipeline-history';

export type Profile = 'history' | 'recent';

export interface GenerateOptions {
  projects: number;
  profile?: Profile;
  /** history: registrations spread over this many years ending at `today` (default 10) */
  years?: number;
  /** the data's "today", 'YYYY-MM-DD': nothing is dated after it (default 2026-06-15) */
  today?: string;
  /** activities = projects × this, exactly (default 10) */
  activitiesPerProject?: number;
  /** history: project_transitions rows, registrations included = projects × this, exactly (default 3) */
  transitionsPerProject?: number;
  /** milestones per project drawn in [0, 2 × this] (default: recent 2, history 0) */
  milestonesPerProject?: number;
  /** history: funds reports per signed project, drawn in [0, 2 × this] (default 3) */
  fundsReportsPerSignedProject?: number;
  teams?: number;
  officersPerTeam?: number;
  /** the first few officers are inactive */
  inactiveOfficers?: number;
  seed?: number;
  rowsPerInsert?: number;
  /** after loading: ANALYZE. Default: on PostgreSQL (VACUUM ANALYZE, as autovacuum would have), off on SQLite (the app never runs it) */
  analyze?: boolean;
}

export interface GenerateResult {
  today: string;
  /** rows written and seconds taken, per step, in order */
  rows: Record<string, number>;
  seconds: Record<string, number>;
  firstProjectId: number;
  lastProjectId: number;
  teamIds: number[];
  /** projects per final stage */
  stages: Record<string, number>;
}

// ---------------------------------------------------------------- basics

/** mulberry32: a small seeded PRNG. */
export function prng(seed: number) {
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
type Rng = ReturnType<typeof prng>;

/** A stateless integer hash: attributes that must not consume the PRNG (so the `recent` rows stay as they were). */
function hash(i: number, salt: number): number {
  let h = Math.imul(i ^ Math.imul(salt, 0x9e3779b9), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

const secs = (ms: number) => +(ms / 1000).toFixed(2);
const lit = (s: string | null | undefined) => (s === null || s === undefined ? 'NULL' : `'${s.replace(/'/g, "''")}'`);
const bool = (b: boolean) => (b ? 'TRUE' : 'FALSE');
const num = (n: number | null | undefined) => (n === null || n === undefined ? 'NULL' : String(n));

/** Day offsets relative to `today` → 'YYYY-MM-DD', cached (millions of calls). */
function dayFormatter(today: string) {
  const cache = new Map<number, string>();
  const base = Date.parse(`${today}T00:00:00Z`);
  if (Number.isNaN(base)) throw new Error(`today must be YYYY-MM-DD, not ${today}`);
  return (offset: number): string => {
    let s = cache.get(offset);
    if (s === undefined) {
      s = new Date(base + offset * 86_400_000).toISOString().slice(0, 10);
      cache.set(offset, s);
    }
    return s;
  };
}

/** Inserts rows in multi-row statements of literal values inside one transaction. */
async function insertAll(ds: DataSource, table: string, columns: string[], rows: Iterable<string>, perInsert: number): Promise<number> {
  const head = `INSERT INTO ${table} (${columns.map((c) => `"${c}"`).join(', ')}) VALUES `;
  let n = 0;
  await ds.transaction(async (em) => {
    let batch: string[] = [];
    for (const row of rows) {
      batch.push(row);
      if (batch.length === perInsert) {
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

const isPostgres = (ds: DataSource) => ds.options.type === 'postgres';

/** PostgreSQL: move the id sequence past the ids written explicitly. */
async function syncSequence(ds: DataSource, table: string) {
  if (!isPostgres(ds)) return;
  await ds.query(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), GREATEST((SELECT COALESCE(MAX(id), 0) FROM ${table}), 1))`);
}

async function maxId(ds: DataSource, table: string): Promise<number> {
  const [{ m }] = (await ds.query(`SELECT COALESCE(MAX(id), 0) AS m FROM ${table}`)) as { m: number | string }[];
  return Number(m);
}

// ---------------------------------------------------------------- model

type Stage = 'visit' | 'negotiation' | 'signed' | 'construction' | 'production' | 'on_hold' | 'dropped';
const CHAINS = DEFAULT_DICTIONARIES['industry-chains'].map((e) => e.code);
const PARKS = DEFAULT_DICTIONARIES.parks.map((e) => e.code);
const CHANNELS = DEFAULT_DICTIONARIES['source-channels'].map((e) => e.code);
const REGIONS = DEFAULT_DICTIONARIES['source-regions'].map((e) => e.code);
const TIERS = DEFAULT_DICTIONARIES['company-tiers'].map((e) => e.code);
const DROP_REASONS = DEFAULT_DICTIONARIES['drop-reasons'].map((e) => e.code);
const ACTIVITY_KINDS = ['visit_out', 'reception', 'negotiation', 'site_visit', 'call', 'event'];
/** history: visits out 25%, receptions 20%, negotiations 15%, site visits 10%, calls 25%, events 5% */
const HISTORY_KINDS = [
  ...Array<string>(5).fill('visit_out'), ...Array<string>(4).fill('reception'), ...Array<string>(3).fill('negotiation'),
  ...Array<string>(2).fill('site_visit'), ...Array<string>(5).fill('call'), 'event',
];
const LEADERS = ['区委书记', '区长', '常务副区长', '分管副区长'];
const MILESTONE_NAMES = ['项目备案', '土地摘牌', '规划许可', '施工许可', '主体封顶', '设备进场', '试生产'];
const HOLD_REASONS = ['企业资金调整', '等待土地指标', '投资方内部决策', '环评手续办理中'];
const DROP_TEXTS = ['投资方向变化', '资金链紧张', '已选址外地', '要素保障不足'];

/** One move after the registration. */
interface Move {
  to: Stage;
  on: number;
  /** resume: back to the stage paused from; reopen: out of dropped (a manager's move) */
  kind: 'forward' | 'resume' | 'reopen';
  /** signed */
  contractYuan?: number;
  agreementType?: 'framework' | 'investment';
  contractNo?: string | null;
  /** on_hold */
  reason?: string;
  expectedResumeOn?: number | null;
  /** dropped */
  reasonCode?: string;
}

interface ProjectSpec {
  stage: Stage;
  owner: number; // index into owners
  createdOff: number;
  /** null: no activity yet */
  lastOff: number | null;
  signedOff: number | null;
  constructionOff: number | null;
  productionOff: number | null;
  stageEnteredOff: number;
  pausedFrom: Stage | null;
  droppedFrom: Stage | null;
  activities: number;
  plannedYuan: number;
  contractYuan: number | null;
  agreementType: string | null;
  contractNo: string | null;
  holdReason: string | null;
  expectedResumeOff: number | null;
  dropCode: string | null;
  dropText: string | null;
  /** history only: the moves after the registration, in date order */
  moves: Move[] | null;
}

function blankSpec(owner: number, createdOff: number): ProjectSpec {
  return {
    stage: 'visit', owner, createdOff, lastOff: null, signedOff: null, constructionOff: null, productionOff: null,
    stageEnteredOff: createdOff, pausedFrom: null, droppedFrom: null, activities: 0, plannedYuan: 0, contractYuan: null,
    agreementType: null, contractNo: null, holdReason: null, expectedResumeOff: null, dropCode: null, dropText: null, moves: null,
  };
}

/** Days since the latest activity: mostly recent, a tail that is stale (yellow and red for the 督办灯). */
function daysSinceLast(r: Rng): number {
  const x = r.next();
  if (x < 0.93) return r.int(0, 27);
  if (x < 0.955) return r.int(28, 59);
  if (x < 0.97) return r.int(60, 89);
  return r.int(90, 400);
}

// ---------------------------------------------------------------- profile `recent` (the digest's district)

const RECENT_STAGE_WEIGHTS: [Stage, number][] = [
  ['visit', 0.25], ['negotiation', 0.2], ['signed', 0.12], ['construction', 0.12], ['production', 0.13], ['on_hold', 0.08], ['dropped', 0.1],
];

function pickRecentStage(x: number): Stage {
  for (const [s, w] of RECENT_STAGE_WEIGHTS) {
    if (x < w) return s;
    x -= w;
  }
  return 'dropped';
}

/** The digest bench's original generator, draw for draw. */
function recentSpecs(n: number, activitiesPerProject: number, pickOwner: () => number, r: Rng): ProjectSpec[] {
  const out: ProjectSpec[] = [];
  for (let i = 0; i < n; i++) {
    const stage = pickRecentStage(r.next());
    let signedOff: number | null = null;
    let constructionOff: number | null = null;
    let productionOff: number | null = null;
    let pausedFrom: Stage | null = null;
    let droppedFrom: Stage | null = null;
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
    const spec = blankSpec(pickOwner(), createdOff);
    Object.assign(spec, {
      stage, lastOff, signedOff, constructionOff, productionOff, stageEnteredOff: Math.max(stageEnteredOff, createdOff), pausedFrom, droppedFrom,
      activities: lastOff === null ? 0 : r.int(1, 2 * activitiesPerProject - 1),
      holdReason: stage === 'on_hold' ? '企业资金调整' : null,
      dropCode: stage === 'dropped' ? 'other' : null,
      dropText: stage === 'dropped' ? '投资方向变化' : null,
    });
    out.push(spec);
  }
  nudgeActivities(out, n * activitiesPerProject, 4 * activitiesPerProject, r);
  // ids in registration order, as the API would have assigned them
  out.sort((a, b) => a.createdOff - b.createdOff);
  // the original amounts: by position, in 元
  out.forEach((p, i) => {
    p.plannedYuan = 1000 + (i % 997) * 10;
    if (p.signedOff !== null) {
      p.contractYuan = 500 + (i % 991) * 10;
      p.agreementType = 'investment';
    }
  });
  return out;
}

/** Exactly `total` activities in all: nudge the counts of projects that have some. */
function nudgeActivities(specs: ProjectSpec[], total: number, cap: number, r: Rng) {
  if (!specs.some((p) => p.lastOff !== null)) return;
  let sum = specs.reduce((s, p) => s + p.activities, 0);
  while (sum !== total) {
    const p = specs[r.int(0, specs.length - 1)];
    if (p.lastOff === null) continue;
    if (sum < total && p.activities < cap) { p.activities++; sum++; }
    else if (sum > total && p.activities > 1) { p.activities--; sum--; }
  }
}

// ---------------------------------------------------------------- profile `history` (ten years of pipeline)

type Outcome = Stage | 'resume' | 'reopen';
/** Where a project goes next from each stage, and how likely; the rest of the mass: it stays. */
const NEXT: Record<Stage, [Outcome, number][]> = {
  visit: [['negotiation', 0.5], ['signed', 0.09], ['on_hold', 0.06], ['dropped', 0.27]],
  negotiation: [['signed', 0.5], ['on_hold', 0.08], ['dropped', 0.3]],
  signed: [['construction', 0.75], ['on_hold', 0.06], ['dropped', 0.06]],
  construction: [['production', 0.82], ['on_hold', 0.04], ['dropped', 0.03]],
  production: [],
  on_hold: [['resume', 0.55], ['dropped', 0.3]],
  dropped: [['reopen', 0.08]],
};
/** Mean days before the next move. */
const DWELL: Record<Stage, number> = { visit: 75, negotiation: 110, signed: 140, construction: 420, production: 0, on_hold: 200, dropped: 300 };

interface State { stage: Stage; pausedFrom: Stage | null; droppedFrom: Stage | null; signed: boolean }

function allowed(s: State, o: Outcome): boolean {
  if (o === 'reopen') return s.stage === 'dropped' && (s.droppedFrom === 'visit' || s.droppedFrom === 'negotiation');
  if (o === 'resume') return s.stage === 'on_hold' && s.pausedFrom !== null;
  return true;
}

function step(s: State, m: Move): State {
  switch (m.kind) {
    case 'resume': return { ...s, stage: m.to, pausedFrom: null };
    case 'reopen': return { ...s, stage: m.to, droppedFrom: null };
    default:
      if (m.to === 'on_hold') return { ...s, stage: 'on_hold', pausedFrom: s.stage };
      if (m.to === 'dropped') return { ...s, stage: 'dropped', droppedFrom: s.stage === 'on_hold' ? s.pausedFrom : s.stage, pausedFrom: null };
      return { ...s, stage: m.to, signed: s.signed || m.to === 'signed' };
  }
}

function stateAfter(moves: Move[]): State {
  let s: State = { stage: 'visit', pausedFrom: null, droppedFrom: null, signed: false };
  for (const m of moves) s = step(s, m);
  return s;
}

/** 万元 amounts log-uniform between 10^lo and 10^hi 万元, in 元, some with odd yuan. */
function amountYuan(r: Rng, lo: number, hi: number): number {
  const wan = Math.round(10 ** (lo + r.next() * (hi - lo)));
  return wan * 10_000 + (r.next() < 0.3 ? r.int(1, 9_999) : 0);
}

/** A move out of state `s` to outcome `o` on day `on`, with the data the target requires. */
function makeMove(s: State, o: Outcome, on: number, plannedYuan: number, r: Rng, serial: number): Move {
  if (o === 'resume') return { to: s.pausedFrom!, on, kind: 'resume' };
  if (o === 'reopen') return { to: s.droppedFrom!, on, kind: 'reopen' };
  const m: Move = { to: o, on, kind: 'forward' };
  if (o === 'signed') {
    m.contractYuan = Math.max(10_000, Math.round((plannedYuan * r.int(60, 120)) / 100 / 10_000) * 10_000 + (r.next() < 0.3 ? r.int(1, 9_999) : 0));
    m.agreementType = r.next() < 0.25 ? 'framework' : 'investment';
    m.contractNo = r.next() < 0.7 ? `WSJK-${serial}` : null;
  } else if (o === 'on_hold') {
    m.reason = HOLD_REASONS[r.int(0, HOLD_REASONS.length - 1)];
    m.expectedResumeOn = r.next() < 0.5 ? on + r.int(30, 365) : null;
  } else if (o === 'dropped') {
    m.reasonCode = DROP_REASONS[r.int(0, DROP_REASONS.length - 1)];
    m.reason = DROP_TEXTS[r.int(0, DROP_TEXTS.length - 1)];
  }
  return m;
}

function drawOutcome(s: State, r: Rng): Outcome | null {
  let x = r.next();
  for (const [o, w] of NEXT[s.stage]) {
    if (x < w) return allowed(s, o) ? o : null;
    x -= w;
  }
  return null;
}

function dwell(stage: Stage, r: Rng): number {
  return Math.floor(-DWELL[stage] * Math.log(1 - r.next()));
}

function historySpecs(o: Required<Pick<GenerateOptions, 'projects' | 'years' | 'activitiesPerProject' | 'transitionsPerProject'>>, pickOwner: () => number, r: Rng): ProjectSpec[] {
  const span = Math.round(o.years * 365.25) - 1;
  const specs: ProjectSpec[] = [];
  for (let i = 0; i < o.projects; i++) {
    const p = blankSpec(pickOwner(), -r.int(0, span));
    p.plannedYuan = amountYuan(r, 2.3, 5.3);
    const moves: Move[] = [];
    let s: State = { stage: 'visit', pausedFrom: null, droppedFrom: null, signed: false };
    let t = p.createdOff;
    for (;;) {
      const out = drawOutcome(s, r);
      if (out === null) break;
      t += dwell(s.stage, r);
      if (t > 0) break; // still where it is today
      const m = makeMove(s, out, t, p.plannedYuan, r, i);
      moves.push(m);
      s = step(s, m);
    }
    p.moves = moves;
    specs.push(p);
  }

  // exactly projects × transitionsPerProject rows: trim the last moves of some, extend others (dates stay in order, none after today)
  const target = Math.round(o.projects * o.transitionsPerProject);
  let rows = specs.reduce((n, p) => n + 1 + p.moves!.length, 0);
  for (let tries = 0; rows !== target && tries < 50 * o.projects; tries++) {
    const k = r.int(0, specs.length - 1);
    const p = specs[k];
    const moves = p.moves!;
    if (rows > target) {
      if (moves.length) { moves.pop(); rows--; }
      continue;
    }
    const s = stateAfter(moves);
    const options = NEXT[s.stage].filter(([out]) => allowed(s, out));
    if (!options.length) continue;
    const total = options.reduce((w, [, x]) => w + x, 0);
    let x = r.next() * total;
    let out = options[options.length - 1][0];
    for (const [oc, w] of options) {
      if (x < w) { out = oc; break; }
      x -= w;
    }
    const last = moves.length ? moves[moves.length - 1].on : p.createdOff;
    moves.push(makeMove(s, out, r.int(last, 0), p.plannedYuan, r, k));
    rows++;
  }

  for (const p of specs) {
    // the final pipeline fields, as TransitionsService would have left them
    const f = replay(p, () => undefined);
    Object.assign(p, f);
    // the latest activity: recent for projects being worked, around the last move for the others
    const enteredOff = p.stageEnteredOff;
    if (p.createdOff > -90 && r.next() < 0.3) {
      p.lastOff = null;
    } else {
      let last: number;
      switch (p.stage) {
        case 'production': last = Math.min(0, enteredOff + r.int(0, 365)); break;
        case 'on_hold': last = Math.min(0, enteredOff + r.int(0, 60)); break;
        case 'dropped': last = enteredOff - r.int(0, 30); break;
        default: last = -daysSinceLast(r);
      }
      p.lastOff = Math.max(p.createdOff, last);
      p.activities = r.int(1, 2 * o.activitiesPerProject - 1);
    }
  }
  nudgeActivities(specs, o.projects * o.activitiesPerProject, 4 * o.activitiesPerProject, r);
  return specs.sort((a, b) => a.createdOff - b.createdOff);
}

/** The pipeline fields of a project, in PIPELINE_FIELDS order, in the entity's units (元, dates as offsets). */
interface Snapshot {
  stage: Stage;
  pausedFromStage: Stage | null;
  droppedFromStage: Stage | null;
  stageEnteredOn: number;
  signedOn: number | null;
  contractInvestment: number | null;
  agreementType: string | null;
  contractNo: string | null;
  constructionStartedOn: number | null;
  productionStartedOn: number | null;
  onHoldReason: string | null;
  expectedResumeOn: number | null;
  dropReasonCode: string | null;
  dropReasonText: string | null;
}

/**
 * Replays a project's moves as TransitionsService.apply() would, calling
 * `visit(move, before, after)` for each; returns the final fields as spec fields.
 */
function replay(p: ProjectSpec, visit: (m: Move, before: Snapshot, after: Snapshot) => void): Partial<ProjectSpec> {
  let s: Snapshot = {
    stage: 'visit', pausedFromStage: null, droppedFromStage: null, stageEnteredOn: p.createdOff, signedOn: null, contractInvestment: null,
    agreementType: null, contractNo: null, constructionStartedOn: null, productionStartedOn: null, onHoldReason: null,
    expectedResumeOn: null, dropReasonCode: null, dropReasonText: null,
  };
  for (const m of p.moves ?? []) {
    const n: Snapshot = { ...s, stage: m.to, stageEnteredOn: m.on };
    if (s.stage === 'on_hold') Object.assign(n, { pausedFromStage: null, onHoldReason: null, expectedResumeOn: null });
    if (s.stage === 'dropped') Object.assign(n, { droppedFromStage: null, dropReasonCode: null, dropReasonText: null });
    if (m.kind === 'forward') {
      switch (m.to) {
        case 'signed': Object.assign(n, { signedOn: m.on, contractInvestment: m.contractYuan, agreementType: m.agreementType, contractNo: m.contractNo ?? null }); break;
        case 'construction': n.constructionStartedOn = m.on; break;
        case 'production': n.productionStartedOn = m.on; break;
        case 'on_hold': Object.assign(n, { pausedFromStage: s.stage, onHoldReason: m.reason, expectedResumeOn: m.expectedResumeOn ?? null }); break;
        case 'dropped':
          Object.assign(n, { droppedFromStage: s.stage === 'on_hold' ? s.pausedFromStage : s.stage, dropReasonCode: m.reasonCode, dropReasonText: m.reason });
          break;
        default: break;
      }
    }
    visit(m, s, n);
    s = n;
  }
  return {
    stage: s.stage, pausedFrom: s.pausedFromStage, droppedFrom: s.droppedFromStage, stageEnteredOff: s.stageEnteredOn, signedOff: s.signedOn,
    contractYuan: s.contractInvestment, agreementType: s.agreementType, contractNo: s.contractNo, constructionOff: s.constructionStartedOn,
    productionOff: s.productionStartedOn, holdReason: s.onHoldReason, expectedResumeOff: s.expectedResumeOn, dropCode: s.dropReasonCode,
    dropText: s.dropReasonText,
  };
}

// ---------------------------------------------------------------- the loader

/** Bulk-loads a district into a migrated database that holds no bench data yet (ids continue after any rows already there). */
export async function generateDataset(ds: DataSource, opts: GenerateOptions): Promise<GenerateResult> {
  const profile = opts.profile ?? 'history';
  const o = {
    projects: opts.projects,
    years: opts.years ?? 10,
    today: opts.today ?? '2026-06-15',
    activitiesPerProject: opts.activitiesPerProject ?? 10,
    transitionsPerProject: opts.transitionsPerProject ?? 3,
    milestonesPerProject: opts.milestonesPerProject ?? (profile === 'recent' ? 2 : 0),
    fundsReportsPerSignedProject: opts.fundsReportsPerSignedProject ?? 3,
    teams: opts.teams ?? 20,
    officersPerTeam: opts.officersPerTeam ?? 10,
    inactiveOfficers: opts.inactiveOfficers ?? 2,
    seed: opts.seed ?? 20260601,
    rowsPerInsert: opts.rowsPerInsert ?? 1000,
  };
  if (o.years * 366 > 9_000) throw new Error('years: at most 24 (day offsets are kept in 16 bits)');
  const pg = isPostgres(ds);
  const recent = profile === 'recent';
  const analyze = opts.analyze ?? pg;
  const day = dayFormatter(o.today);
  const r = prng(o.seed);
  const seconds: Record<string, number> = {};
  const rows: Record<string, number> = {};
  const stepTimed = async (name: string, fn: () => Promise<number>) => {
    const t = performance.now();
    rows[name] = await fn();
    seconds[name] = secs(performance.now() - t);
  };
  const insert = (table: string, columns: string[], values: Iterable<string>) => insertAll(ds, table, columns, values, o.rowsPerInsert);
  if (!pg) await ds.query('PRAGMA synchronous = OFF'); // load only: the runs themselves read

  // teams, one manager each, officers
  const firstTeam = (await maxId(ds, 'teams')) + 1;
  await stepTimed('teams', () => insert('teams', ['name', 'description'],
    Array.from({ length: o.teams }, (_, t) => `(${lit(`招商${t + 1}组`)}, '基准')`)));
  const teamIds = ((await ds.query(`SELECT id FROM teams WHERE id >= ${firstTeam} ORDER BY id`)) as { id: number }[]).map((t) => Number(t.id));
  await stepTimed('users', () => {
    const users: string[] = [];
    teamIds.forEach((team, t) => {
      users.push(`('manager${t}@bench.local', '经理${t}', 'x', 'manager', 'team', ${team}, TRUE)`);
      for (let k0 = 0; k0 < o.officersPerTeam; k0++) {
        const k = t * o.officersPerTeam + k0;
        users.push(`('officer${k}@bench.local', '专员${k}', 'x', 'officer', 'team', ${team}, ${bool(k >= o.inactiveOfficers)})`);
      }
    });
    return insert('users', ['email', 'name', 'passwordHash', 'role', 'dataScope', 'teamId', 'active'], users);
  });
  const idTeam = (rs: { id: number | string; teamId: number | string }[]) => rs.map((u) => ({ id: Number(u.id), teamId: Number(u.teamId) }));
  const officers = idTeam(await ds.query(`SELECT id, "teamId" FROM users WHERE email LIKE 'officer%@bench.local' ORDER BY id`));
  const managers = idTeam(await ds.query(`SELECT id, "teamId" FROM users WHERE email LIKE 'manager%@bench.local' ORDER BY id`));
  const managerOf = new Map(managers.map((m) => [m.teamId, m.id]));
  // officers own most projects, managers a few (1 in 20)
  const owners = [...officers, ...managers];
  const pickOwner = () => (r.next() < 0.05 ? officers.length + r.int(0, managers.length - 1) : r.int(0, officers.length - 1));
  const specs = profile === 'recent'
    ? recentSpecs(o.projects, o.activitiesPerProject, pickOwner, r)
    : historySpecs(o, pickOwner, r);

  const firstCompany = (await maxId(ds, 'companies')) + 1;
  await stepTimed('companies', () => insert('companies', ['id', 'name', 'normalizedName', 'tier', 'region', 'industry', 'createdById'],
    (function* () {
      for (let i = 0; i < specs.length; i++) {
        const ow = owners[specs[i].owner];
        const tier = hash(i, 1) % 10 < 7 ? TIERS[hash(i, 2) % TIERS.length] : null;
        yield `(${firstCompany + i}, '基准企业${i}有限公司', '基准企业${i}', ${lit(tier)}, '${REGIONS[hash(i, 3) % REGIONS.length]}', '${CHAINS[i % CHAINS.length]}', ${ow.id})`;
      }
    })()));
  await syncSequence(ds, 'companies');

  const firstProject = (await maxId(ds, 'projects')) + 1;
  const d = (off: number | null) => (off === null ? 'NULL' : `'${day(off)}'`);
  await stepTimed('projects', () => insert('projects', [
    'id', 'name', 'companyId', 'stage', 'pausedFromStage', 'droppedFromStage', 'stageEnteredOn', 'industryChain', 'park', 'sourceChannel',
    'sourceRegion', 'plannedInvestment', 'ownerId', 'teamId', 'isKeyProject', 'signedOn', 'contractInvestment', 'agreementType', 'contractNo',
    'constructionStartedOn', 'productionStartedOn', 'onHoldReason', 'expectedResumeOn', 'dropReasonCode', 'dropReasonText', 'createdOn',
    'lastActivityOn', 'version', 'createdById',
  ], (function* () {
    for (let i = 0; i < specs.length; i++) {
      const p = specs[i];
      const ow = owners[p.owner];
      const park = hash(i, 4) % 10 < 9 ? PARKS[hash(i, 5) % PARKS.length] : null;
      const channel = hash(i, 6) % 10 < 9 ? CHANNELS[hash(i, 7) % CHANNELS.length] : null;
      const region = hash(i, 8) % 20 < 19 ? REGIONS[hash(i, 9) % REGIONS.length] : null;
      yield `(${firstProject + i}, '基准项目${i}', ${firstCompany + i}, '${p.stage}', ${lit(p.pausedFrom)}, ${lit(p.droppedFrom)}, ${d(p.stageEnteredOff)}, `
        + `'${CHAINS[i % CHAINS.length]}', ${lit(park)}, ${lit(channel)}, ${lit(region)}, ${p.plannedYuan}, ${ow.id}, ${ow.teamId}, ${bool(hash(i, 10) % 20 === 0)}, `
        + `${d(p.signedOff)}, ${num(p.contractYuan)}, ${lit(p.agreementType)}, ${lit(p.contractNo)}, ${d(p.constructionOff)}, ${d(p.productionOff)}, `
        + `${lit(p.holdReason)}, ${d(p.expectedResumeOff)}, ${lit(p.dropCode)}, ${lit(p.dropText)}, '${day(p.createdOff)}', ${d(p.lastOff)}, `
        + `${1 + (p.moves?.length ?? 0)}, ${ow.id})`;
    }
  })()));
  await syncSequence(ds, 'projects');

  // the history: seq 1 = the registration, then each move (the data entered, the pipeline before it, the project's version after it)
  if (profile === 'history' && o.transitionsPerProject > 0) {
    await stepTimed('project_transitions', () => insert('project_transitions', [
      'projectId', 'seq', 'kind', 'fromStage', 'toStage', 'effectiveOn', 'actorId', 'note', 'data', 'before', 'revertsId', 'revertedById', 'version',
    ], (function* () {
      const snap = (s: Snapshot) => JSON.stringify({
        ...s, stageEnteredOn: day(s.stageEnteredOn), signedOn: s.signedOn === null ? null : day(s.signedOn),
        constructionStartedOn: s.constructionStartedOn === null ? null : day(s.constructionStartedOn),
        productionStartedOn: s.productionStartedOn === null ? null : day(s.productionStartedOn),
        expectedResumeOn: s.expectedResumeOn === null ? null : day(s.expectedResumeOn),
      });
      for (let i = 0; i < specs.length; i++) {
        const p = specs[i];
        const ow = owners[p.owner];
        const id = firstProject + i;
        const out: string[] = [`(${id}, 1, 'transition', NULL, 'visit', '${day(p.createdOff)}', ${ow.id}, '登记项目', NULL, NULL, NULL, NULL, 1)`];
        replay(p, (m, before) => {
          const seq = out.length + 1;
          let data: Record<string, unknown> | null = null;
          if (m.kind === 'forward') {
            switch (m.to) {
              case 'signed':
                data = { signedOn: day(m.on), contractInvestment: yuanToWan(m.contractYuan!), agreementType: m.agreementType };
                if (m.contractNo) data.contractNo = m.contractNo;
                break;
              case 'construction': data = { constructionStartedOn: day(m.on) }; break;
              case 'production': data = { productionStartedOn: day(m.on) }; break;
              case 'on_hold':
                data = { reason: m.reason };
                if (m.expectedResumeOn != null) data.expectedResumeOn = day(m.expectedResumeOn);
                break;
              case 'dropped': data = { reason: m.reason, reasonCode: m.reasonCode }; break;
              default: break;
            }
          }
          const actor = m.kind === 'reopen' ? managerOf.get(ow.teamId) ?? ow.id : ow.id;
          out.push(`(${id}, ${seq}, 'transition', '${before.stage}', '${m.to}', '${day(m.on)}', ${actor}, NULL, ${lit(data && JSON.stringify(data))}, ${lit(snap(before))}, NULL, NULL, ${seq})`);
        });
        yield* out;
      }
    })()));
    // what the app keeps with every move: the stays and the month-end ledger (src/projects/pipeline-history.ts)
    await stepTimed('pipeline stays + ledger', async () => {
      await ds.transaction((em) => rebuildPipeline(em));
      return Number((await ds.query('SELECT COUNT(*) AS n FROM pipeline_ledger'))[0].n);
    });
  }

  // activities: generated per project (one on lastActivityOn, the rest between
  // registration and then), inserted in date order across projects as they
  // would have been logged, so a project's activities are spread over the table.
  await stepTimed('activities', () => {
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
    return insert('activities', ['projectId', 'kind', 'occurredOn', 'summary', 'participants', 'guestCount', 'leaderLed', 'leaderName', 'nextFollowUpOn', 'createdById'],
      (function* () {
        for (let j = 0; j < total; j++) {
          const idx = keys[j] % 2 ** 24;
          const i = proj[idx];
          const ow = owners[specs[i].owner];
          const dd = off[idx];
          const f = follow[idx];
          // recent: the original kinds (round robin) and leader-led share; history: weighted kinds, leaders on every kind
          const kind = recent ? ACTIVITY_KINDS[idx % 6] : HISTORY_KINDS[hash(idx, 13) % HISTORY_KINDS.length];
          const leaderLed = recent ? idx % 50 === 0 : hash(idx, 14) % 25 === 0;
          yield `(${firstProject + i}, '${kind}', '${day(dd)}', '与企业负责人沟通项目进展，第${idx % 97}次跟进', '${ow.id}号专员', `
            + `${kind === 'reception' ? 1 + (hash(idx, 11) % 12) : 'NULL'}, ${bool(leaderLed)}, ${leaderLed ? `'${LEADERS[hash(idx, 12) % LEADERS.length]}'` : 'NULL'}, `
            + `${f ? `'${day(dd + f)}'` : 'NULL'}, ${ow.id})`;
        }
      })());
  });
  // lastActivityOn was set from the generated dates; derive it again from the
  // table, as the API maintains it, so the two can never disagree.
  await stepTimed('lastActivityOn', async () => {
    await ds.query(`UPDATE projects SET "lastActivityOn" = (SELECT MAX(a."occurredOn") FROM activities a WHERE a."projectId" = projects.id) WHERE id >= ${firstProject}`);
    const [{ n }] = (await ds.query(`SELECT COUNT(*) AS n FROM projects WHERE "lastActivityOn" IS NOT NULL AND id >= ${firstProject}`)) as { n: number | string }[];
    return Number(n);
  });

  // milestones: 0 to 2×N per project, planned from registration to a year ahead; past ones mostly completed.
  if (o.milestonesPerProject > 0) {
    await stepTimed('milestones', () => insert('milestones', ['projectId', 'name', 'plannedOn', 'completedOn', 'createdById'],
      (function* () {
        for (let i = 0; i < specs.length; i++) {
          const p = specs[i];
          const ow = owners[p.owner];
          const n = r.int(0, 2 * o.milestonesPerProject);
          const doneShare = p.stage === 'production' ? 0.995 : p.stage === 'dropped' ? 0.5 : 0.95;
          for (let m = 0; m < n; m++) {
            const planned = r.int(p.createdOff, 365);
            const done = planned <= 0 && r.next() < doneShare ? Math.min(0, planned + r.int(-10, 20)) : null;
            yield `(${firstProject + i}, '${MILESTONE_NAMES[(i + m) % MILESTONE_NAMES.length]}', '${day(planned)}', ${done === null ? 'NULL' : `'${day(done)}'`}, ${ow.id})`;
          }
        }
      })()));
  }

  // funds in place: signed projects report some months of the three years from
  // the signing month (not after this month or the drop), one row per (project, month).
  if (profile === 'history' && o.fundsReportsPerSignedProject > 0) {
    const thisMonth = o.today.slice(0, 7);
    const monthIndex = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1;
    const monthText = (k: number) => `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;
    await stepTimed('funds_reports', () => insert('funds_reports', ['projectId', 'month', 'amount', 'note', 'reportedById'],
      (function* () {
        for (let i = 0; i < specs.length; i++) {
          const p = specs[i];
          if (p.signedOff === null) continue;
          const from = monthIndex(day(p.signedOff).slice(0, 7));
          // money arrives over the three years after signing, until a drop
          const to = Math.min(from + 35, monthIndex(p.stage === 'dropped' ? day(p.stageEnteredOff).slice(0, 7) : thisMonth));
          const n = Math.min(to - from + 1, r.int(0, 2 * o.fundsReportsPerSignedProject));
          if (n <= 0) continue;
          const months = new Set<number>();
          while (months.size < n) months.add(r.int(from, to));
          const share = r.int(20, 100) / 100;
          const each = Math.max(1, Math.floor((p.contractYuan! * share) / n));
          const ow = owners[p.owner];
          for (const k of [...months].sort((a, b) => a - b)) {
            yield `(${firstProject + i}, '${monthText(k)}', ${each + r.int(0, 9_999)}, NULL, ${ow.id})`;
          }
        }
      })()));
  }

  if (analyze) await stepTimed(pg ? 'VACUUM ANALYZE' : 'ANALYZE', async () => (await ds.query(pg ? 'VACUUM ANALYZE' : 'ANALYZE'), 0));
  if (!pg) {
    await ds.query('PRAGMA synchronous = FULL');
    await ds.query('PRAGMA wal_checkpoint(TRUNCATE)');
  }
  const stages: Record<string, number> = {};
  for (const p of specs) stages[p.stage] = (stages[p.stage] ?? 0) + 1;
  return { today: o.today, rows, seconds, firstProjectId: firstProject, lastProjectId: firstProject + specs.length - 1, teamIds, stages };
}
