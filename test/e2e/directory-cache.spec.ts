import { bearer, makeProject, PASSWORD, seedWorld, type World } from '../helpers/fixtures';
import { describeEachDatabase, startTestApp, type TestApp } from '../helpers/test-app';

/**
 * The caller comes from a short-lived cache (src/users/user-auth-source.ts)
 * and project views read the names beside their ids in the statement that
 * reads the project: every change made through the API must show on the
 * very next request, as if nothing were cached.
 */
describeEachDatabase('the cached caller and the names beside a project', (db) => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await startTestApp(db);
    w = await seedWorld(t);
  });
  afterAll(() => t?.close());

  const detail = async (id: number) => (await t.http().get(`/api/v1/projects/${id}`).set(bearer(w.managerA)).expect(200)).body;
  const listed = async (id: number) =>
    ((await t.http().get('/api/v1/projects?pageSize=200').set(bearer(w.managerA)).expect(200)).body.items as { id: number }[]).find((p) => p.id === id)!;

  it('shows a renamed team, company or owner at once, in the detail and in the list', async () => {
    const p = await makeProject(t, w.officerA);
    // read once, so that the names are cached
    expect(await detail(p.id)).toMatchObject({ teamName: '新能源专班', ownerName: 'officerA' });

    await t.http().patch(`/api/v1/teams/${w.teamA}`).set(bearer(w.admin)).send({ name: '新能源招商专班' }).expect(200);
    const company = (await t.http().get(`/api/v1/companies/${p.companyId}`).set(bearer(w.officerA)).expect(200)).body;
    await t.http().patch(`/api/v1/companies/${p.companyId}`).set(bearer(w.officerA)).send({ name: '改名后的企业有限公司', version: company.version }).expect(200);
    await t.http().patch(`/api/v1/users/${w.officerA.id}`).set(bearer(w.admin)).send({ name: '新名字' }).expect(200);

    const names = { teamName: '新能源招商专班', companyName: '改名后的企业有限公司', ownerName: '新名字' };
    expect(await detail(p.id)).toMatchObject(names);
    expect(await listed(p.id)).toMatchObject(names);
  });

  it('applies a role change on the next request, and a deactivation, and a reactivation', async () => {
    const p = await makeProject(t, w.officerA2);
    const old = { ...w.officerA2 };
    await t.http().get(`/api/v1/projects/${p.id}`).set(bearer(old)).expect(200); // cached as an active officer
    await t.http().patch(`/api/v1/users/${w.officerA2.id}`).set(bearer(w.admin)).send({ role: 'viewer' }).expect(200);
    // The role change revokes the cached caller's token at once …
    expect((await t.http().get(`/api/v1/projects/${p.id}`).set(bearer(old)).expect(401)).body.code).toBe('token_revoked');
    // … and a new login carries the new role.
    const asViewer = { ...w.officerA2, token: await t.login(w.officerA2.email, PASSWORD) };
    await t.http().patch(`/api/v1/projects/${p.id}`).set(bearer(asViewer)).send({ version: p.version, name: '改不了' }).expect(403);
    await t.http().patch(`/api/v1/users/${w.officerA2.id}`).set(bearer(w.admin)).send({ active: false }).expect(200);
    await t.http().get(`/api/v1/projects/${p.id}`).set(bearer(asViewer)).expect(401);
    await t.http().patch(`/api/v1/users/${w.officerA2.id}`).set(bearer(w.admin)).send({ active: true, role: 'officer' }).expect(200);
    // Reactivation does not revive the old tokens.
    await t.http().get(`/api/v1/projects/${p.id}`).set(bearer(asViewer)).expect(401);
    const again = { ...w.officerA2, token: await t.login(w.officerA2.email, PASSWORD) };
    await t.http().patch(`/api/v1/projects/${p.id}`).set(bearer(again)).send({ version: p.version, name: '改得了' }).expect(200);
  });
});
