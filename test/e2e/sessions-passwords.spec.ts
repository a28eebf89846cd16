import { createHmac } from 'node:crypto';
import { ADMIN, describeEachDatabase, startTestApp, type TestApp } from '../helpers/test-app';

const LOGIN = '/api/v1/auth/login';
const ME = '/api/v1/auth/me';
const CHANGE = '/api/v1/auth/password';
const USERS = '/api/v1/users';
const SECRET = 'test-secret-'.padEnd(48, 'x'); // startTestApp's JWT_SECRET

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

/** A token built by hand, as an attacker who knows the secret (or none) would. */
function forge(header: Record<string, unknown>, payload: Record<string, unknown>): string {
  const head = `${b64(header)}.${b64(payload)}`;
  if (header.alg === 'none') return `${head}.`;
  const hash = header.alg === 'HS512' ? 'sha512' : 'sha256';
  return `${head}.${createHmac(hash, SECRET).update(head).digest('base64url')}`;
}

let serial = 0;
/** A new account (by the admin) and a token of it. */
async function newAccount(t: TestApp, admin: string, over: Record<string, unknown> = {}) {
  const email = `person${++serial}@test.local`;
  const password = `pass-phrase-${serial}x`;
  const res = await t.http().post(USERS).set(auth(admin)).send({ email, name: `人员${serial}`, password, role: 'officer', ...over }).expect(201);
  return { id: res.body.id as number, email, password, token: await t.login(email, password) };
}

describeEachDatabase('sessions: token revocation and token checks', (db) => {
  let t: TestApp;
  let admin: string;
  let teamId: number;
  beforeAll(async () => {
    t = await startTestApp(db);
    admin = await t.login(ADMIN.email, ADMIN.password);
    teamId = (await t.http().post('/api/v1/teams').set(auth(admin)).send({ name: '会话测试组' }).expect(201)).body.id;
  });
  afterAll(() => t?.close());

  it.each([
    ['a new password set by PATCH', { password: 'another-phrase-1' }],
    ['a role change', { role: 'viewer' }],
    ['a scope change', { dataScope: 'own' }],
    ['a team change', { teamId: 'TEAM' }],
  ])('revokes the tokens a user holds on %s (401 token_revoked); a new login works', async (_what, change) => {
    const a = await newAccount(t, admin);
    await t.http().get(ME).set(auth(a.token)).expect(200);
    const body = Object.fromEntries(Object.entries(change).map(([k, v]) => [k, v === 'TEAM' ? teamId : v]));
    await t.http().patch(`${USERS}/${a.id}`).set(auth(admin)).send(body).expect(200);
    const old = await t.http().get(ME).set(auth(a.token));
    expect(old.status).toBe(401);
    expect(old.body).toMatchObject({ code: 'token_revoked', message: '登录已失效，请重新登录' });
    const fresh = await t.login(a.email, 'password' in change ? String(change.password) : a.password);
    await t.http().get(ME).set(auth(fresh)).expect(200);
  });

  it('keeps tokens valid when only the name or phone changes', async () => {
    const a = await newAccount(t, admin);
    await t.http().patch(`${USERS}/${a.id}`).set(auth(admin)).send({ name: '改名', phone: '023-1' }).expect(200);
    await t.http().get(ME).set(auth(a.token)).expect(200);
  });

  it('does not revive old tokens when a deactivated user is reactivated', async () => {
    const a = await newAccount(t, admin);
    await t.http().patch(`${USERS}/${a.id}`).set(auth(admin)).send({ active: false }).expect(200);
    expect((await t.http().get(ME).set(auth(a.token))).body.code).toBe('account_inactive');
    await t.http().patch(`${USERS}/${a.id}`).set(auth(admin)).send({ active: true }).expect(200);
    const old = await t.http().get(ME).set(auth(a.token));
    expect({ status: old.status, code: old.body.code }).toEqual({ status: 401, code: 'token_revoked' });
    await t.http().get(ME).set(auth(await t.login(a.email, a.password))).expect(200);
  });

  it('refuses a token signed with the real secret whose sub is not a positive whole number, with 401 and never a 500', async () => {
    const exp = Math.floor(Date.now() / 1000) + 3600;
    for (const sub of ['1 OR 1=1', '1', 0, -1, 1.5, 1e308, 123456789012345, null]) {
      const res = await t.http().get('/api/v1/projects').set(auth(forge({ alg: 'HS256', typ: 'JWT' }, { sub, ver: 0, exp })));
      expect({ sub, status: res.status, code: res.body.code }).toEqual({ sub, status: 401, code: 'invalid_token' });
    }
  });

  it('refuses a token without exp, one signed with HS512 and one with alg none, all with the real secret and a real user', async () => {
    const exp = Math.floor(Date.now() / 1000) + 3600;
    const me = (await t.http().get(ME).set(auth(admin)).expect(200)).body.id as number;
    expect((await t.http().get(ME).set(auth(forge({ alg: 'HS256', typ: 'JWT' }, { sub: me, ver: 0, exp })))).status).toBe(200); // the forge is right
    for (const token of [
      forge({ alg: 'HS256', typ: 'JWT' }, { sub: me, ver: 0 }),
      forge({ alg: 'HS512', typ: 'JWT' }, { sub: me, ver: 0, exp }),
      forge({ alg: 'none', typ: 'JWT' }, { sub: me, ver: 0, exp }),
    ]) {
      const res = await t.http().get(ME).set(auth(token));
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 401, code: 'invalid_token' });
    }
  });
});

describeEachDatabase('passwords', (db) => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await startTestApp(db);
    admin = await t.login(ADMIN.email, ADMIN.password);
  });
  afterAll(() => t?.close());

  const trail = async (id: number) =>
    (await t.http().get(`/api/v1/audit?entity=user&id=${id}`).set(auth(admin)).expect(200)).body.items as { action: string; before: unknown; after: unknown }[];

  it.each([
    ['fewer than 10 characters', 'nine-char', 'too_short'],
    ['all spaces', ' '.repeat(12), 'blank'],
    ['the e-mail', 'policy@test.local', 'same_as_email'],
    ['a common password', 'Password123', 'common_password'],
    ['more than 72 bytes', '密'.repeat(25), 'too_long'],
  ])('refuses a new password that is %s with 400 naming the field, never echoing it', async (_what, password, code) => {
    const res = await t.http().post(USERS).set(auth(admin)).send({ email: 'policy@test.local', name: '策略', password, role: 'viewer' });
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([expect.objectContaining({ field: 'password', code })]);
    expect(JSON.stringify(res.body)).not.toContain(password.trim() ? password : JSON.stringify(password).slice(1, -1));
  });

  it('lets a user change their own password with the old one: a fresh token, old tokens revoked, audited without the password', async () => {
    const a = await newAccount(t, admin);
    const other = await t.login(a.email, a.password); // another session of the same person
    const res = await t.http().post(CHANGE).set(auth(a.token)).send({ currentPassword: a.password, newPassword: 'my-new-passphrase' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ accessToken: expect.any(String), user: { id: a.id, email: a.email } });
    await t.http().get(ME).set(auth(res.body.accessToken)).expect(200);
    for (const old of [a.token, other]) expect((await t.http().get(ME).set(auth(old))).body.code).toBe('token_revoked');
    expect((await t.http().post(LOGIN).send({ email: a.email, password: a.password })).status).toBe(401);
    await t.login(a.email, 'my-new-passphrase');
    const rows = await trail(a.id);
    expect(rows[0]).toMatchObject({ action: 'password.change' });
    expect(JSON.stringify(rows)).not.toContain('my-new-passphrase');
    expect(JSON.stringify(rows)).not.toMatch(/\$2[aby]\$/);
  });

  it('answers 400 wrong_password to a wrong old password, and a new password the policy refuses, echoing neither', async () => {
    const a = await newAccount(t, admin);
    const wrong = await t.http().post(CHANGE).set(auth(a.token)).send({ currentPassword: 'not-my-password', newPassword: 'my-new-passphrase' });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toMatchObject({ code: 'wrong_password', details: [{ field: 'currentPassword', code: 'wrong_password' }] });
    expect(JSON.stringify(wrong.body)).not.toContain('not-my-password');
    const weak = await t.http().post(CHANGE).set(auth(a.token)).send({ currentPassword: a.password, newPassword: 'qwertyuiop' });
    expect(weak.status).toBe(400);
    expect(weak.body.details).toEqual([expect.objectContaining({ field: 'newPassword', code: 'common_password' })]);
    expect(JSON.stringify(weak.body)).not.toContain('qwertyuiop');
    await t.http().get(ME).set(auth(a.token)).expect(200); // nothing changed
  });

  it('lets an admin reset a password: the user’s tokens are revoked, the new one works, audited; others get 403', async () => {
    const a = await newAccount(t, admin);
    const b = await newAccount(t, admin);
    expect((await t.http().post(`${USERS}/${a.id}/password`).set(auth(b.token)).send({ password: 'reset-by-officer' })).status).toBe(403);
    const res = await t.http().post(`${USERS}/${a.id}/password`).set(auth(admin)).send({ password: 'reset-by-admin-1' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: a.id, email: a.email });
    expect((await t.http().get(ME).set(auth(a.token))).body.code).toBe('token_revoked');
    await t.login(a.email, 'reset-by-admin-1');
    const rows = await trail(a.id);
    expect(rows[0]).toMatchObject({ action: 'password.reset' });
    expect(JSON.stringify(rows)).not.toContain('reset-by-admin-1');
    expect((await t.http().post(`${USERS}/99999/password`).set(auth(admin)).send({ password: 'reset-by-admin-1' })).status).toBe(404);
  });

  it('keeps an existing account with a shorter password logging in (the policy applies when a password is set)', async () => {
    const a = await newAccount(t, admin);
    const { hashPassword } = await import('../../src/users/passwords');
    await t.ds.query(t.config.database.type === 'postgres' ? 'UPDATE users SET "passwordHash" = $1 WHERE id = $2' : 'UPDATE users SET "passwordHash" = ? WHERE id = ?', [await hashPassword('old-8chr'), a.id]);
    await t.login(a.email, 'old-8chr');
  });
});

describeEachDatabase('login limiter', (db) => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    // supertest connects from loopback: with TRUSTED_PROXY=loopback, X-Forwarded-For names the client, as behind a proxy.
    t = await startTestApp(db, { env: { LOGIN_MAX_FAILURES: '3', LOGIN_MAX_FAILURES_PER_ACCOUNT: '6', TRUSTED_PROXY: 'loopback' } });
    admin = await t.login(ADMIN.email, ADMIN.password);
  });
  afterAll(() => t?.close());

  const login = (email: string, password: string, from: string) => t.http().post(LOGIN).set('X-Forwarded-For', from).send({ email, password });

  it('never counts successful logins: 15 colleagues and 15 logins of one account from one office address all pass', async () => {
    const people = [];
    for (let i = 0; i < 15; i++) people.push(await newAccount(t, admin));
    for (const p of people) expect((await login(p.email, p.password, '203.0.113.7')).status).toBe(200);
    for (let i = 0; i < 15; i++) expect((await login(people[0].email, people[0].password, '203.0.113.7')).status).toBe(200);
  });

  it('stops an account at one address after 3 failures, with Retry-After, while the same account elsewhere and others here still log in', async () => {
    const a = await newAccount(t, admin);
    const b = await newAccount(t, admin);
    for (let i = 0; i < 3; i++) expect((await login(a.email, 'wrong-guess-1', '198.51.100.1')).status).toBe(401);
    const stopped = await login(a.email, a.password, '198.51.100.1');
    expect(stopped.status).toBe(429);
    expect(stopped.body).toMatchObject({ statusCode: 429, code: 'too_many_attempts', message: expect.stringMatching(/请 15 分钟后再试/), retryAfter: 900 });
    expect(stopped.headers['retry-after']).toBe('900');
    expect((await login(a.email, a.password, '198.51.100.2')).status).toBe(200);
    expect((await login(b.email, b.password, '198.51.100.1')).status).toBe(200);
  });

  it('stops an account everywhere for a shorter time after 6 failures from many addresses', async () => {
    const leader = await newAccount(t, admin, { role: 'leader' });
    for (let i = 0; i < 6; i++) expect((await login(leader.email, 'wrong-guess-1', `192.0.2.${i + 1}`)).status).toBe(401);
    const res = await login(leader.email, leader.password, '10.1.1.1');
    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toBe('300');
    expect(res.body.message).toContain('5 分钟后再试');
  });

  it('counts a wrong old password on a password change as a failed attempt', async () => {
    const a = await newAccount(t, admin);
    for (let i = 0; i < 3; i++) {
      const res = await t.http().post(CHANGE).set(auth(a.token)).set('X-Forwarded-For', '198.51.100.9').send({ currentPassword: 'wrong-guess-1', newPassword: 'my-new-passphrase' });
      expect(res.status).toBe(400);
    }
    expect((await login(a.email, a.password, '198.51.100.9')).status).toBe(429);
    const change = await t.http().post(CHANGE).set(auth(a.token)).set('X-Forwarded-For', '198.51.100.9').send({ currentPassword: a.password, newPassword: 'my-new-passphrase' });
    expect(change.status).toBe(429);
  });

  it('lets an admin unlock an account at once (audited); others may not', async () => {
    const a = await newAccount(t, admin);
    for (let i = 0; i < 6; i++) await login(a.email, 'wrong-guess-1', `192.0.2.${100 + i}`);
    expect((await login(a.email, a.password, '198.51.100.50')).status).toBe(429);
    expect((await t.http().post(`${USERS}/${a.id}/unlock`).set(auth(a.token))).status).toBe(403);
    const res = await t.http().post(`${USERS}/${a.id}/unlock`).set(auth(admin));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ userId: a.id, failuresCleared: true });
    expect((await login(a.email, a.password, '198.51.100.50')).status).toBe(200);
    const rows = (await t.http().get(`/api/v1/audit?entity=user&id=${a.id}`).set(auth(admin)).expect(200)).body.items as { action: string }[];
    expect(rows[0]).toMatchObject({ action: 'login.unlock' });
    expect((await t.http().post(`${USERS}/99999/unlock`).set(auth(admin))).status).toBe(404);
  });
});
