import { DemoRecords1764298800000 } from '../../migrations/1764298800000-demo-records';
import { DEMO_ACCOUNTS, seedDemo } from '../../seeds/demo';
import { DEMO_PASSWORD, DEFAULTS } from '../../config/defaults';
import { DemoDataRepository } from '../../src/demo/demo-data.repository';
import { hashPassword } from '../../src/users/passwords';
import { ADMIN, describeEachDatabase, startTestApp, type TestApp } from '../helpers/test-app';

/**
 * Going live: the demo data of a new install (seeds/demo.ts) is removed in
 * one action by an admin, before real work starts: every demo project with
 * its history, company, account and team, nothing of the bureau's own setup;
 * refused while the admin keeps the published default password or once the
 * bureau has entered its own projects or companies; a second call does nothing.
 */
describeEachDatabase('removing the demo data (POST /admin/demo-data/remove)', (db) => {
  let t: TestApp;
  let admin: string;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const status = async () => (await t.http().get('/api/v1/admin/demo-data').set(auth(admin)).expect(200)).body;
  const remove = () => t.http().post('/api/v1/admin/demo-data/remove').set(auth(admin));
  const count = async (table: string) => Number((await t.ds.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);

  beforeAll(async () => {
    t = await startTestApp(db);
    expect(await seedDemo(t.app)).toEqual({ projects: 8, users: 5 });
    admin = await t.login(ADMIN.email, ADMIN.password);
  });
  afterAll(async () => t?.close());

  it('tells the admin what demo data there is and that nothing stands in the way', async () => {
    expect(await status()).toEqual({
      present: true, demo: { teams: 2, users: 5, companies: 8, projects: 8 }, realWork: { projects: 0, companies: 0 }, defaultAdminPassword: false, blockers: [],
    });
  });

  it('finds the demo rows of an install seeded before they were recorded (migration 1764298800000)', async () => {
    const qr = t.ds.createQueryRunner();
    try {
      await qr.dropTable('demo_records');
      await new DemoRecords1764298800000().up(qr);
    } finally {
      await qr.release();
    }
    expect((await status()).demo).toEqual({ teams: 2, users: 5, companies: 8, projects: 8 });
  });

  it('is for admins only', async () => {
    const leader = await t.login('leader@demo.local', DEMO_PASSWORD);
    expect((await t.http().get('/api/v1/admin/demo-data').set(auth(leader))).status).toBe(403);
    expect((await t.http().post('/api/v1/admin/demo-data/remove').set(auth(leader))).status).toBe(403);
    expect(await count('projects')).toBe(8);
  });

  it('refuses while an admin still signs in with the published default password', async () => {
    const second = (await t.http().post('/api/v1/users').set(auth(admin))
      .send({ email: 'admin2@bureau.local', name: '二号管理员', password: 'another-admin-1', role: 'admin' }).expect(201)).body.id as number;
    await t.ds.query(`UPDATE users SET "passwordHash" = ${db === 'postgres' ? '$1' : '?'} WHERE id = ${Number(second)}`, [await hashPassword(DEFAULTS.DEV_ADMIN_PASSWORD)]);
    expect((await status()).blockers).toEqual(['系统管理员账号仍在使用默认密码，请先在「个人设置」中修改密码']);
    const res = await remove();
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'default_admin_password' });
    expect(await count('projects')).toBe(8);
    await t.http().patch(`/api/v1/users/${second}`).set(auth(admin)).send({ active: false }).expect(200);
    expect((await status()).defaultAdminPassword).toBe(false);
  });

  it('refuses once the bureau has entered a company of its own, saying what to do instead', async () => {
    const company = (await t.http().post('/api/v1/companies').set(auth(admin)).send({ name: '万盛本地建材有限公司' }).expect(201)).body.id as number;
    expect((await status()).realWork).toEqual({ projects: 0, companies: 1 });
    const res = await remove();
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'real_work_exists', message: '已录入正式数据（企业 1 家），演示数据不能再一键清除；请在项目列表中逐个删除演示项目' });
    expect(await count('projects')).toBe(8);
    // (the bureau's company goes away again behind the app's back, so that the removal can be shown)
    await t.ds.query(`DELETE FROM companies WHERE id = ${Number(company)}`);
  });

  it('is all or nothing: a failure halfway leaves every demo row in place', async () => {
    const repo = t.app.get(DemoDataRepository);
    const spy = jest.spyOn(repo, 'removeMonthlyRollups').mockRejectedValueOnce(new Error('the disk is full'));
    expect((await remove()).status).toBe(500);
    spy.mockRestore();
    expect((await status()).demo).toEqual({ teams: 2, users: 5, companies: 8, projects: 8 });
    expect(await count('activities')).toBeGreaterThan(0);
  });

  it('removes every demo project, company, account and team with their history in one action, keeps the bureau’s own setup, and ends the demo sessions', async () => {
    // the bureau's setup before going live: its own officer, put in a demo team, and a monthly report computed on the demo data
    const teams = (await t.http().get('/api/v1/teams').set(auth(admin)).expect(200)).body.items as { id: number; name: string }[];
    const energy = teams.find((x) => x.name === '新能源招商专班')!;
    await t.http().post('/api/v1/users').set(auth(admin))
      .send({ email: 'zhang@bureau.local', name: '张科长', password: 'bureau-pass-1', role: 'officer', teamId: energy.id }).expect(201);
    await t.http().post('/api/v1/reports/monthly/2026/5/recompute').set(auth(admin)).expect(200);
    const officer = await t.login('officer@demo.local', DEMO_PASSWORD);
    await t.http().get('/api/v1/projects').set(auth(officer)).expect(200);
    expect(await count('activities')).toBeGreaterThan(0);

    const res = await remove().expect(200);
    expect(res.body).toEqual({ removed: { teams: 1, users: 5, companies: 8, projects: 8, monthlyReports: 1 }, keptTeams: ['新能源招商专班'] });

    for (const table of ['projects', 'companies', 'contacts', 'activities', 'milestones', 'funds_reports', 'project_transitions', 'monthly_rollups', 'pipeline_ledger', 'demo_records']) {
      expect([table, await count(table)]).toEqual([table, 0]);
    }
    expect((await t.http().get('/api/v1/projects').set(auth(admin)).expect(200)).body.total).toBe(0);
    const users = (await t.http().get('/api/v1/users?pageSize=100').set(auth(admin)).expect(200)).body.items as { email: string }[];
    expect(users.map((u) => u.email).sort()).toEqual(['admin2@bureau.local', ADMIN.email, 'zhang@bureau.local'].sort());
    for (const a of DEMO_ACCOUNTS) expect(users.map((u) => u.email)).not.toContain(a.email);
    expect(((await t.http().get('/api/v1/teams').set(auth(admin)).expect(200)).body.items as { name: string }[]).map((x) => x.name)).toEqual(['新能源招商专班']);
    // the demo officer's session ends at once
    expect((await t.http().get('/api/v1/projects').set(auth(officer))).status).toBe(401);
    expect((await t.http().post('/api/v1/auth/login').send({ email: 'officer@demo.local', password: DEMO_PASSWORD })).status).toBe(401);

    // one audit row says who removed what; the demo's own trail is gone with it
    const trail = (await t.http().get('/api/v1/audit?entity=demo_data').set(auth(admin)).expect(200)).body.items;
    expect(trail).toEqual([expect.objectContaining({
      action: 'demo.remove', actorName: '系统管理员',
      after: expect.objectContaining({ projects: 8, users: 5, accounts: DEMO_ACCOUNTS.map((a) => a.email), keptTeams: ['新能源招商专班'] }),
    })]);
    expect(await count("audit_logs WHERE entity = 'project'")).toBe(0);

    expect(await status()).toEqual({
      present: false, demo: { teams: 0, users: 0, companies: 0, projects: 0 }, realWork: { projects: 0, companies: 0 }, defaultAdminPassword: false, blockers: [],
    });
  });

  it('a second call is harmless: nothing removed, nothing audited', async () => {
    const res = await remove().expect(200);
    expect(res.body).toEqual({ removed: { teams: 0, users: 0, companies: 0, projects: 0, monthlyReports: 0 }, keptTeams: [] });
    expect(await count("audit_logs WHERE entity = 'demo_data'")).toBe(1);
    expect(await count('teams')).toBe(1);
  });
});
