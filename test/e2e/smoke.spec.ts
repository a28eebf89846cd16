import { bearer, makeProject, seedWorld, type World } from '../helpers/fixtures';
import { describeEachDatabase, startTestApp, type TestApp } from '../helpers/test-app';

describeEachDatabase('smoke', (db) => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await startTestApp(db);
    w = await seedWorld(t);
  });
  afterAll(() => t?.close());

  it('creates a project and moves it to signed', async () => {
    const p = await makeProject(t, w.officerA, { createdOn: '2026-05-01' });
    const res = await t.http().post(`/api/v1/projects/${p.id}/transitions`).set(bearer(w.officerA))
      .send({ to: 'signed', version: p.version, signedOn: '2026-06-01', contractInvestment: 5000.1234, agreementType: 'investment' });
    expect(res.status).toBe(201);
    expect(res.body.project.stage).toBe('signed');
    expect(res.body.project.contractInvestment).toBe(5000.1234);
  });
});
