import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { ACTIVITY_KINDS } from '../../src/activities/activity.entity';
import { ROLES } from '../../src/core/auth/roles';
import { bearer, creditCode, makeProject, seedWorld, type World } from '../helpers/fixtures';
import { allRefs, conformance, type MediaType, type OpenApiDocument, type Operation, operationFor, operations, resolveRef } from '../helpers/openapi';
import { startTestApp, type TestApp } from '../helpers/test-app';

const COMMITTED = join(__dirname, '..', '..', 'openapi.json');
const REGENERATE = 'run `npm run openapi` and commit openapi.json';
const CJK = /[\u3400-\u9fff]/;
const JSON_TYPE = 'application/json';

/** The first paths at which two JSON values differ, to say what changed. */
function differences(a: unknown, b: unknown, at = '$', out: string[] = []): string[] {
  if (out.length >= 10 || isDeepStrictEqual(a, b)) return out;
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const ao = a as Record<string, unknown>;
    const bo = b as Record<string, unknown>;
    for (const k of new Set([...Object.keys(ao), ...Object.keys(bo)])) differences(ao[k], bo[k], `${at}.${k}`, out);
  } else {
    out.push(at);
  }
  return out;
}

/** supertest keeps a binary body as it came */
function binary(response: unknown, done: (err: Error | null, body: Buffer) => void) {
  const res = response as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

/** A file to send as POST /imports' multipart `file`. */
class Upload {
  constructor(readonly content: Buffer, readonly name: string) {}
}

describe('OpenAPI document', () => {
  let t: TestApp;
  let doc: OpenApiDocument;

  beforeAll(async () => {
    // `stream:` mail: the digest job below sends into memory, not into var/outbox.
    t = await startTestApp('sqlite', { env: { SMTP_URL: 'stream:' } });
    doc = (await t.http().get('/api/docs-json').expect(200)).body as OpenApiDocument;
  });
  afterAll(() => t?.close());

  it('is the committed openapi.json', () => {
    const text = readFileSync(COMMITTED, 'utf8');
    const committed: unknown = JSON.parse(text);
    const changed = differences(doc, committed);
    if (changed.length) throw new Error(`openapi.json differs from the document the app serves at ${changed.join(', ')}: ${REGENERATE}`);
    // The file as the script writes it: 2-space indent, the document's key order, a trailing newline.
    if (text !== JSON.stringify(doc, null, 2) + '\n') throw new Error(`openapi.json is not formatted as npm run openapi writes it: ${REGENERATE}`);
  });

  it('has a Chinese title and description', () => {
    expect(doc.info.title).toBe('招商通 API');
    expect(doc.info.description).toMatch(CJK);
  });

  it('gives every operation a Chinese summary', () => {
    const missing = operations(doc).filter(({ op }) => !op.summary || !CJK.test(op.summary)).map(({ name }) => name);
    expect(missing).toEqual([]);
  });

  it('describes every request parameter and body field it describes in Chinese (codes may stand beside their labels)', () => {
    // An English phrase: two words in a row. A code with its label (`visit_out 外出拜访`) is not one.
    const ENGLISH = /[A-Za-z]{2,}[ \t]+[a-z]{2,}/;
    type Described = { description?: string; properties?: Record<string, Described>; items?: Described; $ref?: string };
    const problems: string[] = [];
    const check = (at: string, description: string | undefined) => {
      if (description !== undefined && (!CJK.test(description) || ENGLISH.test(description))) problems.push(`${at}: ${description}`);
    };
    const seen = new Set<string>();
    const walk = (at: string, schema: Described | undefined) => {
      if (!schema) return;
      if (schema.$ref) {
        if (seen.has(schema.$ref)) return;
        seen.add(schema.$ref);
        return walk(schema.$ref.split('/').pop()!, resolveRef(doc, schema.$ref) as Described);
      }
      for (const [name, property] of Object.entries(schema.properties ?? {})) {
        check(`${at}.${name}`, property.description);
        walk(`${at}.${name}`, property);
      }
      walk(`${at}[]`, schema.items);
    };
    for (const { name, op } of operations(doc)) {
      const request = op as Operation & { parameters?: { name: string; description?: string }[]; requestBody?: { content?: Record<string, MediaType> } };
      for (const parameter of request.parameters ?? []) check(`${name} ?${parameter.name}`, parameter.description);
      walk(name, request.requestBody?.content?.[JSON_TYPE]?.schema as Described | undefined);
    }
    expect(problems).toEqual([]);
  });

  it('documents the schema of every success, a file download by its content type', () => {
    const problems: string[] = [];
    for (const { name, op } of operations(doc)) {
      const successes = Object.entries(op.responses).filter(([status]) => /^2\d\d$/.test(status));
      if (!successes.length) problems.push(`${name}: no 2xx response`);
      for (const [status, response] of successes) {
        if (status === '204') continue;
        const content = Object.entries(response.content ?? {});
        if (!content.length) problems.push(`${name} ${status}: no content`);
        for (const [type, media] of content) {
          const schema = media.schema;
          if (type === JSON_TYPE) {
            // A named class, never an inline `type: Object` or `{}`.
            const named = schema?.$ref ?? (schema?.type === 'array' ? schema.items?.$ref : undefined);
            if (!named) problems.push(`${name} ${status}: the JSON schema is not a named response class`);
          } else if (!(schema?.type === 'string' && schema.format === 'binary')) {
            problems.push(`${name} ${status}: ${type} is not declared as a binary string`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('documents the errors of every operation with their body', () => {
    const problems: string[] = [];
    for (const { name, op } of operations(doc)) {
      const errors = Object.entries(op.responses).filter(([status]) => /^[45]\d\d$/.test(status));
      if (!errors.length) problems.push(`${name}: no error response`);
      for (const [status, response] of errors) {
        if (!response.content?.[JSON_TYPE]?.schema?.$ref) problems.push(`${name} ${status}: no body schema`);
        if (!response.description || !CJK.test(response.description)) problems.push(`${name} ${status}: no Chinese description`);
      }
      // Every route but the public ones needs a token.
      if (!/\/(health|auth\/login)$/.test(name) && !op.responses['401']) problems.push(`${name}: no 401`);
    }
    expect(problems).toEqual([]);
  });

  it('has no schema that is an empty object', () => {
    const empty = Object.entries(doc.components.schemas)
      .filter(([, s]) => s.type === 'object' && !s.properties && s.additionalProperties === undefined)
      .map(([name]) => name);
    expect(empty).toEqual([]);
  });

  it('resolves every $ref', () => {
    const dangling = allRefs(doc).filter(({ ref }) => resolveRef(doc, ref) === undefined).map(({ at, ref }) => `${at}: ${ref}`);
    expect(dangling).toEqual([]);
  });

  describe('answers as documented', () => {
    let w: World;
    const problems: string[] = [];
    const answered = new Set<string>();

    /**
     * Calls the API and checks the answer against the document: the expected
     * status, documented, with a body that is exactly its schema (errors too).
     */
    async function call(method: 'get' | 'post' | 'put' | 'patch' | 'delete', url: string, token: string | null, body?: object, status?: number, headers?: Record<string, string>) {
      const req = t.http()[method](`/api/v1${url}`);
      if (token) req.set({ Authorization: `Bearer ${token}` });
      if (headers) req.set(headers);
      const res = await (body instanceof Upload ? req.attach('file', body.content, body.name) : body ? req.send(body) : req);
      const op = operationFor(doc, method, `/api/v1${url}`);
      const name = `${method.toUpperCase()} ${url}`;
      if (status ? res.status !== status : res.status >= 300) {
        problems.push(`${name}: answered ${res.status}${status ? `, expected ${status}` : ''}: ${JSON.stringify(res.body).slice(0, 300)}`);
      }
      if (!op) {
        problems.push(`${name}: no operation in the document`);
        return res;
      }
      answered.add(op.operationId ?? name);
      const documented = op.responses[String(res.status)];
      if (!documented) problems.push(`${name}: answered ${res.status}, which is not documented (${Object.keys(op.responses).join(', ')})`);
      else if (res.status === 204) {
        if (documented.content || res.text) problems.push(`${name}: 204 with a body or a documented content`);
      } else {
        const [type] = String(res.headers['content-type'] ?? '').split(';');
        const media = documented.content?.[type];
        if (!media?.schema) problems.push(`${name}: answered ${res.status} ${type}, which is not documented`);
        else if (type === JSON_TYPE) problems.push(...conformance(doc, media.schema, res.body, `${name} ${res.status}`));
      }
      return res;
    }

    beforeAll(async () => {
      w = await seedWorld(t);
    });

    it('every operation answers its documented schema and statuses', async () => {
      const admin = w.admin.token;
      const officer = w.officerA.token;

      await call('get', '/health', null);
      await call('post', '/auth/login', null, { email: 'viewer@test.local', password: 'password-123' });
      await call('get', '/auth/me', officer);
      await call('get', '/labels', w.viewer.token);
      await call('get', '/pipeline', officer);

      await call('get', '/dictionaries', officer);
      await call('get', '/dictionaries/parks', officer);
      await call('post', '/dictionaries/parks', admin, { code: 'openapi_park', label: '接口测试园区' });
      await call('patch', '/dictionaries/parks/openapi_park', admin, { label: '接口测试园区二', active: false });

      const team = await call('post', '/teams', admin, { name: '接口测试组' });
      await call('patch', `/teams/${team.body.id}`, admin, { description: '说明' });
      await call('get', '/teams', officer);
      const user = await call('post', '/users', admin, { email: 'openapi@test.local', name: '接口', password: 'password-123', role: 'officer', teamId: w.teamA });
      await call('get', `/users/${user.body.id}`, admin);
      await call('patch', `/users/${user.body.id}`, admin, { phone: '13800000000' });
      await call('get', '/users', w.managerA.token);
      await call('get', '/people', officer);
      await call('post', `/users/${user.body.id}/password`, admin, { password: 'reset-by-admin-1' });
      await call('post', `/users/${user.body.id}/unlock`, admin);
      const own = await t.login('openapi@test.local', 'reset-by-admin-1');
      await call('post', '/auth/password', own, { currentPassword: 'reset-by-admin-1', newPassword: 'changed-by-self-1' });

      const code = creditCode('91500000MA5U7LX0A');
      const company = await call('post', '/companies', officer, { name: '接口测试新能源有限公司', creditCode: code, contacts: [{ name: '李明', phone: '13800138000' }] });
      const contact = await call('post', `/companies/${company.body.id}/contacts`, officer, { name: '王芳', phone: '13800138000' });
      await call('patch', `/companies/${company.body.id}/contacts/${contact.body.id}`, officer, { title: '副总经理', email: null });
      await call('delete', `/companies/${company.body.id}/contacts/${contact.body.id}`, officer, undefined, 204);
      await call('post', '/duplicates/check', officer, { company: { name: '接口测试新能源股份有限公司', creditCode: code, phone: '13800138000' } });
      await call('get', `/companies/${company.body.id}`, officer);
      await call('get', `/companies/${company.body.id}/contacts`, officer);
      await call('patch', `/companies/${company.body.id}`, officer, { address: '重庆', version: company.body.version });
      await call('get', '/companies', officer);

      const created = await call('post', '/projects', officer, {
        name: '接口测试项目', companyId: company.body.id, industryChain: 'new_energy_storage', plannedInvestment: 10000, isKeyProject: true, keyProjectLevel: 'district',
        createdOn: '2026-06-01',
      });
      const id = created.body.id as number;
      await makeProject(t, w.officerA, {}, { name: '接口测试新能源股份有限公司' });
      const edited = await call('patch', `/projects/${id}`, officer, { description: '说明', version: created.body.version });
      await call('post', `/projects/${id}/activities`, officer, { kind: 'visit_out', occurredOn: '2026-06-10', summary: '外出拜访', nextFollowUpOn: '2026-06-12' });
      await call('post', `/projects/${id}/activities`, officer, { kind: 'reception', occurredOn: '2026-06-11', summary: '来访接待', guestCount: 3, leaderLed: true, leaderName: '区长' });
      const draft = await call('post', `/projects/${id}/activities`, officer, { kind: 'call', occurredOn: '2026-06-11', summary: '电话回访', clientKey: 'openapi-draft-0001' });
      const corrected = await call('patch', `/activities/${draft.body.id}`, officer, { summary: '视频回访', version: draft.body.version });
      await call('patch', `/activities/${draft.body.id}`, officer, { summary: '旧版本', version: draft.body.version }, 409);
      await call('delete', `/activities/${draft.body.id}?version=${corrected.body.version}`, officer, undefined, 204);
      await call('post', '/duplicates/check', officer, { project: { companyId: company.body.id, industryChain: 'new_energy_storage' } });
      const milestone = await call('post', `/projects/${id}/milestones`, officer, { name: '开工', plannedOn: '2026-06-01' });
      await call('patch', `/projects/${id}/milestones/${milestone.body.id}`, officer, { note: '供地延迟' });
      await call('get', `/projects/${id}/milestones`, officer);
      await call('get', `/projects/${id}/activities`, officer);
      await call('get', '/activities?kind=visit_out,reception', officer);

      // The digest while the project is active: its overdue milestone and follow-up are in it.
      await call('post', '/jobs/reminders.daily/run', admin, { date: '2026-06-15' });
      // The in-process driver runs it at once; wait for the run to be recorded as finished.
      for (let i = 0; i < 100; i++) {
        const jobs = await t.http().get('/api/v1/jobs').set(bearer(w.admin));
        const runs = jobs.body.items.flatMap((j: { lastRuns: { status: string }[] }) => j.lastRuns);
        if (runs.length && runs.every((r: { status: string }) => r.status !== 'running')) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      const jobs = await call('get', '/jobs', admin);
      // The runs and the e-mail are there, so that their shapes were checked above too.
      expect(jobs.body.items.flatMap((j: { lastRuns: unknown[] }) => j.lastRuns)).not.toHaveLength(0);
      const notifications = await call('get', '/notifications', officer);
      expect(notifications.body.items[0]?.summary?.own).toBeDefined();
      const reminders = await call('get', '/notifications/reminders', officer);
      expect(reminders.body.own).not.toHaveLength(0);
      await call('get', '/notifications/reminders', w.managerA.token);

      const signed = await call('post', `/projects/${id}/transitions`, officer, {
        to: 'signed', version: edited.body.version, signedOn: '2026-06-11', contractInvestment: 5000.5, agreementType: 'investment', contractNo: 'HT-1',
      });
      await call('put', `/projects/${id}/funds/2026-06`, officer, { amount: 1000, note: '首笔' });
      await call('get', `/projects/${id}/funds`, officer);
      await call('get', `/projects/${id}`, officer);
      await call('get', '/projects?light=green,yellow,red', officer);
      await call('post', `/projects/${id}/transitions/revert`, w.managerA.token, { version: signed.body.project.version, reason: '录入有误' });
      const paused = await call('post', `/projects/${id}/transitions`, officer, { to: 'on_hold', version: signed.body.project.version + 1, reason: '资金未落实' });
      await call('get', `/projects/${id}/transitions`, officer);

      await call('put', '/targets/2026', admin, {
        signedInvestment: 3_000_000, fundsInPlace: 1_000_000, signings: 40, constructionStarts: 20, productionStarts: 20, exclusions: [{ projectId: id, reason: '测试' }],
        teams: [{ teamId: w.teamA, signedInvestment: 500_000, fundsInPlace: 100_000, signings: 8, constructionStarts: 4, productionStarts: 2 }],
      });
      await call('get', '/targets/2026', officer);
      // the district's ranking with a team's own target, and a team without one (target null and why)
      await call('get', '/reports/summary?year=2026&month=6', w.leader.token);
      await call('get', '/reports/summary?year=2026&month=6', w.managerB.token);
      await call('get', '/targets/2025', officer);
      await call('get', '/reports/summary?year=2026&month=6', officer);
      await call('get', '/reports/summary/projects?year=2026&month=6', officer);
      await call('get', '/reports/series?year=2026', officer);
      await call('get', '/reports/drill?year=2026&month=6&figure=signedInvestment&breakdown=industryChain&code=none', officer);
      await call('post', '/reports/monthly/2026/5/recompute', admin);
      await call('post', '/reports/monthly/2026/5/recompute', w.managerA.token);
      await call('get', '/reports/monthly?year=2026', w.leader.token);
      await call('post', '/reports/monthly/2026/4', admin);
      const backfill = await call('post', '/reports/monthly/backfills', admin, { year: 2026 });
      await call('get', `/reports/monthly/backfills/${backfill.body.id}`, w.leader.token);
      await call('get', '/reports/projects.xlsx?stage=visit', officer);
      await call('get', '/reports/monthly/2026/5.xlsx', w.leader.token);

      // Mistakes and handovers: a project handed over, another deleted, a duplicate company merged.
      const spare = await makeProject(t, w.officerA, {}, { name: '接口测试重复企业有限公司' });
      const handed = await call('post', '/projects/handover', w.managerA.token, { projectIds: [spare.id], toUserId: w.officerA2.id, reason: '人员调离' });
      await call('delete', `/projects/${spare.id}`, w.managerA.token, { version: handed.body.projects[0].version, reason: '误登记' });
      const duplicate = await call('post', '/companies', officer, { name: '接口测试待合并企业' });
      await call('post', `/companies/${duplicate.body.id}/merge`, w.managerA.token, { intoCompanyId: company.body.id, version: duplicate.body.version });
      await call('get', `/companies/${duplicate.body.id}`, officer, undefined, 404);
      await call('post', '/projects/handover', w.managerA.token, { projectIds: [w.officerB.id + 100000], toUserId: w.officerA2.id }, 403);

      // The 大屏: a display link, the figures its key opens, and the key refused once revoked.
      const link = await call('post', '/display-links', admin, { name: '接口测试大屏' });
      await call('get', '/display-links', admin);
      await call('get', '/display/summary', null, undefined, undefined, { 'X-Display-Key': link.body.key });
      await call('delete', `/display-links/${link.body.id}`, admin);
      await call('get', '/display/summary', null, undefined, 401, { 'X-Display-Key': link.body.key });

      // Excel import: the template uploaded back, its dry run, a decision, the commit.
      await call('get', '/imports/template.xlsx', w.managerA.token);
      const template = await t.http().get('/api/v1/imports/template.xlsx').set(bearer(w.managerA)).buffer(true).parse(binary).expect(200);
      const settled = async (importId: number) => {
        for (let i = 0; i < 200; i++) {
          const res = await t.http().get(`/api/v1/imports/${importId}`).set(bearer(w.managerA));
          if (!['analysing', 'committing'].includes(res.body.status)) return res.body as { version: number; status: string };
          await new Promise((r) => setTimeout(r, 50));
        }
        throw new Error(`import ${importId} did not settle`);
      };
      const uploaded = await call('post', '/imports', w.managerA.token, new Upload(template.body as Buffer, '导入模板.xlsx'), 201);
      const importId = uploaded.body.id as number;
      const analysed = await settled(importId);
      await call('get', `/imports/${importId}`, w.managerA.token);
      await call('put', `/imports/${importId}/mapping`, w.managerA.token, { mapping: [{ column: 1, field: 'name' }, { column: 2, field: 'companyName' }], version: analysed.version }, 202);
      const remapped = await settled(importId);
      await call('get', `/imports/${importId}/rows?kind=all&sheet=projects`, w.managerA.token);
      await call('get', `/imports/${importId}/errors.xlsx`, w.managerA.token);
      const decided = await call('put', `/imports/${importId}/decisions`, w.managerA.token, { acceptAll: true, version: remapped.version });
      await call('post', `/imports/${importId}/commit`, w.managerA.token, { version: decided.body.version }, 202);
      await settled(importId);
      await call('get', `/imports/${importId}/results`, w.managerA.token);
      await call('get', '/imports', w.managerA.token);
      await call('post', '/imports', w.managerA.token, new Upload(Buffer.from('not a spreadsheet'), 'notes.xlsx'), 400);
      await call('get', '/imports', w.leader.token, undefined, 403);

      await call('get', `/audit?entity=project&id=${id}`, w.managerA.token);
      await call('get', '/audit?from=2026-01-01&to=2026-12-31', admin);

      // going live: this install has no demo data, so the removal does nothing
      await call('get', '/admin/demo-data', admin);
      await call('post', '/admin/demo-data/remove', admin);

      // Errors: each answers a status its operation documents, in the ErrorResponse shape.
      await call('get', '/projects', null, undefined, 401);
      await call('get', '/users', officer, undefined, 403);
      await call('get', '/projects/999999', officer, undefined, 404);
      await call('post', '/projects', officer, { name: '' }, 400);
      await call('patch', `/projects/${id}`, officer, { description: '旧版本', version: 1 }, 409);
      await call('post', `/projects/${id}/transitions`, officer, { to: 'production', version: paused.body.project.version, productionStartedOn: '2026-06-15' }, 422);
      await call('post', '/companies', officer, { name: '重复信用代码企业', creditCode: code }, 409);

      expect(problems).toEqual([]);
      // Every operation was called at least once.
      const uncalled = operations(doc).map(({ name, op }) => op.operationId ?? name).filter((id) => !answered.has(id));
      expect(uncalled).toEqual([]);
    });
  });
});

describe('GET /labels', () => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await startTestApp('sqlite');
    w = await seedWorld(t);
  });
  afterAll(() => t?.close());

  it('gives every activity kind and role a Chinese label, to any role', async () => {
    const res = await t.http().get('/api/v1/labels').set(bearer(w.viewer)).expect(200);
    const labelsOf = (group: string) => new Map((res.body[group] as { code: string; label: string }[]).map((e) => [e.code, e.label]));
    const kinds = labelsOf('activityKinds');
    expect([...kinds.keys()]).toEqual([...ACTIVITY_KINDS]);
    for (const label of kinds.values()) expect(label).toMatch(CJK);
    expect(kinds.get('visit_out')).toBe('外出拜访');
    const roles = labelsOf('roles');
    expect([...roles.keys()]).toEqual([...ROLES]);
    expect(roles.get('admin')).toBe('系统管理员');
    for (const [group, entries] of Object.entries(res.body as Record<string, { code: string; label: string }[]>)) {
      expect({ group, empty: entries.length === 0 }).toEqual({ group, empty: false });
      for (const e of entries) expect({ group, code: e.code, chinese: CJK.test(e.label) }).toEqual({ group, code: e.code, chinese: true });
    }
  });

  it('needs a token', async () => {
    await t.http().get('/api/v1/labels').expect(401);
  });
});
