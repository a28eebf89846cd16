import { bearer, makeProject, seedWorld, type World } from '../helpers/fixtures';
import { describeEachDatabase, startTestApp, type TestApp } from '../helpers/test-app';

/**
 * Lists break ties by id, newest first; sorting by id itself must keep the
 * direction asked for (the tie-break once replaced it: sort=id:asc came back
 * newest first).
 */
describeEachDatabase('sorting lists by id', (db) => {
  let t: TestApp;
  let w: World;
  let ids: number[];
  beforeAll(async () => {
    t = await startTestApp(db);
    w = await seedWorld(t);
    ids = [];
    for (let i = 0; i < 3; i++) {
      const p = await makeProject(t, w.officerA);
      await t.http().post(`/api/v1/projects/${p.id}/activities`).set(bearer(w.officerA))
        .send({ kind: 'call', occurredOn: '2026-06-01', summary: '电话沟通' }).expect(201);
      ids.push(p.id);
    }
  });
  afterAll(() => t?.close());

  const get = async (path: string) => (await t.http().get(`/api/v1${path}`).set(bearer(w.admin)).expect(200)).body.items as { id: number; projectId?: number }[];

  it('GET /projects?sort=id:asc and id:desc', async () => {
    expect((await get('/projects?sort=id:asc')).map((p) => p.id)).toEqual(ids);
    expect((await get('/projects?sort=id:desc')).map((p) => p.id)).toEqual([...ids].reverse());
  });

  it('GET /activities?sort=id:asc and id:desc', async () => {
    expect((await get('/activities?sort=id:asc')).map((a) => a.projectId)).toEqual(ids);
    expect((await get('/activities?sort=id:desc')).map((a) => a.projectId)).toEqual([...ids].reverse());
  });
});
