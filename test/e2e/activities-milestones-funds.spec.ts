import { type Account, bearer, fieldsOf, makeProject, seedWorld, totalOf, type World } from '../helpers/fixtures';
import { addMilestone, funds as fundsOf, getProject, logActivity, sign } from '../helpers/projects';
import { at, describeEachDatabase, startTestApp, TEST_NOW, type TestApp } from '../helpers/test-app';

/** Follow-ups (跟进记录), milestones (节点计划) and funds in place (实际到位资金). Today is 2026-06-15 in Shanghai. */
describeEachDatabase('activities, milestones, funds', (db) => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await startTestApp(db);
    w = await seedWorld(t);
  });
  afterAll(() => t?.close());
  afterEach(() => t.clock.set(TEST_NOW));

  const get = (who: Account, path: string) => t.http().get(`/api/v1${path}`).set(bearer(who));
  const project = (id: number) => getProject(t, w.admin, id);

  describe('activities', () => {
    const log = (who: Account, id: number, body: Record<string, unknown>) => logActivity(t, who, id, body);
    const base = { kind: 'call', occurredOn: '2026-06-10', summary: '电话沟通用地需求' };
    const countFor = (id: number) => totalOf(t, w.admin, `/api/v1/projects/${id}/activities`);

    it('logs each kind, with its label, and lists them for the project newest first', async () => {
      const p = await makeProject(t, w.officerA);
      const bodies = [
        { kind: 'visit_out', occurredOn: '2026-06-01', summary: '赴宁德拜访', location: '宁德', participants: '王局长、李科长' },
        { kind: 'reception', occurredOn: '2026-06-02', summary: '客商来访考察', guestCount: 6 },
        { kind: 'negotiation', occurredOn: '2026-06-03', summary: '第二轮洽谈', nextFollowUpOn: '2026-06-20' },
        { kind: 'site_visit', occurredOn: '2026-06-04', summary: '实地查看平山地块', leaderLed: true, leaderName: '刘区长' },
        { kind: 'call', occurredOn: '2026-06-05', summary: '视频会议' },
        { kind: 'event', occurredOn: '2026-06-06', summary: '深圳推介会' },
      ];
      const labels: Record<string, string> = {
        visit_out: '外出拜访', reception: '来访接待', negotiation: '洽谈', site_visit: '实地考察', call: '电话/视频', event: '推介活动',
      };
      for (const b of bodies) {
        const res = await log(w.officerA, p.id, b);
        expect(res.status).toBe(201);
        expect(res.body).toMatchObject({ ...b, projectId: p.id, kindLabel: labels[b.kind], createdById: w.officerA.id, createdByName: 'officerA' });
      }
      const listed = (await get(w.viewer, `/projects/${p.id}/activities`).expect(200)).body;
      expect(listed.total).toBe(6);
      expect(listed.items.map((a: { kind: string }) => a.kind)).toEqual(['event', 'call', 'site_visit', 'negotiation', 'reception', 'visit_out']);
      expect(listed.items.find((a: { kind: string }) => a.kind === 'reception')).toMatchObject({ guestCount: 6, leaderLed: false, leaderName: null });
      expect((await project(p.id)).lastActivityOn).toBe('2026-06-06');
    });

    it('refuses bad follow-ups with 400 naming the field and writes nothing', async () => {
      const p = await makeProject(t, w.officerA);
      const cases: [Record<string, unknown>, string][] = [
        [{ ...base, kind: 'reception' }, 'guestCount'],
        [{ ...base, kind: 'reception', guestCount: 0 }, 'guestCount'],
        [{ ...base, guestCount: 3 }, 'guestCount'],
        [{ ...base, leaderLed: true }, 'leaderName'],
        [{ ...base, leaderLed: true, leaderName: '' }, 'leaderName'],
        [{ ...base, occurredOn: '2026-06-16' }, 'occurredOn'],
        [{ ...base, occurredOn: '2026-02-30' }, 'occurredOn'],
        [{ ...base, nextFollowUpOn: '2026-06-09' }, 'nextFollowUpOn'],
        [{ ...base, kind: 'dinner' }, 'kind'],
        [{ kind: 'call', occurredOn: '2026-06-10' }, 'summary'],
        [{ ...base, summary: '记'.repeat(2001) }, 'summary'],
        [{ ...base, mood: 'good' }, 'mood'],
      ];
      for (const [body, field] of cases) {
        const res = await log(w.officerA, p.id, body);
        expect({ body, status: res.status }).toEqual({ body, status: 400 });
        expect(fieldsOf(res.body)).toEqual([field]);
      }
      expect(await countFor(p.id)).toBe(0);
      expect((await project(p.id)).lastActivityOn).toBeNull();
      // a follow-up due on the day itself is fine
      expect((await log(w.officerA, p.id, { ...base, nextFollowUpOn: '2026-06-10' })).status).toBe(201);
    });

    it('today counts in Asia/Shanghai: just after midnight there, the new day may be logged', async () => {
      const p = await makeProject(t, w.officerA);
      expect((await log(w.officerA, p.id, { ...base, occurredOn: '2026-06-16' })).status).toBe(400);
      t.clock.set('2026-06-15T16:05:00Z');
      expect((await log(w.officerA, p.id, { ...base, occurredOn: '2026-06-16' })).status).toBe(201);
    });

    it('a teammate who does not own the project may log on it; another team gets 404; leaders and viewers 403', async () => {
      const p = await makeProject(t, w.officerA);
      const mate = await log(w.officerA2, p.id, { ...base, summary: '同事代为回访' });
      expect(mate.status).toBe(201);
      expect(mate.body.createdById).toBe(w.officerA2.id);
      expect((await log(w.managerA, p.id, base)).status).toBe(201);
      expect((await log(w.officerB, p.id, base)).status).toBe(404);
      expect((await log(w.managerB, p.id, base)).status).toBe(404);
      expect((await log(w.leader, p.id, base)).status).toBe(403);
      expect((await log(w.viewer, p.id, base)).status).toBe(403);
      expect(await countFor(p.id)).toBe(2);
      // logging does not bump the project's version: a colleague's open edit stays valid
      expect((await project(p.id)).version).toBe(1);
    });

    it('moves the project’s lastActivityOn forward only', async () => {
      const p = await makeProject(t, w.officerA);
      await log(w.officerA, p.id, { ...base, occurredOn: '2026-06-10' }).expect(201);
      expect((await project(p.id)).lastActivityOn).toBe('2026-06-10');
      await log(w.officerA, p.id, { ...base, occurredOn: '2026-05-01', summary: '补录五月拜访' }).expect(201);
      expect((await project(p.id)).lastActivityOn).toBe('2026-06-10');
      await log(w.officerA2, p.id, { ...base, occurredOn: '2026-06-12' }).expect(201);
      expect((await project(p.id)).lastActivityOn).toBe('2026-06-12');
      await log(w.officerA, p.id, { ...base, occurredOn: '2026-06-12' }).expect(201);
      expect((await project(p.id)).lastActivityOn).toBe('2026-06-12');
    });

    describe('GET /activities', () => {
      let pa: number;
      let pb: number;
      const made: Record<string, number> = {};

      beforeAll(async () => {
        pa = (await makeProject(t, w.officerA)).id;
        pb = (await makeProject(t, w.officerB)).id;
        const add = async (key: string, who: Account, id: number, body: Record<string, unknown>) => {
          const res = await log(who, id, { summary: `列表样本-${key}`, ...body });
          if (res.status !== 201) throw new Error(JSON.stringify(res.body));
          made[key] = res.body.id;
        };
        await add('aCallMar', w.officerA, pa, { kind: 'call', occurredOn: '2026-03-10' });
        await add('aVisitApr', w.officerA2, pa, { kind: 'visit_out', occurredOn: '2026-04-10', leaderLed: true, leaderName: '刘区长' });
        await add('aRecMay', w.officerA, pa, { kind: 'reception', occurredOn: '2026-05-10', guestCount: 3 });
        await add('bCallApr', w.officerB, pb, { kind: 'call', occurredOn: '2026-04-20' });
        await add('bEventMay', w.officerB, pb, { kind: 'event', occurredOn: '2026-05-20', leaderLed: true, leaderName: '陈书记' });
      });

      const found = async (who: Account, query: string) => {
        const res = await get(who, `/activities?pageSize=200&${query}`);
        if (res.status !== 200) throw new Error(`${query}: ${res.status} ${JSON.stringify(res.body)}`);
        const items = res.body.items as { id: number; kind: string; occurredOn: string; createdById: number; leaderLed: boolean; projectId: number }[];
        return { items, mine: Object.keys(made).filter((k) => items.some((a) => a.id === made[k])).sort() };
      };

      it('filters by kind, date range, who logged it and leaderLed; every item answers the filter', async () => {
        let r = await found(w.leader, 'kind=call');
        expect(r.mine).toEqual(['aCallMar', 'bCallApr']);
        expect(r.items.every((a) => a.kind === 'call')).toBe(true);

        r = await found(w.leader, 'kind=call,event');
        expect(r.mine).toEqual(['aCallMar', 'bCallApr', 'bEventMay']);

        r = await found(w.leader, 'from=2026-04-10&to=2026-05-10');
        expect(r.mine).toEqual(['aRecMay', 'aVisitApr', 'bCallApr']);
        expect(r.items.every((a) => a.occurredOn >= '2026-04-10' && a.occurredOn <= '2026-05-10')).toBe(true);

        r = await found(w.leader, `userId=${w.officerA2.id}`);
        expect(r.items.every((a) => a.createdById === w.officerA2.id)).toBe(true);
        expect(r.mine).toEqual(['aVisitApr']);

        r = await found(w.leader, 'leaderLed=true');
        expect(r.mine).toEqual(['aVisitApr', 'bEventMay']);
        expect(r.items.every((a) => a.leaderLed === true)).toBe(true);
        r = await found(w.leader, 'leaderLed=false&from=2026-03-01&to=2026-05-31');
        expect(r.mine).toEqual(['aCallMar', 'aRecMay', 'bCallApr']);

        r = await found(w.leader, `kind=call&from=2026-04-01&userId=${w.officerB.id}`);
        expect(r.mine).toEqual(['bCallApr']);

        const dates = (await found(w.leader, '')).items.map((a) => a.occurredOn);
        expect(dates).toEqual([...dates].sort().reverse());

        for (const [q, field] of [['from=2026-06-01&to=2026-05-01', 'to'], ['kind=dinner', 'kind'], ['from=2026-13-01', 'from'], ['leaderLed=perhaps', 'leaderLed'], ['pageSize=500', 'pageSize']]) {
          const res = await get(w.leader, `/activities?${q}`);
          expect({ q, status: res.status }).toEqual({ q, status: 400 });
          expect(fieldsOf(res.body)).toContain(field);
        }
      });

      it('covers the caller’s scope only', async () => {
        const teamA = await found(w.officerA2, '');
        expect(teamA.mine).toEqual(['aCallMar', 'aRecMay', 'aVisitApr']);
        const teamB = await found(w.officerB, '');
        expect(teamB.mine).toEqual(['bCallApr', 'bEventMay']);
        // asking for the other team's project or team does not widen the scope
        expect((await found(w.officerB, `projectId=${pa}`)).items).toEqual([]);
        expect((await found(w.officerB, `teamId=${w.teamA}`)).items).toEqual([]);
        expect((await found(w.officerB, `userId=${w.officerA.id}`)).items).toEqual([]);
        expect((await get(w.officerB, `/projects/${pa}/activities`)).status).toBe(404);
        for (const who of [w.leader, w.viewer, w.admin]) {
          expect((await found(who, '')).mine).toEqual(['aCallMar', 'aRecMay', 'aVisitApr', 'bCallApr', 'bEventMay']);
        }
      });
    });
  });

  describe('milestones', () => {
    const add = (who: Account, id: number, body: Record<string, unknown>) => addMilestone(t, who, id, body);
    const edit = (who: Account, id: number, mid: number, body: Record<string, unknown>) =>
      t.http().patch(`/api/v1/projects/${id}/milestones/${mid}`).set(bearer(who)).send(body);
    const milestones = async (id: number) => (await get(w.viewer, `/projects/${id}/milestones`).expect(200)).body;

    it('creates, edits and completes milestones, with overdue flags against today', async () => {
      const p = await makeProject(t, w.officerA);
      const land = await add(w.officerA, p.id, { name: '供地', plannedOn: '2026-06-10', note: '挂牌出让' });
      expect(land.status).toBe(201);
      expect(land.body).toMatchObject({ name: '供地', plannedOn: '2026-06-10', completedOn: null, note: '挂牌出让', overdue: true, daysOverdue: 5 });
      const start = await add(w.officerA, p.id, { name: '开工', plannedOn: '2026-06-15' });
      expect(start.body).toMatchObject({ overdue: false, daysOverdue: 0 });
      const done = await add(w.managerA, p.id, { name: '签约', plannedOn: '2026-05-01', completedOn: '2026-05-03' });
      expect(done.body).toMatchObject({ overdue: false, completedOn: '2026-05-03' });

      let l = await milestones(p.id);
      expect(l.items.map((m: { name: string }) => m.name)).toEqual(['签约', '供地', '开工']);

      // the day after, 开工 is one day overdue too
      t.clock.set(at('2026-06-16'));
      l = await milestones(p.id);
      expect(l.items.map((m: { overdue: boolean; daysOverdue: number }) => [m.overdue, m.daysOverdue])).toEqual([[false, 0], [true, 6], [true, 1]]);
      t.clock.set(TEST_NOW);

      const moved = await edit(w.officerA, p.id, start.body.id, { plannedOn: '2026-07-01', name: '主体开工' });
      expect(moved.status).toBe(200);
      expect(moved.body).toMatchObject({ name: '主体开工', plannedOn: '2026-07-01', note: null, completedOn: null, overdue: false });

      const completed = await edit(w.officerA, p.id, land.body.id, { completedOn: '2026-06-12' });
      expect(completed.status).toBe(200);
      expect(completed.body).toMatchObject({ name: '供地', plannedOn: '2026-06-10', note: '挂牌出让', completedOn: '2026-06-12', overdue: false, daysOverdue: 0 });

      const reopened = await edit(w.officerA, p.id, land.body.id, { completedOn: null });
      expect(reopened.body).toMatchObject({ completedOn: null, overdue: true, daysOverdue: 5 });
      l = await milestones(p.id);
      expect(l.items.find((m: { id: number }) => m.id === land.body.id)).toMatchObject({ completedOn: null, overdue: true, name: '供地' });
    });

    it('refuses a completion date in the future and other bad input with 400, changing nothing', async () => {
      const p = await makeProject(t, w.officerA);
      const m = (await add(w.officerA, p.id, { name: '投产', plannedOn: '2026-06-01' }).expect(201)).body;
      const cases: [Record<string, unknown>, string][] = [
        [{ name: '设备安装', plannedOn: '2026-07-01', completedOn: '2026-06-16' }, 'completedOn'],
        [{ name: '设备安装', plannedOn: '2026-02-30' }, 'plannedOn'],
        [{ plannedOn: '2026-07-01' }, 'name'],
        [{ name: '设备安装' }, 'plannedOn'],
        [{ name: '设'.repeat(101), plannedOn: '2026-07-01' }, 'name'],
        [{ name: '设备安装', plannedOn: '2026-07-01', owner: 'x' }, 'owner'],
      ];
      for (const [body, field] of cases) {
        const res = await add(w.officerA, p.id, body);
        expect({ body, status: res.status }).toEqual({ body, status: 400 });
        expect(fieldsOf(res.body)).toEqual([field]);
      }
      const future = await edit(w.officerA, p.id, m.id, { completedOn: '2026-06-16' });
      expect(future.status).toBe(400);
      expect(fieldsOf(future.body)).toEqual(['completedOn']);
      const badDate = await edit(w.officerA, p.id, m.id, { plannedOn: '2026-6-1' });
      expect(badDate.status).toBe(400);
      const l = await milestones(p.id);
      expect(l.total).toBe(1);
      expect(l.items[0]).toMatchObject({ name: '投产', plannedOn: '2026-06-01', completedOn: null, overdue: true, daysOverdue: 14 });
    });

    it('only those who may edit the project plan its milestones; others see 403 or 404', async () => {
      const p = await makeProject(t, w.officerA);
      const other = await makeProject(t, w.officerA);
      const m = (await add(w.officerA, p.id, { name: '开工', plannedOn: '2026-08-01' }).expect(201)).body;
      expect((await add(w.officerA2, p.id, { name: '供地', plannedOn: '2026-07-01' })).status).toBe(403);
      expect((await edit(w.officerA2, p.id, m.id, { completedOn: '2026-06-01' })).status).toBe(403);
      expect((await add(w.leader, p.id, { name: '供地', plannedOn: '2026-07-01' })).status).toBe(403);
      expect((await add(w.officerB, p.id, { name: '供地', plannedOn: '2026-07-01' })).status).toBe(404);
      expect((await edit(w.officerB, p.id, m.id, { name: '改' })).status).toBe(404);
      expect((await get(w.officerB, `/projects/${p.id}/milestones`)).status).toBe(404);
      // a milestone is reached only through its own project
      expect((await edit(w.officerA, other.id, m.id, { name: '改' })).status).toBe(404);
      expect((await edit(w.officerA, p.id, 999999, { name: '改' })).status).toBe(404);
      // the right to plan the project is checked before the milestone is looked up
      expect((await edit(w.officerA2, p.id, 999999, { name: '改' })).status).toBe(403);
      expect((await milestones(p.id)).items).toEqual([expect.objectContaining({ id: m.id, name: '开工', completedOn: null })]);
      expect((await edit(w.managerA, p.id, m.id, { note: '经理补充说明' })).status).toBe(200);
    });
  });

  describe('funds in place', () => {
    const put = (who: Account, id: number, month: string, body: Record<string, unknown>) =>
      t.http().put(`/api/v1/projects/${id}/funds/${month}`).set(bearer(who)).send(body);
    const funds = (id: number) => fundsOf(t, w.leader, id);
    const signed = (signedOn: string) => sign(t, w.officerA, { signedOn, contractInvestment: 50000 });

    it('cannot be reported before the project signs (422)', async () => {
      const p = await makeProject(t, w.officerA);
      const res = await put(w.officerA, p.id, '2026-05', { amount: 1000 });
      expect(res.status).toBe(422);
      expect((await funds(p.id)).items).toEqual([]);
    });

    it('is one row per month: a second PUT replaces the amount', async () => {
      const p = await signed('2026-03-15');
      const first = await put(w.officerA, p.id, '2026-05', { amount: 1000, note: '首笔设备款' });
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ month: '2026-05', amount: 1000, note: '首笔设备款' });
      const again = await put(w.officerA, p.id, '2026-05', { amount: 1500.25 });
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ month: '2026-05', amount: 1500.25 });
      const same = await put(w.officerA, p.id, '2026-05', { amount: 1500.25 });
      expect(same.status).toBe(200);
      const f = await funds(p.id);
      expect(f.items).toEqual([expect.objectContaining({ month: '2026-05', amount: 1500.25 })]);
      expect(f.total).toBe(1500.25);
      // the signing month itself and the current month are allowed
      expect((await put(w.officerA, p.id, '2026-03', { amount: 10 })).status).toBe(200);
      expect((await put(w.officerA, p.id, '2026-06', { amount: 20 })).status).toBe(200);
      expect((await funds(p.id)).items.map((x) => x.month)).toEqual(['2026-03', '2026-05', '2026-06']);
    });

    it('refuses a month before signing, a future month, a malformed month and bad amounts (400), writing nothing', async () => {
      const p = await signed('2026-04-20');
      const cases: [string, Record<string, unknown>, string][] = [
        ['2026-03', { amount: 100 }, 'month'],
        ['2026-07', { amount: 100 }, 'month'],
        ['2026-13', { amount: 100 }, 'month'],
        ['2026-5', { amount: 100 }, 'month'],
        ['202605', { amount: 100 }, 'month'],
        ['2026-05', { amount: -1 }, 'amount'],
        ['2026-05', { amount: 1.00001 }, 'amount'],
        ['2026-05', { amount: '100' }, 'amount'],
        ['2026-05', {}, 'amount'],
        ['2026-05', { amount: 1, source: 'bank' }, 'source'],
      ];
      for (const [month, body, field] of cases) {
        const res = await put(w.officerA, p.id, month, body);
        expect({ month, body, status: res.status }).toEqual({ month, body, status: 400 });
        expect(fieldsOf(res.body)).toEqual([field]);
      }
      expect((await funds(p.id)).items).toEqual([]);
      // next month becomes reportable once it has come (in Shanghai)
      t.clock.set('2026-06-30T16:00:00Z');
      expect((await put(w.officerA, p.id, '2026-07', { amount: 100 })).status).toBe(200);
    });

    it('totals exactly, to the yuan', async () => {
      const p = await signed('2026-01-05');
      const amounts: [string, number][] = [['2026-01', 0.1], ['2026-02', 0.2], ['2026-03', 12345.6789], ['2026-04', 0.0011], ['2026-05', 99999999.9999]];
      for (const [m, a] of amounts) expect((await put(w.officerA, p.id, m, { amount: a })).status).toBe(200);
      const f = await funds(p.id);
      expect(f.items.map((x) => x.amount)).toEqual(amounts.map(([, a]) => a));
      expect(f.total).toBe(100012345.9799);
    });

    it('is reported by those who may edit the project; others get 403 or 404', async () => {
      const p = await signed('2026-05-01');
      expect((await put(w.officerA2, p.id, '2026-05', { amount: 1 })).status).toBe(403);
      expect((await put(w.leader, p.id, '2026-05', { amount: 1 })).status).toBe(403);
      expect((await put(w.officerB, p.id, '2026-05', { amount: 1 })).status).toBe(404);
      expect((await get(w.officerB, `/projects/${p.id}/funds`)).status).toBe(404);
      expect((await funds(p.id)).items).toEqual([]);
      expect((await put(w.managerA, p.id, '2026-05', { amount: 2 })).status).toBe(200);
      expect((await funds(p.id)).total).toBe(2);
    });
  });
});
