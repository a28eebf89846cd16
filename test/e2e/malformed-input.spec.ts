/**
 * The 500s of issue 9, each now a 400 with a code and a Chinese message, the
 * same on SQLite and PostgreSQL: a NUL byte in any text, whole numbers that
 * are not safe or beyond a 32-bit id, sort keys every object inherits, a body
 * 20,000 levels deep (login included), a lone surrogate in an e-mail, path
 * ids in other number syntaxes, and a company with 33,000 contact phones.
 * The routes come from openapi.json, so a new one is covered when it comes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dialectOf } from '../../src/core/database/dialect';
import { bearer, makeProject, seedWorld, type World } from '../helpers/fixtures';
import { concretePath } from '../helpers/fuzz-cases';
import { type FuzzTargets, makeFuzzTargets } from '../helpers/fuzz-world';
import { type OpenApiDocument, operations } from '../helpers/openapi';
import { changedTables, tableChecksums } from '../helpers/table-checksums';
import { describeEachDatabase, startTestApp, type TestApp } from '../helpers/test-app';

const DOC = JSON.parse(readFileSync(join(__dirname, '..', '..', 'openapi.json'), 'utf8')) as OpenApiDocument;
type Op = { parameters?: { name: string; in: string; schema: { type?: string } }[]; requestBody?: { content?: Record<string, unknown> } };
const OPS = operations(DOC).map((o) => ({ ...o, op: o.op as unknown as Op }));
const CJK = /[\u3400-\u9fff]/;

describeEachDatabase('malformed input answers 400, never 500', (db) => {
  let t: TestApp;
  let w: World;
  let world: FuzzTargets;

  beforeAll(async () => {
    t = await startTestApp(db);
    w = await seedWorld(t);
    world = await makeFuzzTargets(t, w);
  });
  afterAll(() => t?.close());

  const admin = () => bearer(w.admin);
  /** The answer must be a 400 with `code` naming `field`, in Chinese. */
  const expect400 = (res: { status: number; body: { code?: string; message?: string; details?: { field: string; code: string }[] } }, code: string, field?: string) => {
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 400, code });
    expect(res.body.message).toMatch(CJK);
    if (field) expect(res.body.details?.map((d) => d.field)).toContain(field);
  };

  it('refuses a NUL byte in a body field, a query string or a path segment with control_character, writing nothing', async () => {
    const before = await tableChecksums(t.ds);
    expect400(await t.http().post('/api/v1/companies').set(admin()).send({ name: '重庆\u0000科技有限公司' }), 'control_character', 'name');
    expect400(await t.http().post(`/api/v1/projects/${world.projectId}/activities`).set(admin())
      .send({ kind: 'call', occurredOn: '2026-06-01', summary: '电话\u0000沟通' }), 'control_character', 'summary');
    expect400(await t.http().get('/api/v1/projects?q=a%00b').set(admin()), 'control_character', 'q');
    expect400(await t.http().get('/api/v1/companies?tier=a%00').set(admin()), 'control_character', 'tier');
    expect400(await t.http().patch('/api/v1/dictionaries/parks/a%00b').set(admin()).send({ label: '平山' }), 'control_character', 'code');
    expect400(await t.http().post('/api/v1/auth/login').send({ email: 'admin\u0000@test.local', password: 'x' }), 'control_character', 'email');
    expect(changedTables(before, await tableChecksums(t.ds))).toEqual([]);
  });

  it('refuses whole numbers that are not safe integers or do not fit an id: ?teamId=1e308, companyId 123456789012345, version 1e308', async () => {
    expect400(await t.http().get('/api/v1/projects?teamId=1e308').set(admin()), 'not_integer', 'teamId');
    expect400(await t.http().get('/api/v1/users?teamId=99999999999').set(admin()), 'too_large', 'teamId');
    expect400(await t.http().get('/api/v1/activities?projectId=0x10').set(admin()), 'not_integer', 'projectId');
    expect400(await t.http().post('/api/v1/projects').set(admin())
      .send({ name: '越界项目', companyId: 123456789012345, industryChain: 'new_energy_storage' }), 'too_large', 'companyId');
    expect400(await t.http().patch(`/api/v1/projects/${world.projectId}`).set(admin()).send({ version: 1e308, name: '改名' }), 'not_integer', 'version');
  });

  it('refuses sorting by a name every object inherits on every list and export, and sort itself where a list does not sort', async () => {
    const lists = OPS.filter(({ op }) => op.parameters?.some((p) => p.name === 'sort'));
    expect(lists.map((l) => l.name)).toEqual(expect.arrayContaining(['GET /api/v1/projects', 'GET /api/v1/reports/projects.xlsx', 'GET /api/v1/users']));
    for (const { path } of lists) {
      for (const name of ['constructor', 'valueOf', 'toString', 'hasOwnProperty']) {
        const res = await t.http().get(`${concretePath(path, world)}?sort=${name}:asc`).set(admin());
        expect({ path, name, status: res.status, code: res.body.code }).toEqual({ path, name, status: 400, code: 'unknown_sort_field' });
      }
    }
    for (const path of ['/api/v1/audit', '/api/v1/notifications']) {
      expect400(await t.http().get(`${path}?sort=constructor:asc`).set(admin()), 'unknown_field', 'sort');
    }
  });

  it('refuses a body of 20,000 nested arrays or objects on every body route, login included, with too_deep', async () => {
    // the JSON body routes (an upload takes multipart/form-data and no JSON: a JSON body there is answered 400 for the missing file)
    const routes = OPS.filter(({ op }) => op.requestBody?.content?.['application/json']);
    expect(routes.map((r) => r.name)).toContain('POST /api/v1/auth/login');
    // 20,000 levels of objects would pass the 100 kB body limit (a 413 before any parsing): 10,000 stay under it.
    for (const deep of ['['.repeat(20_000) + ']'.repeat(20_000), '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000)]) {
      for (const { name, method, path } of routes) {
        const res = await t.http()[method as 'post'](concretePath(path, world)).set(admin()).set('Content-Type', 'application/json').send(deep);
        expect({ name, status: res.status, code: res.body.code }).toEqual({ name, status: 400, code: 'too_deep' });
      }
    }
  });

  it('refuses a lone surrogate in an e-mail (login, a new account, a contact) and in any text with malformed_text', async () => {
    const send = (method: 'post', url: string, json: string) => t.http()[method](url).set(admin()).set('Content-Type', 'application/json').send(json);
    expect400(await send('post', '/api/v1/auth/login', '{"email":"admin\\ud800@test.local","password":"admin-password-1"}'), 'malformed_text', 'email');
    expect400(await send('post', '/api/v1/users', '{"email":"a\\udc00@test.local","name":"甲","password":"password-123","role":"viewer"}'), 'malformed_text', 'email');
    expect400(await send('post', `/api/v1/companies/${world.companyId}/contacts`, '{"name":"李明","email":"li@b\\ud800.cn"}'), 'malformed_text', 'email');
    expect400(await send('post', '/api/v1/teams', '{"name":"专班\\ud800"}'), 'malformed_text', 'name');
  });

  it('answers ids in plain decimal digits only: 0x1, 1e0, 01, " 1" are 400 bad_id on every route with an id in its path', async () => {
    const routes = OPS.filter(({ op }) => op.parameters?.some((p) => p.in === 'path' && p.schema.type === 'number'));
    expect(routes.length).toBeGreaterThanOrEqual(20);
    for (const { name, method, path, op } of routes) {
      for (const param of op.parameters!.filter((p) => p.in === 'path' && p.schema.type === 'number')) {
        for (const bad of ['0x1', '1e0', '01', '%201']) {
          const res = await t.http()[method as 'get'](concretePath(path, world, { [param.name]: bad })).set(admin()).send({});
          expect({ name, param: param.name, bad, status: res.status, code: res.body.code }).toEqual({ name, param: param.name, bad, status: 400, code: 'bad_id' });
        }
      }
    }
    expect((await t.http().get(`/api/v1/projects/${world.projectId}`).set(admin())).status).toBe(200);
  });

  it('opens a company with 33,000 contact phones and its projects, and still finds the look-alike behind its last phone', async () => {
    const crowded = await makeProject(t, w.officerA, {}, { name: '联系人众多有限公司' });
    const phones = Array.from({ length: 33_000 }, (_, i) => `139${String(i).padStart(8, '0')}`);
    const pg = dialectOf(t.ds) === 'postgres';
    for (let i = 0; i < phones.length; i += 1000) {
      const rows = phones.slice(i, i + 1000).map((p, j) => `(${crowded.companyId}, '联系人${i + j}', '${p}', '${p}'${pg ? ', now()' : ", datetime('now')"})`);
      await t.ds.query(`INSERT INTO contacts ("companyId", name, phone, "normalizedPhone", "createdAt") VALUES ${rows.join(', ')}`);
    }
    const other = await makeProject(t, w.officerB, {}, { name: '另一家科技有限公司', contacts: [{ name: '王五', phone: phones[phones.length - 1] }] });

    const detail = await t.http().get(`/api/v1/projects/${crowded.id}`).set(admin());
    expect(detail.status).toBe(200);
    expect(detail.body.possibleDuplicates).toEqual(expect.arrayContaining([expect.objectContaining({ reason: 'contact_phone', companyId: other.companyId })]));
    const company = await t.http().get(`/api/v1/companies/${crowded.companyId}`).set(admin());
    expect(company.status).toBe(200);
    expect(company.body.contacts).toHaveLength(33_000);
    const again = await t.http().post('/api/v1/projects').set(bearer(w.officerA))
      .send({ name: '再投一个项目', companyId: crowded.companyId, industryChain: 'new_energy_storage' });
    expect(again.status).toBe(201);
  }, 120_000);
});
