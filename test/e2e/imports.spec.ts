/**
 * Issue 12, the import's dry run: the template filled in and uploaded back
 * is read row by row (errors naming row, column and value; near-guesses as
 * warnings), duplicates within the file and against the database need a
 * decision before the commit, an officer imports into his own team only,
 * files that are not a readable .xlsx are refused with their codes, and a
 * dry run writes no project.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { type Account, bearer, creditCode, makeProject, seedWorld, type World } from '../helpers/fixtures';
import { describeEachDatabase, startTestApp, type TestApp } from '../helpers/test-app';

function binary(response: unknown, done: (err: Error | null, body: Buffer) => void) {
  const res = response as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

type Cells = Record<string, string | number | Date | null>;

describeEachDatabase('imports: upload and dry run', (db) => {
  let t: TestApp;
  let w: World;
  let template: Buffer;
  const dir = mkdtempSync(join(tmpdir(), 'zs-imports-'));

  beforeAll(async () => {
    t = await startTestApp(db, { env: { IMPORT_MAX_BYTES: '200000', IMPORT_DIR: dir } });
    w = await seedWorld(t);
    template = (await t.http().get('/api/v1/imports/template.xlsx').set(bearer(w.managerA)).buffer(true).parse(binary).expect(200)).body as Buffer;
  });
  afterAll(() => t?.close());

  /** The template with its example row replaced by `rows` (cells by header), and funds rows. */
  async function workbook(rows: Cells[], funds: Cells[] = []): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(template as unknown as ArrayBuffer);
    for (const [name, list] of [['项目台账', rows], ['到位资金', funds]] as const) {
      const ws = wb.getWorksheet(name)!;
      const headers = (ws.getRow(1).values as unknown[]).slice(1).map((h) => String(h));
      // the example row goes (spliceRows would carry it past the drop-downs' rows)
      for (let c = 1; c <= headers.length; c++) ws.getRow(2).getCell(c).value = null;
      list.forEach((cells, i) => {
        const row = ws.getRow(i + 2);
        for (const [h, v] of Object.entries(cells)) {
          const col = headers.indexOf(h);
          if (col < 0) throw new Error(`no column ${h} in ${name}: ${headers.join('|')}`);
          row.getCell(col + 1).value = v;
        }
        row.commit();
      });
    }
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  const project = (over: Cells = {}): Cells => ({
    项目名称: '年产5万吨正极材料项目', 企业名称: '导入测试材料有限公司', 产业链: '新材料', 负责人: 'managerA', 所属团队: '新能源专班',
    登记日期: '2025-01-10', '计划投资(万元)': 50000, ...over,
  });

  async function upload(who: Account, content: Buffer, name = '台账.xlsx') {
    return t.http().post('/api/v1/imports').set(bearer(who)).attach('file', content, name);
  }

  async function analysed(who: Account, content: Buffer) {
    const res = await upload(who, content);
    expect(res.status).toBe(201);
    for (let i = 0; i < 200; i++) {
      const got = await t.http().get(`/api/v1/imports/${res.body.id}`).set(bearer(who)).expect(200);
      if (got.body.status !== 'analysing') return got.body;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('the dry run did not end');
  }

  async function rows(who: Account, id: number, kind = 'all', sheet = 'projects') {
    return (await t.http().get(`/api/v1/imports/${id}/rows?kind=${kind}&sheet=${sheet}&pageSize=200`).set(bearer(who)).expect(200)).body.items;
  }

  const projectTotal = async () => (await t.http().get('/api/v1/projects?pageSize=1').set(bearer(w.admin)).expect(200)).body.total as number;

  it('reads the template back: three good rows ready to create, guesses flagged, nothing written to projects', async () => {
    const before = await projectTotal();
    const file = await workbook([
      project({ 项目编号: 'DR-001' }),
      project({ 项目编号: 'DR-002', 项目名称: '锂电铜箔项目', 企业名称: '导入测试铜箔有限公司', 签约日期: '2025-06-01', '协议引资(万元)': '3亿元', 阶段: '签约' }),
      project({ 项目名称: '储能集成项目', 企业名称: '导入测试储能有限公司', 产业链: '新能源及新型储能', 登记日期: '2025-03', 开工日期: '2025-09-01', 签约日期: '2025-05-20', '协议引资(万元)': 8000 }),
    ]);
    const imp = await analysed(w.managerA, file);
    expect(imp).toMatchObject({ status: 'ready', statusLabel: '待确认', fileName: '台账.xlsx', createdBy: { id: w.managerA.id, name: 'managerA' } });
    expect(imp.counts).toMatchObject({ rows: 3, valid: 3, errors: 0, duplicates: 0, toCreate: 3, toUpdate: 0, toSkip: 0 });
    expect(imp.mapping.find((m: { header: string }) => m.header === '项目名称')).toMatchObject({ field: 'name', fieldLabel: '项目名称' });
    const all = await rows(w.managerA, imp.id);
    expect(all.map((r: { rowNo: number; proposed: string }) => [r.rowNo, r.proposed])).toEqual([[2, 'create'], [3, 'create'], [4, 'create']]);
    // 3亿元 read as 30000 万元; a signing without 协议类型 taken as 投资协议, said so; a month-only date its 1st, said so.
    expect(all[1].warnings.map((x: { code: string }) => x.code)).toContain('agreement_assumed');
    expect(all[2].warnings.map((x: { column: string; code: string }) => [x.column, x.code])).toEqual(expect.arrayContaining([['登记日期', 'guessed'], ['协议类型', 'agreement_assumed']]));
    expect(await projectTotal()).toBe(before);
    const listed = await t.http().get('/api/v1/imports').set(bearer(w.managerA)).expect(200);
    expect(listed.body.items[0]).toMatchObject({ id: imp.id, fileName: '台账.xlsx', counts: { rows: 3 } });
    // the upload page words its limit from here (IMPORT_MAX_BYTES)
    expect(listed.body.maxUploadBytes).toBe(200_000);
  });

  it('a bad row names its row, column, value and why; errors.xlsx gives the cells back with the reasons', async () => {
    const imp = await analysed(w.managerA, await workbook([
      project({ 项目名称: '好的项目', 企业名称: '导入测试好企业有限公司' }),
      project({ 项目名称: '错的项目', 企业名称: '导入测试错企业有限公司', 产业链: '新材枓', 签约日期: '2025-02-30', 负责人: '不存在的人' }),
      project({ 项目名称: '倒序项目', 企业名称: '导入测试倒序有限公司', 签约日期: '2025-06-01', 开工日期: '2025-05-01', '协议引资(万元)': 100, 阶段: '开工建设' }),
    ]));
    expect(imp.counts).toMatchObject({ rows: 3, valid: 1, errors: 2, toCreate: 1, toSkip: 2 });
    const bad = await rows(w.managerA, imp.id, 'errors');
    expect(bad.map((r: { rowNo: number }) => r.rowNo)).toEqual([3, 4]);
    expect(bad[0].errors).toEqual(expect.arrayContaining([
      expect.objectContaining({ column: '产业链', value: '新材枓', code: 'unknown_label', message: expect.stringContaining('新材料') }),
      expect.objectContaining({ column: '签约日期', value: '2025-02-30' }),
      expect.objectContaining({ column: '负责人', value: '不存在的人', code: 'owner_not_in_team' }),
    ]));
    expect(bad[1].errors).toEqual([expect.objectContaining({ column: '开工日期', code: 'dates_out_of_order' })]);
    const xlsx = (await t.http().get(`/api/v1/imports/${imp.id}/errors.xlsx`).set(bearer(w.managerA)).buffer(true).parse(binary).expect(200)).body as Buffer;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('项目台账')!;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    expect(header[0]).toBe('原行号');
    expect(header[header.length - 1]).toBe('错误原因');
    expect(ws.getRow(2).getCell(1).value).toBe(3);
    expect(ws.getRow(2).getCell(header.indexOf('产业链') + 1).value).toBe('新材枓');
    expect(String(ws.getRow(2).getCell(header.length).value)).toMatch(/【产业链】.*新材料/);
    expect(ws.rowCount).toBe(3);
  });

  it('duplicates within the file and against the database need a decision before the commit', async () => {
    const code = creditCode('91500000MA5UDUP01');
    await makeProject(t, w.officerB, { industryChain: 'electronics', name: '已有电子项目' }, { name: '撞单电子有限公司' });
    await makeProject(t, w.officerA, { code: 'KEEP-9', name: '已有编号项目' });
    const imp = await analysed(w.managerA, await workbook([
      project({ 项目名称: '芯片封装项目', 企业名称: '撞单电子有限公司', 产业链: '电子信息制造' }),
      project({ 项目名称: '重复项目', 企业名称: '文件内重复有限公司', 统一社会信用代码: code }),
      project({ 项目名称: '重复项目', 企业名称: '文件内重复有限公司', 统一社会信用代码: code }),
      project({ 项目编号: 'KEEP-9', 项目名称: '已有编号项目（更新）', 企业名称: '编号企业有限公司', 负责人: 'officerA', 登记日期: '2026-06-15' }),
    ]));
    expect(imp.counts).toMatchObject({ rows: 4, errors: 0, duplicates: 2, toUpdate: 1 });
    const flagged = await rows(w.managerA, imp.id, 'duplicates');
    expect(flagged.map((r: { rowNo: number; duplicates: { kind: string; rule: string }[]; proposed: string }) => [r.rowNo, r.duplicates[0].kind, r.duplicates[0].rule, r.proposed])).toEqual([
      [2, 'database', 'company_chain', 'create'],
      [4, 'file', 'credit_code_name', 'skip'],
    ]);
    // Team B's project is outside manager A's scope: named (who to call), not linked.
    expect(flagged[0].duplicates[0]).toMatchObject({ projectName: '已有电子项目', message: expect.stringContaining('officerB') });
    expect(flagged[0].duplicates[0].projectId).toBeUndefined();
    const update = (await rows(w.managerA, imp.id)).find((r: { rowNo: number }) => r.rowNo === 5);
    expect(update).toMatchObject({ proposed: 'update', matchProjectId: expect.any(Number), duplicates: [] });

    const refused = await t.http().post(`/api/v1/imports/${imp.id}/commit`).set(bearer(w.managerA)).send({ version: imp.version }).expect(409);
    expect(refused.body).toMatchObject({ code: 'undecided_duplicates', undecided: 2 });
    const wrong = await t.http().put(`/api/v1/imports/${imp.id}/decisions`).set(bearer(w.managerA)).send({ rows: [{ rowNo: 2, action: 'update' }], version: imp.version }).expect(422);
    expect(wrong.body.code).toBe('nothing_to_update');
    const decided = await t.http().put(`/api/v1/imports/${imp.id}/decisions`).set(bearer(w.managerA))
      .send({ rows: [{ rowNo: 2, action: 'skip' }, { rowNo: 4, action: 'skip' }], acceptAll: true, version: imp.version }).expect(200);
    expect(decided.body.counts).toMatchObject({ toCreate: 1, toUpdate: 1, toSkip: 2 });
    await t.http().put(`/api/v1/imports/${imp.id}/decisions`).set(bearer(w.managerA)).send({ acceptAll: true, version: imp.version }).expect(409);
    await t.http().post(`/api/v1/imports/${imp.id}/commit`).set(bearer(w.managerA)).send({ version: decided.body.version }).expect(202);
    let done = decided.body;
    for (let i = 0; i < 200 && done.status !== 'done'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      done = (await t.http().get(`/api/v1/imports/${imp.id}`).set(bearer(w.managerA)).expect(200)).body;
    }
    expect(done).toMatchObject({ status: 'done', counts: { created: 1, updated: 1 } });
    const results = await t.http().get(`/api/v1/imports/${imp.id}/results`).set(bearer(w.managerA)).expect(200);
    // the file stays until its import is done, then only its name and hash are kept
    expect(existsSync(join(dir, `${imp.id}.xlsx`))).toBe(false);
    expect(existsSync(join(dir, `${imp.id - 1}.xlsx`))).toBe(true);
    const trail = await t.http().get(`/api/v1/audit?entity=import&id=${imp.id}`).set(bearer(w.admin)).expect(200);
    expect(trail.body.items.map((a: { action: string; entityName: string }) => [a.action, a.entityName])).toEqual([['import.commit', '台账.xlsx'], ['create', '台账.xlsx']]);
    expect(results.body.items.map((r: { rowNo: number; action: string; name: string }) => [r.rowNo, r.action, r.name])).toEqual([
      [3, 'create', '重复项目'], [5, 'update', '已有编号项目（更新）'],
    ]);
  });

  it('a ledger without credit codes or 项目编号 read back: its own project is flagged and offered to update, and updating it creates nothing', async () => {
    const own = await makeProject(t, w.officerA, { industryChain: 'new_materials', name: '无编号材料项目' }, { name: '无代码材料有限公司' });
    const before = await projectTotal();
    const imp = await analysed(w.managerA, await workbook([project({ 项目名称: '无编号材料项目', 企业名称: '无代码材料有限公司', 负责人: 'officerA', 登记日期: own.createdOn as string, '计划投资(万元)': 77777 })]));
    const [row] = await rows(w.managerA, imp.id, 'duplicates');
    expect(row).toMatchObject({ rowNo: 2, proposed: 'create', matchProjectId: own.id, duplicates: [expect.objectContaining({ rule: 'company_chain', projectId: own.id })] });
    const decided = await t.http().put(`/api/v1/imports/${imp.id}/decisions`).set(bearer(w.managerA))
      .send({ rows: [{ rowNo: 2, action: 'update' }], version: imp.version }).expect(200);
    expect(decided.body.counts).toMatchObject({ toCreate: 0, toUpdate: 1 });
    await t.http().post(`/api/v1/imports/${imp.id}/commit`).set(bearer(w.managerA)).send({ version: decided.body.version }).expect(202);
    let done = decided.body;
    for (let i = 0; i < 200 && done.status !== 'done'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      done = (await t.http().get(`/api/v1/imports/${imp.id}`).set(bearer(w.managerA)).expect(200)).body;
    }
    expect(done).toMatchObject({ status: 'done', counts: { created: 0, updated: 1 } });
    expect(await projectTotal()).toBe(before);
    expect((await t.http().get(`/api/v1/projects/${own.id}`).set(bearer(w.admin)).expect(200)).body.plannedInvestment).toBe(77777);
  });

  it('funds rows find their project in the file or the database; one that names no project is an error', async () => {
    await makeProject(t, w.managerA, { code: 'FUND-1', name: '资金已有项目' });
    const imp = await analysed(w.managerA, await workbook(
      [project({ 项目编号: 'FUND-2', 项目名称: '资金新项目', 企业名称: '资金导入有限公司', 签约日期: '2025-06-01', '协议引资(万元)': 1000 })],
      [
        { 项目编号: 'FUND-2', 月份: '2025-07', '金额(万元)': 200 },
        { 企业名称: '资金导入有限公司', 项目名称: '资金新项目', 月份: '2025年8月', '金额(万元)': '50万元' },
        { 项目编号: 'FUND-1', 月份: '2026-05', '金额(万元)': 10 },
        { 项目编号: 'NONE-9', 月份: '2026-05', '金额(万元)': 10 },
        { 项目编号: 'FUND-2', 月份: '2027-01', '金额(万元)': 10 },
      ],
    ));
    expect(imp.counts).toMatchObject({ rows: 1, fundsRows: 5 });
    const funds = await rows(w.managerA, imp.id, 'all', 'funds');
    expect(funds.map((r: { rowNo: number; proposed: string; errors: { code: string }[] }) => [r.rowNo, r.proposed, r.errors.map((e) => e.code)])).toEqual([
      [2, 'create', []], [3, 'create', []], [4, 'create', []], [5, 'error', ['no_project']], [6, 'error', ['in_future']],
    ]);
  });

  it('an officer imports into his own team only; leaders and viewers do not import; others do not see his import', async () => {
    const imp = await analysed(w.officerA, await workbook([
      project({ 项目名称: '本团队项目', 企业名称: '专员导入有限公司', 负责人: 'officerA', 所属团队: null }),
      project({ 项目名称: '他团队项目', 企业名称: '专员导入二有限公司', 负责人: 'officerB', 所属团队: '电子信息小分队' }),
      project({ 项目名称: '他人项目', 企业名称: '专员导入三有限公司', 负责人: 'officerB', 所属团队: null }),
    ]));
    expect(imp.teamId).toBe(w.teamA);
    const all = await rows(w.officerA, imp.id);
    expect(all.map((r: { proposed: string }) => r.proposed)).toEqual(['create', 'error', 'error']);
    expect(all[1].errors[0]).toMatchObject({ column: '所属团队', code: 'other_team' });
    expect(all[2].errors[0]).toMatchObject({ column: '负责人', code: 'owner_not_in_team' });
    await t.http().get(`/api/v1/imports/${imp.id}`).set(bearer(w.officerB)).expect(404);
    await t.http().get(`/api/v1/imports/${imp.id}`).set(bearer(w.admin)).expect(200);
    await t.http().get('/api/v1/imports').set(bearer(w.leader)).expect(403);
    expect((await upload(w.leader, template)).status).toBe(403);
    expect((await upload(w.viewer, template)).status).toBe(403);
  });

  it('refuses an .xls, a file that is not an xlsx, one over the size limit and one without a header, each with its code', async () => {
    const xls = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(4096)]);
    const cases: [Buffer, string][] = [
      [xls, 'xls_not_supported'],
      [Buffer.from('项目名称,企业名称\n一,二\n'), 'not_xlsx'],
      [Buffer.alloc(250_000, 1), 'too_large'],
    ];
    const blank = new ExcelJS.Workbook();
    blank.addWorksheet('Sheet1').addRow(['随便', '什么', '表']);
    cases.push([Buffer.from(await blank.xlsx.writeBuffer()), 'no_header']);
    for (const [content, code] of cases) {
      const res = await upload(w.managerA, content);
      expect([res.status, res.body.code]).toEqual([400, code]);
      expect(res.body.message).toMatch(/[\u4e00-\u9fff]/);
    }
    const none = await t.http().post('/api/v1/imports').set(bearer(w.managerA)).send({}).expect(400);
    expect(none.body.code).toBe('required');
  });

  it('the mapping can be corrected and the dry run runs again', async () => {
    const imp = await analysed(w.managerA, await workbook([project({ 项目名称: '改列项目', 企业名称: '改列企业有限公司' })]));
    const planned = imp.mapping.find((m: { header: string }) => m.header === '计划投资(万元)');
    const mapping = imp.mapping.map((m: { column: number; field: string | null }) => ({ column: m.column, field: m.column === planned.column ? null : m.field }));
    const redo = await t.http().put(`/api/v1/imports/${imp.id}/mapping`).set(bearer(w.managerA)).send({ mapping, version: imp.version }).expect(202);
    expect(redo.body.status).toBe('analysing');
    let again = redo.body;
    for (let i = 0; i < 200 && again.status === 'analysing'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      again = (await t.http().get(`/api/v1/imports/${imp.id}`).set(bearer(w.managerA)).expect(200)).body;
    }
    expect(again.status).toBe('ready');
    expect(again.mapping.find((m: { column: number }) => m.column === planned.column).field).toBeNull();
    const [row] = await rows(w.managerA, imp.id);
    expect(row.proposed).toBe('create');
    const dup = [...mapping, { column: planned.column, field: 'name' }];
    const refused = await t.http().put(`/api/v1/imports/${imp.id}/mapping`).set(bearer(w.managerA)).send({ mapping: dup, version: again.version }).expect(400);
    expect(refused.body.code).toBe('duplicate_field');
  });
});
