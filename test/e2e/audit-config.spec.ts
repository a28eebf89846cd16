import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_PASSWORD } from '../../config/defaults';
import { ConfigError, loadConfig } from '../../src/core/config/app-config';
import { bearer, creditCode, makeProject, seedWorld, totalOf, type World } from '../helpers/fixtures';
import { ADMIN, describeEachDatabase, startTestApp, type TestApp } from '../helpers/test-app';

const ROOT = join(__dirname, '..', '..');

interface AuditRow {
  id: number;
  entity: string;
  entityId: string;
  action: string;
  actorId: number | null;
  actorName: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  fieldLabels: Record<string, string>;
  createdAt: string;
}

describeEachDatabase('audit', (db) => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await startTestApp(db);
    w = await seedWorld(t);
  });
  afterAll(() => t?.close());

  /** The audit trail of one record, newest first, as the admin reads it. */
  const trail = async (entity: string, id: number | string): Promise<AuditRow[]> => {
    const res = await t.http().get(`/api/v1/audit?entity=${entity}&id=${encodeURIComponent(String(id))}&pageSize=200`).set(bearer(w.admin));
    expect(res.status).toBe(200);
    return res.body.items;
  };
  const auditTotal = () => totalOf(t, w.admin, '/api/v1/audit');

  it('records creating and updating a project with the actor and only what changed', async () => {
    const p = await makeProject(t, w.officerA, { plannedInvestment: 100 });
    const created = await trail('project', p.id);
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ entity: 'project', entityId: String(p.id), action: 'create', actorId: w.officerA.id, actorName: 'officerA', before: null });
    expect(created[0].after).toMatchObject({ id: p.id, plannedInvestment: 100, stage: 'visit', industryChain: 'new_energy_storage' });

    await t.http().patch(`/api/v1/projects/${p.id}`).set(bearer(w.managerA)).send({ version: p.version, plannedInvestment: 200 }).expect(200);
    const [update] = await trail('project', p.id);
    expect(update).toMatchObject({ action: 'update', actorId: w.managerA.id, actorName: 'managerA' });
    expect(update.before).toMatchObject({ plannedInvestment: 100 });
    expect(update.after).toMatchObject({ plannedInvestment: 200 });
    // unchanged fields are not in the record
    for (const side of [update.before!, update.after!]) {
      expect(side).not.toHaveProperty('name');
      expect(side).not.toHaveProperty('industryChain');
      expect(side).not.toHaveProperty('stage');
    }
    expect(new Set(Object.keys(update.after!))).toEqual(new Set(Object.keys(update.before!)));
  });

  it('records transitions and reverts under entity=project', async () => {
    const p = await makeProject(t, w.officerA, { createdOn: '2026-05-01' });
    const moved = await t.http().post(`/api/v1/projects/${p.id}/transitions`).set(bearer(w.officerA))
      .send({ to: 'signed', version: p.version, signedOn: '2026-06-01', contractInvestment: 5000, agreementType: 'investment' })
      .expect(201);
    const reverted = await t.http().post(`/api/v1/projects/${p.id}/transitions/revert`).set(bearer(w.managerA))
      .send({ version: moved.body.project.version, reason: '误操作：尚未签约' })
      .expect(201);
    expect(reverted.body.project.stage).toBe('visit');

    const rows = await trail('project', p.id);
    expect(rows.map((r) => r.action)).toEqual(['revert', 'transition', 'create']);
    const [revert, transition] = rows;
    expect(transition).toMatchObject({ actorId: w.officerA.id, before: { stage: 'visit' }, after: { stage: 'signed', signedOn: '2026-06-01', contractInvestment: 5000 } });
    expect(revert).toMatchObject({ actorId: w.managerA.id, before: { stage: 'signed' }, after: { stage: 'visit', reason: '误操作：尚未签约' } });
  });

  it('records creating and updating a company', async () => {
    const c = await t.http().post('/api/v1/companies').set(bearer(w.officerA))
      .send({ name: '审计测试有限公司', contacts: [{ name: '联系人甲' }] }).expect(201);
    await t.http().patch(`/api/v1/companies/${c.body.id}`).set(bearer(w.officerA2)).send({ version: 1, address: '关坝组团' }).expect(200);
    const rows = await trail('company', c.body.id);
    expect(rows.map((r) => r.action)).toEqual(['update', 'create']);
    expect(rows[1]).toMatchObject({ actorId: w.officerA.id, after: { name: '审计测试有限公司' } });
    expect((rows[1].after as { contacts: { name: string }[] }).contacts.map((x) => x.name)).toEqual(['联系人甲']);
    expect(rows[0]).toMatchObject({ actorId: w.officerA2.id, before: { address: null }, after: { address: '关坝组团' } });
    expect(rows[0].after).not.toHaveProperty('name');
  });

  it('records creating and updating a user, never with a password hash', async () => {
    const u = await t.http().post('/api/v1/users').set(bearer(w.admin))
      .send({ email: 'audited@test.local', name: '被审计人', password: 'first-password-1', role: 'officer', teamId: w.teamA }).expect(201);
    await t.http().patch(`/api/v1/users/${u.body.id}`).set(bearer(w.admin)).send({ role: 'manager', password: 'second-password-2' }).expect(200);
    const rows = await trail('user', u.body.id);
    expect(rows.map((r) => r.action)).toEqual(['update', 'create']);
    expect(rows[1]).toMatchObject({ actorId: w.admin.id, actorName: '系统管理员', after: { email: 'audited@test.local', role: 'officer' } });
    expect(rows[0]).toMatchObject({
      actorId: w.admin.id,
      before: { role: 'officer' },
      after: { role: 'manager', password: '（已修改）' },
    });
    expect(rows[0].after).not.toHaveProperty('dataScope'); // unchanged: team → team
    expect(rows[0].after).not.toHaveProperty('email');
    const text = JSON.stringify(rows);
    expect(text).not.toMatch(/\$2[aby]\$/);
    expect(text).not.toContain('first-password-1');
    expect(text).not.toContain('second-password-2');
    expect(text).not.toContain('passwordHash');
  });

  it('names the actor of each row: null for what the system did (the first admin at boot)', async () => {
    expect(await trail('user', w.admin.id)).toMatchObject([{ action: 'create', actorId: null, actorName: null }]);
  });

  it('pages the trail newest first, each page with its actors, the total counting every row', async () => {
    const all = (await t.http().get('/api/v1/audit?pageSize=200').set(bearer(w.admin)).expect(200)).body;
    const second = (await t.http().get('/api/v1/audit?pageSize=3&page=2').set(bearer(w.admin)).expect(200)).body;
    expect(second.total).toBe(all.total);
    expect(second.items.map((r: AuditRow) => [r.id, r.actorName])).toEqual(all.items.slice(3, 6).map((r: AuditRow) => [r.id, r.actorName]));
    expect(all.items.map((r: AuditRow) => r.id)).toEqual([...all.items.map((r: AuditRow) => r.id)].sort((a, b) => b - a));
  });

  it('records creating and renaming a team', async () => {
    const team = await t.http().post('/api/v1/teams').set(bearer(w.admin)).send({ name: '审计专班' }).expect(201);
    await t.http().patch(`/api/v1/teams/${team.body.id}`).set(bearer(w.admin)).send({ name: '审计专班（改）' }).expect(200);
    const rows = await trail('team', team.body.id);
    expect(rows.map((r) => r.action)).toEqual(['update', 'create']);
    expect(rows[1]).toMatchObject({ actorId: w.admin.id, after: { name: '审计专班' } });
    expect(rows[0]).toMatchObject({ actorId: w.admin.id, before: { name: '审计专班' }, after: { name: '审计专班（改）' } });
  });

  it('records creating and changing a dictionary entry under kind/code', async () => {
    await t.http().post('/api/v1/dictionaries/parks').set(bearer(w.admin)).send({ code: 'audit_park', label: '审计园' }).expect(201);
    await t.http().patch('/api/v1/dictionaries/parks/audit_park').set(bearer(w.admin)).send({ label: '审计产业园', active: false }).expect(200);
    const rows = await trail('dictionary', 'parks/audit_park');
    expect(rows.map((r) => r.action)).toEqual(['update', 'create']);
    expect(rows[1]).toMatchObject({ actorId: w.admin.id, after: { code: 'audit_park', label: '审计园' } });
    expect(rows[0]).toMatchObject({ before: { label: '审计园', active: true }, after: { label: '审计产业园', active: false } });
  });

  it('labels each row in Chinese: the kind of record, its name now, the action and the changed fields', async () => {
    const p = await makeProject(t, w.officerA, { plannedInvestment: 100 });
    await t.http().patch(`/api/v1/projects/${p.id}`).set(bearer(w.officerA)).send({ version: p.version, plannedInvestment: 250 }).expect(200);
    const [update] = await trail('project', p.id);
    expect(update).toMatchObject({ entityLabel: '项目', entityName: p.name, actionLabel: '修改', fieldLabels: { plannedInvestment: '计划投资' } });
    await t.http().post('/api/v1/dictionaries/parks').set(bearer(w.admin)).send({ code: 'label_park', label: '标签园' }).expect(201);
    const [entry] = await trail('dictionary', 'parks/label_park');
    expect(entry).toMatchObject({ entityLabel: '字典', entityName: '标签园', actionLabel: '新建' });
    expect(entry.fieldLabels).toMatchObject({ code: '编码', label: '名称', sortOrder: '排序号' });
    const [created] = (await trail('project', p.id)).slice(-1);
    expect(created.fieldLabels).toMatchObject({ stage: '阶段', stageLabel: '阶段', ownerName: '负责人', companyName: '企业名称' });
  });

  it('filters the trail by the district’s calendar days the rows were written on', async () => {
    const team = await t.http().post('/api/v1/teams').set(bearer(w.admin)).send({ name: '按日专班' }).expect(201);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const day = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
    const ids = async (q: string) => {
      const res = await t.http().get(`/api/v1/audit?entity=team&id=${team.body.id}&${q}`).set(bearer(w.admin)).expect(200);
      return res.body.items.map((r: AuditRow) => r.action);
    };
    expect(await ids(`from=${today}&to=${today}`)).toEqual(['create']);
    expect(await ids(`from=${today}`)).toEqual(['create']);
    expect(await ids(`to=${day(today, -1)}`)).toEqual([]);
    expect(await ids(`from=${day(today, 1)}`)).toEqual([]);
    const reversed = await t.http().get(`/api/v1/audit?from=${today}&to=${day(today, -1)}`).set(bearer(w.admin));
    expect(reversed.status).toBe(400);
    expect(reversed.body.details[0]).toMatchObject({ field: 'to', code: 'range_reversed' });
  });

  it('shows a project’s trail to admin, leader and the manager of its team only', async () => {
    const p = await makeProject(t, w.officerA);
    const pB = await makeProject(t, w.officerB);
    const url = `/api/v1/audit?entity=project&id=${p.id}`;
    for (const who of [w.admin, w.leader, w.managerA]) {
      const res = await t.http().get(url).set(bearer(who));
      expect(res.status).toBe(200);
      expect(res.body.items.map((r: AuditRow) => r.action)).toEqual(['create']);
    }
    const other = await t.http().get(url).set(bearer(w.managerB));
    expect(other.status).toBe(404);
    expect(other.body.items).toBeUndefined();
    for (const who of [w.officerA, w.officerB, w.viewer]) {
      expect((await t.http().get(url).set(bearer(who))).status).toBe(403);
    }
    // an id that cannot be a project is simply not found for a scoped manager, never a server error
    for (const id of ['abc', '12abc', '99999']) {
      expect((await t.http().get(`/api/v1/audit?entity=project&id=${id}`).set(bearer(w.managerA))).status).toBe(404);
    }
    expect((await t.http().get('/api/v1/audit?entity=project&id=abc').set(bearer(w.admin)).expect(200)).body.items).toEqual([]);
    // nor does managerB find it by listing without an id
    const list = await t.http().get('/api/v1/audit?pageSize=200').set(bearer(w.managerB)).expect(200);
    expect((list.body.items as AuditRow[]).some((r) => r.entity === 'project' && r.entityId === String(p.id))).toBe(false);
    expect((list.body.items as AuditRow[]).some((r) => r.entity === 'project' && r.entityId === String(pB.id))).toBe(true);
    expect((list.body.items as AuditRow[]).every((r) => r.entity === 'project')).toBe(true);
  });

  it('writes no audit row for a refused write', async () => {
    const p = await makeProject(t, w.officerA, { plannedInvestment: 300 });
    const patched = await t.http().patch(`/api/v1/projects/${p.id}`).set(bearer(w.officerA)).send({ version: p.version, plannedInvestment: 400 }).expect(200);
    const code = creditCode('91500110MA60XY8E4');
    await t.http().post('/api/v1/companies').set(bearer(w.officerA)).send({ name: '已占用代码有限公司', creditCode: code }).expect(201);
    const before = await auditTotal();
    const projectRows = (await trail('project', p.id)).length;

    const refused: [string, () => Promise<{ status: number }>, number][] = [
      ['stale project version', () => t.http().patch(`/api/v1/projects/${p.id}`).set(bearer(w.officerA)).send({ version: p.version, plannedInvestment: 500 }), 409],
      ['unknown park', () => t.http().patch(`/api/v1/projects/${p.id}`).set(bearer(w.officerA)).send({ version: patched.body.version, park: 'atlantis', plannedInvestment: 600 }), 400],
      ['transition not allowed', () => t.http().post(`/api/v1/projects/${p.id}/transitions`).set(bearer(w.officerA)).send({ to: 'production', version: patched.body.version, productionStartedOn: '2026-06-01' }), 422],
      ['signing without data', () => t.http().post(`/api/v1/projects/${p.id}/transitions`).set(bearer(w.officerA)).send({ to: 'signed', version: patched.body.version }), 400],
      ['duplicate credit code', () => t.http().post('/api/v1/companies').set(bearer(w.officerB)).send({ name: '抢注有限公司', creditCode: code }), 409],
      ['bad credit code', () => t.http().post('/api/v1/companies').set(bearer(w.officerB)).send({ name: '坏代码有限公司', creditCode: '123' }), 400],
      ['duplicate team', () => t.http().post('/api/v1/teams').set(bearer(w.admin)).send({ name: '新能源专班' }), 409],
      ['duplicate e-mail', () => t.http().post('/api/v1/users').set(bearer(w.admin)).send({ email: w.officerA.email, name: '重复', password: 'long-enough-1', role: 'viewer' }), 409],
      ['unknown team for a user', () => t.http().patch(`/api/v1/users/${w.officerA2.id}`).set(bearer(w.admin)).send({ teamId: 99999, name: '改名' }), 400],
      ['last admin demoted', () => t.http().patch(`/api/v1/users/${w.admin.id}`).set(bearer(w.admin)).send({ role: 'viewer' }), 422],
      ['duplicate dictionary code', () => t.http().post('/api/v1/dictionaries/parks').set(bearer(w.admin)).send({ code: 'pingshan', label: '平山二' }), 409],
      ['not allowed to write', () => t.http().patch(`/api/v1/projects/${p.id}`).set(bearer(w.viewer)).send({ version: patched.body.version, plannedInvestment: 700 }), 403],
    ];
    for (const [what, call, status] of refused) {
      const res = await call();
      expect({ what, status: res.status }).toEqual({ what, status });
    }
    expect(await auditTotal()).toBe(before);
    expect((await trail('project', p.id)).length).toBe(projectRows);
    const now = await t.http().get(`/api/v1/projects/${p.id}`).set(bearer(w.officerA)).expect(200);
    expect(now.body).toMatchObject({ plannedInvestment: 400, park: null, stage: 'visit', version: patched.body.version });
  });
});

describe('configuration', () => {
  const base = {
    NODE_ENV: 'test',
    JWT_SECRET: 'config-test-secret-'.padEnd(48, 'z'),
    ADMIN_PASSWORD: 'config-admin-1',
    DATABASE_PATH: join(tmpdir(), 'zs-config-never-opened.sqlite'),
  };

  /** The ConfigError loadConfig throws for this environment. */
  const problemsOf = (env: Record<string, string | undefined>): ConfigError => {
    try {
      loadConfig(env);
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      return err as ConfigError;
    }
    throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
  };

  it('accepts a sound environment and fills in the defaults', () => {
    const c = loadConfig(base);
    expect(c).toMatchObject({ env: 'test', port: 3000, timezone: 'Asia/Shanghai', demoData: true, database: { type: 'sqlite' } });
    const pg = loadConfig({ ...base, PORT: '8080', DATABASE_URL: 'postgres://u@db:5432/zs', DEMO_DATA: 'false', APP_TIMEZONE: 'Europe/Berlin' });
    expect(pg).toMatchObject({ port: 8080, database: { type: 'postgres', url: 'postgres://u@db:5432/zs' }, demoData: false, timezone: 'Europe/Berlin' });
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://x'],
    ['DEMO_DATA', 'maybe'],
    ['APP_TIMEZONE', 'Mars/Olympus'],
    ['LOGIN_MAX_FAILURES', '0'],
    ['TRUSTED_PROXY', 'true'],
    ['TRUSTED_PROXY', '10.0.0.0/33'],
    ['ADMIN_PASSWORD', 'nine-char'],
    ['NODE_ENV', 'staging'],
  ])('throws a ConfigError naming %s for %s', (name, value) => {
    const err = problemsOf({ ...base, [name]: value });
    expect(err.problems).toHaveLength(1);
    expect(err.problems[0].startsWith(`${name}=`)).toBe(true);
    expect(err.message).toContain(name);
    expect(err.message).toContain(value);
  });

  it('names every bad variable at once', () => {
    const err = problemsOf({ ...base, PORT: 'abc', DEMO_DATA: 'maybe', DATABASE_URL: 'mysql://x' });
    expect(err.problems.map((p) => p.split('=')[0]).sort()).toEqual(['DATABASE_URL', 'DEMO_DATA', 'PORT']);
  });

  it('refuses production without JWT_SECRET or ADMIN_PASSWORD, naming what is missing', () => {
    const both = problemsOf({ NODE_ENV: 'production', DATABASE_PATH: base.DATABASE_PATH });
    expect(both.message).toContain('JWT_SECRET');
    expect(both.message).toContain('ADMIN_PASSWORD');
    const noSecret = problemsOf({ NODE_ENV: 'production', ADMIN_PASSWORD: base.ADMIN_PASSWORD, DATABASE_PATH: base.DATABASE_PATH });
    expect(noSecret.problems).toHaveLength(1);
    expect(noSecret.problems[0]).toContain('JWT_SECRET');
    const noPassword = problemsOf({ NODE_ENV: 'production', JWT_SECRET: base.JWT_SECRET, DATABASE_PATH: base.DATABASE_PATH });
    expect(noPassword.problems).toHaveLength(1);
    expect(noPassword.problems[0]).toContain('ADMIN_PASSWORD');
    expect(loadConfig({ ...base, NODE_ENV: 'production' }).env).toBe('production');
  });

  describe('the built server', () => {
    const main = join(ROOT, 'dist', 'src', 'main.js');
    const localNode = join(ROOT, 'node_modules', '.bin', 'node');
    const node = existsSync(localNode) ? localNode : process.execPath;

    beforeAll(() => {
      if (existsSync(main)) return;
      const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8', timeout: 300_000 });
      if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}\n${build.stderr}`);
    }, 320_000);

    it('stops the boot with exit code 1 and a message naming the bad variable', () => {
      const run = spawnSync(node, [main], {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 30_000,
        env: { PATH: process.env.PATH ?? '', ...base, LOG_LEVEL: 'silent', PORT: 'abc' },
      });
      expect(run.error).toBeUndefined();
      expect(run.signal).toBeNull(); // it stopped by itself, not by our timeout
      expect(run.status).toBe(1);
      expect(run.stderr).toContain('PORT');
      expect(run.stderr).toContain('abc');
      expect(run.stdout).not.toContain('is up');
    }, 40_000);
  });
});

describeEachDatabase('demo data on', (db) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(db, { env: { DEMO_DATA: 'true' } });
  }, 120_000);
  afterAll(() => t?.close());

  it('lets every demo account log in with the demo password', async () => {
    for (const [email, role] of [
      ['officer@demo.local', 'officer'], ['officer2@demo.local', 'officer'], ['manager@demo.local', 'manager'],
      ['leader@demo.local', 'leader'], ['viewer@demo.local', 'viewer'],
    ]) {
      const res = await t.http().post('/api/v1/auth/login').send({ email, password: DEMO_PASSWORD });
      expect(res.status).toBe(200);
      expect(res.body.user.role).toBe(role);
    }
    expect((await t.http().post('/api/v1/auth/login').send({ email: 'officer@demo.local', password: 'wrong-password' })).status).toBe(401);
    // the configured admin is there too
    expect((await t.http().post('/api/v1/auth/login').send(ADMIN)).status).toBe(200);
  });

  it('has projects at every stage of the pipeline, with companies and teams', async () => {
    const admin = { Authorization: `Bearer ${await t.login(ADMIN.email, ADMIN.password)}` };
    const res = await t.http().get('/api/v1/projects?pageSize=200').set(admin).expect(200);
    const stages = new Set((res.body.items as { stage: string }[]).map((p) => p.stage));
    expect([...stages].sort()).toEqual(['construction', 'dropped', 'negotiation', 'on_hold', 'production', 'signed', 'visit']);
    expect((await t.http().get('/api/v1/companies').set(admin).expect(200)).body.total).toBeGreaterThanOrEqual(res.body.total);
    expect((await t.http().get('/api/v1/teams').set(admin).expect(200)).body.total).toBeGreaterThanOrEqual(2);

    // the demo officer sees his team's projects, not all of them
    const officer = { Authorization: `Bearer ${await t.login('officer@demo.local', DEMO_PASSWORD)}` };
    const mine = await t.http().get('/api/v1/projects?pageSize=200').set(officer).expect(200);
    expect(mine.body.total).toBeGreaterThan(0);
    expect(mine.body.total).toBeLessThan(res.body.total);
  });
});

describeEachDatabase('demo data off', (db) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(db, { env: { DEMO_DATA: 'false' } });
  });
  afterAll(() => t?.close());

  it('starts with only the admin account and the default dictionaries', async () => {
    const admin = { Authorization: `Bearer ${await t.login(ADMIN.email, ADMIN.password)}` };
    const users = await t.http().get('/api/v1/users').set(admin).expect(200);
    expect(users.body.total).toBe(1);
    expect(users.body.items[0]).toMatchObject({ email: ADMIN.email, role: 'admin' });
    expect((await t.http().get('/api/v1/projects').set(admin).expect(200)).body.total).toBe(0);
    expect((await t.http().get('/api/v1/companies').set(admin).expect(200)).body.total).toBe(0);
    expect((await t.http().get('/api/v1/teams').set(admin).expect(200)).body.total).toBe(0);
    expect((await t.http().get('/api/v1/dictionaries/industry-chains').set(admin).expect(200)).body.total).toBe(6);
    expect((await t.http().get('/api/v1/dictionaries/company-tiers').set(admin).expect(200)).body.total).toBe(7);
    expect((await t.http().post('/api/v1/auth/login').send({ email: 'officer@demo.local', password: DEMO_PASSWORD })).status).toBe(401);
  });
});
