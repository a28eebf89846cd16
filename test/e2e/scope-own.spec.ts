import { type Account, bearer, makeProject, PASSWORD, seedWorld, type World } from '../helpers/fixtures';
import { describeEachDatabase, startTestApp, type TestApp } from '../helpers/test-app';

/** DOMAIN.md "Who sees what": the `own` scope, and scope changes taking effect at once. */
describeEachDatabase('data scope own', (db) => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await startTestApp(db);
    w = await seedWorld(t);
  });
  afterAll(() => t?.close());

  /** A scope change revokes the account's tokens (issue 9): the old one answers 401 token_revoked, and a new login sees with the new scope. */
  async function relogin(a: Account): Promise<void> {
    const old = await t.http().get('/api/v1/auth/me').set(bearer(a)).expect(401);
    expect(old.body.code).toBe('token_revoked');
    a.token = await t.login(a.email, PASSWORD);
  }

  it('an officer narrowed to own scope sees only his projects after logging in again, and widening it works the same', async () => {
    const mine = await makeProject(t, w.officerA);
    const teammates = await makeProject(t, w.officerA2);
    const ids = async () =>
      ((await t.http().get('/api/v1/projects?pageSize=200').set(bearer(w.officerA)).expect(200)).body.items as { id: number }[]).map((p) => p.id);

    expect(await ids()).toEqual(expect.arrayContaining([mine.id, teammates.id]));

    await t.http().patch(`/api/v1/users/${w.officerA.id}`).set(bearer(w.admin)).send({ dataScope: 'own' }).expect(200);
    await relogin(w.officerA);
    expect(await ids()).toEqual([mine.id]);
    await t.http().get(`/api/v1/projects/${teammates.id}`).set(bearer(w.officerA)).expect(404);
    await t.http().get(`/api/v1/activities?projectId=${teammates.id}`).set(bearer(w.officerA)).expect(200)
      .then((r) => expect(r.body.total).toBe(0));

    await t.http().patch(`/api/v1/users/${w.officerA.id}`).set(bearer(w.admin)).send({ dataScope: 'team' }).expect(200);
    await relogin(w.officerA);
    await t.http().get(`/api/v1/projects/${teammates.id}`).set(bearer(w.officerA)).expect(200);
  });

  it('a manager widened to all scope sees other teams’ projects; narrowed back, he does not', async () => {
    const other = await makeProject(t, w.officerB);
    await t.http().get(`/api/v1/projects/${other.id}`).set(bearer(w.managerA)).expect(404);
    await t.http().patch(`/api/v1/users/${w.managerA.id}`).set(bearer(w.admin)).send({ dataScope: 'all' }).expect(200);
    await relogin(w.managerA);
    const seen = await t.http().get(`/api/v1/projects/${other.id}`).set(bearer(w.managerA)).expect(200);
    expect(seen.body.teamName).toBe('电子信息小分队');
    await t.http().patch(`/api/v1/users/${w.managerA.id}`).set(bearer(w.admin)).send({ dataScope: 'team' }).expect(200);
    await relogin(w.managerA);
    await t.http().get(`/api/v1/projects/${other.id}`).set(bearer(w.managerA)).expect(404);
  });
});
