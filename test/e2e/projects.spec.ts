import { type Account, bearer, fieldsOf, makeProject, seedWorld, type World } from '../helpers/fixtures';
import { move, moveOk } from '../helpers/projects';
import { describeEachDatabase, startTestApp, type TestApp } from '../helpers/test-app';

/** Project CRUD, permissions, data scope and lists (API.md). Today is 2026-06-15 in Shanghai. */
describeEachDatabase('projects', (db) => {
  let t: TestApp;
  let w: World;
  let companyId: number;

  beforeAll(async () => {
    t = await startTestApp(db);
    w = await seedWorld(t);
    companyId = (await t.http().post('/api/v1/companies').set(bearer(w.officerA)).send({ name: '重庆储能科技有限公司' }).expect(201)).body.id;
  });
  afterAll(() => t?.close());

  const get = (who: Account, path: string) => t.http().get(`/api/v1${path}`).set(bearer(who));
  const list = async (who: Account, query = '') => {
    const res = await get(who, `/projects?pageSize=200${query ? '&' + query : ''}`);
    if (res.status !== 200) throw new Error(`list ${query}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { items: { id: number; [k: string]: unknown }[]; total: number; page: number; pageSize: number };
  };
  const ids = async (who: Account, query = '') => (await list(who, query)).items.map((p) => p.id);
  const total = async () => (await list(w.admin)).total;
  const create = (who: Account, body: Record<string, unknown>) => t.http().post('/api/v1/projects').set(bearer(who)).send(body);
  const patch = (who: Account, id: number, body: Record<string, unknown>) => t.http().patch(`/api/v1/projects/${id}`).set(bearer(who)).send(body);
  const valid = () => ({ name: '年产5GWh储能电池项目', companyId, industryChain: 'new_energy_storage' });

  describe('create and read', () => {
    it('keeps every glossary field and reads it back', async () => {
      const body = {
        ...valid(),
        park: 'pingshan',
        sourceChannel: 'chain',
        sourceRegion: 'yangtze_delta',
        plannedInvestment: 150000.1234,
        expectedAnnualOutput: 300000,
        expectedAnnualTax: 12000.5,
        landArea: 215.75,
        jobs: 800,
        leaderInCharge: '张副区长',
        isKeyProject: true,
        keyProjectLevel: 'city',
        description: '储能电芯及PACK产线',
      };
      const res = await create(w.officerA, body);
      expect(res.status).toBe(201);
      const { companyId: _c, ...fields } = body;
      const expected = {
        ...fields, companyId, companyName: '重庆储能科技有限公司', stage: 'visit', version: 1, ownerId: w.officerA.id, ownerName: 'officerA',
        teamId: w.teamA, teamName: '新能源专班', createdOn: '2026-06-15', stageEnteredOn: '2026-06-15', lastActivityOn: null,
        signedOn: null, contractInvestment: null,
        // What a person reads beside each code.
        stageLabel: '拜访接洽', industryChainLabel: '新能源及新型储能', parkLabel: '平山组团', sourceChannelLabel: '产业链招商',
        sourceRegionLabel: '长三角', keyProjectLevelLabel: '市级', agreementTypeLabel: null, dropReasonLabel: null,
        pausedFromStageLabel: null, droppedFromStageLabel: null,
      };
      expect(res.body).toMatchObject(expected);
      const read = await get(w.leader, `/projects/${res.body.id}`).expect(200);
      expect(read.body).toMatchObject(expected);
      const listed = (await list(w.admin, `companyId=${companyId}&isKeyProject=true`)).items.find((p) => p.id === res.body.id);
      expect(listed).toMatchObject(expected);
    });

    it('fills defaults: the creator owns it, in the creator’s team, not a key project, optional fields null', async () => {
      const res = await create(w.officerB, { name: '电子元器件项目', companyId, industryChain: 'electronics' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        ownerId: w.officerB.id, teamId: w.teamB, isKeyProject: false, park: null, plannedInvestment: null, landArea: null, jobs: null,
        keyProjectLevel: null, leaderInCharge: null,
        industryChainLabel: '电子信息制造', parkLabel: null, sourceChannelLabel: null, sourceRegionLabel: null, keyProjectLevelLabel: null,
      });
    });

    it('shows a dictionary label as it is now: a relabel shows at once in the project, the list and the history; a deactivated entry keeps its label', async () => {
      const admin = (path: string, body: Record<string, unknown>) => t.http().patch(`/api/v1/dictionaries/${path}`).set(bearer(w.admin)).send(body).expect(200);
      await t.http().post('/api/v1/dictionaries/parks').set(bearer(w.admin)).send({ code: 'label_park', label: '标签园' }).expect(201);
      const p = (await create(w.officerA, { ...valid(), park: 'label_park' }).expect(201)).body;
      expect(p).toMatchObject({ park: 'label_park', parkLabel: '标签园' });

      await admin('parks/label_park', { label: '标签产业园' });
      expect((await get(w.officerA, `/projects/${p.id}`).expect(200)).body).toMatchObject({ park: 'label_park', parkLabel: '标签产业园' });
      expect((await list(w.leader, 'park=label_park')).items.map((x) => x.parkLabel)).toEqual(['标签产业园']);

      await admin('parks/label_park', { active: false });
      expect((await get(w.officerA, `/projects/${p.id}`).expect(200)).body.parkLabel).toBe('标签产业园');

      // A drop reason is labelled on the project and in the history row that set it.
      const dropped = await moveOk(t, w.officerA, p.id, { to: 'dropped', version: p.version, reasonCode: 'funding', reason: '资金链断裂' });
      expect(dropped).toMatchObject({ dropReasonCode: 'funding', dropReasonLabel: '资金不到位', droppedFromStage: 'visit', droppedFromStageLabel: '拜访接洽' });
      await admin('drop-reasons/funding', { label: '资金未到位' });
      expect((await get(w.officerA, `/projects/${p.id}`).expect(200)).body.dropReasonLabel).toBe('资金未到位');
      const history = (await get(w.officerA, `/projects/${p.id}/transitions`).expect(200)).body.items;
      expect(history.map((r: { fromStageLabel: string | null; toStageLabel: string }) => [r.fromStageLabel, r.toStageLabel])).toEqual([[null, '拜访接洽'], ['拜访接洽', '终止']]);
      expect(history[1].data).toMatchObject({ reasonCode: 'funding', reasonCodeLabel: '资金未到位' });
      await admin('drop-reasons/funding', { label: '资金不到位' });
    });

    const bad: [string, () => Record<string, unknown>, string][] = [
      ['an unknown field', () => ({ ...valid(), budget: 100 }), 'budget'],
      ['a wrong type (jobs as text)', () => ({ ...valid(), jobs: 'many' }), 'jobs'],
      ['a wrong type (isKeyProject as text)', () => ({ ...valid(), isKeyProject: 'yes' }), 'isKeyProject'],
      ['a wrong type (companyId as text)', () => ({ ...valid(), companyId: 'abc' }), 'companyId'],
      ['a missing name', () => ({ companyId, industryChain: 'new_energy_storage' }), 'name'],
      ['an empty name', () => ({ ...valid(), name: '' }), 'name'],
      ['a missing industry chain', () => ({ name: 'x', companyId }), 'industryChain'],
      ['negative money', () => ({ ...valid(), plannedInvestment: -1 }), 'plannedInvestment'],
      ['non-numeric money', () => ({ ...valid(), expectedAnnualTax: 'abc' }), 'expectedAnnualTax'],
      ['money as a numeric string', () => ({ ...valid(), plannedInvestment: '100' }), 'plannedInvestment'],
      ['5 decimals of 万元', () => ({ ...valid(), expectedAnnualOutput: 1.23456 }), 'expectedAnnualOutput'],
      ['money over the limit', () => ({ ...valid(), plannedInvestment: 100000000.0001 }), 'plannedInvestment'],
      ['an unknown industry chain', () => ({ ...valid(), industryChain: 'space_mining' }), 'industryChain'],
      ['an unknown park', () => ({ ...valid(), park: 'atlantis' }), 'park'],
      ['a code of another dictionary', () => ({ ...valid(), sourceChannel: 'pingshan' }), 'sourceChannel'],
      ['an unknown source region', () => ({ ...valid(), sourceRegion: 'mars' }), 'sourceRegion'],
      ['a name over 200 characters', () => ({ ...valid(), name: '项'.repeat(201) }), 'name'],
      ['a leader name over 50 characters', () => ({ ...valid(), leaderInCharge: '张'.repeat(51) }), 'leaderInCharge'],
      ['land with 3 decimals', () => ({ ...valid(), landArea: 1.005 }), 'landArea'],
      ['negative jobs', () => ({ ...valid(), jobs: -3 }), 'jobs'],
      ['fractional jobs', () => ({ ...valid(), jobs: 2.5 }), 'jobs'],
      ['an unknown key project level', () => ({ ...valid(), keyProjectLevel: 'national' }), 'keyProjectLevel'],
      ['a company that does not exist', () => ({ ...valid(), companyId: 999999 }), 'companyId'],
      ['stage data on create', () => ({ ...valid(), signedOn: '2026-06-01' }), 'signedOn'],
    ];
    it.each(bad)('refuses %s with 400 naming the field and writes nothing', async (_what, body, field) => {
      const before = await total();
      const res = await create(w.officerA, body());
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      // exactly the bad field is named (the rest of the body is valid)
      expect(fieldsOf(res.body)).toEqual([field]);
      expect(await total()).toBe(before);
    });

    it('refuses bad list queries with 400 naming the parameter', async () => {
      const cases: [string, string][] = [
        ['pageSize=201', 'pageSize'],
        ['pageSize=0', 'pageSize'],
        ['page=0', 'page'],
        ['sort=bogus:asc', 'sort'],
        ['sort=name', 'sort'],
        ['signedFrom=2026-02-30', 'signedFrom'],
        ['signedTo=20260601', 'signedTo'],
        ['signedFrom=2026-06-01&signedTo=2026-05-01', 'signedTo'],
        ['stage=visit,approved', 'stage'],
        ['light=blue', 'light'],
        ['ownerId=abc', 'ownerId'],
        ['isKeyProject=maybe', 'isKeyProject'],
        ['color=red', 'color'],
      ];
      for (const [q, field] of cases) {
        const res = await t.http().get(`/api/v1/projects?${q}`).set(bearer(w.admin));
        expect({ q, status: res.status }).toEqual({ q, status: 400 });
        expect(fieldsOf(res.body)).toContain(field);
      }
      const badId = await get(w.admin, '/projects/abc');
      expect(badId.status).toBe(400);
      expect((await get(w.admin, '/projects/987654')).status).toBe(404);
    });
  });

  describe('edit', () => {
    it('a PATCH that changes nothing keeps the version and writes no audit row; a blank name is refused', async () => {
      const p = await makeProject(t, w.officerA, { jobs: 7 });
      const auditTotal = async () => (await get(w.admin, `/audit?entity=project&id=${p.id}`)).body.total as number;
      const before = await auditTotal();
      const same = await patch(w.officerA, p.id, { version: p.version, jobs: 7 });
      expect(same.status).toBe(200);
      expect(same.body.version).toBe(p.version);
      expect(await auditTotal()).toBe(before);

      const blank = await patch(w.officerA, p.id, { version: p.version, name: '   ' });
      expect(blank.status).toBe(400);
      expect(fieldsOf(blank.body)).toEqual(['name']);
      expect((await create(w.officerA, { ...valid(), name: ' \t ' })).status).toBe(400);
    });

    it('PATCH with the current version changes the fields and bumps the version; a stale one is 409 and changes nothing', async () => {
      const p = await makeProject(t, w.officerA);
      const res = await patch(w.officerA, p.id, { version: 1, name: '改名后的项目', park: 'jianshe', plannedInvestment: 20000.5, jobs: 120 });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ name: '改名后的项目', park: 'jianshe', plannedInvestment: 20000.5, jobs: 120, version: 2 });

      const stale = await patch(w.managerA, p.id, { version: 1, name: '另一个名字' });
      expect(stale.status).toBe(409);
      expect(fieldsOf(stale.body)).toContain('version');
      const now = (await get(w.admin, `/projects/${p.id}`)).body;
      expect(now).toMatchObject({ name: '改名后的项目', version: 2 });

      const noVersion = await patch(w.officerA, p.id, { name: '没有版本号' });
      expect(noVersion.status).toBe(400);
      expect(fieldsOf(noVersion.body)).toContain('version');

      const badCode = await patch(w.officerA, p.id, { version: 2, park: 'atlantis', name: '不该写入' });
      expect(badCode.status).toBe(400);
      expect(fieldsOf(badCode.body)).toEqual(['park']);
      expect((await get(w.admin, `/projects/${p.id}`)).body).toMatchObject({ name: '改名后的项目', park: 'jianshe', version: 2 });

      const cleared = await patch(w.officerA, p.id, { version: 2, park: null, plannedInvestment: null });
      expect(cleared.status).toBe(200);
      expect(cleared.body).toMatchObject({ park: null, plannedInvestment: null, version: 3 });
    });

    it('an officer cannot edit a teammate’s project (403) nor reassign his own (403); the manager reassigns within the team', async () => {
      const p = await makeProject(t, w.officerA);
      expect((await patch(w.officerA2, p.id, { version: 1, name: '同事改名' })).status).toBe(403);
      expect((await patch(w.officerA, p.id, { version: 1, ownerId: w.officerA2.id })).status).toBe(403);
      expect((await get(w.admin, `/projects/${p.id}`)).body).toMatchObject({ ownerId: w.officerA.id, version: 1, name: p.name });

      // a manager cannot hand it to another team
      expect((await patch(w.managerA, p.id, { version: 1, ownerId: w.officerB.id })).status).toBe(403);
      expect((await patch(w.managerA, p.id, { version: 1, teamId: w.teamB })).status).toBe(403);

      const res = await patch(w.managerA, p.id, { version: 1, ownerId: w.officerA2.id });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ ownerId: w.officerA2.id, ownerName: 'officerA2', teamId: w.teamA, version: 2 });
      // now the new owner edits it and the old one cannot
      expect((await patch(w.officerA2, p.id, { version: 2, jobs: 50 })).status).toBe(200);
      expect((await patch(w.officerA, p.id, { version: 3, jobs: 60 })).status).toBe(403);
      // the admin may move it to another team
      const moved = await patch(w.admin, p.id, { version: 3, ownerId: w.officerB.id });
      expect(moved.status).toBe(200);
      expect(moved.body).toMatchObject({ ownerId: w.officerB.id, teamId: w.teamB });
    });

    it('PATCH corrects stage data the project has, never adds a stage or its data', async () => {
      const p = await makeProject(t, w.officerA, { createdOn: '2026-05-01' });
      const cases: [Record<string, unknown>, string][] = [
        [{ stage: 'signed' }, 'stage'],
        [{ signedOn: '2026-06-01' }, 'signedOn'],
        [{ contractInvestment: 100 }, 'contractInvestment'],
        [{ constructionStartedOn: '2026-06-01' }, 'constructionStartedOn'],
      ];
      for (const [body, field] of cases) {
        const res = await patch(w.officerA, p.id, { version: 1, ...body });
        expect({ body, status: res.status }).toEqual({ body, status: 400 });
        expect(fieldsOf(res.body)).toContain(field);
      }
      expect((await get(w.admin, `/projects/${p.id}`)).body).toMatchObject({ stage: 'visit', version: 1, signedOn: null, contractInvestment: null });

      const s = await moveOk(t, w.officerA, p.id, { to: 'signed', version: 1, signedOn: '2026-06-01', contractInvestment: 100, agreementType: 'framework' });
      const c = await moveOk(t, w.officerA, p.id, { to: 'construction', version: s.version, constructionStartedOn: '2026-06-10' });
      const badFixes: [Record<string, unknown>, string][] = [
        [{ signedOn: '2026-06-16' }, 'signedOn'],
        [{ signedOn: '2026-06-11' }, 'signedOn'],
        [{ constructionStartedOn: '2026-05-31' }, 'constructionStartedOn'],
        [{ contractInvestment: 0 }, 'contractInvestment'],
        [{ productionStartedOn: '2026-06-12' }, 'productionStartedOn'],
      ];
      for (const [body, field] of badFixes) {
        const res = await patch(w.officerA, p.id, { version: c.version, ...body });
        expect({ body, status: res.status }).toEqual({ body, status: 400 });
        expect(fieldsOf(res.body)).toContain(field);
      }
      const fixed = await patch(w.officerA, p.id, { version: c.version, signedOn: '2026-05-30', contractInvestment: 123.4567, agreementType: 'investment', contractNo: 'HT-9' });
      expect(fixed.status).toBe(200);
      expect(fixed.body).toMatchObject({ stage: 'construction', signedOn: '2026-05-30', contractInvestment: 123.4567, agreementType: 'investment', contractNo: 'HT-9', constructionStartedOn: '2026-06-10' });
    });

    it('an officer keeps his project in his team: moving it out (移交) is refused, and his manager still sees it', async () => {
      const p = await makeProject(t, w.officerA);
      for (const teamId of [w.teamB, null]) {
        const res = await patch(w.officerA, p.id, { version: 1, teamId });
        expect({ teamId, status: res.status, code: res.body.code }).toEqual({ teamId, status: 403, code: 'handover_managers_only' });
        expect(res.body.message).toBe('项目移交到其他团队须由系统管理员或团队负责人办理');
      }
      // naming his own team, or nothing about the team, is no move
      expect((await patch(w.officerA, p.id, { version: 1, teamId: w.teamA, jobs: 10 })).status).toBe(200);
      expect((await get(w.managerA, `/projects/${p.id}`)).body).toMatchObject({ teamId: w.teamA, ownerId: w.officerA.id, version: 2 });
    });

    it('an officer registers projects in his own team only', async () => {
      const before = await total();
      for (const teamId of [w.teamB, null]) {
        const res = await create(w.officerA, { ...valid(), teamId });
        expect({ teamId, status: res.status, code: res.body.code }).toEqual({ teamId, status: 403, code: 'officer_own_team' });
      }
      expect(await total()).toBe(before);
      const ok = await create(w.officerA, { ...valid(), teamId: w.teamA });
      expect(ok.status).toBe(201);
      expect((await get(w.managerA, `/projects/${ok.body.id}`)).status).toBe(200);
    });

    it('移交: an admin moves a project to another team, and the audit row says handover', async () => {
      const p = await makeProject(t, w.officerA);
      const res = await patch(w.admin, p.id, { version: 1, teamId: w.teamB, ownerId: w.officerB.id });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ teamId: w.teamB, ownerId: w.officerB.id, teamName: '电子信息小分队' });
      await get(w.managerA, `/projects/${p.id}`).expect(404);
      await get(w.managerB, `/projects/${p.id}`).expect(200);
      const trail = (await get(w.admin, `/audit?entity=project&id=${p.id}`)).body.items as { action: string; before: Record<string, unknown>; after: Record<string, unknown> }[];
      expect(trail[0]).toMatchObject({ action: 'handover', before: { teamId: w.teamA, ownerId: w.officerA.id }, after: { teamId: w.teamB, ownerId: w.officerB.id } });
      // a change within the team stays an update
      await patch(w.admin, p.id, { version: 2, jobs: 5 }).expect(200);
      expect((await get(w.admin, `/audit?entity=project&id=${p.id}`)).body.items[0].action).toBe('update');
      const labels = (await get(w.viewer, '/labels')).body.auditActions as { code: string; label: string }[];
      expect(labels).toContainEqual({ code: 'handover', label: '移交' });
    });

    it('an officer creates only for himself', async () => {
      const before = await total();
      const res = await create(w.officerA, { ...valid(), ownerId: w.officerA2.id });
      expect(res.status).toBe(403);
      expect(await total()).toBe(before);
      const byManager = await create(w.managerA, { ...valid(), ownerId: w.officerA2.id });
      expect(byManager.status).toBe(201);
      expect(byManager.body).toMatchObject({ ownerId: w.officerA2.id, teamId: w.teamA });
    });

    it('leaders and viewers cannot write (403); no token or a bad token is 401', async () => {
      const p = await makeProject(t, w.officerA);
      const before = await total();
      for (const who of [w.leader, w.viewer]) {
        expect((await create(who, valid())).status).toBe(403);
        expect((await patch(who, p.id, { version: 1, name: '领导改名' })).status).toBe(403);
      }
      expect((await t.http().get('/api/v1/projects')).status).toBe(401);
      expect((await t.http().get(`/api/v1/projects/${p.id}`)).status).toBe(401);
      expect((await t.http().post('/api/v1/projects').send(valid())).status).toBe(401);
      const badToken = await t.http().get('/api/v1/projects').set('Authorization', 'Bearer not.a.token');
      expect(badToken.status).toBe(401);
      expect(badToken.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
      expect((await t.http().patch(`/api/v1/projects/${p.id}`).set('Authorization', `Basic ${w.officerA.token}`).send({ version: 1, name: 'x' })).status).toBe(401);
      expect(await total()).toBe(before);
      expect((await get(w.admin, `/projects/${p.id}`)).body).toMatchObject({ version: 1, name: p.name });
    });
  });

  describe('data scope', () => {
    it('another team gets 404 for the project and all its sub-routes, and never sees it in lists', async () => {
      const p = await makeProject(t, w.officerA, { name: '甲队保密项目' });
      const routes = [`/projects/${p.id}`, `/projects/${p.id}/transitions`, `/projects/${p.id}/activities`, `/projects/${p.id}/milestones`, `/projects/${p.id}/funds`];
      for (const who of [w.officerB, w.managerB]) {
        for (const r of routes) {
          const res = await get(who, r);
          expect({ r, status: res.status }).toEqual({ r, status: 404 });
          expect(JSON.stringify(res.body)).not.toContain('甲队保密项目');
        }
        expect((await patch(who, p.id, { version: 1, name: '偷改' })).status).toBe(404);
        expect((await move(t, who, p.id, { to: 'negotiation', version: 1 })).status).toBe(404);
        expect((await t.http().post(`/api/v1/projects/${p.id}/activities`).set(bearer(who))
          .send({ kind: 'call', occurredOn: '2026-06-10', summary: '电话' })).status).toBe(404);
        expect((await t.http().post(`/api/v1/projects/${p.id}/milestones`).set(bearer(who)).send({ name: '开工', plannedOn: '2026-09-01' })).status).toBe(404);
        expect((await t.http().put(`/api/v1/projects/${p.id}/funds/2026-06`).set(bearer(who)).send({ amount: 1 })).status).toBe(404);

        for (const q of ['', `teamId=${w.teamA}`, `ownerId=${w.officerA.id}`, 'q=甲队保密', `companyId=${p.companyId}`, 'stage=visit', 'light=green']) {
          const l = await list(who, q);
          expect(l.items.map((x) => x.id)).not.toContain(p.id);
        }
        expect((await list(who, `teamId=${w.teamA}`)).total).toBe(0);
        expect((await list(who, 'q=甲队保密')).total).toBe(0);
      }
      // nothing was changed by the attempts
      expect((await get(w.admin, `/projects/${p.id}`)).body).toMatchObject({ name: '甲队保密项目', version: 1, stage: 'visit' });

      // the own team, leaders, viewers and admins see it
      for (const who of [w.officerA, w.officerA2, w.managerA, w.leader, w.viewer, w.admin]) {
        expect((await get(who, `/projects/${p.id}`)).status).toBe(200);
        expect(await ids(who, 'q=甲队保密')).toEqual([p.id]);
      }
    });

    it('a scoped user’s list holds exactly his team’s projects; a leader’s holds all', async () => {
      await makeProject(t, w.officerA);
      await makeProject(t, w.officerB);
      const all = await list(w.leader);
      const teamA = await list(w.officerA2);
      const teamB = await list(w.officerB);
      expect(teamA.items.every((p) => p.teamId === w.teamA)).toBe(true);
      expect(teamB.items.every((p) => p.teamId === w.teamB)).toBe(true);
      expect(all.items.filter((p) => p.teamId === w.teamA).map((p) => p.id).sort()).toEqual(teamA.items.map((p) => p.id).sort());
      expect(all.items.filter((p) => p.teamId === w.teamB).map((p) => p.id).sort()).toEqual(teamB.items.map((p) => p.id).sort());
      expect(teamA.total + teamB.total).toBeLessThanOrEqual(all.total);
      expect(teamA.total).toBeGreaterThan(0);
      expect(teamB.total).toBeGreaterThan(0);
    });
  });

  describe('list filters, sort and pagination', () => {
    /** Projects made for the filter tests, with a tag in their names. */
    let f: Record<string, { id: number; version: number }>;
    const TAG = '筛选样本';

    beforeAll(async () => {
      const co = (await t.http().post('/api/v1/companies').set(bearer(w.officerA)).send({ name: 'Alpha Materials 筛选样本集团有限公司' }).expect(201)).body.id;
      const mk = async (key: string, owner: Account, over: Record<string, unknown>) => {
        const res = await create(owner, { name: `${TAG}-${key}`, companyId: over.companyId ?? co, industryChain: 'new_materials', createdOn: '2026-05-01', ...over });
        if (res.status !== 201) throw new Error(JSON.stringify(res.body));
        return res.body;
      };
      f = {
        visit: await mk('visit', w.officerA, { park: 'pingshan', plannedInvestment: 500, isKeyProject: true, keyProjectLevel: 'district' }),
        neg: await mk('neg', w.officerA2, { park: 'jianshe', plannedInvestment: 100, industryChain: 'biomedicine' }),
        signedMay: await mk('signedMay', w.officerA, { park: 'pingshan', plannedInvestment: 300 }),
        signedJune: await mk('signedJune', w.officerB, { park: 'guanba', plannedInvestment: 200, isKeyProject: true }),
        plain: await mk('plain', w.officerB, { plannedInvestment: 400, companyId }),
      };
      const go = async (owner: Account, p: { id: number; version: number }, body: Record<string, unknown>) => {
        Object.assign(p, await moveOk(t, owner, p.id, { version: p.version, ...body }));
      };
      await go(w.officerA2, f.neg, { to: 'negotiation' });
      await go(w.officerA, f.signedMay, { to: 'signed', signedOn: '2026-05-20', contractInvestment: 1000, agreementType: 'investment' });
      await go(w.officerB, f.signedJune, { to: 'signed', signedOn: '2026-06-03', contractInvestment: 2000, agreementType: 'framework' });
    });

    const tagged = async (who: Account, query: string) => {
      const l = await list(who, `q=${encodeURIComponent(TAG)}${query ? '&' + query : ''}`);
      return l.items.map((p) => p.id).sort((a, b) => a - b);
    };
    const idsOf = (...keys: string[]) => keys.map((k) => f[k].id).sort((a, b) => a - b);

    it('q finds text in the project name or the company name, case-insensitively', async () => {
      expect(await tagged(w.leader, '')).toEqual(idsOf('visit', 'neg', 'signedMay', 'signedJune', 'plain'));
      const byCompany = await ids(w.leader, 'q=alpha%20materials');
      expect(byCompany.sort((a, b) => a - b)).toEqual(idsOf('visit', 'neg', 'signedMay', 'signedJune'));
      expect(await ids(w.leader, `q=${encodeURIComponent('筛选样本-plain')}`)).toEqual([f.plain.id]);
      expect(await ids(w.leader, `q=${encodeURIComponent('没有这种项目')}`)).toEqual([]);
      // % and _ are taken literally
      expect(await ids(w.leader, `q=${encodeURIComponent('%')}`)).toEqual([]);
    });

    it('filters by stage (several), industry chain, park, owner, team, key project and signing dates', async () => {
      expect(await tagged(w.leader, 'stage=negotiation,signed')).toEqual(idsOf('neg', 'signedMay', 'signedJune'));
      expect(await tagged(w.leader, 'stage=visit')).toEqual(idsOf('visit', 'plain'));
      expect(await tagged(w.leader, 'stage=production')).toEqual([]);
      expect(await tagged(w.leader, 'industryChain=biomedicine')).toEqual(idsOf('neg'));
      expect(await tagged(w.leader, 'park=pingshan')).toEqual(idsOf('visit', 'signedMay'));
      expect(await tagged(w.leader, `ownerId=${w.officerA.id}`)).toEqual(idsOf('visit', 'signedMay'));
      expect(await tagged(w.leader, `teamId=${w.teamA}`)).toEqual(idsOf('visit', 'neg', 'signedMay'));
      expect(await tagged(w.leader, `teamId=${w.teamB}`)).toEqual(idsOf('signedJune', 'plain'));
      expect(await tagged(w.leader, 'isKeyProject=true')).toEqual(idsOf('visit', 'signedJune'));
      expect(await tagged(w.leader, 'isKeyProject=false')).toEqual(idsOf('neg', 'signedMay', 'plain'));
      expect(await tagged(w.leader, 'signedFrom=2026-05-01&signedTo=2026-05-31')).toEqual(idsOf('signedMay'));
      expect(await tagged(w.leader, 'signedFrom=2026-05-20&signedTo=2026-06-03')).toEqual(idsOf('signedMay', 'signedJune'));
      expect(await tagged(w.leader, 'signedFrom=2026-06-04')).toEqual([]);
      expect(await tagged(w.leader, 'park=pingshan&stage=signed')).toEqual(idsOf('signedMay'));
      // filters and scope together: team A sees only its own of the tagged projects
      expect(await tagged(w.officerA, 'isKeyProject=true')).toEqual(idsOf('visit'));
      expect(await tagged(w.officerB, 'stage=signed')).toEqual(idsOf('signedJune'));
    });

    it('filters by supervision light', async () => {
      // all of them were registered today or had no chance to go stale: green
      expect(await tagged(w.leader, 'light=green')).toEqual(idsOf('visit', 'neg', 'signedMay', 'signedJune', 'plain'));
      expect(await tagged(w.leader, 'light=yellow,red')).toEqual([]);
      await t.http().post(`/api/v1/projects/${f.plain.id}/milestones`).set(bearer(w.officerB)).send({ name: '供地', plannedOn: '2026-06-01' }).expect(201);
      expect(await tagged(w.leader, 'light=yellow')).toEqual(idsOf('plain'));
      expect(await tagged(w.leader, 'light=green')).toEqual(idsOf('visit', 'neg', 'signedMay', 'signedJune'));
      expect(await tagged(w.leader, 'light=green,yellow')).toEqual(idsOf('visit', 'neg', 'signedMay', 'signedJune', 'plain'));
    });

    it('sorts and pages: total counts all matches, pages do not overlap', async () => {
      const q = `q=${encodeURIComponent(TAG)}`;
      const page = async (n: number, sort: string) => {
        const res = await get(w.leader, `/projects?${q}&sort=${sort}&pageSize=2&page=${n}`).expect(200);
        return res.body as { items: { id: number; plannedInvestment: number; name: string }[]; total: number; page: number; pageSize: number };
      };
      const p1 = await page(1, 'plannedInvestment:asc');
      expect(p1).toMatchObject({ total: 5, page: 1, pageSize: 2 });
      const p2 = await page(2, 'plannedInvestment:asc');
      const p3 = await page(3, 'plannedInvestment:asc');
      const p4 = await page(4, 'plannedInvestment:asc');
      expect([...p1.items, ...p2.items, ...p3.items].map((p) => p.plannedInvestment)).toEqual([100, 200, 300, 400, 500]);
      expect(p3.items).toHaveLength(1);
      expect(p4).toMatchObject({ items: [], total: 5, page: 4 });

      const desc = await page(1, 'plannedInvestment:desc');
      expect(desc.items.map((p) => p.plannedInvestment)).toEqual([500, 400]);
      const byName = (await list(w.leader, `${q}&sort=name:asc`)).items.map((p) => p.name);
      expect(byName).toEqual([...byName].sort());
      // signed projects first when sorting by signing date; unsigned ones last
      const bySigned = (await list(w.leader, `${q}&sort=signedOn:desc`)).items.map((p) => p.id);
      expect(bySigned.slice(0, 2)).toEqual([f.signedJune.id, f.signedMay.id]);
      const bySignedAsc = (await list(w.leader, `${q}&sort=signedOn:asc`)).items.map((p) => p.id);
      expect(bySignedAsc.slice(0, 2)).toEqual([f.signedMay.id, f.signedJune.id]);

      // default page size is 20
      expect((await get(w.leader, '/projects').expect(200)).body.pageSize).toBe(20);
    });
  });
});
