import { sql } from '../../src/core/database/dialect';
import { at } from '../helpers/test-app';
import { type Account, bearer, makeProjectOn, seedWorld, type World } from '../helpers/fixtures';
import { describeEachDatabase, startTestApp, type TestApp } from '../helpers/test-app';

interface Indicator { key: string; ytd: number; target: number | null; completionRate: number | null; ahead: number | null }
interface TeamRow { code: string | null; signings: number; signedInvestment: number; constructionStarts: number; fundsInPlace: number; target: { signedInvestment: number } | null; completionRate: number | null }

/**
 * Issue 11 over HTTP on both databases: a signing, start or fund counts for
 * the team that held the project on its date, a 移交 afterwards leaves the
 * credit where it was earned, and each team is compared with its own target.
 *
 * | project | signed by / on / 万元      | handed over          | then                                   |
 * |---------|----------------------------|----------------------|----------------------------------------|
 * | P1      | team A 2026-01-20 1000     | to team B 2026-02-10 | funds 2026-01 10 (A); start 03-05, funds 2026-03 5 (B) |
 * | P2      | team B 2026-03-10 500      | to team A 2026-03-20 |                                        |
 * | P3      | team A 2026-03-12 300      | to team B the same day (A keeps the day)                      |
 */
describeEachDatabase('team credit and team targets', (db) => {
  let t: TestApp;
  let w: World;
  const ids: Record<'p1' | 'p2' | 'p3', number> = { p1: 0, p2: 0, p3: 0 };

  const api = () => t.http();
  async function sign(who: Account, on: string, amount: number) {
    const p = await makeProjectOn(t, '2026-01-05', who);
    const r = await api().post(`/api/v1/projects/${p.id}/transitions`).set(bearer(who))
      .send({ to: 'signed', version: p.version, signedOn: on, contractInvestment: amount, agreementType: 'investment' });
    expect(r.status).toBe(201);
    return p.id;
  }
  async function handOver(projectId: number, to: Account, on: string) {
    const now = t.clock.now();
    t.clock.set(at(on));
    try {
      await api().post('/api/v1/projects/handover').set(bearer(w.admin)).send({ projectIds: [projectId], toUserId: to.id, reason: '人员调整' }).expect(200);
    } finally {
      t.clock.set(now);
    }
  }
  const summary = async (who: Account) => (await api().get('/api/v1/reports/summary?year=2026&month=3').set(bearer(who)).expect(200)).body;
  const ytd = (body: { indicators: Indicator[] }, key: string) => body.indicators.find((i) => i.key === key)!;

  beforeAll(async () => {
    t = await startTestApp(db);
    w = await seedWorld(t);
    ids.p1 = await sign(w.officerA, '2026-01-20', 1000);
    await api().put(`/api/v1/projects/${ids.p1}/funds/2026-01`).set(bearer(w.officerA)).send({ amount: 10 }).expect(200);
    await handOver(ids.p1, w.officerB, '2026-02-10');
    const p1 = (await api().get(`/api/v1/projects/${ids.p1}`).set(bearer(w.officerB)).expect(200)).body;
    await api().post(`/api/v1/projects/${ids.p1}/transitions`).set(bearer(w.officerB))
      .send({ to: 'construction', version: p1.version, constructionStartedOn: '2026-03-05' }).expect(201);
    await api().put(`/api/v1/projects/${ids.p1}/funds/2026-03`).set(bearer(w.officerB)).send({ amount: 5 }).expect(200);
    ids.p2 = await sign(w.officerB, '2026-03-10', 500);
    await handOver(ids.p2, w.officerA, '2026-03-20');
    ids.p3 = await sign(w.officerA, '2026-03-12', 300);
    await handOver(ids.p3, w.officerB, '2026-03-12');
  });
  afterAll(() => t?.close());

  it('keeps each signing, start and fund with the team that held the project on its date', async () => {
    const a = await summary(w.managerA);
    expect([ytd(a, 'signings').ytd, ytd(a, 'signedInvestment').ytd, ytd(a, 'constructionStarts').ytd, ytd(a, 'fundsInPlace').ytd]).toEqual([2, 1300, 0, 10]);
    const b = await summary(w.managerB);
    expect([ytd(b, 'signings').ytd, ytd(b, 'signedInvestment').ytd, ytd(b, 'constructionStarts').ytd, ytd(b, 'fundsInPlace').ytd]).toEqual([1, 500, 1, 5]);
    const district = await summary(w.leader);
    expect([ytd(district, 'signings').ytd, ytd(district, 'signedInvestment').ytd, ytd(district, 'fundsInPlace').ytd]).toEqual([3, 1800, 15]);
    const team = (code: number) => (district.breakdowns.team as TeamRow[]).find((r) => r.code === String(code))!;
    expect(team(w.teamA)).toMatchObject({ signings: 2, signedInvestment: 1300, constructionStarts: 0, fundsInPlace: 10 });
    expect(team(w.teamB)).toMatchObject({ signings: 1, signedInvestment: 500, constructionStarts: 1, fundsInPlace: 5 });
  });

  it('writes the team history where the project changes team: the old team keeps the day of the 移交', async () => {
    const spans = await sql(t.ds.manager, 'SELECT "teamId", "fromOn", "untilOn" FROM project_team_spans WHERE "projectId" = :id ORDER BY "fromOn"', { id: ids.p3 });
    expect(spans.map((s) => [Number(s.teamId), s.fromOn, s.untilOn])).toEqual([[w.teamA, '0001-01-01', '2026-03-13'], [w.teamB, '2026-03-13', '9999-12-31']]);
  });

  it("lists a team's signings handed away without naming them, and one handed in after its signing as not counted", async () => {
    const res = await api().get('/api/v1/reports/summary/projects?year=2026&month=3').set(bearer(w.managerA)).expect(200);
    expect(res.body).toMatchObject({ total: 3, counted: 2, notCounted: 1 });
    expect(res.body.items.map((p: { id: number | null; name: string; counted: boolean; reason: string | null; contractInvestment: number }) =>
      [p.id, p.name, p.counted, p.reason, p.contractInvestment])).toEqual([
      [null, '已移交其他团队的项目', true, null, 1000],
      [ids.p2, expect.any(String), false, '签约时属于其他团队', 500],
      [null, '已移交其他团队的项目', true, null, 300],
    ]);
    const names = (await Promise.all([ids.p1, ids.p3].map(async (id) => (await api().get(`/api/v1/projects/${id}`).set(bearer(w.admin))).body.name as string)));
    for (const name of names) expect(JSON.stringify(res.body)).not.toContain(name);
    expect((await summary(w.managerA)).signedProjects).toEqual({ total: 3, counted: 2, notCounted: 1 });
  });

  it('compares a team with its own target, says so where a team has none, and ranks each team against its own', async () => {
    const put = await api().put('/api/v1/targets/2026').set(bearer(w.admin)).send({
      signedInvestment: 3_000_000, fundsInPlace: 1_000_000, signings: 40, constructionStarts: 20, productionStarts: 20,
      teams: [{ teamId: w.teamA, signedInvestment: 2600, fundsInPlace: 100, signings: 8, constructionStarts: 2, productionStarts: 1 }],
    });
    expect(put.status).toBe(200);
    expect(put.body.teams).toEqual([{ teamId: w.teamA, teamName: '新能源专班', signedInvestment: 2600, fundsInPlace: 100, signings: 8, constructionStarts: 2, productionStarts: 1 }]);

    const a = await summary(w.managerA);
    expect(a.target).toEqual({ kind: 'team', teamId: w.teamA, teamName: '新能源专班', note: null });
    expect(ytd(a, 'signedInvestment')).toMatchObject({ target: 2600, completionRate: 0.5, ahead: 0.25 });
    expect(ytd(a, 'signings')).toMatchObject({ target: 8, completionRate: 0.25 });

    const b = await summary(w.managerB);
    expect(b.target).toMatchObject({ kind: 'none', teamId: w.teamB, note: '本团队未设年度目标' });
    expect(ytd(b, 'signedInvestment')).toMatchObject({ ytd: 500, target: null, completionRate: null, ahead: null });

    const district = await summary(w.leader);
    expect(district.target.kind).toBe('district');
    expect(ytd(district, 'signedInvestment').target).toBe(3_000_000);
    const rows = district.breakdowns.team as TeamRow[];
    expect(rows.find((r) => r.code === String(w.teamA))).toMatchObject({ target: { signedInvestment: 2600 }, completionRate: 0.5 });
    expect(rows.find((r) => r.code === String(w.teamB))).toMatchObject({ target: null, completionRate: null });

    // a team reads its own target only; leaving the list out keeps it, an empty list clears it
    expect((await api().get('/api/v1/targets/2026').set(bearer(w.managerB)).expect(200)).body.teams).toEqual([]);
    const keep = await api().put('/api/v1/targets/2026').set(bearer(w.admin))
      .send({ signedInvestment: 3_000_000, fundsInPlace: 1_000_000, signings: 41, constructionStarts: 20, productionStarts: 20, version: put.body.version });
    expect(keep.body.teams).toHaveLength(1);
  });
});
