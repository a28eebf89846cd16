import { JwtService } from '@nestjs/jwt';
import { bearer, fieldsOf as fields, seedWorld, totalOf, type World } from '../helpers/fixtures';
import { ADMIN, describeEachDatabase, startTestApp, type TestApp } from '../helpers/test-app';

const LOGIN = '/api/v1/auth/login';
const ME = '/api/v1/auth/me';

describeEachDatabase('auth', (db) => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await startTestApp(db);
    w = await seedWorld(t);
  });
  afterAll(() => t?.close());

  describe('login', () => {
    it('answers 200 with a working access token and the user, without any password hash', async () => {
      const res = await t.http().post(LOGIN).send({ email: ADMIN.email, password: ADMIN.password });
      expect(res.status).toBe(200);
      expect(typeof res.body.accessToken).toBe('string');
      expect(res.body.expiresIn).toBeGreaterThan(0);
      expect(res.body.user).toMatchObject({ email: ADMIN.email, role: 'admin', dataScope: 'all', active: true });
      expect(res.body.user).not.toHaveProperty('passwordHash');
      expect(Object.keys(res.body.user).filter((k) => /password/i.test(k))).toEqual([]);
      expect(JSON.stringify(res.body)).not.toMatch(/\$2[aby]\$/); // no bcrypt hash anywhere

      const me = await t.http().get(ME).set({ Authorization: `Bearer ${res.body.accessToken}` });
      expect(me.status).toBe(200);
      expect(me.body.id).toBe(w.admin.id);
    });

    it('accepts the e-mail in any letter case', async () => {
      const res = await t.http().post(LOGIN).send({ email: ADMIN.email.toUpperCase(), password: ADMIN.password });
      expect(res.status).toBe(200);
      expect(res.body.user.email).toBe(ADMIN.email);
    });

    it('answers 401 with the same message for a wrong password and an unknown e-mail', async () => {
      const wrong = await t.http().post(LOGIN).send({ email: ADMIN.email, password: 'not-the-password' });
      const unknown = await t.http().post(LOGIN).send({ email: 'nobody@test.local', password: 'not-the-password' });
      expect(wrong.status).toBe(401);
      expect(unknown.status).toBe(401);
      expect(wrong.body.accessToken).toBeUndefined();
      expect(unknown.body.accessToken).toBeUndefined();
      expect(wrong.body.statusCode).toBe(401);
      expect(typeof wrong.body.message).toBe('string');
      expect(wrong.body.message).toBe(unknown.body.message);
    });

    it('answers 400 naming the field for a login body that is not an e-mail', async () => {
      const res = await t.http().post(LOGIN).send({ email: 'admin', password: ADMIN.password });
      expect(res.status).toBe(400);
      expect(fields(res.body)).toContain('email');
    });

    it('refuses a deactivated user at login, and its existing token stops working at once', async () => {
      const admin = bearer(w.admin);
      const created = await t.http().post('/api/v1/users').set(admin)
        .send({ email: 'leaving@test.local', name: '离职人员', password: 'leaving-pass-1', role: 'officer', teamId: w.teamA });
      expect(created.status).toBe(201);
      const token = await t.login('leaving@test.local', 'leaving-pass-1');
      expect((await t.http().get(ME).set({ Authorization: `Bearer ${token}` })).status).toBe(200);

      const off = await t.http().patch(`/api/v1/users/${created.body.id}`).set(admin).send({ active: false });
      expect(off.status).toBe(200);
      expect(off.body.active).toBe(false);

      const me = await t.http().get(ME).set({ Authorization: `Bearer ${token}` });
      expect(me.status).toBe(401);
      const projects = await t.http().get('/api/v1/projects').set({ Authorization: `Bearer ${token}` });
      expect(projects.status).toBe(401);

      const wrong = await t.http().post(LOGIN).send({ email: ADMIN.email, password: 'not-the-password' });
      const login = await t.http().post(LOGIN).send({ email: 'leaving@test.local', password: 'leaving-pass-1' });
      expect(login.status).toBe(401);
      expect(login.body.accessToken).toBeUndefined();
      expect(login.body.message).toBe(wrong.body.message);

      // reactivated, the same account logs in again
      await t.http().patch(`/api/v1/users/${created.body.id}`).set(admin).send({ active: true }).expect(200);
      expect((await t.http().post(LOGIN).send({ email: 'leaving@test.local', password: 'leaving-pass-1' })).status).toBe(200);
    });
  });

  describe('GET /auth/me and tokens', () => {
    it('answers the caller with role, scope and team, without the password hash', async () => {
      const res = await t.http().get(ME).set(bearer(w.officerA));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: w.officerA.id, email: w.officerA.email.toLowerCase(), role: 'officer', dataScope: 'team', teamId: w.teamA });
      expect(res.body).not.toHaveProperty('passwordHash');
    });

    it('answers 401 without a token, with a garbage token or with a non-bearer scheme', async () => {
      for (const headers of [{}, { Authorization: 'Bearer not-a-jwt' }, { Authorization: 'Bearer a.b.c' }, { Authorization: `Basic ${Buffer.from(`${ADMIN.email}:${ADMIN.password}`).toString('base64')}` }]) {
        const res = await t.http().get(ME).set(headers);
        expect(res.status).toBe(401);
        expect(res.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
        expect(typeof res.body.message).toBe('string');
      }
    });

    it('answers 401 for an expired token or one signed with another secret, and 200 for a fresh one', async () => {
      const jwt = t.app.get(JwtService);
      const now = Math.floor(Date.now() / 1000);
      const fresh = await jwt.signAsync({ sub: w.officerA.id, role: 'officer', ver: 0 });
      const expired = await jwt.signAsync({ sub: w.officerA.id, role: 'officer', ver: 0, iat: now - 7200 }, { expiresIn: 60 });
      const foreign = await jwt.signAsync({ sub: w.officerA.id, role: 'officer', ver: 0 }, { secret: 'another-secret-'.padEnd(48, 'y') });
      const unknownUser = await jwt.signAsync({ sub: 999999, role: 'admin', ver: 0 });

      expect((await t.http().get(ME).set({ Authorization: `Bearer ${fresh}` })).status).toBe(200);
      for (const token of [expired, foreign, unknownUser]) {
        const res = await t.http().get(ME).set({ Authorization: `Bearer ${token}` });
        expect(res.status).toBe(401);
      }
    });
  });

  describe('HTTP surface', () => {
    it('sends the security headers (helmet) and hides x-powered-by', async () => {
      for (const res of [await t.http().get('/api/v1/health'), await t.http().get(ME)]) {
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
        expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
        expect(res.headers['content-security-policy']).toMatch(/default-src 'self'/);
        expect(res.headers['referrer-policy']).toBe('no-referrer');
        expect(res.headers['x-powered-by']).toBeUndefined();
      }
    });

    it('answers /api/v1/health 200 without a token while the database is up', async () => {
      const res = await t.http().get('/api/v1/health');
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('ok');
      expect(res.body.database).toMatchObject({ status: 'up', driver: db });
    });

    it('serves an OpenAPI document at /api/docs-json that documents the projects routes', async () => {
      const res = await t.http().get('/api/docs-json');
      expect(res.status).toBe(200);
      expect(String(res.body.openapi)).toMatch(/^3\./);
      expect(res.body.paths['/api/v1/projects']).toBeDefined();
      expect(Object.keys(res.body.paths['/api/v1/projects'])).toEqual(expect.arrayContaining(['get', 'post']));
      expect(res.body.paths['/api/v1/auth/login']?.post).toBeDefined();
    });
  });
});

describeEachDatabase('login rate limit', (db) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(db, { env: { LOGIN_MAX_FAILURES: '3' } });
  });
  afterAll(() => t?.close());

  it('answers 429 with Retry-After to the 4th attempt after 3 failures, even with the right password; other routes are not limited', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await t.http().post(LOGIN).send({ email: ADMIN.email, password: `wrong-password-${i}` });
      expect(res.status).toBe(401);
    }
    const fourth = await t.http().post(LOGIN).send({ email: ADMIN.email, password: ADMIN.password });
    expect(fourth.status).toBe(429);
    expect(fourth.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests', code: 'too_many_attempts', message: expect.stringContaining('15 分钟后再试') });
    expect(fourth.headers['retry-after']).toBe('900');
    expect(fourth.body.accessToken).toBeUndefined();
    // TRUSTED_PROXY is off: X-Forwarded-For does not name another client
    expect((await t.http().post(LOGIN).set('X-Forwarded-For', '203.0.113.99').send({ email: ADMIN.email, password: ADMIN.password })).status).toBe(429);
    // only the login is limited
    expect((await t.http().get('/api/v1/health')).status).toBe(200);
  });
});

describeEachDatabase('users', (db) => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await startTestApp(db);
    w = await seedWorld(t);
  });
  afterAll(() => t?.close());

  const USERS = '/api/v1/users';
  const total = () => totalOf(t, w.admin, USERS);

  it('lets an admin create users of each role with the data scope of the role by default', async () => {
    const cases = [
      { role: 'admin', teamId: null, scope: 'all' },
      { role: 'leader', teamId: null, scope: 'all' },
      { role: 'viewer', teamId: null, scope: 'all' },
      { role: 'manager', teamId: w.teamA, scope: 'team' },
      { role: 'officer', teamId: w.teamB, scope: 'team' },
    ];
    for (const c of cases) {
      const email = `new-${c.role}@test.local`;
      const res = await t.http().post(USERS).set(bearer(w.admin))
        .send({ email, name: `新${c.role}`, password: 'long-enough-1', role: c.role, teamId: c.teamId, phone: '023-12345678' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ email, role: c.role, dataScope: c.scope, teamId: c.teamId, active: true });
      expect(res.body).not.toHaveProperty('passwordHash');
      const got = await t.http().get(`${USERS}/${res.body.id}`).set(bearer(w.admin));
      expect(got.status).toBe(200);
      expect(got.body).toMatchObject({ role: c.role, dataScope: c.scope });
      const login = await t.http().post(LOGIN).send({ email, password: 'long-enough-1' });
      expect(login.status).toBe(200);
      expect(login.body.user.role).toBe(c.role);
    }
  });

  it('keeps an explicit data scope, and a role change without one takes the new role’s default', async () => {
    const res = await t.http().post(USERS).set(bearer(w.admin))
      .send({ email: 'own-scope@test.local', name: '仅本人', password: 'long-enough-1', role: 'officer', teamId: w.teamA, dataScope: 'own' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ dataScope: 'own', roleLabel: '招商专员', dataScopeLabel: '本人', teamName: '新能源专班' });
    const patched = await t.http().patch(`${USERS}/${res.body.id}`).set(bearer(w.admin)).send({ role: 'viewer', teamId: null });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ role: 'viewer', roleLabel: '只读用户', dataScope: 'all', dataScopeLabel: '全部', teamId: null, teamName: null });
  });

  it('shows each account with its role, scope and team as a person reads them: in the list, on login and on /auth/me', async () => {
    const listed = (await t.http().get(`${USERS}?pageSize=200`).set(bearer(w.admin)).expect(200)).body.items as Record<string, unknown>[];
    expect(listed.find((u) => u.id === w.officerB.id)).toMatchObject({ role: 'officer', roleLabel: '招商专员', dataScopeLabel: '本团队', teamName: '电子信息小分队' });
    expect(listed.find((u) => u.id === w.leader.id)).toMatchObject({ roleLabel: '领导', teamId: null, teamName: null });
    const login = await t.http().post(LOGIN).send({ email: w.managerA.email, password: 'password-123' }).expect(200);
    expect(login.body.user).toMatchObject({ roleLabel: '团队负责人', teamName: '新能源专班' });
    const me = await t.http().get('/api/v1/auth/me').set(bearer(w.officerA)).expect(200);
    expect(me.body).toMatchObject({ roleLabel: '招商专员', dataScopeLabel: '本团队', teamName: '新能源专班' });
  });

  it('stores the e-mail in lower case and answers 409 to a duplicate e-mail in any case', async () => {
    const first = await t.http().post(USERS).set(bearer(w.admin))
      .send({ email: 'Zhang.Wei@Test.Local', name: '张伟', password: 'long-enough-1', role: 'officer', teamId: w.teamA });
    expect(first.status).toBe(201);
    expect(first.body.email).toBe('zhang.wei@test.local');
    const before = await total();
    for (const email of ['zhang.wei@test.local', 'ZHANG.WEI@TEST.LOCAL', w.officerA.email]) {
      const dup = await t.http().post(USERS).set(bearer(w.admin)).send({ email, name: '重复', password: 'long-enough-1', role: 'viewer' });
      expect(dup.status).toBe(409);
      expect(dup.body.statusCode).toBe(409);
    }
    expect(await total()).toBe(before);
  });

  it('answers 400 naming the field for a bad e-mail, a short password, an unknown role, an unknown field or a missing name', async () => {
    const good = { email: 'valid@test.local', name: '有效', password: 'long-enough-1', role: 'officer', teamId: w.teamA };
    const before = await total();
    // Each problem has a machine code and a Chinese message naming the field as a person knows it.
    const cases: [Record<string, unknown>, string, string, string][] = [
      [{ ...good, email: 'not-an-email' }, 'email', 'bad_email', '电子邮箱'],
      [{ ...good, password: 'short' }, 'password', 'too_short', '密码'],
      [{ ...good, role: 'superuser' }, 'role', 'not_in_list', '角色'],
      [{ ...good, isRoot: true }, 'isRoot', 'unknown_field', 'isRoot'],
      [{ ...good, name: undefined }, 'name', 'required', '名称'],
      [{ ...good, dataScope: 'everything' }, 'dataScope', 'not_in_list', '数据范围'],
    ];
    for (const [body, field, code, label] of cases) {
      const res = await t.http().post(USERS).set(bearer(w.admin)).send(body);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request', code });
      expect(fields(res.body)).toContain(field);
      expect(res.body.details).toContainEqual({ field, code, message: expect.stringContaining(label) });
      expect(res.body.message).toContain(label);
    }
    const patch = await t.http().patch(`${USERS}/${w.officerA.id}`).set(bearer(w.admin)).send({ password: 'short' });
    expect(patch.status).toBe(400);
    expect(fields(patch.body)).toContain('password');
    expect(await total()).toBe(before);
  });

  it('answers 400 naming teamId for an unknown team, on create and on update', async () => {
    const before = await total();
    const res = await t.http().post(USERS).set(bearer(w.admin))
      .send({ email: 'no-team@test.local', name: '无队', password: 'long-enough-1', role: 'officer', teamId: 99999 });
    expect(res.status).toBe(400);
    expect(fields(res.body)).toEqual(['teamId']);
    expect(await total()).toBe(before);

    const patch = await t.http().patch(`${USERS}/${w.officerA.id}`).set(bearer(w.admin)).send({ teamId: 99999 });
    expect(patch.status).toBe(400);
    expect(fields(patch.body)).toEqual(['teamId']);
    const me = await t.http().get(ME).set(bearer(w.officerA)).expect(200);
    expect(me.body.teamId).toBe(w.teamA);
  });

  it('answers 403 to non-admins creating or changing users, and changes nothing', async () => {
    const before = await total();
    for (const who of [w.leader, w.viewer, w.managerA, w.officerA]) {
      const post = await t.http().post(USERS).set(bearer(who))
        .send({ email: `by-${who.email}`, name: '越权', password: 'long-enough-1', role: 'admin' });
      expect(post.status).toBe(403);
      const patch = await t.http().patch(`${USERS}/${w.officerA2.id}`).set(bearer(who)).send({ role: 'admin' });
      expect(patch.status).toBe(403);
    }
    expect(await total()).toBe(before);
    const officer = await t.http().get(ME).set(bearer(w.officerA2)).expect(200);
    expect(officer.body.role).toBe('officer');
  });

  it('answers 404 when patching a user that does not exist', async () => {
    const res = await t.http().patch(`${USERS}/99999`).set(bearer(w.admin)).send({ name: '无人' });
    expect(res.status).toBe(404);
  });

  it('refuses with 422 to demote or deactivate the last active admin', async () => {
    // a second admin can be demoted while another admin remains
    const second = await t.http().post(USERS).set(bearer(w.admin))
      .send({ email: 'second-admin@test.local', name: '二号管理员', password: 'long-enough-1', role: 'admin' });
    expect(second.status).toBe(201);
    expect((await t.http().patch(`${USERS}/${second.body.id}`).set(bearer(w.admin)).send({ role: 'viewer' })).status).toBe(200);

    // leave exactly one active admin
    const admins = await t.http().get(`${USERS}?role=admin&active=true&pageSize=200`).set(bearer(w.admin)).expect(200);
    for (const a of admins.body.items as { id: number }[]) {
      if (a.id !== w.admin.id) await t.http().patch(`${USERS}/${a.id}`).set(bearer(w.admin)).send({ active: false }).expect(200);
    }
    const left = await t.http().get(`${USERS}?role=admin&active=true`).set(bearer(w.admin)).expect(200);
    expect(left.body.items.map((u: { id: number }) => u.id)).toEqual([w.admin.id]);

    for (const body of [{ role: 'manager' }, { active: false }, { role: 'viewer', active: false }]) {
      const res = await t.http().patch(`${USERS}/${w.admin.id}`).set(bearer(w.admin)).send(body);
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ code: 'last_admin', message: '不能停用或降级最后一个在职的系统管理员' });
    }
    const me = await t.http().get(ME).set(bearer(w.admin));
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ role: 'admin', active: true });
  });

  it('lets a manager list only the people of his team, and refuses the list to officers', async () => {
    const res = await t.http().get(`${USERS}?pageSize=200`).set(bearer(w.managerA));
    expect(res.status).toBe(200);
    const ids = (res.body.items as { id: number }[]).map((u) => u.id);
    expect(ids).toEqual(expect.arrayContaining([w.managerA.id, w.officerA.id, w.officerA2.id]));
    for (const other of [w.admin, w.leader, w.viewer, w.managerB, w.officerB]) expect(ids).not.toContain(other.id);
    expect((res.body.items as { teamId: number }[]).every((u) => u.teamId === w.teamA)).toBe(true);
    expect(res.body.total).toBe(ids.length);

    const b = await t.http().get(`${USERS}?pageSize=200`).set(bearer(w.managerB)).expect(200);
    expect((b.body.items as { id: number }[]).map((u) => u.id)).toEqual(expect.arrayContaining([w.managerB.id, w.officerB.id]));
    expect((b.body.items as { id: number }[]).map((u) => u.id)).not.toContain(w.officerA.id);

    // the team filter cannot widen a manager's view
    const widened = await t.http().get(`${USERS}?teamId=${w.teamB}`).set(bearer(w.managerA)).expect(200);
    expect(widened.body.items).toEqual([]);

    for (const who of [w.officerA, w.viewer, w.leader]) {
      expect((await t.http().get(USERS).set(bearer(who))).status).toBe(403);
    }
    const all = await t.http().get(`${USERS}?pageSize=200`).set(bearer(w.admin)).expect(200);
    expect((all.body.items as { id: number }[]).map((u) => u.id)).toEqual(expect.arrayContaining([w.leader.id, w.officerB.id, w.officerA.id]));
  });
});

describeEachDatabase('teams', (db) => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await startTestApp(db);
    w = await seedWorld(t);
  });
  afterAll(() => t?.close());

  const TEAMS = '/api/v1/teams';

  it('lets an admin create and rename a team', async () => {
    const created = await t.http().post(TEAMS).set(bearer(w.admin)).send({ name: '智能装备专班', description: '智能装备及智能制造' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: '智能装备专班', description: '智能装备及智能制造', active: true });
    const patched = await t.http().patch(`${TEAMS}/${created.body.id}`).set(bearer(w.admin)).send({ name: '智能制造专班', description: null });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ id: created.body.id, name: '智能制造专班', description: null });
    const list = await t.http().get(TEAMS).set(bearer(w.admin)).expect(200);
    const names = (list.body.items as { name: string }[]).map((x) => x.name);
    expect(names).toContain('智能制造专班');
    expect(names).not.toContain('智能装备专班');
  });

  it('answers 409 to a duplicate team name, on create and on rename', async () => {
    const before = (await t.http().get(TEAMS).set(bearer(w.admin)).expect(200)).body.total;
    const dup = await t.http().post(TEAMS).set(bearer(w.admin)).send({ name: '新能源专班' });
    expect(dup.status).toBe(409);
    const rename = await t.http().patch(`${TEAMS}/${w.teamB}`).set(bearer(w.admin)).send({ name: '新能源专班' });
    expect(rename.status).toBe(409);
    const list = await t.http().get(TEAMS).set(bearer(w.admin)).expect(200);
    expect(list.body.total).toBe(before);
    expect((list.body.items as { id: number; name: string }[]).find((x) => x.id === w.teamB)?.name).toBe('电子信息小分队');
    // renaming a team to its own name is not a conflict
    expect((await t.http().patch(`${TEAMS}/${w.teamB}`).set(bearer(w.admin)).send({ name: '电子信息小分队' })).status).toBe(200);
  });

  it('answers 400 naming the field for an empty name or an unknown field', async () => {
    const empty = await t.http().post(TEAMS).set(bearer(w.admin)).send({ name: '' });
    expect(empty.status).toBe(400);
    expect(fields(empty.body)).toContain('name');
    const extra = await t.http().post(TEAMS).set(bearer(w.admin)).send({ name: '多余字段队', leader: 'x' });
    expect(extra.status).toBe(400);
    expect(fields(extra.body)).toContain('leader');
  });

  it('answers 403 to non-admins creating or renaming teams, and 404 for an unknown team', async () => {
    for (const who of [w.leader, w.viewer, w.managerA, w.officerA]) {
      expect((await t.http().post(TEAMS).set(bearer(who)).send({ name: `越权队-${who.id}` })).status).toBe(403);
      expect((await t.http().patch(`${TEAMS}/${w.teamA}`).set(bearer(who)).send({ name: '改名' })).status).toBe(403);
    }
    const list = await t.http().get(TEAMS).set(bearer(w.admin)).expect(200);
    expect((list.body.items as { name: string }[]).some((x) => x.name.startsWith('越权队'))).toBe(false);
    expect((await t.http().patch(`${TEAMS}/99999`).set(bearer(w.admin)).send({ name: '无此队' })).status).toBe(404);
  });

  it('lists the teams for every role', async () => {
    for (const who of [w.admin, w.leader, w.viewer, w.managerB, w.officerA]) {
      const res = await t.http().get(TEAMS).set(bearer(who));
      expect(res.status).toBe(200);
      const ids = (res.body.items as { id: number }[]).map((x) => x.id);
      expect(ids).toEqual(expect.arrayContaining([w.teamA, w.teamB]));
    }
    expect((await t.http().get(TEAMS)).status).toBe(401);
  });
});
