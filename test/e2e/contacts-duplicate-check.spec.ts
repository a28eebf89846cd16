import { type Account, bearer, creditCode, fieldsOf, makeProject, seedWorld, type World } from '../helpers/fixtures';
import { changedTables, tableChecksums } from '../helpers/table-checksums';
import { describeEachDatabase, startTestApp, type TestApp } from '../helpers/test-app';

type Dup = { reason: string; companyId: number; projectId: number | null; projectName: string | null; stage: string | null; teamName: string | null; ownerName: string | null };
type AuditRow = { action: string; actorId: number; before: Record<string, unknown> | null; after: Record<string, unknown> | null };

/** Issue 10: contacts can be corrected and removed; 重复研判 can be asked before saving. */
describeEachDatabase('contacts and the duplicate pre-check', (db) => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await startTestApp(db);
    w = await seedWorld(t);
  });
  afterAll(() => t?.close());

  const newCompany = async (who: Account, body: Record<string, unknown>) => {
    const res = await t.http().post('/api/v1/companies').set(bearer(who)).send(body);
    if (res.status !== 201) throw new Error(`company: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: number; contacts: { id: number }[]; possibleDuplicates: Dup[] };
  };
  const contacts = async (companyId: number) => (await t.http().get(`/api/v1/companies/${companyId}/contacts`).set(bearer(w.viewer)).expect(200)).body.items;
  const trail = async (companyId: number): Promise<AuditRow[]> =>
    (await t.http().get(`/api/v1/audit?entity=company&id=${companyId}&pageSize=200`).set(bearer(w.admin)).expect(200)).body.items;
  const check = (who: Account, body: Record<string, unknown>) => t.http().post('/api/v1/duplicates/check').set(bearer(who)).send(body);

  describe('contacts', () => {
    const url = (companyId: number, contactId: number) => `/api/v1/companies/${companyId}/contacts/${contactId}`;

    it('edits the fields sent (null clears), warns when the new phone is another company’s, and audits what changed', async () => {
      const other = await newCompany(w.officerB, { name: '联系人对照企业有限公司', contacts: [{ name: '周八', phone: '13900001111' }] });
      const c = await newCompany(w.officerA, { name: '联系人测试企业有限公司', contacts: [{ name: '李明', title: '经理', phone: '13700000000', email: 'li@x.cn' }] });
      const contactId = c.contacts[0].id;
      const res = await t.http().patch(url(c.id, contactId)).set(bearer(w.officerA)).send({ title: '投资总监', email: null, phone: '+86 139-0000-1111' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: contactId, companyId: c.id, name: '李明', title: '投资总监', email: null, phone: '+86 139-0000-1111' });
      expect(res.body.possibleDuplicates).toEqual([expect.objectContaining({ reason: 'contact_phone', companyId: other.id })]);
      expect(await contacts(c.id)).toEqual([expect.objectContaining({ id: contactId, title: '投资总监', email: null })]);
      // the company page now warns of the look-alike through the phone
      const page = (await t.http().get(`/api/v1/companies/${c.id}`).set(bearer(w.officerA)).expect(200)).body;
      expect(page.possibleDuplicates.map((d: Dup) => d.companyId)).toEqual([other.id]);

      const [update] = (await trail(c.id)).filter((r) => r.action === 'contact.update');
      expect(update).toMatchObject({
        actorId: w.officerA.id,
        before: { id: contactId, title: '经理', email: 'li@x.cn', phone: '13700000000' },
        after: { id: contactId, title: '投资总监', email: null, phone: '+86 139-0000-1111' },
      });
      // the same values again: nothing to record
      await t.http().patch(url(c.id, contactId)).set(bearer(w.managerA)).send({ title: '投资总监' }).expect(200);
      expect((await trail(c.id)).filter((r) => r.action === 'contact.update')).toHaveLength(1);
    });

    it('removes a contact, audited with what it was', async () => {
      const c = await newCompany(w.officerA, { name: '删除联系人企业有限公司', contacts: [{ name: '王芳', phone: '13600000000' }, { name: '赵六' }] });
      const [gone, kept] = c.contacts;
      expect((await t.http().delete(url(c.id, gone.id)).set(bearer(w.officerB))).status).toBe(204);
      expect((await contacts(c.id)).map((x: { id: number }) => x.id)).toEqual([kept.id]);
      const [row] = (await trail(c.id)).filter((r) => r.action === 'contact.delete');
      expect(row).toMatchObject({ actorId: w.officerB.id, before: { id: gone.id, name: '王芳', phone: '13600000000' }, after: null });
      expect((await t.http().delete(url(c.id, gone.id)).set(bearer(w.officerA))).status).toBe(404);
    });

    it('is for the roles that add contacts; a contact of another company, or an unknown one, is 404; bad input 400', async () => {
      const c = await newCompany(w.officerA, { name: '权限测试企业有限公司', contacts: [{ name: '钱七' }] });
      const d = await newCompany(w.officerA, { name: '另一权限测试企业有限公司' });
      const id = c.contacts[0].id;
      for (const who of [w.leader, w.viewer]) {
        expect((await t.http().patch(url(c.id, id)).set(bearer(who)).send({ title: '总监' })).status).toBe(403);
        expect((await t.http().delete(url(c.id, id)).set(bearer(who))).status).toBe(403);
      }
      expect((await t.http().patch(url(d.id, id)).set(bearer(w.officerA)).send({ title: '总监' })).status).toBe(404);
      expect((await t.http().delete(url(d.id, id)).set(bearer(w.officerA))).status).toBe(404);
      expect((await t.http().patch(url(999999, id)).set(bearer(w.officerA)).send({ title: '总监' })).status).toBe(404);
      for (const [body, field] of [[{ name: '' }, 'name'], [{ name: null }, 'name'], [{ phone: 'abc' }, 'phone'], [{ companyId: d.id }, 'companyId']] as const) {
        const res = await t.http().patch(url(c.id, id)).set(bearer(w.officerA)).send(body);
        expect({ body, status: res.status, fields: fieldsOf(res.body) }).toEqual({ body, status: 400, fields: [field] });
      }
      expect(await contacts(c.id)).toEqual([expect.objectContaining({ id, name: '钱七', title: null })]);
    });
  });

  describe('POST /duplicates/check', () => {
    it('answers, before saving, the warnings a new company would get — and writes nothing', async () => {
      const code = creditCode('91500000MA5U7PRE1');
      const named = await newCompany(w.officerA, { name: '预检星河新能源有限公司' });
      await makeProject(t, w.officerA, {}, {}); // unrelated data
      const coded = await newCompany(w.officerA, { name: '预检信用代码企业有限公司', creditCode: code });
      const phoned = await newCompany(w.officerA, { name: '预检电话企业有限公司', contacts: [{ name: '孙九', phone: '13511112222' }] });
      const form = { name: '预检 星河新能源有限责任公司', creditCode: ` ${code.toLowerCase()} `, phone: '135-1111-2222' };

      const before = await tableChecksums(t.ds);
      const res = await check(w.officerB, { company: form });
      expect(res.status).toBe(200);
      expect(changedTables(before, await tableChecksums(t.ds))).toEqual([]);
      expect(res.body.possibleDuplicates.map((d: Dup) => [d.reason, d.companyId])).toEqual([
        ['credit_code', coded.id], ['company_name', named.id], ['contact_phone', phoned.id],
      ]);
      // exactly what saving it would have answered (a fresh credit code, or the save is refused as a duplicate)
      const saved = await newCompany(w.officerB, { name: form.name, contacts: [{ name: '某人', phone: form.phone }] });
      expect(saved.possibleDuplicates).toEqual(res.body.possibleDuplicates.slice(1));

      expect(res.body.creditCodeProblem).toBeNull();
      // a half-typed code matches nothing and says what is wrong with it, by the rule saving applies
      expect((await check(w.officerB, { company: { name: '完全不同的名字有限公司', creditCode: '915000' } })).body).toEqual({
        possibleDuplicates: [], creditCodeProblem: { field: 'company.creditCode', code: 'credit_code_length', message: '统一社会信用代码应为 18 位，实为 6 位' },
      });
      const wrongDigit = code.slice(0, 17) + (code[17] === '0' ? '1' : '0');
      const digit = (await check(w.officerB, { company: { creditCode: wrongDigit } })).body.creditCodeProblem;
      expect(digit.code).toBe('credit_code_check_digit');
      expect(digit.message).toContain(`应为 ${code[17]}`);
      expect((await check(w.officerB, {})).body).toEqual({ possibleDuplicates: [], creditCodeProblem: null });
    });

    it('answers a project’s warnings (same investor, same chain) as creating it would, hiding the id and stage of a project outside the scope', async () => {
      const co = await newCompany(w.officerB, { name: '预检比亚迪储能有限公司' });
      const first = (await t.http().post('/api/v1/projects').set(bearer(w.officerB)).send({ name: '预检储能一期', companyId: co.id, industryChain: 'new_energy_storage' }).expect(201)).body;
      const form = { project: { companyId: co.id, industryChain: 'new_energy_storage' } };

      const before = await tableChecksums(t.ds);
      const forA = await check(w.officerA, form);
      const forAdmin = await check(w.admin, form);
      expect(changedTables(before, await tableChecksums(t.ds))).toEqual([]);
      expect(forA.body.possibleDuplicates).toEqual([expect.objectContaining({
        reason: 'same_investor_same_chain', companyId: co.id, projectId: null, stage: null, projectName: '预检储能一期', teamName: '电子信息小分队', ownerName: 'officerB',
      })]);
      expect(forAdmin.body.possibleDuplicates).toEqual([expect.objectContaining({ projectId: first.id, stage: 'visit' })]);
      // officer A saving it gets the same warning
      const saved = (await t.http().post('/api/v1/projects').set(bearer(w.officerA)).send({ name: '预检储能二期', ...form.project }).expect(201)).body;
      expect(saved.possibleDuplicates).toEqual(forA.body.possibleDuplicates);
      // another chain: nothing; an investor typed by name only: matched as a company name
      expect((await check(w.officerA, { project: { companyId: co.id, industryChain: 'new_materials' } })).body.possibleDuplicates).toEqual([]);
      const byName = await check(w.officerA, { project: { companyName: '预检比亚迪储能有限责任公司' } });
      expect(byName.body.possibleDuplicates.map((d: Dup) => [d.reason, d.companyId, d.projectName, d.projectId]).sort()).toEqual([
        ['company_name', co.id, '预检储能一期', null], ['company_name', co.id, '预检储能二期', saved.id],
      ].sort());
    });

    it('is for the roles that create projects and companies; bad input is 400 naming the field', async () => {
      for (const who of [w.leader, w.viewer]) expect((await check(who, { company: { name: '某公司' } })).status).toBe(403);
      const cases: [Record<string, unknown>, string][] = [
        [{ project: { companyId: 999999, industryChain: 'new_energy_storage' } }, 'project.companyId'],
        [{ project: { companyId: 'x' } }, 'project.companyId'],
        [{ company: 'name' }, 'company'],
        [{ company: { name: '' } }, 'company.name'],
        [{ company: { website: 'x' } }, 'company.website'],
        [{ extra: 1 }, 'extra'],
      ];
      for (const [body, field] of cases) {
        const res = await check(w.officerA, body);
        expect({ body, status: res.status, fields: fieldsOf(res.body) }).toEqual({ body, status: 400, fields: [field] });
      }
    });
  });
});
