import { bearer, creditCode, makeProject, seedWorld, type World } from '../helpers/fixtures';
import {
  type CellValue, codesOf, commit, dryRun, encryptedXlsxBytes, type ImportRow, randomBinary, rowOf, rowsOf, sheetValues, upload, waitFor, workbookBytes, xlsBytes,
} from '../helpers/import-fixtures';
import { changedTables, tableChecksums } from '../helpers/table-checksums';
import { describeEachDatabase, startTestApp, type TestApp } from '../helpers/test-app';

/**
 * A district's own sheet as people really keep it: a merged title row and a
 * blank line above the header, header variants (项目名, 信用代码, 签约金额),
 * dates as date cells, serial numbers and text in four spellings, money as
 * numbers, 万元/亿元 text, thousands separators and full-width digits,
 * labels and a near-miss of one, blank rows, trailing and full-width
 * spaces, a formula, formula-like text and the 合计 row at the bottom. The
 * dry run gives EXACTLY the expected row errors and warnings and writes
 * nothing but the import's own staging. Then the files that are no xlsx at
 * all, and the duplicates that need a decision before a commit.
 */
const HEADERS = ['项目名', '企业名称', '信用代码', '产业链', '园区组团', '负责人', '所属团队', '计划投资(万元)', '签约金额', '协议类型', '签约日期', '开工日期', '登记日期'] as const;
type H = (typeof HEADERS)[number];
const row = (rec: Partial<Record<H, CellValue>>) => rowOf(HEADERS, rec as Record<string, CellValue>);
const base = (name: string, company: string): Partial<Record<H, CellValue>> => ({
  项目名: name, 企业名称: company, 产业链: '新能源及新型储能', 负责人: 'officerA', 所属团队: '新能源专班', 登记日期: new Date(Date.UTC(2024, 0, 10)),
});

/** Row numbers as Excel shows them: 1 title (merged), 2 blank, 3 header, data from 4. */
const DATA: Partial<Record<H, CellValue>>[] = [
  /* 4 */ { ...base('储能电池项目', '重庆甲储能有限公司   '), '计划投资(万元)': 12000, 园区组团: '平山组团' },
  /* 5 */ { ...base('储能变流器项目', '重庆乙电气有限公司'), 登记日期: '2024/3/5', 签约日期: '2024.3.8', 签约金额: '12.5万元', 协议类型: '投资协议' },
  /* 6 */ { ...base('电解液项目', '重庆丙化学有限公司'), 登记日期: '2024年3月5日', 签约日期: 45401, 签约金额: '3亿元' },
  /* 7 */ { ...base('负极材料项目', '重庆丁碳素有限公司'), 登记日期: '2024-03', '计划投资(万元)': '1,234' },
  /* 8 */ { ...base('　新材料项目　', '重庆戊新材料有限公司'), 产业链: '新材料产业' },
  /* 9 */ {},
  /* 10 */ { ...base('公式项目', '重庆己能源有限公司'), '计划投资(万元)': { formula: '50*2', result: 100 } },
  /* 11 */ { ...base('=1+2', '重庆庚能源有限公司'), 信用代码: creditCode('91500110MA6100999'), '计划投资(万元)': '１２，３４５' },
  /* 12 */ { ...base('无人负责项目', '重庆辛能源有限公司'), 负责人: '张三' },
  /* 13 */ { ...base('日期写错项目', '重庆壬能源有限公司'), 签约日期: '三月初', 签约金额: 800, 协议类型: '投资协议' },
];
const TOTAL_ROW: CellValue[] = row({ 项目名: '合计', '计划投资(万元)': { formula: 'SUM(H4:H13)', result: 25679 } });

/** What the dry run must say: `rowNo column code`, errors and warnings apart. */
const EXPECTED_ERRORS = [
  '8 产业链 unknown_label', // 新材料产业: not a label; the message suggests 新材料
  '12 负责人 owner_not_in_team', // no 张三 in 新能源专班
  '13 签约日期 invalid_date',
];
const EXPECTED_WARNINGS = [
  '6 协议类型 agreement_assumed', // signed without a type: taken as 投资协议
  '7 登记日期 guessed', // 2024-03 taken as 2024-03-01
];

async function messyFile(): Promise<Buffer> {
  return workbookBytes([
    {
      name: '2024年台账',
      above: [['万盛经开区2024年招商引资项目台账'], []],
      mergeAbove: false,
      headers: HEADERS,
      rows: DATA.map(row),
      below: [TOTAL_ROW],
    },
  ]);
}

const lines = (rows: ImportRow[], which: 'errors' | 'warnings') =>
  rows.flatMap((r) => r[which].map((p) => `${r.rowNo} ${p.column} ${p.code}`)).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));

/**
 * The tables a dry run may write: its own record and staged rows, the job's
 * run, and the audit row of the upload (entity 'import': who uploaded which
 * file; auditOutsideImports checks that no other entity's audit row came).
 */
const STAGING = ['import_rows', 'imports', 'job_runs', 'audit_logs'];
const auditOutsideImports = async (t: TestApp) => Number((await t.ds.query(`SELECT count(*) AS n FROM audit_logs WHERE entity <> 'import'`))[0].n);

describeEachDatabase('Import of a messy sheet: exactly the expected row errors, nothing written on dry run', (db) => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await startTestApp(db, { env: { IMPORT_MAX_BYTES: '200000' } });
    w = await seedWorld(t);
  }, 30_000);
  afterAll(async () => t?.close());

  it('reads every messy spelling, flags near-guesses, errs only where a person would, and writes nothing', async () => {
    const before = await tableChecksums(t.ds);
    const audited = await auditOutsideImports(t);
    const imp = await dryRun(t, w.managerA.token, await messyFile(), '2024年台账（整理中）.xlsx');
    expect(imp.status).toBe('ready');
    expect(changedTables(before, await tableChecksums(t.ds)).filter((n) => !STAGING.includes(n))).toEqual([]);
    expect(await auditOutsideImports(t)).toBe(audited);

    // the blank row and the 合计 row are no rows; the header variants were matched
    expect(imp.counts).toMatchObject({ rows: 9, errors: 3, valid: 6, duplicates: 0, toCreate: 6, warnings: 2 });
    const mapping = imp.mapping as { header: string; field: string | null }[];
    expect(Object.fromEntries(mapping.map((m) => [m.header, m.field]))).toMatchObject({ 项目名: 'name', 信用代码: 'creditCode', 签约金额: 'contractInvestment' });

    const all = await rowsOf(t, w.managerA.token, imp.id, 'all', 'projects');
    expect(all.map((r) => r.rowNo)).toEqual([4, 5, 6, 7, 8, 10, 11, 12, 13]);
    expect(lines(all, 'errors')).toEqual(EXPECTED_ERRORS);
    expect(lines(all, 'warnings')).toEqual(EXPECTED_WARNINGS);
    // the kinds of the list agree with the rows' own problems
    expect((await rowsOf(t, w.managerA.token, imp.id, 'errors')).map((r) => r.rowNo)).toEqual([8, 12, 13]);
    expect((await rowsOf(t, w.managerA.token, imp.id, 'warnings')).map((r) => r.rowNo)).toEqual([6, 7]);

    const byRow = new Map(all.map((r) => [r.rowNo, r]));
    // trailing and full-width spaces trimmed; formula-like text kept as the text it was
    expect(byRow.get(4)!.companyName).toBe('重庆甲储能有限公司');
    expect(byRow.get(8)!.name).toBe('新材料项目');
    expect(byRow.get(11)!.name).toBe('=1+2');
    // every message is Chinese; the near-miss names the label it probably meant, with the value as given
    for (const r of all) for (const p of [...r.errors, ...r.warnings]) expect(p.message).toMatch(/[\u4e00-\u9fff]/);
    const nearMiss = byRow.get(8)!.errors[0];
    expect(nearMiss.message).toContain('新材料');
    expect(nearMiss.value).toBe('新材料产业');
    expect(byRow.get(13)!.errors[0].value).toBe('三月初');
    expect(all.map((r) => r.proposed)).toEqual(['create', 'create', 'create', 'create', 'error', 'create', 'create', 'error', 'error']);

    // the errors workbook: the rows with errors, their cells as given and a 错误原因 column
    const xlsx = await t.http().get(`/api/v1/imports/${imp.id}/errors.xlsx`).set(bearer(w.managerA)).buffer(true)
      .parse((res, done) => { const c: Buffer[] = []; res.on('data', (b: Buffer) => c.push(b)); res.on('end', () => done(null, Buffer.concat(c))); });
    expect(xlsx.status).toBe(200);
    const table = (await sheetValues(xlsx.body as Buffer)).filter((r) => r.some((v) => v !== null));
    const header = table.find((r) => r.includes('错误原因'))!;
    expect(header).toEqual(expect.arrayContaining([...HEADERS, '错误原因']));
    const body = table.slice(table.indexOf(header) + 1);
    expect(body.map((r) => r[header.indexOf('项目名')])).toEqual(['新材料项目', '无人负责项目', '日期写错项目']);
    expect(body.map((r) => r[header.indexOf('签约日期')])).toEqual([null, null, '三月初']);
    for (const r of body) expect(String(r[header.indexOf('错误原因')])).toMatch(/[\u4e00-\u9fff]/);

    // committed, the rows without errors carry the values as a person meant them
    const done = await commit(t, w.managerA.token, imp.id);
    expect(done.counts).toMatchObject({ created: 6, updated: 0 });
    const items = (await t.http().get('/api/v1/projects?pageSize=50').set(bearer(w.admin)).expect(200)).body.items as Record<string, unknown>[];
    const pick = (name: string) => {
      const p = items.find((x) => x.name === name);
      return p && { createdOn: p.createdOn, stage: p.stage, plannedInvestment: p.plannedInvestment, contractInvestment: p.contractInvestment, signedOn: p.signedOn, agreementType: p.agreementType };
    };
    expect(pick('储能电池项目')).toMatchObject({ createdOn: '2024-01-10', stage: 'visit', plannedInvestment: 12000 });
    expect(pick('储能变流器项目')).toMatchObject({ createdOn: '2024-03-05', stage: 'signed', signedOn: '2024-03-08', contractInvestment: 12.5, agreementType: 'investment' });
    expect(pick('电解液项目')).toMatchObject({ createdOn: '2024-03-05', stage: 'signed', signedOn: '2024-04-19', contractInvestment: 30000, agreementType: 'investment' });
    expect(pick('负极材料项目')).toMatchObject({ createdOn: '2024-03-01', plannedInvestment: 1234 });
    expect(pick('公式项目')).toMatchObject({ plannedInvestment: 100 });
    expect(pick('=1+2')).toMatchObject({ plannedInvestment: 12345 });
    expect(items.filter((x) => ['新材料项目', '无人负责项目', '日期写错项目'].includes(x.name as string))).toEqual([]);
  }, 60_000);

  it('refuses an .xls, a random binary, an encrypted xlsx and a file over the limit with their own codes, writing nothing', async () => {
    const before = await tableChecksums(t.ds);
    const cases: [Buffer, string, string][] = [
      [xlsBytes(), '台账.xls', 'xls_not_supported'],
      [xlsBytes(), '台账.xlsx', 'xls_not_supported'], // the name lies; the bytes are an .xls
      [randomBinary(4096), '台账.xlsx', 'not_xlsx'],
      [encryptedXlsxBytes(), '台账（加密）.xlsx', 'encrypted'],
      [randomBinary(300_000), '大台账.xlsx', 'too_large'],
    ];
    for (const [bytes, name, code] of cases) {
      const res = await upload(t, w.managerA.token, bytes, name);
      expect({ name, code, status: res.status >= 400 && res.status < 500 }).toEqual({ name, code, status: true });
      expect(codesOf(res.body)).toContain(code);
      expect(res.body.message).toMatch(/[\u4e00-\u9fff]/);
    }
    // a workbook with no recognisable header anywhere
    const noHeader = await workbookBytes([{ name: 'Sheet1', headers: ['甲', '乙', '丙'], rows: [[1, 2, 3]] }]);
    const res = await upload(t, w.managerA.token, noHeader, '随便.xlsx');
    if (res.status === 201) {
      const failed = await waitFor(t, w.managerA.token, res.body.id, ['failed', 'ready']);
      expect(failed.status).toBe('failed');
      expect(failed.error).toMatch(/[\u4e00-\u9fff]/);
    } else {
      expect(codesOf(res.body)).toContain('no_header');
    }
    expect(changedTables(before, await tableChecksums(t.ds)).filter((n) => !STAGING.includes(n))).toEqual([]);
    // the .xls message asks for .xlsx
    const xls = await upload(t, w.managerA.token, xlsBytes(), '台账.xls');
    expect(xls.body.message).toContain('.xlsx');
  }, 30_000);

  it('needs a decision on duplicates within the file and against the database before a commit', async () => {
    const existing = await makeProject(t, w.officerA, { name: '既有储能项目', industryChain: 'new_energy_storage' }, { name: '重庆既有储能科技有限公司', creditCode: creditCode('91500110MA6200001') });
    const code = creditCode('91500110MA6200002');
    const file = await workbookBytes([{
      name: '台账',
      headers: HEADERS,
      rows: [
        // 2: the same company as the database's (有限责任公司 vs 有限公司, a full-width space), same chain
        row({ ...base('新储能项目', '重庆既有储能科技有限责任公司　') }),
        // 3 and 4: the same credit code twice in the file (the later row is the one flagged)
        row({ ...base('双胞胎一期', '重庆双子能源有限公司'), 信用代码: code }),
        row({ ...base('双胞胎二期', '重庆双子能源有限公司'), 信用代码: code }),
        // 5: nothing in common with anyone
        row({ ...base('独立项目', '重庆独立能源有限公司'), 产业链: '电子信息制造' }),
      ],
    }]);
    const imp = await dryRun(t, w.managerA.token, file, '重复.xlsx');
    expect(imp.status).toBe('ready');
    const dups = await rowsOf(t, w.managerA.token, imp.id, 'duplicates');
    expect(dups.map((r) => r.rowNo)).toEqual([2, 4]);
    const byRow = new Map(dups.map((r) => [r.rowNo, r]));
    expect(byRow.get(2)!.duplicates).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'database', projectId: existing.id })]));
    expect(byRow.get(4)!.duplicates).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'file', rowNo: 3 })]));
    for (const r of dups) expect(r.decision).toBeNull();

    const projects = async () => (await t.http().get('/api/v1/projects?pageSize=1').set(bearer(w.admin)).expect(200)).body.total as number;
    const count = await projects();
    // undecided duplicates: 409, and nothing happens
    const refused = await t.http().post(`/api/v1/imports/${imp.id}/commit`).set(bearer(w.managerA)).send({ version: imp.version });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toMatch(/[\u4e00-\u9fff]/);
    // deciding some but not all is still a 409
    const partly = await t.http().put(`/api/v1/imports/${imp.id}/decisions`).set(bearer(w.managerA))
      .send({ rows: [{ sheet: 'projects', rowNo: 2, action: 'skip' }], version: imp.version }).expect(200);
    expect((await t.http().post(`/api/v1/imports/${imp.id}/commit`).set(bearer(w.managerA)).send({ version: partly.body.version })).status).toBe(409);
    // a stale version is refused too
    expect((await t.http().put(`/api/v1/imports/${imp.id}/decisions`).set(bearer(w.managerA))
      .send({ rows: [{ rowNo: 4, action: 'skip' }], version: imp.version })).status).toBe(409);
    const decided = await t.http().put(`/api/v1/imports/${imp.id}/decisions`).set(bearer(w.managerA))
      .send({ rows: [{ sheet: 'projects', rowNo: 4, action: 'skip' }], version: partly.body.version }).expect(200);
    expect(decided.body.counts).toMatchObject({ toCreate: 2, toSkip: 2 });
    expect(await projects()).toBe(count);

    const done = await commit(t, w.managerA.token, imp.id);
    expect(done.status).toBe('done');
    expect(done.counts).toMatchObject({ created: 2, updated: 0, skipped: 2 });
    expect(await projects()).toBe(count + 2);
    const names = (await t.http().get('/api/v1/projects?q=双胞胎&pageSize=10').set(bearer(w.admin)).expect(200)).body.items.map((p: { name: string }) => p.name);
    expect(names).toEqual(['双胞胎一期']);
  }, 30_000);
});
