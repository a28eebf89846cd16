import { addDays } from '../../src/core/dates';
import { type Account, bearer, creditCode, fieldsOf, makeProject, makeProjectOn, seedWorld, totalOf, type World } from '../helpers/fixtures';
import { addMilestone, getProject, logActivity, moveOk } from '../helpers/projects';
import { at, describeEachDatabase, startTestApp, TEST_NOW as NOW, TEST_TODAY as TODAY, type TestApp } from '../helpers/test-app';

/** `YYYY-MM-DD` that many days before 2026-06-15 (negative: after). */
const daysAgo = (n: number) => addDays(TODAY, -n);

type Light = 'green' | 'yellow' | 'red' | null;

/** 督办灯 at the threshold edges (DOMAIN.md "Reminders and supervision"), with the clock fixed. */
describeEachDatabase('supervision light', (db) => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await startTestApp(db);
    w = await seedWorld(t);
  });
  afterAll(() => t?.close());
  afterEach(() => t.clock.set(NOW));

  const detail = (id: number, who: Account = w.leader) => getProject(t, who, id);
  const light = async (id: number): Promise<Light> => (await detail(id)).supervision.light;
  /** A project registered long ago (2026-01-05), so that only its activities and milestones decide. */
  const oldProject = (owner: Account = w.officerA) => makeProjectOn(t, '2026-01-05', owner);
  const log = (id: number, occurredOn: string, who: Account = w.officerA) =>
    logActivity(t, who, id, { kind: 'call', occurredOn, summary: '电话回访' }).expect(201);
  const milestone = async (id: number, plannedOn: string, completedOn?: string) =>
    (await addMilestone(t, w.officerA, id, { name: '节点', plannedOn, ...(completedOn && { completedOn }) }).expect(201)).body;

  /** Every project's light in the list must match the ?light= filters, and the given details. */
  const expectFilterAgrees = async (expected: Record<number, Light>) => {
    const byFilter = new Map<number, Light>();
    for (const l of ['green', 'yellow', 'red'] as const) {
      const res = await t.http().get(`/api/v1/projects?light=${l}&pageSize=200`).set(bearer(w.leader)).expect(200);
      for (const p of res.body.items as { id: number; supervision: { light: Light } }[]) {
        expect(byFilter.has(p.id)).toBe(false);
        byFilter.set(p.id, l);
        expect(p.supervision.light).toBe(l);
      }
    }
    const all = (await t.http().get('/api/v1/projects?pageSize=200').set(bearer(w.leader)).expect(200)).body;
    expect(all.total).toBeLessThan(200);
    for (const p of all.items as { id: number; supervision: { light: Light } }[]) {
      expect({ id: p.id, light: byFilter.get(p.id) ?? null }).toEqual({ id: p.id, light: p.supervision.light });
    }
    for (const [id, l] of Object.entries(expected)) {
      expect({ id: Number(id), filter: byFilter.get(Number(id)) ?? null, detail: await light(Number(id)) }).toEqual({ id: Number(id), filter: l, detail: l });
    }
  };

  it('follows days without activity: 59 green, 60 yellow, 89 yellow, 90 red', async () => {
    const cases: [number, Light][] = [[0, 'green'], [59, 'green'], [60, 'yellow'], [89, 'yellow'], [90, 'red'], [150, 'red']];
    const expected: Record<number, Light> = {};
    for (const [days, l] of cases) {
      const p = await oldProject();
      await log(p.id, daysAgo(days));
      const s = (await detail(p.id)).supervision;
      expect({ days, light: s.light, daysSinceActivity: s.daysSinceActivity }).toEqual({ days, light: l, daysSinceActivity: days });
      if (l !== 'green') expect(s.reasons).toContain(`${days} 天无跟进`);
      else expect(s.reasons).toEqual([]);
      expect((await detail(p.id, w.officerA)).supervision.light).toBe(l);
      expected[p.id] = l;
    }
    await expectFilterAgrees(expected);
  });

  it('counts from registration when nothing was logged, and turns as the days pass', async () => {
    const p = await makeProject(t, w.officerA);
    expect((await detail(p.id)).supervision).toMatchObject({ light: 'green', daysSinceActivity: 0 });
    t.clock.set(at(daysAgo(-59)));
    expect(await light(p.id)).toBe('green');
    t.clock.set(at(daysAgo(-60)));
    expect(await light(p.id)).toBe('yellow');
    await expectFilterAgrees({ [p.id]: 'yellow' });
    t.clock.set(at(daysAgo(-90)));
    expect((await detail(p.id)).supervision).toMatchObject({ light: 'red', daysSinceActivity: 90 });
    await expectFilterAgrees({ [p.id]: 'red' });
    // a follow-up logged that day turns it green again
    await log(p.id, daysAgo(-90));
    expect(await light(p.id)).toBe('green');
    await expectFilterAgrees({ [p.id]: 'green' });
  });

  it('follows overdue milestones: any overdue is yellow, 30 days overdue is red; completed ones do not count', async () => {
    const cases: [string, string | undefined, Light, number][] = [
      [daysAgo(-10), undefined, 'green', 0], // planned in the future
      [TODAY, undefined, 'green', 0], // due today, not overdue yet
      [daysAgo(1), undefined, 'yellow', 1],
      [daysAgo(29), undefined, 'yellow', 1],
      [daysAgo(30), undefined, 'red', 1],
      [daysAgo(40), daysAgo(35), 'green', 0], // completed
    ];
    const expected: Record<number, Light> = {};
    for (const [plannedOn, completedOn, l, overdue] of cases) {
      const p = await makeProject(t, w.officerA);
      await milestone(p.id, plannedOn, completedOn);
      const s = (await detail(p.id)).supervision;
      expect({ plannedOn, completedOn, light: s.light, overdue: s.overdueMilestones }).toEqual({ plannedOn, completedOn, light: l, overdue });
      expected[p.id] = l;
    }
    await expectFilterAgrees(expected);
  });

  it('takes the worse of staleness and milestones, and completing the milestone clears it', async () => {
    const p = await oldProject();
    await log(p.id, daysAgo(10));
    const m1 = await milestone(p.id, daysAgo(5));
    const m2 = await milestone(p.id, daysAgo(31));
    expect((await detail(p.id)).supervision).toMatchObject({ light: 'red', overdueMilestones: 2, maxDaysOverdue: 31, daysSinceActivity: 10 });
    await t.http().patch(`/api/v1/projects/${p.id}/milestones/${m2.id}`).set(bearer(w.officerA)).send({ completedOn: TODAY }).expect(200);
    expect((await detail(p.id)).supervision).toMatchObject({ light: 'yellow', overdueMilestones: 1, maxDaysOverdue: 5 });
    await t.http().patch(`/api/v1/projects/${p.id}/milestones/${m1.id}`).set(bearer(w.officerA)).send({ completedOn: TODAY }).expect(200);
    expect((await detail(p.id)).supervision).toMatchObject({ light: 'green', overdueMilestones: 0 });

    const q = await oldProject();
    await log(q.id, daysAgo(65));
    await milestone(q.id, daysAgo(3));
    expect((await detail(q.id)).supervision).toMatchObject({ light: 'yellow', overdueMilestones: 1, daysSinceActivity: 65 });
    await expectFilterAgrees({ [p.id]: 'green', [q.id]: 'yellow' });
  });

  it('has no light in on_hold, dropped and production, however stale', async () => {
    const held = await oldProject();
    const dropped = await oldProject();
    const produced = await oldProject();
    const building = await oldProject();
    for (const p of [held, dropped, produced, building]) {
      await log(p.id, daysAgo(120));
      await milestone(p.id, daysAgo(60));
      expect(await light(p.id)).toBe('red');
    }
    await moveOk(t, w.admin, held.id, { to: 'on_hold', reason: '企业暂停扩张' });
    await moveOk(t, w.admin, dropped.id, { to: 'dropped', reasonCode: 'funding', reason: '资金不到位' });
    await moveOk(t, w.admin, produced.id, { to: 'signed', signedOn: '2026-02-01', contractInvestment: 100, agreementType: 'investment' });
    await moveOk(t, w.admin, produced.id, { to: 'construction', constructionStartedOn: '2026-03-01' });
    await moveOk(t, w.admin, building.id, { to: 'signed', signedOn: '2026-02-01', contractInvestment: 100, agreementType: 'investment' });
    await moveOk(t, w.admin, building.id, { to: 'construction', constructionStartedOn: '2026-03-01' });
    await moveOk(t, w.admin, produced.id, { to: 'production', productionStartedOn: '2026-06-01' });
    for (const p of [held, dropped, produced]) {
      expect((await detail(p.id)).supervision).toMatchObject({ light: null, reasons: [] });
    }
    // construction is still an active stage
    expect(await light(building.id)).toBe('red');
    await expectFilterAgrees({ [held.id]: null, [dropped.id]: null, [produced.id]: null, [building.id]: 'red' });
  });
});

describeEachDatabase('supervision light with other thresholds', (db) => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await startTestApp(db, { env: { SUPERVISION_YELLOW_DAYS: '20', SUPERVISION_RED_DAYS: '40', SUPERVISION_MILESTONE_RED_DAYS: '7' } });
    w = await seedWorld(t);
  });
  afterAll(() => t?.close());

  it('reads the thresholds from the settings', async () => {
    const cases: [number | null, string | null, Light][] = [
      [19, null, 'green'], [20, null, 'yellow'], [39, null, 'yellow'], [40, null, 'red'], [0, daysAgo(6), 'yellow'], [0, daysAgo(7), 'red'],
    ];
    const ps = [];
    for (let i = 0; i < cases.length; i++) ps.push(await makeProjectOn(t, '2026-01-05', w.officerA));
    for (let i = 0; i < cases.length; i++) {
      const [days, plannedOn, l] = cases[i];
      const id = ps[i].id;
      if (days !== null) {
        await logActivity(t, w.officerA, id, { kind: 'call', occurredOn: daysAgo(days), summary: '回访' }).expect(201);
      }
      if (plannedOn) await addMilestone(t, w.officerA, id, { name: '开工', plannedOn }).expect(201);
      const s = (await getProject(t, w.leader, id)).supervision;
      expect({ days, plannedOn, light: s.light }).toEqual({ days, plannedOn, light: l });
      const filtered = (await t.http().get(`/api/v1/projects?light=${l}&pageSize=200`).set(bearer(w.leader)).expect(200)).body.items.map((p: { id: number }) => p.id);
      expect(filtered).toContain(id);
    }
  });
});

/** 重复研判 (DOMAIN.md "Duplicates"). */
describeEachDatabase('duplicates', (db) => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await startTestApp(db);
    w = await seedWorld(t);
  });
  afterAll(() => t?.close());

  const newCompany = (who: Account, body: Record<string, unknown>) => t.http().post('/api/v1/companies').set(bearer(who)).send(body);
  const companyCount = () => totalOf(t, w.admin, '/api/v1/companies');
  type Dup = { reason: string; companyId: number; companyName: string; projectId: number | null; projectName: string | null; teamName: string | null; ownerName: string | null; stage: string | null; message: string };

  it('refuses a second company with the same credit code (409 naming the existing company), however it is typed', async () => {
    const code = creditCode('91500110MA60XY12A');
    const first = await newCompany(w.officerA, { name: '重庆万盛储能科技有限公司', creditCode: code });
    expect(first.status).toBe(201);
    expect(first.body.creditCode).toBe(code);
    const before = await companyCount();
    for (const typed of [code, ` ${code.toLowerCase().slice(0, 9)} ${code.toLowerCase().slice(9)} `]) {
      const res = await newCompany(w.officerB, { name: '另一个名字的公司', creditCode: typed });
      expect(res.status).toBe(409);
      expect(res.body.message).toEqual(expect.stringContaining('重庆万盛储能科技有限公司'));
      expect(res.body.existing).toEqual({ id: first.body.id, name: '重庆万盛储能科技有限公司' });
      expect(res.body.details).toEqual([expect.objectContaining({ field: 'creditCode' })]);
    }
    expect(await companyCount()).toBe(before);
    // an invalid check digit is bad input, not a duplicate
    const wrong = code.slice(0, 17) + (code[17] === '0' ? '1' : '0');
    const bad = await newCompany(w.officerA, { name: '校验码错误公司', creditCode: wrong });
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad.body)).toEqual(['creditCode']);
    expect(await companyCount()).toBe(before);
  });

  it('warns when the normalised name matches: full-width characters, spaces, 有限公司 vs 有限责任公司', async () => {
    const orig = (await newCompany(w.officerA, { name: 'ABC储能科技有限公司' }).expect(201)).body;
    const lookalikes = ['ＡＢＣ储能科技有限公司', 'ABC 储能 科技有限责任公司', 'abc储能科技　有限公司', 'ＡＢＣ储能科技股份有限公司', 'ABC储能科技'];
    for (const name of lookalikes) {
      const res = await newCompany(w.officerB, { name });
      expect(res.status).toBe(201);
      const dups = res.body.possibleDuplicates as Dup[];
      expect({ name, dup: dups.find((d) => d.companyId === orig.id) }).toEqual({
        name, dup: expect.objectContaining({ reason: 'company_name', companyName: 'ABC储能科技有限公司' }),
      });
    }
    const other = await newCompany(w.officerB, { name: 'ABD储能科技有限公司' });
    expect(other.status).toBe(201);
    expect(other.body.possibleDuplicates).toEqual([]);
  });

  it('names the look-alike company’s projects with team and owner even in another team, and their id and stage only in scope', async () => {
    const orig = (await newCompany(w.officerA, { name: '宁德星河新能源有限公司' }).expect(201)).body;
    const proj = (await t.http().post('/api/v1/projects').set(bearer(w.officerA))
      .send({ name: '星河储能电池项目', companyId: orig.id, industryChain: 'new_energy_storage' }).expect(201)).body;
    const res = await newCompany(w.officerB, { name: '宁德 星河新能源有限责任公司' });
    expect(res.status).toBe(201);
    // 撞单: who to call, not a link he cannot open nor how far the other team got
    expect(res.body.possibleDuplicates).toEqual([{
      reason: 'company_name', message: '企业名称相同：宁德星河新能源有限公司 项目「星河储能电池项目」（新能源专班，officerA）',
      companyId: orig.id, companyName: '宁德星河新能源有限公司', projectId: null, projectName: '星河储能电池项目', stage: null,
      teamName: '新能源专班', ownerName: 'officerA',
    }]);
    // the company page read by someone who may open the project gives its id and stage
    const page = (await t.http().get(`/api/v1/companies/${res.body.id}`).set(bearer(w.managerA)).expect(200)).body;
    expect(page.possibleDuplicates).toEqual([expect.objectContaining({
      projectId: proj.id, stage: 'visit', message: '企业名称相同：宁德星河新能源有限公司 项目「星河储能电池项目」（拜访接洽，新能源专班，officerA）',
    })]);
  });

  it('warns when a contact phone matches, whatever its format', async () => {
    const a = (await newCompany(w.officerA, { name: '华东精密材料有限公司', contacts: [{ name: '李明', phone: '+86 138 0013 8000' }] }).expect(201)).body;
    const b = await newCompany(w.officerB, { name: '西南新材科技有限公司', contacts: [{ name: '王强', phone: '13800138000' }] });
    expect(b.status).toBe(201);
    expect(b.body.possibleDuplicates).toEqual([expect.objectContaining({ reason: 'contact_phone', companyId: a.id, companyName: '华东精密材料有限公司' })]);
    // the company page shows it too, and adding a contact with the same phone elsewhere warns
    const page = (await t.http().get(`/api/v1/companies/${b.body.id}`).set(bearer(w.officerB)).expect(200)).body;
    expect(page.possibleDuplicates.map((d: Dup) => [d.reason, d.companyId])).toEqual([['contact_phone', a.id]]);
    const c = (await newCompany(w.officerB, { name: '成渝电子有限公司' }).expect(201)).body;
    const contact = await t.http().post(`/api/v1/companies/${c.id}/contacts`).set(bearer(w.officerB)).send({ name: '赵六', phone: '0086-138-0013-8000' });
    expect(contact.status).toBe(201);
    expect(contact.body.possibleDuplicates.map((d: Dup) => d.companyId).sort()).toEqual([a.id, b.body.id].sort());
    // a different number does not match
    const d = await newCompany(w.officerB, { name: '另一家公司', contacts: [{ name: '钱七', phone: '13800138001' }] });
    expect(d.body.possibleDuplicates).toEqual([]);
  });

  it('warns about a second project of the same investor in the same chain, on creation and in the detail, across teams', async () => {
    const co = (await newCompany(w.officerB, { name: '比亚迪储能（重庆）有限公司' }).expect(201)).body;
    const first = (await t.http().post('/api/v1/projects').set(bearer(w.officerB))
      .send({ name: '储能电池一期', companyId: co.id, industryChain: 'new_energy_storage' }).expect(201)).body;
    expect(first.possibleDuplicates).toEqual([]);

    const second = await t.http().post('/api/v1/projects').set(bearer(w.officerA))
      .send({ name: '储能电池二期', companyId: co.id, industryChain: 'new_energy_storage' });
    expect(second.status).toBe(201);
    const expected = expect.objectContaining({
      reason: 'same_investor_same_chain', companyId: co.id, projectId: null, projectName: '储能电池一期', teamName: '电子信息小分队', ownerName: 'officerB', stage: null,
    });
    expect(second.body.possibleDuplicates).toEqual([expected]);
    expect(second.body.possibleDuplicates[0].message).toBe('同一客商在同一产业链已有在谈项目：比亚迪储能（重庆）有限公司 项目「储能电池一期」（电子信息小分队，officerB）');

    // GET /projects/:id shows it to team A, who still cannot open team B's project
    const detailA = await getProject(t, w.officerA, second.body.id);
    expect(detailA.possibleDuplicates).toEqual([expected]);
    expect((await t.http().get(`/api/v1/projects/${first.id}`).set(bearer(w.officerA))).status).toBe(404);
    // and team B sees team A's project on its own
    const detailB = await getProject(t, w.officerB, first.id);
    expect(detailB.possibleDuplicates).toEqual([
      expect.objectContaining({ reason: 'same_investor_same_chain', projectId: null, stage: null, projectName: '储能电池二期', teamName: '新能源专班', ownerName: 'officerA' }),
    ]);
    // someone who sees both is given the link and the stage
    expect((await getProject(t, w.admin, second.body.id)).possibleDuplicates).toEqual([
      expect.objectContaining({ projectId: first.id, stage: 'visit', projectName: '储能电池一期' }),
    ]);

    // another chain is another project, not a duplicate
    const otherChain = await t.http().post('/api/v1/projects').set(bearer(w.officerA))
      .send({ name: '储能材料项目', companyId: co.id, industryChain: 'new_materials' });
    expect(otherChain.status).toBe(201);
    expect(otherChain.body.possibleDuplicates).toEqual([]);

    // a dropped project no longer counts
    await moveOk(t, w.officerB, first.id, { to: 'dropped', version: first.version, reasonCode: 'chose_elsewhere', reason: '改投他处' });
    expect((await getProject(t, w.officerA, second.body.id)).possibleDuplicates).toEqual([]);
  });

  it('also warns on a project when its investor looks like another investor', async () => {
    const a = (await newCompany(w.officerB, { name: '重庆紫光芯片有限公司', creditCode: creditCode('91500000MA5U7LXX1') }).expect(201)).body;
    const pa = (await t.http().post('/api/v1/projects').set(bearer(w.officerB))
      .send({ name: '芯片封测项目', companyId: a.id, industryChain: 'electronics' }).expect(201)).body;
    const b = (await newCompany(w.officerA, { name: '重庆紫光芯片有限责任公司' }).expect(201)).body;
    const pb = await makeProject(t, w.officerA, { companyId: b.id, industryChain: 'electronics' });
    const d = await getProject(t, w.officerA, pb.id);
    expect(d.possibleDuplicates).toEqual([
      expect.objectContaining({ reason: 'company_name', companyId: a.id, projectId: null, projectName: '芯片封测项目', stage: null, teamName: '电子信息小分队' }),
    ]);
    expect((await getProject(t, w.leader, pb.id)).possibleDuplicates).toEqual([expect.objectContaining({ projectId: pa.id, stage: 'visit' })]);
  });
});
