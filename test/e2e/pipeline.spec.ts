import { type Account, bearer, fieldsOf, makeProject, seedWorld, type World } from '../helpers/fixtures';
import { getProject, move, moveOk, REGISTERED, sign, SIGNING } from '../helpers/projects';
import { describeEachDatabase, startTestApp, TEST_NOW, type TestApp } from '../helpers/test-app';

/**
 * The pipeline state machine over HTTP (DOMAIN.md "The pipeline state machine"). Today is 2026-06-15 in Shanghai;
 * projects are registered on 2026-05-01 (REGISTERED), before the moves dated here.
 */
describeEachDatabase('pipeline', (db) => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await startTestApp(db);
    w = await seedWorld(t);
  });
  afterAll(() => t?.close());
  afterEach(() => t.clock.set(TEST_NOW));

  const revert = (who: Account, id: number, body: Record<string, unknown>) =>
    t.http().post(`/api/v1/projects/${id}/transitions/revert`).set(bearer(who)).send(body);
  const detail = (who: Account, id: number) => getProject(t, who, id);
  const history = async (id: number) => {
    const res = await t.http().get(`/api/v1/projects/${id}/transitions`).set(bearer(w.admin)).expect(200);
    return res.body.items as {
      id: number; seq: number; kind: string; fromStage: string | null; toStage: string; effectiveOn: string;
      reverted: boolean; revertedById: number | null; revertsId: number | null; data: Record<string, unknown> | null;
      note: string | null; actorId: number;
    }[];
  };


  /** Asserts that a refused request left the project exactly as it was. */
  const unchanged = async (before: { id: number; version: number; stage: string }, historyLength: number) => {
    const now = await detail(w.admin, before.id);
    expect(now.version).toBe(before.version);
    expect(now.stage).toBe(before.stage);
    expect(await history(before.id)).toHaveLength(historyLength);
  };

  describe('main line', () => {
    it('moves visit → negotiation → signed → construction → production, keeping each stage’s data and a gapless history', async () => {
      const p = await makeProject(t, w.officerA, REGISTERED);
      expect(p.stage).toBe('visit');

      let cur = await moveOk(t, w.officerA, p.id, { to: 'negotiation', version: 1, effectiveOn: '2026-05-10', note: '首轮洽谈' });
      expect(cur).toMatchObject({ stage: 'negotiation', version: 2, stageEnteredOn: '2026-05-10' });

      cur = await moveOk(t, w.officerA, p.id, {
        to: 'signed', version: 2, signedOn: '2026-05-20', contractInvestment: 30000, agreementType: 'framework', contractNo: 'WS-2026-017',
      });
      expect(cur).toMatchObject({
        stage: 'signed', version: 3, signedOn: '2026-05-20', contractInvestment: 30000, agreementType: 'framework',
        contractNo: 'WS-2026-017', stageEnteredOn: '2026-05-20',
      });

      cur = await moveOk(t, w.officerA, p.id, { to: 'construction', version: 3, constructionStartedOn: '2026-06-01' });
      expect(cur).toMatchObject({ stage: 'construction', version: 4, constructionStartedOn: '2026-06-01', signedOn: '2026-05-20' });

      cur = await moveOk(t, w.officerA, p.id, { to: 'production', version: 4, productionStartedOn: '2026-06-15' });
      expect(cur).toMatchObject({ stage: 'production', version: 5, productionStartedOn: '2026-06-15', constructionStartedOn: '2026-06-01' });

      const h = await history(p.id);
      expect(h.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
      expect(h.map((r) => [r.fromStage, r.toStage])).toEqual([
        [null, 'visit'], ['visit', 'negotiation'], ['negotiation', 'signed'], ['signed', 'construction'], ['construction', 'production'],
      ]);
      expect(h.map((r) => r.effectiveOn)).toEqual(['2026-05-01', '2026-05-10', '2026-05-20', '2026-06-01', '2026-06-15']);
      expect(h[1].note).toBe('首轮洽谈');
      expect(h[2].data).toMatchObject({ signedOn: '2026-05-20', contractInvestment: 30000, agreementType: 'framework', contractNo: 'WS-2026-017' });
      expect(h.every((r) => r.kind === 'transition' && r.actorId === w.officerA.id)).toBe(true);
    });

    it('signs straight from visit', async () => {
      const p = await makeProject(t, w.officerA, REGISTERED);
      const cur = await moveOk(t, w.officerA, p.id, { to: 'signed', version: p.version, ...SIGNING });
      expect(cur).toMatchObject({ stage: 'signed', signedOn: '2026-06-01', contractInvestment: 8000, agreementType: 'investment', contractNo: null });
      expect((await history(p.id)).map((r) => [r.fromStage, r.toStage])).toEqual([[null, 'visit'], ['visit', 'signed']]);
    });

    it('production is final: every move answers 422 with allowed: [] and changes nothing', async () => {
      const s = await sign(t, w.officerA);
      const c = await moveOk(t, w.officerA, s.id, { to: 'construction', version: s.version, constructionStartedOn: '2026-06-02' });
      const prod = await moveOk(t, w.officerA, s.id, { to: 'production', version: c.version, productionStartedOn: '2026-06-03' });
      expect((await detail(w.officerA, s.id)).allowedTransitions).toEqual([]);
      for (const body of [
        { to: 'on_hold', version: prod.version, reason: '停产检修' },
        { to: 'dropped', version: prod.version, reasonCode: 'other', reason: 'x' },
        { to: 'construction', version: prod.version, constructionStartedOn: '2026-06-10' },
      ]) {
        for (const who of [w.officerA, w.managerA, w.admin]) {
          const res = await move(t, who, s.id, body);
          expect(res.status).toBe(422);
          expect(res.body.allowed).toEqual([]);
        }
      }
      await unchanged(prod, 4);
    });
  });

  describe('refused transitions', () => {
    it('answers 422 listing the allowed stages and changes nothing', async () => {
      const p = await makeProject(t, w.officerA, REGISTERED);
      const res = await move(t, w.officerA, p.id, { to: 'construction', version: p.version, constructionStartedOn: '2026-06-10' });
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ statusCode: 422, error: 'Unprocessable Entity' });
      expect(res.body.allowed).toEqual(['negotiation', 'signed', 'on_hold', 'dropped']);
      expect(res.body).toMatchObject({ code: 'transition_not_allowed', message: '处于“拜访接洽”的项目不能改为“开工建设”；可改为：洽谈、签约、暂缓、终止' });
      await unchanged({ id: p.id, version: 1, stage: 'visit' }, 1);

      const neg = await moveOk(t, w.officerA, p.id, { to: 'negotiation', version: 1 });
      for (const to of ['visit', 'negotiation', 'production']) {
        const back = await move(t, w.officerA, p.id, { to, version: neg.version, ...(to === 'production' && { productionStartedOn: '2026-06-15' }) });
        expect(back.status).toBe(422);
        expect(back.body.allowed).toEqual(['signed', 'on_hold', 'dropped']);
      }
      await unchanged(neg, 2);
    });

    it('refuses leaders, viewers and a teammate who does not own the project (403) and changes nothing', async () => {
      const p = await makeProject(t, w.officerA, REGISTERED);
      for (const who of [w.leader, w.viewer, w.officerA2]) {
        const res = await move(t, who, p.id, { to: 'negotiation', version: 1 });
        expect(res.status).toBe(403);
      }
      expect((await move(t, w.officerB, p.id, { to: 'negotiation', version: 1 })).status).toBe(404);
      expect((await move(t, w.managerB, p.id, { to: 'negotiation', version: 1 })).status).toBe(404);
      await unchanged({ id: p.id, version: 1, stage: 'visit' }, 1);
      // the team's manager may move it
      expect((await moveOk(t, w.managerA, p.id, { to: 'negotiation', version: 1 })).stage).toBe('negotiation');
    });

    it('refuses a stale version with 409 and changes nothing', async () => {
      const p = await makeProject(t, w.officerA, REGISTERED);
      const first = await move(t, w.officerA, p.id, { to: 'negotiation', version: 1 });
      expect(first.status).toBe(201);
      // a colleague who read version 1 tries to sign it
      const stale = await move(t, w.managerA, p.id, { to: 'signed', version: 1, ...SIGNING });
      expect(stale.status).toBe(409);
      expect(fieldsOf(stale.body)).toContain('version');
      expect(stale.body).toMatchObject({ code: 'stale_version', message: '该项目已被他人修改，请刷新后重试', currentVersion: 2 });
      const now = await detail(w.admin, p.id);
      expect(now).toMatchObject({ stage: 'negotiation', version: 2, signedOn: null, contractInvestment: null });
      expect(await history(p.id)).toHaveLength(2);
      // a version from the future is stale too
      expect((await move(t, w.officerA, p.id, { to: 'signed', version: 99, ...SIGNING })).status).toBe(409);
      await unchanged({ id: p.id, version: 2, stage: 'negotiation' }, 2);
    });
  });

  describe('data each target requires', () => {
    it('signed needs signedOn, contractInvestment > 0 and agreementType; each missing or bad one is a 400 naming it', async () => {
      const p = await makeProject(t, w.officerA, REGISTERED);
      const cases: [Record<string, unknown>, string][] = [
        [{ contractInvestment: 8000, agreementType: 'investment' }, 'signedOn'],
        [{ signedOn: '2026-06-01', agreementType: 'investment' }, 'contractInvestment'],
        [{ signedOn: '2026-06-01', contractInvestment: 8000 }, 'agreementType'],
        [{ ...SIGNING, contractInvestment: 0 }, 'contractInvestment'],
        [{ ...SIGNING, contractInvestment: -5 }, 'contractInvestment'],
        [{ ...SIGNING, contractInvestment: '8000' }, 'contractInvestment'],
        [{ ...SIGNING, contractInvestment: 1.23456 }, 'contractInvestment'],
        [{ ...SIGNING, agreementType: 'memo' }, 'agreementType'],
        [{ ...SIGNING, signedOn: '2026-02-30' }, 'signedOn'],
        [{ ...SIGNING, signedOn: '2026/06/01' }, 'signedOn'],
      ];
      for (const [data, field] of cases) {
        const res = await move(t, w.officerA, p.id, { to: 'signed', version: 1, ...data });
        expect({ data, status: res.status }).toEqual({ data, status: 400 });
        expect(fieldsOf(res.body)).toContain(field);
      }
      await unchanged({ id: p.id, version: 1, stage: 'visit' }, 1);
    });

    it('construction needs constructionStartedOn and production needs productionStartedOn', async () => {
      const s = await sign(t, w.officerA);
      const noDate = await move(t, w.officerA, s.id, { to: 'construction', version: s.version });
      expect(noDate.status).toBe(400);
      expect(fieldsOf(noDate.body)).toEqual(['constructionStartedOn']);
      const c = await moveOk(t, w.officerA, s.id, { to: 'construction', version: s.version, constructionStartedOn: '2026-06-05' });
      const noProd = await move(t, w.officerA, s.id, { to: 'production', version: c.version });
      expect(noProd.status).toBe(400);
      expect(fieldsOf(noProd.body)).toEqual(['productionStartedOn']);
      await unchanged(c, 3);
    });

    it('on_hold needs a reason; dropped needs a drop-reasons code and a reason', async () => {
      const p = await makeProject(t, w.officerA, REGISTERED);
      const hold = await move(t, w.officerA, p.id, { to: 'on_hold', version: 1 });
      expect(hold.status).toBe(400);
      expect(fieldsOf(hold.body)).toEqual(['reason']);

      const cases: [Record<string, unknown>, string][] = [
        [{ reason: '企业战略调整' }, 'reasonCode'],
        [{ reasonCode: 'investor_strategy' }, 'reason'],
        [{ reasonCode: 'no_such_reason', reason: '企业战略调整' }, 'reasonCode'],
        [{ reasonCode: 'pingshan', reason: '园区编码不是终止原因' }, 'reasonCode'],
        [{ reasonCode: 'investor_strategy', reason: '' }, 'reason'],
      ];
      for (const [data, field] of cases) {
        const res = await move(t, w.officerA, p.id, { to: 'dropped', version: 1, ...data });
        expect({ data, status: res.status }).toEqual({ data, status: 400 });
        expect(fieldsOf(res.body)).toContain(field);
      }
      await unchanged({ id: p.id, version: 1, stage: 'visit' }, 1);

      // a reason an admin has retired is refused for new drops; a new one is usable at once
      const admin = bearer(w.admin);
      await t.http().post('/api/v1/dictionaries/drop-reasons').set(admin).send({ code: 'land_quota', label: '用地指标不足' }).expect(201);
      await t.http().post('/api/v1/dictionaries/drop-reasons').set(admin).send({ code: 'retired_reason', label: '已停用原因' }).expect(201);
      await t.http().patch('/api/v1/dictionaries/drop-reasons/retired_reason').set(admin).send({ active: false }).expect(200);
      const retired = await move(t, w.officerA, p.id, { to: 'dropped', version: 1, reasonCode: 'retired_reason', reason: 'x' });
      expect(retired.status).toBe(400);
      expect(fieldsOf(retired.body)).toEqual(['reasonCode']);
      await unchanged({ id: p.id, version: 1, stage: 'visit' }, 1);
      const p2 = await makeProject(t, w.officerA, REGISTERED);
      expect((await moveOk(t, w.officerA, p2.id, { to: 'dropped', version: 1, reasonCode: 'land_quota', reason: '指标未落实' })).dropReasonCode).toBe('land_quota');

      const dropped = await moveOk(t, w.officerA, p.id, { to: 'dropped', version: 1, reasonCode: 'investor_strategy', reason: '企业战略调整，暂停西南布局' });
      expect(dropped).toMatchObject({ stage: 'dropped', dropReasonCode: 'investor_strategy', dropReasonText: '企业战略调整，暂停西南布局', droppedFromStage: 'visit' });
    });

    it('refuses data that does not apply to the target (400 naming the field)', async () => {
      const p = await makeProject(t, w.officerA, REGISTERED);
      const cases: [Record<string, unknown>, string][] = [
        [{ to: 'negotiation', signedOn: '2026-06-01' }, 'signedOn'],
        [{ to: 'negotiation', reason: '无' }, 'reason'],
        [{ to: 'signed', ...SIGNING, constructionStartedOn: '2026-06-02' }, 'constructionStartedOn'],
        [{ to: 'signed', ...SIGNING, reason: 'x' }, 'reason'],
        [{ to: 'on_hold', reason: '等待用地指标', reasonCode: 'funding' }, 'reasonCode'],
        [{ to: 'dropped', reasonCode: 'funding', reason: 'x', expectedResumeOn: '2026-09-01' }, 'expectedResumeOn'],
        [{ to: 'negotiation', whatever: 1 }, 'whatever'],
        // the stage date is the move's date: an effectiveOn that says otherwise is refused
        [{ to: 'signed', ...SIGNING, effectiveOn: '2026-06-02' }, 'effectiveOn'],
      ];
      for (const [body, field] of cases) {
        const res = await move(t, w.officerA, p.id, { version: 1, ...body });
        expect({ body, status: res.status }).toEqual({ body, status: 400 });
        expect(fieldsOf(res.body)).toContain(field);
      }
      await unchanged({ id: p.id, version: 1, stage: 'visit' }, 1);
    });

    it('refuses a signing date in the future, with today taken in Asia/Shanghai', async () => {
      const p = await makeProject(t, w.officerA, REGISTERED);
      const res = await move(t, w.officerA, p.id, { to: 'signed', version: 1, ...SIGNING, signedOn: '2026-06-16' });
      expect(res.status).toBe(400);
      expect(fieldsOf(res.body)).toEqual(['signedOn']);
      const effective = await move(t, w.officerA, p.id, { to: 'negotiation', version: 1, effectiveOn: '2026-06-16' });
      expect(effective.status).toBe(400);
      expect(fieldsOf(effective.body)).toEqual(['effectiveOn']);
      await unchanged({ id: p.id, version: 1, stage: 'visit' }, 1);

      // 16:30 UTC on the 15th is 00:30 on the 16th in Shanghai: the 16th is today there.
      t.clock.set('2026-06-15T16:30:00Z');
      const cur = await moveOk(t, w.officerA, p.id, { to: 'signed', version: 1, ...SIGNING, signedOn: '2026-06-16' });
      expect(cur.signedOn).toBe('2026-06-16');
    });

    it('refuses dates that run backwards along the line', async () => {
      const p = await makeProject(t, w.officerA, REGISTERED);
      const neg = await moveOk(t, w.officerA, p.id, { to: 'negotiation', version: 1, effectiveOn: '2026-05-10' });
      const early = await move(t, w.officerA, p.id, { to: 'signed', version: neg.version, ...SIGNING, signedOn: '2026-05-09' });
      expect(early.status).toBe(400);
      expect(fieldsOf(early.body)).toEqual(['signedOn']);

      const s = await moveOk(t, w.officerA, p.id, { to: 'signed', version: neg.version, ...SIGNING, signedOn: '2026-05-20' });
      const beforeSigning = await move(t, w.officerA, p.id, { to: 'construction', version: s.version, constructionStartedOn: '2026-05-19' });
      expect(beforeSigning.status).toBe(400);
      expect(fieldsOf(beforeSigning.body)).toContain('constructionStartedOn');

      const c = await moveOk(t, w.officerA, p.id, { to: 'construction', version: s.version, constructionStartedOn: '2026-05-20' });
      const beforeBuilding = await move(t, w.officerA, p.id, { to: 'production', version: c.version, productionStartedOn: '2026-05-19' });
      expect(beforeBuilding.status).toBe(400);
      expect(fieldsOf(beforeBuilding.body)).toContain('productionStartedOn');

      const pauseEarly = await move(t, w.officerA, p.id, { to: 'on_hold', version: c.version, reason: '资金链紧张', effectiveOn: '2026-05-01' });
      expect(pauseEarly.status).toBe(400);
      expect(fieldsOf(pauseEarly.body)).toContain('effectiveOn');
      await unchanged(c, 4);

      const resumeBefore = await move(t, w.officerA, p.id, { to: 'on_hold', version: c.version, reason: '资金链紧张', effectiveOn: '2026-06-10', expectedResumeOn: '2026-06-01' });
      expect(resumeBefore.status).toBe(400);
      expect(fieldsOf(resumeBefore.body)).toContain('expectedResumeOn');
      await unchanged(c, 4);
    });
  });

  describe('on hold and dropped', () => {
    it('resumes only to the stage it was paused from', async () => {
      const p = await makeProject(t, w.officerA, REGISTERED);
      const neg = await moveOk(t, w.officerA, p.id, { to: 'negotiation', version: 1, effectiveOn: '2026-06-01' });
      const held = await moveOk(t, w.officerA, p.id, { to: 'on_hold', version: neg.version, reason: '等待用地指标', expectedResumeOn: '2026-09-01', effectiveOn: '2026-06-05' });
      expect(held).toMatchObject({ stage: 'on_hold', pausedFromStage: 'negotiation', onHoldReason: '等待用地指标', expectedResumeOn: '2026-09-01' });
      expect((await detail(w.officerA, p.id)).allowedTransitions.map((a: { to: string }) => a.to)).toEqual(['negotiation', 'dropped']);

      for (const to of ['visit', 'signed', 'construction', 'on_hold']) {
        const res = await move(t, w.officerA, p.id, { to, version: held.version, ...(to === 'signed' && SIGNING), ...(to === 'on_hold' && { reason: 'x' }) });
        expect({ to, status: res.status }).toEqual({ to, status: 422 });
        expect(res.body.allowed).toEqual(['negotiation', 'dropped']);
      }
      await unchanged(held, 3);

      const back = await moveOk(t, w.officerA, p.id, { to: 'negotiation', version: held.version });
      expect(back).toMatchObject({ stage: 'negotiation', pausedFromStage: null, onHoldReason: null, expectedResumeOn: null });
    });

    it('resuming a signed project keeps its signing data (no new signing date is asked for)', async () => {
      const s = await sign(t, w.officerA);
      const held = await moveOk(t, w.officerA, s.id, { to: 'on_hold', version: s.version, reason: '企业融资未到位', effectiveOn: '2026-06-10' });
      expect(held).toMatchObject({ stage: 'on_hold', pausedFromStage: 'signed', signedOn: '2026-06-01', contractInvestment: 8000 });
      const d = await detail(w.officerA, s.id);
      expect(d.allowedTransitions.find((a: { to: string }) => a.to === 'signed')).toMatchObject({ requires: [] });

      // signing data is not re-entered on resume (corrections go through PATCH)
      const withDate = await move(t, w.officerA, s.id, { to: 'signed', version: held.version, ...SIGNING, signedOn: '2026-06-12' });
      expect(withDate.status).toBe(400);
      expect(fieldsOf(withDate.body)).toEqual(expect.arrayContaining(['signedOn', 'contractInvestment', 'agreementType']));
      await unchanged(held, 3);

      const back = await moveOk(t, w.officerA, s.id, { to: 'signed', version: held.version, effectiveOn: '2026-06-12' });
      expect(back).toMatchObject({
        stage: 'signed', signedOn: '2026-06-01', contractInvestment: 8000, agreementType: 'investment', pausedFromStage: null, onHoldReason: null,
        stageEnteredOn: '2026-06-12',
      });
      expect((await history(s.id))[3]).toMatchObject({ fromStage: 'on_hold', toStage: 'signed', effectiveOn: '2026-06-12', data: null });

      // and the project goes on along the line from there; a paused construction resumes with its start date too
      const c = await moveOk(t, w.officerA, s.id, { to: 'construction', version: back.version, constructionStartedOn: '2026-06-12' });
      expect(c).toMatchObject({ stage: 'construction', signedOn: '2026-06-01' });
      const held2 = await moveOk(t, w.officerA, s.id, { to: 'on_hold', version: c.version, reason: '环评补充材料' });
      const built = await moveOk(t, w.officerA, s.id, { to: 'construction', version: held2.version });
      expect(built).toMatchObject({ stage: 'construction', constructionStartedOn: '2026-06-12', signedOn: '2026-06-01' });
    });

    it('every target GET /pipeline offers for a paused project is accepted when its guard holds, and refused by the machine otherwise', async () => {
      type Offered = { to: string; guard: string | null; resume: boolean; onlyRoles: string[] | null; requires: string[] };
      const table = (await t.http().get('/api/v1/pipeline').set(bearer(w.officerA)).expect(200)).body;
      const offered = table.transitions.find((r: { from: string }) => r.from === 'on_hold').to as Offered[];
      expect(offered.map((e) => [e.to, e.resume])).toEqual([['visit', true], ['negotiation', true], ['signed', true], ['construction', true], ['dropped', false]]);
      const VALUES: Record<string, unknown> = { reason: '测试原因', reasonCode: 'funding' };

      const pausedFrom = async (stage: string) => {
        let p: { id: number; version: number } = await makeProject(t, w.officerA, REGISTERED);
        if (stage === 'negotiation') p = await moveOk(t, w.officerA, p.id, { to: 'negotiation', version: p.version });
        if (stage === 'signed' || stage === 'construction') p = await moveOk(t, w.officerA, p.id, { to: 'signed', version: p.version, ...SIGNING });
        if (stage === 'construction') p = await moveOk(t, w.officerA, p.id, { to: 'construction', version: p.version, constructionStartedOn: '2026-06-02' });
        return moveOk(t, w.officerA, p.id, { to: 'on_hold', version: p.version, reason: '等待用地指标' });
      };
      for (const from of ['visit', 'negotiation', 'signed', 'construction']) {
        for (const edge of offered) {
          const p = await pausedFrom(from);
          const holds = edge.guard === null || (edge.guard === 'pausedFromThisStage' && edge.to === from);
          // the detail offers exactly the edges whose guard holds
          const allowed = (await detail(w.officerA, p.id)).allowedTransitions.map((a: { to: string }) => a.to);
          expect(allowed).toEqual(offered.filter((e) => e.guard === null || e.to === from).map((e) => e.to));
          const data = Object.fromEntries(edge.requires.map((f) => [f, VALUES[f]]));
          const res = await move(t, w.officerA, p.id, { to: edge.to, version: p.version, ...data });
          expect({ from, to: edge.to, status: res.status }).toEqual({ from, to: edge.to, status: holds ? 201 : 422 });
          if (holds) expect(res.body.project.stage).toBe(edge.to);
          else expect(res.body).toMatchObject({ code: 'transition_not_allowed', allowed: [from, 'dropped'] });
        }
      }
    });

    it('a project dropped before signing can be reopened to visit or negotiation by a manager or admin only', async () => {
      const p = await makeProject(t, w.officerA, REGISTERED);
      const neg = await moveOk(t, w.officerA, p.id, { to: 'negotiation', version: 1 });
      const dropped = await moveOk(t, w.officerA, p.id, { to: 'dropped', version: neg.version, reasonCode: 'chose_elsewhere', reason: '落户成都' });
      expect(dropped).toMatchObject({ stage: 'dropped', droppedFromStage: 'negotiation' });

      expect((await detail(w.officerA, p.id)).allowedTransitions).toEqual([]);
      expect((await detail(w.managerA, p.id)).allowedTransitions.map((a: { to: string }) => a.to)).toEqual(['visit', 'negotiation']);
      expect((await detail(w.admin, p.id)).allowedTransitions.map((a: { to: string }) => a.to)).toEqual(['visit', 'negotiation']);

      const byOfficer = await move(t, w.officerA, p.id, { to: 'negotiation', version: dropped.version });
      expect(byOfficer.status).toBe(403);
      await unchanged(dropped, 3);

      const toSigned = await move(t, w.managerA, p.id, { to: 'signed', version: dropped.version, ...SIGNING });
      expect(toSigned.status).toBe(422);
      expect(toSigned.body.allowed).toEqual(['visit', 'negotiation']);
      await unchanged(dropped, 3);

      const reopened = await moveOk(t, w.managerA, p.id, { to: 'negotiation', version: dropped.version, note: '客商重新接洽' });
      expect(reopened).toMatchObject({ stage: 'negotiation', droppedFromStage: null, dropReasonCode: null, dropReasonText: null });

      // the admin may reopen to visit
      const again = await moveOk(t, w.officerA, p.id, { to: 'dropped', version: reopened.version, reasonCode: 'funding', reason: '资金不到位' });
      expect((await moveOk(t, w.admin, p.id, { to: 'visit', version: again.version })).stage).toBe('visit');
    });

    it('a project dropped after signing cannot be reopened (422), also when it was paused first', async () => {
      const s = await sign(t, w.officerA);
      const dropped = await moveOk(t, w.officerA, s.id, { to: 'dropped', version: s.version, reasonCode: 'funding', reason: '资金不到位' });
      expect(dropped.droppedFromStage).toBe('signed');
      expect((await detail(w.managerA, s.id)).allowedTransitions).toEqual([]);
      for (const to of ['visit', 'negotiation']) {
        for (const who of [w.managerA, w.admin]) {
          const res = await move(t, who, s.id, { to, version: dropped.version });
          expect(res.status).toBe(422);
          expect(res.body.allowed).toEqual([]);
        }
      }
      await unchanged(dropped, 3);

      const s2 = await sign(t, w.officerA);
      const held = await moveOk(t, w.officerA, s2.id, { to: 'on_hold', version: s2.version, reason: '暂缓' });
      const d2 = await moveOk(t, w.officerA, s2.id, { to: 'dropped', version: held.version, reasonCode: 'other', reason: '终止' });
      expect(d2.droppedFromStage).toBe('signed');
      const res = await move(t, w.managerA, s2.id, { to: 'negotiation', version: d2.version });
      expect(res.status).toBe(422);
      expect(res.body.allowed).toEqual([]);
    });
  });

  describe('revert', () => {
    it('is for managers and admins only (officer 403) and needs a reason', async () => {
      const s = await sign(t, w.officerA);
      for (const who of [w.officerA, w.leader, w.viewer]) {
        expect((await revert(who, s.id, { version: s.version, reason: '误操作' })).status).toBe(403);
      }
      expect((await revert(w.managerB, s.id, { version: s.version, reason: '误操作' })).status).toBe(404);
      const noReason = await revert(w.managerA, s.id, { version: s.version });
      expect(noReason.status).toBe(400);
      expect(fieldsOf(noReason.body)).toContain('reason');
      const stale = await revert(w.managerA, s.id, { version: s.version - 1, reason: '误操作' });
      expect(stale.status).toBe(409);
      const now = await detail(w.admin, s.id);
      expect(now).toMatchObject({ stage: 'signed', version: s.version, signedOn: '2026-06-01', contractInvestment: 8000 });
      expect(await history(s.id)).toHaveLength(2);
    });

    it('undoes a signing: stage and signing data restored, recorded as a revert, the reverted move marked', async () => {
      const p = await makeProject(t, w.officerA, REGISTERED);
      const neg = await moveOk(t, w.officerA, p.id, { to: 'negotiation', version: 1, effectiveOn: '2026-06-02' });
      const s = await moveOk(t, w.officerA, p.id, {
        to: 'signed', version: neg.version, signedOn: '2026-06-10', contractInvestment: 12000.5, agreementType: 'framework', contractNo: 'HT-1',
      });

      const res = await revert(w.managerA, p.id, { version: s.version, reason: '签约日期录错，撤回' });
      expect(res.status).toBe(201);
      expect(res.body.transition).toMatchObject({ fromStage: 'signed', toStage: 'negotiation', seq: 4 });
      expect(res.body.project).toMatchObject({
        stage: 'negotiation', version: s.version + 1, signedOn: null, contractInvestment: null, agreementType: null, contractNo: null,
        stageEnteredOn: '2026-06-02',
      });

      const h = await history(p.id);
      expect(h.map((r) => r.seq)).toEqual([1, 2, 3, 4]);
      expect(h[3]).toMatchObject({ kind: 'revert', fromStage: 'signed', toStage: 'negotiation', revertsId: h[2].id, actorId: w.managerA.id, note: '签约日期录错，撤回' });
      expect(h[2]).toMatchObject({ kind: 'transition', reverted: true, revertedById: h[3].id });
      expect(h[1]).toMatchObject({ reverted: false, revertedById: null });

      // the mistaken date no longer holds the line back: signing again on an earlier date works
      const again = await moveOk(t, w.officerA, p.id, { to: 'signed', version: s.version + 1, ...SIGNING, signedOn: '2026-06-05' });
      expect(again).toMatchObject({ stage: 'signed', signedOn: '2026-06-05', contractInvestment: 8000 });
      expect((await history(p.id)).map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    });

    it('undoes only what the reverted move entered: a later correction of the signing stays', async () => {
      const s = await sign(t, w.officerA);
      const c = await moveOk(t, w.officerA, s.id, { to: 'construction', version: s.version, constructionStartedOn: '2026-06-10' });
      // the signing date and amount were entered wrong; the owner corrects them
      const fixed = await t.http().patch(`/api/v1/projects/${s.id}`).set(bearer(w.officerA))
        .send({ version: c.version, signedOn: '2026-05-28', contractInvestment: 8500.25 });
      expect(fixed.status).toBe(200);
      // then the construction start turns out to be a mistake
      const res = await revert(w.managerA, s.id, { version: fixed.body.version, reason: '尚未开工' });
      expect(res.status).toBe(201);
      expect(res.body.project).toMatchObject({
        stage: 'signed', constructionStartedOn: null, signedOn: '2026-05-28', contractInvestment: 8500.25, agreementType: 'investment',
      });
      // reverting the signing too clears the signing, corrected or not
      const res2 = await revert(w.managerA, s.id, { version: res.body.project.version, reason: '协议作废' });
      expect(res2.body.project).toMatchObject({ stage: 'visit', signedOn: null, contractInvestment: null, agreementType: null });
    });

    it('successive reverts walk back one move at a time until nothing is left', async () => {
      const p = await makeProject(t, w.officerA, REGISTERED);
      const neg = await moveOk(t, w.officerA, p.id, { to: 'negotiation', version: 1, effectiveOn: '2026-06-01' });
      const s = await moveOk(t, w.officerA, p.id, { to: 'signed', version: neg.version, ...SIGNING, signedOn: '2026-06-03' });
      const c = await moveOk(t, w.officerA, p.id, { to: 'construction', version: s.version, constructionStartedOn: '2026-06-08' });

      const r1 = await revert(w.managerA, p.id, { version: c.version, reason: '开工未实际发生' });
      expect(r1.status).toBe(201);
      expect(r1.body.project).toMatchObject({ stage: 'signed', constructionStartedOn: null, signedOn: '2026-06-03' });
      const r2 = await revert(w.admin, p.id, { version: r1.body.project.version, reason: '协议未正式签署' });
      expect(r2.status).toBe(201);
      expect(r2.body.project).toMatchObject({ stage: 'negotiation', signedOn: null, contractInvestment: null });
      const r3 = await revert(w.managerA, p.id, { version: r2.body.project.version, reason: '尚未洽谈' });
      expect(r3.status).toBe(201);
      expect(r3.body.project).toMatchObject({ stage: 'visit', version: 7 });

      // only the registration is left, and it cannot be reverted
      expect((await detail(w.managerA, p.id)).canRevert).toBe(false);
      const r4 = await revert(w.managerA, p.id, { version: 7, reason: '再撤' });
      expect(r4.status).toBe(422);
      await unchanged({ id: p.id, version: 7, stage: 'visit' }, 7);

      const h = await history(p.id);
      expect(h.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
      expect(h.map((r) => r.kind)).toEqual(['transition', 'transition', 'transition', 'transition', 'revert', 'revert', 'revert']);
      expect(h.slice(1, 4).every((r) => r.reverted)).toBe(true);
      expect(h[4].revertsId).toBe(h[3].id);
      expect(h[5].revertsId).toBe(h[2].id);
      expect(h[6].revertsId).toBe(h[1].id);
      expect(h[0].reverted).toBe(false);
    });
  });

  describe('allowedTransitions depend on the caller', () => {
    it('owner and managers get the moves; a teammate who does not own it, leaders and viewers get none', async () => {
      const p = await makeProject(t, w.officerA, REGISTERED);
      const owner = await detail(w.officerA, p.id);
      expect(owner.canEdit).toBe(true);
      expect(owner.allowedTransitions).toEqual([
        { to: 'negotiation', label: '洽谈', requires: [], optional: [] },
        { to: 'signed', label: '签约', requires: ['signedOn', 'contractInvestment', 'agreementType'], optional: ['contractNo'] },
        { to: 'on_hold', label: '暂缓', requires: ['reason'], optional: ['expectedResumeOn'] },
        { to: 'dropped', label: '终止', requires: ['reasonCode', 'reason'], optional: [] },
      ]);
      expect(owner.canRevert).toBe(false);

      const manager = await detail(w.managerA, p.id);
      expect(manager.allowedTransitions.map((a: { to: string }) => a.to)).toEqual(['negotiation', 'signed', 'on_hold', 'dropped']);
      expect(manager.canEdit).toBe(true);
      // nothing but the registration yet: nothing to revert
      expect(manager.canRevert).toBe(false);

      for (const who of [w.officerA2, w.leader, w.viewer]) {
        const d = await detail(who, p.id);
        expect(d.allowedTransitions).toEqual([]);
        expect(d.canEdit).toBe(false);
        expect(d.canRevert).toBe(false);
      }

      await moveOk(t, w.officerA, p.id, { to: 'negotiation', version: 1 });
      expect((await detail(w.managerA, p.id)).canRevert).toBe(true);
      expect((await detail(w.officerA, p.id)).canRevert).toBe(false);
      expect((await detail(w.officerA, p.id)).allowedTransitions.map((a: { to: string }) => a.to)).toEqual(['signed', 'on_hold', 'dropped']);
    });
  });

  describe('money', () => {
    it('round-trips 万元 amounts exactly, in the project and in its history', async () => {
      for (const amount of [12345.6789, 0.0001, 99999999.9999, 0.3]) {
        const p = await makeProject(t, w.officerA, REGISTERED);
        const s = await moveOk(t, w.officerA, p.id, { to: 'signed', version: 1, ...SIGNING, contractInvestment: amount });
        expect(s.contractInvestment).toBe(amount);
        expect((await detail(w.leader, p.id)).contractInvestment).toBe(amount);
        const h = await history(p.id);
        expect(h[1].data?.contractInvestment).toBe(amount);
        const listed = await t.http().get(`/api/v1/projects?companyId=${p.companyId}`).set(bearer(w.admin)).expect(200);
        expect(listed.body.items[0].contractInvestment).toBe(amount);
      }
    });
  });
});
