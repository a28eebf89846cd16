import { DEMO_PASSWORD } from '../../config/defaults';
import { seedDemo } from '../../seeds/demo';
import { PipelineHistory } from '../../src/projects/pipeline-history';
import { type Account, bearer, fieldsOf, makeProject, seedWorld, type World } from '../helpers/fixtures';
import { getProject, move, moveOk } from '../helpers/projects';
import { describeEachDatabase, startTestApp, type TestApp } from '../helpers/test-app';

/**
 * 登记日期 (createdOn, issue 10): given on creation (today by default, never in
 * the future), nothing along the pipeline dated before it, corrected by a
 * manager or admin only, and the month-end pipeline and funnel start each
 * project on it. Today is 2026-06-15 in Shanghai.
 */
type Summary = { funnel: { stages: { stage: string; count: number }[]; medianDaysInStage: Record<string, number | null> } };
const countsOf = (s: Summary) => Object.fromEntries(s.funnel.stages.filter((x) => x.count).map((x) => [x.stage, x.count]));

describeEachDatabase('registration date', (db) => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await startTestApp(db);
    w = await seedWorld(t);
  });
  afterAll(() => t?.close());

  const history = async (id: number) =>
    (await t.http().get(`/api/v1/projects/${id}/transitions`).set(bearer(w.admin)).expect(200)).body.items as { seq: number; fromStage: string | null; effectiveOn: string }[];
  const patch = (who: Account, id: number, body: Record<string, unknown>) => t.http().patch(`/api/v1/projects/${id}`).set(bearer(who)).send(body);
  const projectCount = async () => (await t.http().get('/api/v1/projects?pageSize=1').set(bearer(w.admin)).expect(200)).body.total as number;

  describe('on creation', () => {
    it('defaults to today; a past date registers the project, and starts its history, on that day', async () => {
      expect((await makeProject(t, w.officerA)).createdOn).toBe('2026-06-15');
      const p = await makeProject(t, w.officerA, { createdOn: '2024-11-20' });
      expect(p).toMatchObject({ createdOn: '2024-11-20', stageEnteredOn: '2024-11-20', stage: 'visit' });
      expect(await history(p.id)).toEqual([expect.objectContaining({ seq: 1, fromStage: null, effectiveOn: '2024-11-20' })]);
      const listed = await t.http().get('/api/v1/projects?createdFrom=2024-11-01&createdTo=2024-11-30').set(bearer(w.admin)).expect(200);
      expect(listed.body.items.map((x: { id: number }) => x.id)).toEqual([p.id]);
    });

    it('refuses a date in the future or one that does not exist (400 naming 登记日期) and registers nothing', async () => {
      const before = await projectCount();
      const company = await t.http().post('/api/v1/companies').set(bearer(w.officerA)).send({ name: '未来登记测试有限公司' }).expect(201);
      const create = (createdOn: string) => t.http().post('/api/v1/projects').set(bearer(w.officerA))
        .send({ name: '未来项目', companyId: company.body.id, industryChain: 'new_energy_storage', createdOn });
      const future = await create('2026-06-16');
      expect(future.status).toBe(400);
      expect(future.body).toMatchObject({ code: 'in_future', message: '登记日期（2026-06-16）不能晚于今天（2026-06-15）' });
      expect(fieldsOf(future.body)).toEqual(['createdOn']);
      const bad = await create('2026-02-30');
      expect(bad.status).toBe(400);
      expect(bad.body.details).toEqual([expect.objectContaining({ field: 'createdOn', code: 'bad_date' })]);
      expect(bad.body.message).toContain('登记日期应为有效日期');
      expect(await projectCount()).toBe(before);
    });
  });

  describe('moves before the registration', () => {
    it('are refused (400 before_registration, naming 登记日期 and its value) and change nothing; the registration day itself is fine', async () => {
      const p = await makeProject(t, w.officerA, { createdOn: '2026-03-10' });
      const early = await move(t, w.officerA, p.id, { to: 'negotiation', version: p.version, effectiveOn: '2026-03-09' });
      expect(early.status).toBe(400);
      expect(early.body).toMatchObject({ code: 'before_registration', message: '业务日期（2026-03-09）不能早于登记日期（2026-03-10）' });
      const signing = await move(t, w.officerA, p.id, { to: 'signed', version: p.version, signedOn: '2026-01-31', contractInvestment: 5000, agreementType: 'investment' });
      expect(signing.status).toBe(400);
      expect(signing.body.details).toEqual([{ field: 'signedOn', code: 'before_registration', message: '签约日期（2026-01-31）不能早于登记日期（2026-03-10）' }]);
      const still = await getProject(t, w.officerA, p.id);
      expect(still).toMatchObject({ stage: 'visit', version: p.version, signedOn: null });
      expect(await history(p.id)).toHaveLength(1);

      const moved = await moveOk(t, w.officerA, p.id, { to: 'negotiation', version: p.version, effectiveOn: '2026-03-10' });
      expect(moved).toMatchObject({ stage: 'negotiation', stageEnteredOn: '2026-03-10' });
    });

    it('a correction of a stage date (PATCH) before the registration is refused too', async () => {
      const p = await makeProject(t, w.officerA, { createdOn: '2026-04-01' });
      const signed = await moveOk(t, w.officerA, p.id, { to: 'signed', version: p.version, signedOn: '2026-04-20', contractInvestment: 5000, agreementType: 'investment' });
      const res = await patch(w.officerA, p.id, { version: signed.version, signedOn: '2026-03-31' });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'before_registration', message: '签约日期（2026-03-31）不能早于登记日期（2026-04-01）' });
      expect((await getProject(t, w.officerA, p.id)).signedOn).toBe('2026-04-20');
    });
  });

  describe('correcting the registration date (PATCH createdOn)', () => {
    it('is for managers and admins: an officer gets 403 even on his own project', async () => {
      const p = await makeProject(t, w.officerA, { createdOn: '2026-05-01' });
      const res = await patch(w.officerA, p.id, { version: p.version, createdOn: '2026-04-01' });
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ code: 'role_not_allowed', message: '只有团队负责人或系统管理员可以更正登记日期' });
      // Sending the date it already has is no correction.
      expect((await patch(w.officerA, p.id, { version: p.version, createdOn: '2026-05-01', description: '说明' })).status).toBe(200);
    });

    it('moves the registration row with it (and the stage entry while nothing moved since), audited', async () => {
      const p = await makeProject(t, w.officerA, { createdOn: '2026-05-01' });
      const res = await patch(w.managerA, p.id, { version: p.version, createdOn: '2025-12-01' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ createdOn: '2025-12-01', stageEnteredOn: '2025-12-01', version: p.version + 1 });
      expect((await history(p.id))[0].effectiveOn).toBe('2025-12-01');
      const audit = await t.http().get(`/api/v1/audit?entity=project&id=${p.id}`).set(bearer(w.admin)).expect(200);
      expect(audit.body.items[0]).toMatchObject({ action: 'update', actorId: w.managerA.id });
      expect(JSON.stringify(audit.body.items[0])).toContain('2025-12-01');
    });

    it('may not come after the first move, a stage date or today; the project stays as it was', async () => {
      const p = await makeProject(t, w.officerA, { createdOn: '2026-01-10' });
      const neg = await moveOk(t, w.officerA, p.id, { to: 'negotiation', version: p.version, effectiveOn: '2026-02-01' });
      const signed = await moveOk(t, w.officerA, p.id, { to: 'signed', version: neg.version, signedOn: '2026-03-01', contractInvestment: 5000, agreementType: 'investment' });
      const afterMove = await patch(w.managerA, p.id, { version: signed.version, createdOn: '2026-02-02' });
      expect(afterMove.status).toBe(400);
      expect(afterMove.body).toMatchObject({ code: 'before_registration', message: '登记日期（2026-02-02）不能晚于第一次阶段变更（洽谈）的日期（2026-02-01）' });
      const future = await patch(w.managerA, p.id, { version: signed.version, createdOn: '2026-06-16' });
      expect(future.status).toBe(400);
      expect(future.body.details.map((d: { code: string }) => d.code)).toContain('in_future');
      expect(await getProject(t, w.admin, p.id)).toMatchObject({ createdOn: '2026-01-10', version: signed.version, stageEnteredOn: '2026-03-01' });

      // Earlier is fine, and the stage entered later keeps its own date.
      const ok = await patch(w.admin, p.id, { version: signed.version, createdOn: '2026-01-02' });
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ createdOn: '2026-01-02', stageEnteredOn: '2026-03-01' });
    });
  });
});

describeEachDatabase('registration date in the reports', (db) => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await startTestApp(db);
    w = await seedWorld(t);
  });
  afterAll(() => t?.close());

  const summary = async (month: number) => (await t.http().get(`/api/v1/reports/summary?year=2026&month=${month}`).set(bearer(w.leader)).expect(200)).body as Summary;

  it('a backdated registration is in the month-end pipeline from its month on, with its days in visit and its conversion', async () => {
    const p = await makeProject(t, w.officerA, { createdOn: '2026-01-10', plannedInvestment: 20000 });
    await moveOk(t, w.officerA, p.id, { to: 'negotiation', version: p.version, effectiveOn: '2026-03-10' });
    await moveOk(t, w.officerA, p.id, { to: 'signed', signedOn: '2026-05-20', contractInvestment: 8000, agreementType: 'investment' });

    expect(countsOf(await summary(1))).toEqual({ visit: 1 });
    expect((await summary(1)).funnel.stages.find((s) => s.stage === 'visit')).toMatchObject({ count: 1, plannedInvestment: 20000 });
    expect(countsOf(await summary(2))).toEqual({ visit: 1 });
    const april = await summary(4);
    expect(countsOf(april)).toEqual({ negotiation: 1 });
    // 2026-01-10 → 2026-03-10: 59 days in visit; the negotiation has not ended by April.
    expect(april.funnel.medianDaysInStage).toMatchObject({ visit: 59, negotiation: null });
    const may = await summary(5);
    expect(countsOf(may)).toEqual({ signed: 1 });
    expect(may.funnel.medianDaysInStage).toMatchObject({ visit: 59, negotiation: 71 });
    expect((may as unknown as { funnel: { conversions: { from: string; reached: number; advanced: number }[] } }).funnel.conversions[0])
      .toMatchObject({ from: 'visit', reached: 1, advanced: 1 });

    // A manager moves the registration back to December: January's pipeline gains nothing, the days in visit grow.
    const cur = await getProject(t, w.admin, p.id);
    await t.http().patch(`/api/v1/projects/${p.id}`).set(bearer(w.managerA)).send({ version: cur.version, createdOn: '2025-12-20' }).expect(200);
    expect(countsOf(await summary(1))).toEqual({ visit: 1 });
    expect((await summary(5)).funnel.medianDaysInStage).toMatchObject({ visit: 80 });
    expect(await t.app.get(PipelineHistory).verify()).toEqual([]);
  });
});

describeEachDatabase('demo data', (db) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(db);
  });
  afterAll(() => t?.close());

  it('registers its projects on past dates before their moves: past month-ends have a pipeline and visit has a median', async () => {
    expect(await seedDemo(t.app)).toEqual({ projects: 8, users: 5 });
    const token = await t.login('leader@demo.local', DEMO_PASSWORD);
    const get = async (path: string) => (await t.http().get(`/api/v1${path}`).set({ Authorization: `Bearer ${token}` }).expect(200)).body;
    const projects = (await get('/projects?pageSize=50')).items as { createdOn: string }[];
    const dates = projects.map((p) => p.createdOn).sort();
    // Spread over the two years before today (2026-06-15), not all on the day of the seeding.
    expect(dates[0] < '2024-08-01').toBe(true);
    expect(dates.filter((d) => d < '2026-01-01').length).toBeGreaterThanOrEqual(3);
    expect(dates.filter((d) => d === '2026-06-15')).toEqual([]);

    const june = (await get('/reports/summary?year=2026&month=6')) as Summary;
    expect(june.funnel.medianDaysInStage.visit).not.toBeNull();
    const lastYear = (await get('/reports/summary?year=2025&month=6')) as Summary;
    expect(Object.values(countsOf(lastYear)).reduce((a, n) => a + n, 0)).toBeGreaterThanOrEqual(2);
    expect(await t.app.get(PipelineHistory).verify()).toEqual([]);
  });
});
