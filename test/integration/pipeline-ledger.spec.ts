/**
 * The month-end pipeline is read from what the app keeps with the history
 * (src/projects/pipeline-history.ts): the stays on each transition row and,
 * for the district, the monthly ledger. This suite drives random histories
 * through the API — backdated moves, pauses and resumes, drops and reopenings,
 * reverts, planned-investment edits, registrations on past dates — and checks every month-end of the summary's funnel (the
 * ledger for the district, the stays for a team) against the history
 * replayed here in plain code, and the ledger against a rebuild.
 */
import { PipelineHistory } from '../../src/projects/pipeline-history';
import { MAIN_STAGES } from '../../src/projects/pipeline';
import { bearer, makeProject, seedWorld, type Account, type World } from '../helpers/fixtures';
import { move } from '../helpers/projects';
import { describeEachDatabase, startTestApp, TEST_NOW as NOW, TEST_TODAY as TODAY, type TestApp } from '../helpers/test-app';
import { prng } from '../bench/generate';

const FIRST = '2024-01-01';
const SEED = 20261121;

/** The bench's seeded generator (same sequence), with a pick: a failure can be replayed. */
function seeded(seed: number) {
  const r = prng(seed);
  return { ...r, pick: <T>(xs: readonly T[]) => xs[Math.floor(r.next() * xs.length)] };
}

const dayNumber = (d: string) => Date.UTC(+d.slice(0, 4), +d.slice(5, 7) - 1, +d.slice(8, 10)) / 86_400_000;
const dateOf = (n: number) => new Date(n * 86_400_000).toISOString().slice(0, 10);
const monthEnds = (from: string, to: string) => {
  const out: { year: number; month: number; end: string }[] = [];
  for (let y = +from.slice(0, 4), m = +from.slice(5, 7); `${y}-${String(m).padStart(2, '0')}` <= to.slice(0, 7); m === 12 ? (y++, (m = 1)) : m++) {
    out.push({ year: y, month: m, end: dateOf(Date.UTC(y, m, 0) / 86_400_000) });
  }
  return out;
};
const RANK: Record<string, number> = Object.fromEntries(MAIN_STAGES.map((s, i) => [s, i]));
const rankOf = (stage: string) => RANK[stage] ?? -1;

interface Row { seq: number; kind: string; toStage: string; effectiveOn: string; reverted: boolean }
interface Replayed { id: number; planned: bigint; teamId: number | null; ownerId: number; rows: Row[] }

/** The stage, planned investment and furthest stage reached of a project at the end of `day`, replayed from its history. */
function standAt(p: Replayed, day: string): { stage: string; reached: number } | null {
  const standing = p.rows.filter((r) => r.kind === 'transition' && !r.reverted).sort((a, b) => a.seq - b.seq);
  let at = -1;
  standing.forEach((r, i) => {
    if (r.effectiveOn <= day) at = i;
  });
  if (at < 0) return null;
  return { stage: standing[at].toStage, reached: Math.max(...standing.slice(0, at + 1).map((r) => rankOf(r.toStage))) };
}

/** Lower median of the whole days of the stays in `stage` that ended between `from` and `to`. */
function medianStay(ps: Replayed[], stage: string, from: string, to: string): number | null {
  const days: number[] = [];
  for (const p of ps) {
    const standing = p.rows.filter((r) => r.kind === 'transition' && !r.reverted).sort((a, b) => a.seq - b.seq);
    for (let i = 0; i + 1 < standing.length; i++) {
      const [r, next] = [standing[i], standing[i + 1]];
      if (r.toStage === stage && next.effectiveOn >= r.effectiveOn && next.effectiveOn >= from && next.effectiveOn <= to) {
        days.push(dayNumber(next.effectiveOn) - dayNumber(r.effectiveOn));
      }
    }
  }
  days.sort((a, b) => a - b);
  return days.length ? days[Math.ceil(days.length / 2) - 1] : null;
}

describeEachDatabase('the month-end pipeline kept with the history', (db) => {
  let t: TestApp;
  let w: World;
  const r = seeded(SEED);
  const ids: number[] = [];
  let operations: Record<string, number>;

  const get = (who: Account, path: string) => t.http().get(`/api/v1${path}`).set(bearer(who));
  const ok = async (res: { status: number; body: unknown }, what: string, status = 200) => {
    if (res.status !== status) throw new Error(`${what} (seed ${SEED}): ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as Record<string, unknown>;
  };

  async function replay(): Promise<Replayed[]> {
    const out: Replayed[] = [];
    for (const id of ids) {
      const p = await ok(await get(w.admin, `/projects/${id}`), `project ${id}`);
      const h = await ok(await get(w.admin, `/projects/${id}/transitions`), `history ${id}`);
      out.push({
        id, planned: BigInt(Math.round(Number(p.plannedInvestment ?? 0) * 10_000)), teamId: p.teamId as number | null, ownerId: p.ownerId as number,
        rows: (h.items as Row[]).map((x) => ({ seq: x.seq, kind: x.kind, toStage: x.toStage, effectiveOn: x.effectiveOn, reverted: x.reverted })),
      });
    }
    return out;
  }

  /** One random thing done to a project, as a user would through the API. */
  async function step(id: number) {
    const p = await ok(await get(w.admin, `/projects/${id}`), `project ${id}`);
    const history = (await ok(await get(w.admin, `/projects/${id}/transitions`), `history ${id}`)).items as (Row & { fromStage: string | null })[];
    const moves = history.filter((x) => x.kind === 'transition' && !x.reverted && x.fromStage !== null);
    const roll = r.next();
    if (roll < 0.12 && p.canRevert) {
      operations.revert++;
      return ok(await t.http().post(`/api/v1/projects/${id}/transitions/revert`).set(bearer(w.admin)).send({ version: p.version, reason: '更正误录' }), 'revert', 201);
    }
    if (roll < 0.25) {
      operations.planned++;
      const plannedInvestment = r.pick([null, 500, 12345.6789, 80000, 3000.0001]);
      return ok(await t.http().patch(`/api/v1/projects/${id}`).set(bearer(w.admin)).send({ version: p.version, plannedInvestment }), 'planned');
    }
    const allowed = p.allowedTransitions as { to: string; requires: string[] }[];
    if (!allowed.length) return null;
    // Mostly forward along the main line, so that projects get to construction and production too.
    const forward = allowed.filter((a) => rankOf(a.to) > rankOf(p.stage as string));
    const target = forward.length && r.next() < 0.7 ? r.pick(forward) : r.pick(allowed);
    // Dates may not run backwards nor come before the registration; construction after signing, production after construction.
    let floor = moves.length ? moves[moves.length - 1].effectiveOn : (p.createdOn as string);
    if (target.requires.includes('constructionStartedOn') && (p.signedOn as string) > floor) floor = p.signedOn as string;
    if (target.requires.includes('productionStartedOn') && (p.constructionStartedOn as string) > floor) floor = p.constructionStartedOn as string;
    // Mostly close to the previous move, sometimes the same day.
    const on = dateOf(Math.min(dayNumber(TODAY), dayNumber(floor) + r.pick([0, r.int(1, 40), r.int(20, 200)])));
    const data: Record<string, unknown> = { to: target.to };
    for (const f of target.requires) {
      if (f === 'signedOn' || f === 'constructionStartedOn' || f === 'productionStartedOn') data[f] = on;
      if (f === 'contractInvestment') data[f] = r.pick([1000, 25000.5, 99999.9999]);
      if (f === 'agreementType') data[f] = r.pick(['investment', 'framework']);
      if (f === 'reason') data[f] = '测试原因';
      if (f === 'reasonCode') data[f] = 'investor_strategy';
    }
    if (!Object.keys(data).some((k) => k.endsWith('On'))) data.effectiveOn = on;
    operations[`→${target.to}`] = (operations[`→${target.to}`] ?? 0) + 1;
    return ok(await move(t, w.admin, id, { version: p.version, ...data }), `move ${id} ${JSON.stringify(data)}`, 201);
  }

  beforeAll(async () => {
    t = await startTestApp(db, { now: NOW });
    w = await seedWorld(t);
    operations = { revert: 0, planned: 0 };
    for (let i = 0; i < 14; i++) {
      // registered on a day of its own (no move may be dated before it)
      t.clock.set(`${dateOf(dayNumber(FIRST) + r.int(0, 800))}T02:00:00Z`);
      const owner = i % 3 === 0 ? w.officerB : w.officerA;
      ids.push((await makeProject(t, owner, { plannedInvestment: r.pick([null, 1000, 20000.2002, 7000]) })).id);
      t.clock.set(NOW);
    }
    for (let i = 0; i < 120; i++) await step(r.pick(ids));
  });
  afterAll(async () => {
    await t?.close();
  });

  it('the random histories used every kind of change', () => {
    expect(operations.revert).toBeGreaterThan(3);
    expect(operations.planned).toBeGreaterThan(3);
    for (const to of ['negotiation', 'signed', 'construction', 'production', 'on_hold', 'dropped', 'visit']) expect(operations[`→${to}`] ?? 0).toBeGreaterThan(0);
  });

  it('the ledger equals a rebuild from the history', async () => {
    expect(await t.app.get(PipelineHistory).verify(t.ds.manager)).toEqual([]);
  });

  it('every month-end of the district and of a team matches the history replayed', async () => {
    const ps = await replay();
    for (const [who, scope] of [[w.leader, (p: Replayed) => !!p || true], [w.officerA, (p: Replayed) => p.teamId === w.teamA || p.ownerId === w.officerA.id]] as const) {
      const mine = ps.filter(scope);
      for (const { year, month, end } of monthEnds(FIRST, TODAY)) {
        const s = await ok(await get(who, `/reports/summary?year=${year}&month=${month}`), `summary ${year}-${month}`);
        const funnel = s.funnel as { stages: { stage: string; count: number; plannedInvestment: number }[]; conversions: { from: string; reached: number; advanced: number }[]; medianDaysInStage: Record<string, number | null> };
        const at = mine.map((p) => ({ p, s: standAt(p, end) })).filter((x) => x.s);
        const expected = funnel.stages.map((st) => {
          const inStage = at.filter((x) => x.s!.stage === st.stage);
          const planned = inStage.reduce((a, x) => a + x.p.planned, 0n);
          return { stage: st.stage, count: inStage.length, plannedInvestment: Number(planned) / 10_000 };
        });
        const context = `${who.email} ${end}`;
        expect({ context, stages: funnel.stages.map((x) => ({ stage: x.stage, count: x.count, plannedInvestment: x.plannedInvestment })) }).toEqual({ context, stages: expected });
        expect({ context, reached: funnel.conversions.map((c) => c.reached) })
          .toEqual({ context, reached: MAIN_STAGES.slice(0, -1).map((_, i) => at.filter((x) => x.s!.reached >= i).length) });
        expect({ context, medians: funnel.medianDaysInStage })
          .toEqual({ context, medians: Object.fromEntries(MAIN_STAGES.slice(0, -1).map((st) => [st, medianStay(mine, st, `${year}-01-01`, end)])) });
      }
    }
  });

  it('a broken ledger is found by verify and mended by a rebuild', async () => {
    const [cell] = await t.ds.query('SELECT month, stage, "reachedRank" AS rank FROM pipeline_ledger ORDER BY month, stage, "reachedRank" LIMIT 1');
    await t.ds.query(`UPDATE pipeline_ledger SET projects = projects + 1 WHERE month = '${cell.month}' AND stage = '${cell.stage}' AND "reachedRank" = ${Number(cell.rank)}`);
    const history = t.app.get(PipelineHistory);
    const drift = await history.verify(t.ds.manager);
    expect(drift).toHaveLength(1);
    expect(drift[0].ledger.projects).toBe(drift[0].history.projects + 1);
    await t.ds.transaction((em) => history.repair(em));
    expect(await history.verify(t.ds.manager)).toEqual([]);
  });
});
