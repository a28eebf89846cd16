import { bearer, creditCode, fieldsOf as fields, makeProject, seedWorld, totalOf, type World } from '../helpers/fixtures';
import { describeEachDatabase, startTestApp, type TestApp } from '../helpers/test-app';

const DICT = '/api/v1/dictionaries';
const COMPANIES = '/api/v1/companies';

type Entry = { kind: string; code: string; label: string; category: string | null; active: boolean };

describeEachDatabase('dictionaries', (db) => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await startTestApp(db);
    w = await seedWorld(t);
  });
  afterAll(() => t?.close());

  const list = async (kind: string, query = '') => {
    const res = await t.http().get(`${DICT}/${kind}${query}`).set(bearer(w.officerA));
    expect(res.status).toBe(200);
    return res.body.items as Entry[];
  };

  it('serves the default dictionaries of DOMAIN.md to every role', async () => {
    const chains = await list('industry-chains');
    expect(chains.map((e) => e.label)).toEqual(['新能源及新型储能', '新材料', '电子信息制造', '生物医药', '食品及农产品加工', '智能装备及智能制造']);
    expect(chains.find((e) => e.code === 'new_energy_storage')).toMatchObject({ label: '新能源及新型储能', category: '主导', active: true });
    expect(chains.find((e) => e.label === '智能装备及智能制造')?.category).toBe('新兴');

    const parks = await list('parks');
    expect(parks).toHaveLength(7);
    expect(parks.map((e) => e.label)).toEqual(expect.arrayContaining(['平山组团', '建设组团', '鱼田堡组团', '关坝组团', '智能网联新能源汽车特色产业园']));

    expect((await list('source-channels')).map((e) => e.label))
      .toEqual(['产业链招商', '资本招商', '平台招商', '以商招商', '委托招商', '专业化招商']);
    expect((await list('source-regions')).map((e) => e.label)).toEqual(['长三角', '珠三角', '京津冀', '成渝', '其他国内', '境外']);
    expect((await list('company-tiers')).map((e) => e.label))
      .toEqual(['世界500强', '中国500强', '中国民营企业500强', '行业龙头', '产业链关键企业', '专精特新', '其他']);
    expect((await list('drop-reasons')).length).toBeGreaterThan(0);

    for (const who of [w.leader, w.viewer, w.managerB]) {
      expect((await t.http().get(`${DICT}/parks`).set(bearer(who))).status).toBe(200);
    }
    expect((await t.http().get(`${DICT}/parks`)).status).toBe(401);
  });

  it('answers 400 naming the kind for an unknown dictionary', async () => {
    const res = await t.http().get(`${DICT}/planets`).set(bearer(w.officerA));
    expect(res.status).toBe(400);
    expect(fields(res.body)).toEqual(['kind']);
    expect(res.body.message).toContain('industry-chains');
    const post = await t.http().post(`${DICT}/planets`).set(bearer(w.admin)).send({ code: 'mars', label: '火星' });
    expect(post.status).toBe(400);
  });

  it('lets an admin add an entry that can then be used as a project’s industry chain', async () => {
    const res = await t.http().post(`${DICT}/industry-chains`).set(bearer(w.admin)).send({ code: 'hydrogen', label: '氢能', category: '新兴' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind: 'industry-chains', code: 'hydrogen', label: '氢能', category: '新兴', active: true });
    const chains = await list('industry-chains');
    expect(chains.map((e) => e.code)).toContain('hydrogen');
    expect(chains[chains.length - 1].code).toBe('hydrogen'); // appended after the defaults

    const p = await makeProject(t, w.officerA, { industryChain: 'hydrogen' });
    expect(p.industryChain).toBe('hydrogen');
  });

  it('answers 409 to a duplicate code and 400 naming code for a bad pattern, writing nothing', async () => {
    const dup = await t.http().post(`${DICT}/industry-chains`).set(bearer(w.admin)).send({ code: 'new_materials', label: '新材料二' });
    expect(dup.status).toBe(409);
    for (const code of ['Hydrogen', 'hydro-gen', 'hydro gen', '氢能', '']) {
      const bad = await t.http().post(`${DICT}/industry-chains`).set(bearer(w.admin)).send({ code, label: '坏代码' });
      expect(bad.status).toBe(400);
      expect(fields(bad.body)).toContain('code');
    }
    const missingLabel = await t.http().post(`${DICT}/industry-chains`).set(bearer(w.admin)).send({ code: 'no_label' });
    expect(missingLabel.status).toBe(400);
    expect(fields(missingLabel.body)).toContain('label');
    const all = await list('industry-chains', '?includeInactive=true');
    expect(all.filter((e) => e.code === 'new_materials').map((e) => e.label)).toEqual(['新材料']);
    expect(all.some((e) => e.label === '坏代码' || e.code === 'no_label')).toBe(false);
  });

  it('lets an admin change a label; the code stays, records show the new label, and an unknown code is 404', async () => {
    const project = await makeProject(t, w.officerA, { park: 'pingshan' });
    expect(project).toMatchObject({ park: 'pingshan', parkLabel: '平山组团' });
    const company = await t.http().post(COMPANIES).set(bearer(w.officerA)).send({ name: '改名测试有限公司', region: 'chengyu' }).expect(201);
    expect(company.body).toMatchObject({ region: 'chengyu', regionLabel: '成渝' });

    const res = await t.http().patch(`${DICT}/parks/pingshan`).set(bearer(w.admin)).send({ label: '平山组团（扩区）' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ code: 'pingshan', label: '平山组团（扩区）', active: true });
    expect((await list('parks')).find((e) => e.code === 'pingshan')?.label).toBe('平山组团（扩区）');
    const read = await t.http().get(`/api/v1/projects/${project.id}`).set(bearer(w.officerA)).expect(200);
    expect(read.body).toMatchObject({ park: 'pingshan', parkLabel: '平山组团（扩区）' });

    await t.http().patch(`${DICT}/source-regions/chengyu`).set(bearer(w.admin)).send({ label: '成渝地区' }).expect(200);
    const listed = await t.http().get(`${COMPANIES}?q=${encodeURIComponent('改名测试')}`).set(bearer(w.officerA)).expect(200);
    expect(listed.body.items.map((c: { regionLabel: string }) => c.regionLabel)).toEqual(['成渝地区']);
    await t.http().patch(`${DICT}/source-regions/chengyu`).set(bearer(w.admin)).send({ label: '成渝' }).expect(200);
    expect((await t.http().patch(`${DICT}/parks/atlantis`).set(bearer(w.admin)).send({ label: '亚特兰蒂斯' })).status).toBe(404);
  });

  it('hides a deactivated entry, refuses it for new projects, and lets projects that have it still be edited', async () => {
    await t.http().post(`${DICT}/industry-chains`).set(bearer(w.admin)).send({ code: 'quantum', label: '量子信息' }).expect(201);
    const existing = await makeProject(t, w.officerA, { industryChain: 'quantum', plannedInvestment: 100 });

    const off = await t.http().patch(`${DICT}/industry-chains/quantum`).set(bearer(w.admin)).send({ active: false });
    expect(off.status).toBe(200);
    expect(off.body.active).toBe(false);

    expect((await list('industry-chains')).map((e) => e.code)).not.toContain('quantum');
    const withInactive = await list('industry-chains', '?includeInactive=true');
    expect(withInactive.find((e) => e.code === 'quantum')).toMatchObject({ label: '量子信息', active: false });
    // A record that has the inactive code still reads its label.
    const kept = await t.http().get(`/api/v1/projects/${existing.id}`).set(bearer(w.officerA)).expect(200);
    expect(kept.body).toMatchObject({ industryChain: 'quantum', industryChainLabel: '量子信息' });

    const company = await t.http().post(COMPANIES).set(bearer(w.officerA)).send({ name: '量子某某科技有限公司' }).expect(201);
    const refused = await t.http().post('/api/v1/projects').set(bearer(w.officerA))
      .send({ name: '量子计算机项目', companyId: company.body.id, industryChain: 'quantum' });
    expect(refused.status).toBe(400);
    expect(fields(refused.body)).toEqual(['industryChain']);
    const mine = await t.http().get(`/api/v1/projects?companyId=${company.body.id}`).set(bearer(w.officerA)).expect(200);
    expect(mine.body.total).toBe(0);

    // moving another project onto the inactive chain is refused too
    const other = await makeProject(t, w.officerA);
    const moved = await t.http().patch(`/api/v1/projects/${other.id}`).set(bearer(w.officerA)).send({ version: other.version, industryChain: 'quantum' });
    expect(moved.status).toBe(400);
    expect(fields(moved.body)).toEqual(['industryChain']);

    // the project that already has it keeps working
    const edit = await t.http().patch(`/api/v1/projects/${existing.id}`).set(bearer(w.officerA))
      .send({ version: existing.version, plannedInvestment: 200 });
    expect(edit.status).toBe(200);
    expect(edit.body).toMatchObject({ industryChain: 'quantum', plannedInvestment: 200 });
    const again = await t.http().patch(`/api/v1/projects/${existing.id}`).set(bearer(w.officerA))
      .send({ version: edit.body.version, industryChain: 'quantum', name: '量子项目（更名）' });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ industryChain: 'quantum', name: '量子项目（更名）' });

    // reactivated, it can be chosen again
    await t.http().patch(`${DICT}/industry-chains/quantum`).set(bearer(w.admin)).send({ active: true }).expect(200);
    const ok = await t.http().post('/api/v1/projects').set(bearer(w.officerA))
      .send({ name: '量子计算机项目', companyId: company.body.id, industryChain: 'quantum' });
    expect(ok.status).toBe(201);
  });

  it('answers 403 to non-admins adding or changing entries, and changes nothing', async () => {
    for (const who of [w.leader, w.viewer, w.managerA, w.officerA]) {
      expect((await t.http().post(`${DICT}/parks`).set(bearer(who)).send({ code: `park_${who.id}`, label: '越权园区' })).status).toBe(403);
      expect((await t.http().patch(`${DICT}/parks/jianshe`).set(bearer(who)).send({ label: '越权改名', active: false })).status).toBe(403);
    }
    const parks = await list('parks', '?includeInactive=true');
    expect(parks).toHaveLength(7);
    expect(parks.find((e) => e.code === 'jianshe')).toMatchObject({ label: '建设组团', active: true });
  });
});

describeEachDatabase('companies', (db) => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await startTestApp(db);
    w = await seedWorld(t);
  });
  afterAll(() => t?.close());

  const companyCount = () => totalOf(t, w.admin, COMPANIES);
  const contactCount = async () => Number((await t.ds.query('SELECT COUNT(*) AS n FROM contacts'))[0].n);

  it('creates a company with its contacts', async () => {
    const res = await t.http().post(COMPANIES).set(bearer(w.officerA)).send({
      name: '重庆某某储能科技有限公司', tier: 'industry_leader', region: 'chengyu', address: '万盛经开区平山园区',
      contacts: [{ name: '李明', title: '投资总监', phone: '13800138000', email: 'liming@example.com' }, { name: '王芳' }],
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      name: '重庆某某储能科技有限公司', tier: 'industry_leader', tierLabel: '行业龙头', region: 'chengyu', regionLabel: '成渝',
      creditCode: null, version: 1, createdById: w.officerA.id,
    });
    expect(res.body.contacts).toHaveLength(2);
    expect(res.body.contacts[0]).toMatchObject({ name: '李明', title: '投资总监', phone: '13800138000', email: 'liming@example.com', companyId: res.body.id });

    const got = await t.http().get(`${COMPANIES}/${res.body.id}`).set(bearer(w.viewer));
    expect(got.status).toBe(200);
    expect(got.body.contacts.map((c: { name: string }) => c.name)).toEqual(['李明', '王芳']);
  });

  it('refuses a company whose contact is invalid, naming the nested field, and writes nothing', async () => {
    const before = await companyCount();
    const contacts = await contactCount();
    const res = await t.http().post(COMPANIES).set(bearer(w.officerA))
      .send({ name: '坏联系人有限公司', contacts: [{ name: '好人' }, { name: '坏邮箱', email: 'not-mail' }] });
    expect(res.status).toBe(400);
    expect(fields(res.body)).toContain('contacts[1].email');
    expect(await companyCount()).toBe(before);
    expect(await contactCount()).toBe(contacts);
  });

  it('accepts a valid credit code and stores it canonically (upper case, no spaces)', async () => {
    const code = creditCode('91500110MA60XY7B4');
    const loose = `${code.slice(0, 6).toLowerCase()} ${code.slice(6, 12).toLowerCase()}  ${code.slice(12).toLowerCase()}`;
    const res = await t.http().post(COMPANIES).set(bearer(w.officerA)).send({ name: '规范信用代码有限公司', creditCode: loose });
    expect(res.status).toBe(201);
    expect(res.body.creditCode).toBe(code);
    const found = await t.http().get(`${COMPANIES}?creditCode=${encodeURIComponent(code.toLowerCase())}`).set(bearer(w.officerA)).expect(200);
    expect(found.body.items.map((c: { id: number }) => c.id)).toEqual([res.body.id]);
  });

  it('answers 400 naming creditCode for a wrong check digit, 17 characters or a forbidden letter', async () => {
    const good = creditCode('91500110MA60XY7C4');
    const wrongDigit = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    const before = await companyCount();
    for (const bad of [wrongDigit, good.slice(0, 17), `${good.slice(0, 10)}I${good.slice(11)}`]) {
      const res = await t.http().post(COMPANIES).set(bearer(w.officerA)).send({ name: '坏代码有限公司', creditCode: bad });
      expect(res.status).toBe(400);
      expect(fields(res.body)).toEqual(['creditCode']);
    }
    expect(await companyCount()).toBe(before);
    // the same code with its right check digit is fine
    expect((await t.http().post(COMPANIES).set(bearer(w.officerA)).send({ name: '好代码有限公司', creditCode: good })).status).toBe(201);
  });

  it('answers 409 to a duplicate credit code, naming the existing company, and writes nothing', async () => {
    const code = creditCode('91500110MA60XY7D4');
    const first = await t.http().post(COMPANIES).set(bearer(w.officerA)).send({ name: '先登记有限公司', creditCode: code }).expect(201);
    const companies = await companyCount();
    const contacts = await contactCount();
    for (const again of [code, code.toLowerCase(), ` ${code.slice(0, 9)} ${code.slice(9)} `]) {
      const dup = await t.http().post(COMPANIES).set(bearer(w.officerB))
        .send({ name: '后登记有限公司', creditCode: again, contacts: [{ name: '张三', phone: '13900000000' }] });
      expect(dup.status).toBe(409);
      expect(dup.body.message).toContain(String(first.body.id));
      expect(dup.body.message).toContain('先登记有限公司');
    }
    expect(await companyCount()).toBe(companies);
    expect(await contactCount()).toBe(contacts);
    const listed = await t.http().get(`${COMPANIES}?q=${encodeURIComponent('后登记')}`).set(bearer(w.admin)).expect(200);
    expect(listed.body.total).toBe(0);

    // moving another company onto the code is refused as well
    const other = await t.http().post(COMPANIES).set(bearer(w.officerA)).send({ name: '另一家有限公司' }).expect(201);
    const patch = await t.http().patch(`${COMPANIES}/${other.body.id}`).set(bearer(w.officerA)).send({ creditCode: code, version: 1 });
    expect(patch.status).toBe(409);
    expect(patch.body.message).toContain('先登记有限公司');
    expect((await t.http().get(`${COMPANIES}/${other.body.id}`).set(bearer(w.officerA))).body).toMatchObject({ creditCode: null, version: 1 });
  });

  it('answers 400 naming tier or region for an unknown dictionary code', async () => {
    const before = await companyCount();
    const tier = await t.http().post(COMPANIES).set(bearer(w.officerA)).send({ name: '未知类型有限公司', tier: 'fortune_9000' });
    expect(tier.status).toBe(400);
    expect(fields(tier.body)).toEqual(['tier']);
    const region = await t.http().post(COMPANIES).set(bearer(w.officerA)).send({ name: '未知地区有限公司', region: 'mars' });
    expect(region.status).toBe(400);
    expect(fields(region.body)).toEqual(['region']);
    expect(await companyCount()).toBe(before);
  });

  it('updates a company with its version and answers 409 to a stale version without losing the first edit', async () => {
    const c = await t.http().post(COMPANIES).set(bearer(w.officerA)).send({ name: '版本控制有限公司' }).expect(201);
    const first = await t.http().patch(`${COMPANIES}/${c.body.id}`).set(bearer(w.officerA)).send({ version: 1, address: '平山组团A区', tier: 'specialized' });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ address: '平山组团A区', tier: 'specialized', tierLabel: '专精特新', regionLabel: null, version: 2 });

    const stale = await t.http().patch(`${COMPANIES}/${c.body.id}`).set(bearer(w.officerA2)).send({ version: 1, address: '建设组团B区' });
    expect(stale.status).toBe(409);
    expect(fields(stale.body)).toEqual(['version']);

    const now = await t.http().get(`${COMPANIES}/${c.body.id}`).set(bearer(w.officerA)).expect(200);
    expect(now.body).toMatchObject({ address: '平山组团A区', version: 2 });
    expect((await t.http().patch(`${COMPANIES}/99999`).set(bearer(w.officerA)).send({ version: 1, address: 'x' })).status).toBe(404);
  });

  it('refuses an edit without the version it was read at (400 required), so that nobody overwrites a colleague blindly', async () => {
    const c = await t.http().post(COMPANIES).set(bearer(w.officerA)).send({ name: '盲改保护有限公司' }).expect(201);
    await t.http().patch(`${COMPANIES}/${c.body.id}`).set(bearer(w.officerA2)).send({ version: 1, address: '同事的修改' }).expect(200);
    const blind = await t.http().patch(`${COMPANIES}/${c.body.id}`).set(bearer(w.officerA)).send({ address: '盲改' });
    expect(blind.status).toBe(400);
    expect(blind.body).toMatchObject({ code: 'required', details: [{ field: 'version', code: 'required', message: '版本为必填项' }] });
    const now = await t.http().get(`${COMPANIES}/${c.body.id}`).set(bearer(w.officerA)).expect(200);
    expect(now.body).toMatchObject({ address: '同事的修改', version: 2 });
  });

  it('filters the list by name and pages through it', async () => {
    const ids: number[] = [];
    for (let i = 1; i <= 5; i++) {
      ids.push((await t.http().post(COMPANIES).set(bearer(w.officerA)).send({ name: `分页检索${i}号有限公司` }).expect(201)).body.id);
    }
    const q = encodeURIComponent('分页检索');
    const p1 = await t.http().get(`${COMPANIES}?q=${q}&pageSize=2&page=1`).set(bearer(w.viewer)).expect(200);
    const p2 = await t.http().get(`${COMPANIES}?q=${q}&pageSize=2&page=2`).set(bearer(w.viewer)).expect(200);
    const p3 = await t.http().get(`${COMPANIES}?q=${q}&pageSize=2&page=3`).set(bearer(w.viewer)).expect(200);
    expect(p1.body).toMatchObject({ total: 5, page: 1, pageSize: 2 });
    expect(p2.body).toMatchObject({ total: 5, page: 2, pageSize: 2 });
    expect([p1, p2, p3].map((p) => p.body.items.length)).toEqual([2, 2, 1]);
    const seen = [p1, p2, p3].flatMap((p) => p.body.items.map((c: { id: number }) => c.id));
    expect([...seen].sort((a, b) => a - b)).toEqual(ids);
    expect(seen).toEqual([...ids].reverse()); // newest first by default

    const one = await t.http().get(`${COMPANIES}?q=${encodeURIComponent('分页检索3号')}`).set(bearer(w.viewer)).expect(200);
    expect(one.body.items.map((c: { id: number }) => c.id)).toEqual([ids[2]]);
    const none = await t.http().get(`${COMPANIES}?q=${encodeURIComponent('不存在的企业')}`).set(bearer(w.viewer)).expect(200);
    expect(none.body).toMatchObject({ total: 0, items: [] });

    // % and _ in the search are plain characters, not wildcards
    const percent = (await t.http().post(COMPANIES).set(bearer(w.officerA)).send({ name: '百分百%新材料有限公司' }).expect(201)).body.id;
    const underscore = (await t.http().post(COMPANIES).set(bearer(w.officerA)).send({ name: 'Under_Score科技有限公司' }).expect(201)).body.id;
    const byPercent = await t.http().get(`${COMPANIES}?q=${encodeURIComponent('%')}&pageSize=200`).set(bearer(w.viewer)).expect(200);
    expect(byPercent.body.items.map((c: { id: number }) => c.id)).toEqual([percent]);
    const byUnderscore = await t.http().get(`${COMPANIES}?q=_&pageSize=200`).set(bearer(w.viewer)).expect(200);
    expect(byUnderscore.body.items.map((c: { id: number }) => c.id)).toEqual([underscore]);
    // latin letters match in any case, on every database
    const byCase = await t.http().get(`${COMPANIES}?q=${encodeURIComponent('under_score')}`).set(bearer(w.viewer)).expect(200);
    expect(byCase.body.items.map((c: { id: number }) => c.id)).toEqual([underscore]);

    const tooBig = await t.http().get(`${COMPANIES}?pageSize=500`).set(bearer(w.viewer));
    expect(tooBig.status).toBe(400);
    expect(fields(tooBig.body)).toContain('pageSize');
  });

  it('lists and adds contacts of a company', async () => {
    const c = await t.http().post(COMPANIES).set(bearer(w.officerA)).send({ name: '联系人管理有限公司', contacts: [{ name: '赵一' }] }).expect(201);
    const added = await t.http().post(`${COMPANIES}/${c.body.id}/contacts`).set(bearer(w.managerA))
      .send({ name: '钱二', title: '董事长助理', phone: '+86 139-1234-5678', email: 'qian@example.com' });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ companyId: c.body.id, name: '钱二', phone: '+86 139-1234-5678' });

    const listed = await t.http().get(`${COMPANIES}/${c.body.id}/contacts`).set(bearer(w.officerB));
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((x: { name: string }) => x.name)).toEqual(['赵一', '钱二']);
    expect(listed.body.total).toBe(2);

    const badPhone = await t.http().post(`${COMPANIES}/${c.body.id}/contacts`).set(bearer(w.officerA)).send({ name: '孙三', phone: 'call me' });
    expect(badPhone.status).toBe(400);
    expect(fields(badPhone.body)).toEqual(['phone']);
    expect((await t.http().get(`${COMPANIES}/99999/contacts`).set(bearer(w.officerA))).status).toBe(404);
    expect((await t.http().post(`${COMPANIES}/99999/contacts`).set(bearer(w.officerA)).send({ name: '无主' })).status).toBe(404);
    expect((await t.http().get(`${COMPANIES}/${c.body.id}/contacts`).set(bearer(w.officerA))).body.total).toBe(2);
  });

  it('lets leaders and viewers read companies and contacts but not write them (403)', async () => {
    const c = await t.http().post(COMPANIES).set(bearer(w.officerA)).send({ name: '只读检查有限公司', contacts: [{ name: '周四' }] }).expect(201);
    const companies = await companyCount();
    for (const who of [w.leader, w.viewer]) {
      expect((await t.http().get(COMPANIES).set(bearer(who))).status).toBe(200);
      expect((await t.http().get(`${COMPANIES}/${c.body.id}`).set(bearer(who))).status).toBe(200);
      expect((await t.http().get(`${COMPANIES}/${c.body.id}/contacts`).set(bearer(who))).status).toBe(200);
      expect((await t.http().post(COMPANIES).set(bearer(who)).send({ name: `越权企业${who.id}有限公司` })).status).toBe(403);
      expect((await t.http().patch(`${COMPANIES}/${c.body.id}`).set(bearer(who)).send({ version: 1, name: '越权改名' })).status).toBe(403);
      expect((await t.http().post(`${COMPANIES}/${c.body.id}/contacts`).set(bearer(who)).send({ name: '越权联系人' })).status).toBe(403);
    }
    expect(await companyCount()).toBe(companies);
    const now = await t.http().get(`${COMPANIES}/${c.body.id}`).set(bearer(w.admin)).expect(200);
    expect(now.body).toMatchObject({ name: '只读检查有限公司', version: 1 });
    expect(now.body.contacts.map((x: { name: string }) => x.name)).toEqual(['周四']);
  });
});
