import { bearer, makeProject, seedWorld, type World } from '../helpers/fixtures';
import { describeEachDatabase, startTestApp, type TestApp } from '../helpers/test-app';

describeEachDatabase('reports smoke', (db) => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await startTestApp(db);
    w = await seedWorld(t);
  });
  afterAll(() => t?.close());

  it('a signing shows in the live summary to the yuan, and a second recompute of the month writes nothing', async () => {
    const p = await makeProject(t, w.officerA, { createdOn: '2026-05-01' });
    await t.http().post(`/api/v1/projects/${p.id}/transitions`).set(bearer(w.officerA))
      .send({ to: 'signed', version: p.version, signedOn: '2026-05-20', contractInvestment: 5000.1234, agreementType: 'investment' }).expect(201);
    const s = await t.http().get('/api/v1/reports/summary?year=2026&month=5').set(bearer(w.leader));
    expect(s.status).toBe(200);
    expect(s.body.indicators.find((i: { key: string }) => i.key === 'signedInvestment').ytd).toBe(5000.1234);
    const r = await t.http().post('/api/v1/reports/monthly/2026/5/recompute').set(bearer(w.admin));
    expect(r.status).toBe(200);
    expect(r.body.revision).toBe(1);
    const again = await t.http().post('/api/v1/reports/monthly/2026/5/recompute').set(bearer(w.admin));
    expect(again.body.changed).toBe(false);

    // Registered on 05-01 and signed on 05-20: nothing at the end of April, signed at the end of May and of June, 19 days in visit.
    const signedCount = (body: { funnel: { stages: { stage: string; count: number }[] } }) => body.funnel.stages.find((x) => x.stage === 'signed')!.count;
    const visitCount = (body: { funnel: { stages: { stage: string; count: number }[] } }) => body.funnel.stages.find((x) => x.stage === 'visit')!.count;
    expect(signedCount(s.body)).toBe(1);
    expect(s.body.funnel.medianDaysInStage.visit).toBe(19);
    const april = await t.http().get('/api/v1/reports/summary?year=2026&month=4').set(bearer(w.leader)).expect(200);
    expect(april.body.funnel.stages.every((x: { count: number }) => x.count === 0)).toBe(true);
    const june = await t.http().get('/api/v1/reports/summary?year=2026&month=6').set(bearer(w.leader)).expect(200);
    expect(signedCount(june.body)).toBe(1);
    expect(visitCount(june.body)).toBe(0);
    expect(june.body.signedProjects).toEqual({ total: 1, counted: 1, notCounted: 0 });
    const list = await t.http().get('/api/v1/reports/summary/projects?year=2026&month=6').set(bearer(w.leader)).expect(200);
    expect(list.body).toMatchObject({ total: 1, page: 1, pageSize: 50 });
    expect(list.body.items[0]).toMatchObject({ id: p.id, stage: 'signed' });
  });
});
