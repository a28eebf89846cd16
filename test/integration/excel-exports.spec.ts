import ExcelJS from 'exceljs';
import type { Response } from 'supertest';
import { wanToYi } from '../../src/reports/excel-monthly';
import { MonthlyReportMailer } from '../../src/reports/monthly-report-mailer';
import type { MonthlyRollupView, SummaryReport } from '../../src/reports/report.types';
import { type Account, bearer, creditCode, makeProject, seedWorld, type World } from '../helpers/fixtures';
import { parseMail, SmtpSink } from '../helpers/smtp-sink';
import { describeEachDatabase, startTestApp, type TestApp } from '../helpers/test-app';

/**
 * The Excel files (the 项目台账 and the monthly report) downloaded over HTTP
 * and read back with exceljs cell by cell, and the leaders' monthly report
 * e-mail through a real SMTP peer. Today is 2026-06-15 in Shanghai: May 2026
 * is the last closed month.
 */
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

type Cell = string | number | Date | null;

/** supertest keeps a binary body as it came */
function binary(response: unknown, done: (err: Error | null, body: Buffer) => void) {
  const res = response as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

async function workbook(content: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(content as unknown as ExcelJS.Buffer);
  return wb;
}

/** Every row of a sheet as plain values (empty cells null): the title row, the header row, the data. */
function rows(ws: ExcelJS.Worksheet): Cell[][] {
  const out: Cell[][] = [];
  for (let r = 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const values: Cell[] = [];
    for (let c = 1; c <= ws.columnCount; c++) {
      const v = row.getCell(c).value;
      values.push(v === undefined || v === null ? null : (v as Cell));
    }
    out.push(values);
  }
  return out;
}

/** A date cell as the YYYY-MM-DD it shows (dates are midnight UTC in exceljs); anything else as it is. */
const shown = (v: Cell): Cell => (v instanceof Date ? v.toISOString().slice(0, 10) : v);

/** The data rows of a sheet (between the header row and the 合计 row) as records keyed by the header, dates as shown. */
function records(ws: ExcelJS.Worksheet): Record<string, Cell>[] {
  const [, header, ...data] = rows(ws);
  const body = data.at(-1)?.[0] === '合计' ? data.slice(0, -1) : data;
  return body.map((r) => Object.fromEntries(header.map((h, i) => [String(h), shown(r[i])])));
}

/** The table of a sheet without its title row: the header row first. */
const table = (ws: ExcelJS.Worksheet) => rows(ws).slice(1);
/** An instant as a Shanghai wall-clock cell reads back (whole seconds, UTC+8). */
const inShanghai = (iso: string) => new Date(Math.floor(Date.parse(iso) / 1000) * 1000 + 8 * 3600_000).toISOString();
/** 万元 as the monthly overview shows it, in 亿元 */
const yi = (wan: number | null) => (wan === null ? null : wanToYi(wan));

/** The zh-CN file name of a Content-Disposition (RFC 5987 filename*). */
function filenameOf(res: Response): string {
  const m = /filename\*=UTF-8''([^;]+)/.exec(String(res.headers['content-disposition']));
  return m ? decodeURIComponent(m[1]) : '';
}

const LEDGER_HEADERS = [
  '项目编号', '项目名称', '企业名称', '统一社会信用代码', '产业链', '园区组团', '招商方式', '来源地区', '阶段', '负责人', '所属团队', '包联领导',
  '重点项目', '计划投资(万元)', '协议引资(万元)', '协议类型', '签约日期', '开工日期', '投产日期', '累计到位资金(万元)', '最近跟进', '督办灯',
  '督办说明', '合同编号', '预计年产值(万元)', '预计年税收(万元)', '用地(亩)', '就业人数', '登记日期', '洽谈日期', '暂缓日期', '暂缓原因',
  '终止日期', '终止原因',
];

describeEachDatabase('Excel exports and the monthly report e-mail', (db) => {
  let t: TestApp;
  let w: World;
  let sink: SmtpSink;
  let battery: number; // team A, signed 2026-03-31, construction 2026-05-10, funds in April and May
  let materials: number; // team A, framework agreement signed 2026-05-20
  let dropped: number; // team B, signed 2026-02-10, dropped 2026-04-01
  const BATTERY_CREDIT = creditCode('91500110MA5U7ABC1');

  const get = (who: Account, path: string) => t.http().get(`/api/v1${path}`).set(bearer(who)).buffer(true).parse(binary);
  /** a JSON error answered on a binary route */
  const errorOf = (res: Response) => JSON.parse((res.body as Buffer).toString('utf8')) as { statusCode: number; message: string; details?: { field: string }[] };
  const move = async (who: Account, id: number, body: Record<string, unknown>) => {
    const cur = (await t.http().get(`/api/v1/projects/${id}`).set(bearer(who)).expect(200)).body;
    const res = await t.http().post(`/api/v1/projects/${id}/transitions`).set(bearer(who)).send({ version: cur.version, ...body });
    if (res.status !== 201) throw new Error(`move to ${String(body.to)} failed: ${res.status} ${JSON.stringify(res.body)}`);
  };
  const funds = (who: Account, id: number, month: string, amount: number) =>
    t.http().put(`/api/v1/projects/${id}/funds/${month}`).set(bearer(who)).send({ amount }).expect(200);
  const ledger = async (who: Account, query = '') => {
    const res = await get(who, `/reports/projects.xlsx${query}`);
    expect(res.status).toBe(200);
    return { res, ws: (await workbook(res.body)).getWorksheet('项目台账')! };
  };
  const rollupView = async (): Promise<MonthlyRollupView> => {
    const res = await t.http().get('/api/v1/reports/monthly?year=2026').set(bearer(w.leader)).expect(200);
    return (res.body.items as MonthlyRollupView[]).find((i) => i.month === 5)!;
  };

  beforeAll(async () => {
    sink = await new SmtpSink().start();
    t = await startTestApp(db, { env: { SMTP_URL: sink.url } });
    w = await seedWorld(t);

    battery = (await makeProject(t, w.officerA, {
      code: 'WS-A1', name: '宁德储能电池项目', industryChain: 'new_energy_storage', park: 'pingshan', sourceChannel: 'chain', sourceRegion: 'yangtze_delta',
      plannedInvestment: 12345.6789, leaderInCharge: '张副区长', isKeyProject: true, keyProjectLevel: 'district', landArea: 120.5, jobs: 300,
      expectedAnnualOutput: 80000, expectedAnnualTax: 3200.25, createdOn: '2026-03-01',
    }, { name: '宁德新能源科技有限公司', creditCode: BATTERY_CREDIT })).id;
    await move(w.officerA, battery, { to: 'signed', signedOn: '2026-03-31', contractInvestment: 50000.1234, agreementType: 'investment', contractNo: 'WS-2026-001' });
    await move(w.officerA, battery, { to: 'construction', constructionStartedOn: '2026-05-10' });
    await funds(w.officerA, battery, '2026-04', 1000.5);
    await funds(w.officerA, battery, '2026-05', 2000.0001);

    materials = (await makeProject(t, w.officerA2, { code: 'WS-A2', name: '高纯石英材料项目', industryChain: 'new_materials', park: 'guanba', createdOn: '2026-05-01' })).id;
    await move(w.officerA2, materials, { to: 'signed', signedOn: '2026-05-20', contractInvestment: 8000, agreementType: 'framework' });

    await makeProject(t, w.officerB, { code: 'WS-B1', name: '功率芯片封测项目', industryChain: 'electronics', plannedInvestment: 500 }); // team B, still visiting

    dropped = (await makeProject(t, w.officerB, { code: 'WS-B2', name: '显示面板项目', industryChain: 'electronics', park: 'jianshe', createdOn: '2026-02-01' })).id;
    await move(w.officerB, dropped, { to: 'signed', signedOn: '2026-02-10', contractInvestment: 20000, agreementType: 'investment' });
    await move(w.managerB, dropped, { to: 'dropped', effectiveOn: '2026-04-01', reason: '投资方资金链断裂', reasonCode: 'funding' });
  });
  afterAll(async () => {
    await t?.close();
    await sink?.stop();
  });

  describe('GET /reports/projects.xlsx (项目台账)', () => {
    it('answers an xlsx attachment named 招商项目台账-<today>.xlsx', async () => {
      const { res } = await ledger(w.admin);
      expect(res.headers['content-type']).toBe(XLSX);
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename="projects-2026-06-15\.xlsx"; filename\*=UTF-8''/);
      expect(filenameOf(res)).toBe('招商项目台账-2026-06-15.xlsx');
    });

    it('has one sheet 项目台账: a title naming the district and the day, zh-CN headers, both rows frozen, an autofilter over the data', async () => {
      const { res, ws } = await ledger(w.admin);
      const wb = await workbook(res.body);
      expect(wb.worksheets.map((s) => s.name)).toEqual(['项目台账']);
      expect(ws.getCell('A1').value).toBe('万盛经开区招商项目台账（截至 2026-06-15）');
      expect(ws.getCell('A1').font?.bold).toBe(true);
      expect(ws.getCell('AC1').isMerged).toBe(true); // the title spans the table
      expect(rows(ws)[1]).toEqual(LEDGER_HEADERS);
      expect(ws.getCell('A2').font?.bold).toBe(true);
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
      expect(ws.autoFilter).toBe('A2:AH6');
      expect(ws.getColumn(2).width).toBeGreaterThanOrEqual(20);
    });

    it('prints on landscape A3, one page wide, with the title and header rows on every page', async () => {
      const { ws } = await ledger(w.admin);
      expect(ws.pageSetup).toMatchObject({ paperSize: 8, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:2' });
    });

    it('ends with a 合计 row: the count, and each amount summed exactly (values, not formulas)', async () => {
      const { ws } = await ledger(w.admin);
      const all = rows(ws);
      const total = Object.fromEntries(LEDGER_HEADERS.map((h, i) => [h, all[all.length - 1][i]]));
      expect(all).toHaveLength(2 + 4 + 1);
      expect(total).toMatchObject({
        项目编号: '合计', 项目名称: '共 4 个项目', '计划投资(万元)': 32845.6789, // 12,345.6789 + 500 + the fixture's 20,000 '协议引资(万元)': 78000.1234, '累计到位资金(万元)': 3000.5001,
        '预计年产值(万元)': 80000, '预计年税收(万元)': 3200.25, '用地(亩)': 120.5, 就业人数: 300, 签约日期: null,
      });
      expect(ws.getRow(all.length).font?.bold ?? ws.getRow(all.length).getCell(1).font?.bold).toBe(true);
      expect(ws.getRow(all.length).getCell(LEDGER_HEADERS.indexOf('协议引资(万元)') + 1).numFmt).toBe('#,##0.00');
    });

    it('shows one row per project in order, 项目编号 being the district\'s code (not the internal id), with labels instead of codes, amounts as exact 万元 numbers and dates as text', async () => {
      const { ws } = await ledger(w.admin);
      const all = records(ws);
      expect(all.map((r) => r['项目编号'])).toEqual(['WS-A1', 'WS-A2', 'WS-B1', 'WS-B2']);
      expect(all[0]).toEqual({
        项目编号: 'WS-A1', 项目名称: '宁德储能电池项目', 企业名称: '宁德新能源科技有限公司', 统一社会信用代码: BATTERY_CREDIT,
        产业链: '新能源及新型储能', 园区组团: '平山组团', 招商方式: '产业链招商', 来源地区: '长三角', 阶段: '开工建设', 负责人: 'officerA',
        所属团队: '新能源专班', 包联领导: '张副区长', 重点项目: '是（区级）', '计划投资(万元)': 12345.6789, '协议引资(万元)': 50000.1234,
        协议类型: '投资协议', 签约日期: '2026-03-31', 开工日期: '2026-05-10', 投产日期: null, '累计到位资金(万元)': 3000.5001,
        最近跟进: null, 督办灯: '红灯', 督办说明: '106 天无跟进', // registered 2026-03-01, never followed up
        合同编号: 'WS-2026-001', '预计年产值(万元)': 80000, '预计年税收(万元)': 3200.25,
        '用地(亩)': 120.5, 就业人数: 300, 登记日期: '2026-03-01', 洽谈日期: null, 暂缓日期: null, 暂缓原因: null, 终止日期: null, 终止原因: null,
      });
      expect(all[1]).toMatchObject({ 项目名称: '高纯石英材料项目', 产业链: '新材料', 园区组团: '关坝组团', 阶段: '签约', 协议类型: '框架协议', 重点项目: '否', '累计到位资金(万元)': 0 });
      expect(all[2]).toMatchObject({ 项目名称: '功率芯片封测项目', 园区组团: null, 阶段: '拜访接洽', '协议引资(万元)': null, 签约日期: null, 所属团队: '电子信息小分队' });
      expect(all[3]).toMatchObject({ 项目名称: '显示面板项目', 阶段: '终止', 督办灯: null, '协议引资(万元)': 20000 });
    });

    it('shows money as 万元 with two decimals while the cell keeps the exact amount, and dates as real dates shown yyyy-mm-dd', async () => {
      const { ws } = await ledger(w.admin);
      const col = (h: string) => LEDGER_HEADERS.indexOf(h) + 1;
      const battery = ws.getRow(3);
      for (const h of ['计划投资(万元)', '协议引资(万元)', '累计到位资金(万元)']) {
        expect(battery.getCell(col(h)).numFmt).toBe('#,##0.00');
        expect(typeof battery.getCell(col(h)).value).toBe('number');
      }
      expect(battery.getCell(col('计划投资(万元)')).value).toBe(12345.6789);
      for (const h of ['签约日期', '开工日期', '登记日期']) {
        expect(battery.getCell(col(h)).type).toBe(ExcelJS.ValueType.Date);
        expect(battery.getCell(col(h)).numFmt).toBe('yyyy-mm-dd');
      }
      expect((battery.getCell(col('签约日期')).value as Date).toISOString()).toBe('2026-03-31T00:00:00.000Z');
      expect(battery.getCell(col('投产日期')).value).toBeNull();
    });

    it('applies the GET /projects filters and names a bad one in a 400', async () => {
      const chain = records((await ledger(w.admin, '?industryChain=electronics')).ws);
      expect(chain.map((r) => r['项目名称'])).toEqual(['功率芯片封测项目', '显示面板项目']);
      const building = records((await ledger(w.admin, '?stage=construction,signed&signedFrom=2026-03-01')).ws);
      expect(building.map((r) => r['项目编号'])).toEqual(['WS-A1', 'WS-A2']);
      const sorted = records((await ledger(w.admin, '?sort=contractInvestment:desc')).ws);
      expect(sorted.map((r) => r['项目编号'])).toEqual(['WS-A1', 'WS-B2', 'WS-A2', 'WS-B1']);

      const reversed = await get(w.admin, '/reports/projects.xlsx?signedFrom=2026-05-01&signedTo=2026-04-01');
      expect(reversed.status).toBe(400);
      expect(errorOf(reversed).details?.map((d) => d.field)).toEqual(['signedTo']);
      const paged = await get(w.admin, '/reports/projects.xlsx?page=2');
      expect(paged.status).toBe(400);
      expect(errorOf(paged).details?.map((d) => d.field)).toEqual(['page']);
    });

    it('covers the caller’s data scope only: a team-B officer’s file lacks team A’s projects', async () => {
      const b = records((await ledger(w.officerB)).ws);
      expect(b.map((r) => r['项目编号'])).toEqual(['WS-B1', 'WS-B2']);
      const a = records((await ledger(w.managerA)).ws);
      expect(a.map((r) => r['项目编号'])).toEqual(['WS-A1', 'WS-A2']);
      const leader = records((await ledger(w.leader)).ws);
      expect(leader).toHaveLength(4);
    });

    it('is an empty table with its headers when nothing matches', async () => {
      const { ws } = await ledger(w.admin, '?q=不存在的项目');
      expect(table(ws)[0]).toEqual(LEDGER_HEADERS);
      expect(records(ws)).toEqual([]);
      expect(table(ws)[1].slice(0, 2)).toEqual(['合计', '共 0 个项目']);
    });

    it('is documented in the OpenAPI document, with the xlsx media type', async () => {
      const doc = (await t.http().get('/api/docs-json').expect(200)).body as { paths: Record<string, { get?: { parameters?: { name: string }[]; responses: Record<string, { content?: Record<string, unknown> }> } }> };
      const ledgerDoc = doc.paths['/api/v1/reports/projects.xlsx'].get!;
      expect(Object.keys(ledgerDoc.responses['200'].content ?? {})).toEqual([XLSX]);
      const params = ledgerDoc.parameters!.map((p) => p.name);
      expect(params).toEqual(expect.arrayContaining(['industryChain', 'stage', 'signedFrom', 'light', 'q', 'sort']));
      expect(params).not.toContain('page');
      const monthlyDoc = doc.paths['/api/v1/reports/monthly/{year}/{month}.xlsx'].get!;
      expect(monthlyDoc.parameters!.map((p) => p.name).sort()).toEqual(['month', 'year']);
      expect(Object.keys(monthlyDoc.responses['200'].content ?? {})).toEqual([XLSX]);
    });

    it('needs a login', async () => {
      expect((await t.http().get('/api/v1/reports/projects.xlsx')).status).toBe(401);
    });
  });

  describe('GET /reports/monthly/:year/:month.xlsx and the monthly report e-mail', () => {
    let reported: SummaryReport;

    it('answers 404 for a month without a rollup, and 400 naming a bad year or month', async () => {
      const none = await get(w.leader, '/reports/monthly/2026/5.xlsx');
      expect(none.status).toBe(404);
      expect(errorOf(none)).toMatchObject({ code: 'not_found', message: '月报 2026-05 不存在或无权查看' });
      const month = await get(w.leader, '/reports/monthly/2026/13.xlsx');
      expect(month.status).toBe(400);
      expect(errorOf(month).details?.map((d) => d.field)).toEqual(['month']);
      const year = await get(w.leader, '/reports/monthly/20x6/5.xlsx');
      expect(year.status).toBe(400);
      expect(errorOf(year).details?.map((d) => d.field)).toEqual(['year']);
    });

    it('the rollup of May: the four sheets carry the JSON report’s figures cell by cell', async () => {
      await t.http().post('/api/v1/reports/monthly/2026/5/recompute').set(bearer(w.admin)).expect(200);
      const view = await rollupView();
      reported = view.current;
      // hand-computed: the signings of 2026 to the end of May, the framework one included (default 统计口径)
      expect(reported.indicators.find((i) => i.key === 'signedInvestment')).toMatchObject({ month: 8000, ytd: 78000.1234 });

      const res = await get(w.leader, '/reports/monthly/2026/5.xlsx');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe(XLSX);
      expect(filenameOf(res)).toBe('招商引资月报-2026-05.xlsx');
      const wb = await workbook(res.body);
      expect(wb.worksheets.map((s) => s.name)).toEqual(['总览', '分产业链', '分园区', '项目明细']);
      for (const ws of wb.worksheets) {
        expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
        expect(ws.pageSetup).toMatchObject({ paperSize: 8, orientation: 'landscape', fitToWidth: 1, printTitlesRow: '1:2' });
        expect(String(ws.getCell('A1').value)).toMatch(/^万盛经开区招商引资月报（2026年5月）/);
      }
      expect(wb.getWorksheet('总览')!.getCell('A1').value).toBe('万盛经开区招商引资月报（2026年5月）');
      expect(wb.getWorksheet('项目明细')!.getCell('A1').value).toBe('万盛经开区招商引资月报（2026年5月）项目明细');

      // the overview speaks 亿元: the exact amount in the cell, two decimals shown
      const ovSheet = wb.getWorksheet('总览')!;
      const overview = table(ovSheet);
      expect(overview[0]).toEqual(['指标', '本月', '本年累计', '年度目标', '完成率', '序时进度', '快慢', '去年同期', '同比', '首报本月', '首报本年累计', '调整本月', '调整本年累计']);
      reported.indicators.forEach((ind, i) => {
        const m = (v: number | null) => (v === null ? null : ind.unit === '万元' ? yi(v) : v);
        expect(overview[1 + i]).toEqual([
          `${ind.label}（${ind.unit === '万元' ? '亿元' : ind.unit}）`, m(ind.month), m(ind.ytd), m(ind.target), ind.completionRate, ind.timeProgress, ind.aheadLabel,
          m(ind.lastYearYtd), ind.yoy, m(ind.month), m(ind.ytd), 0, 0,
        ]);
      });
      expect(overview[1]).toEqual(['签约投资（亿元）', 0.8, 7.80001234, 300, 0.026, 0.4167, '慢于序时进度', 0, null, 0.8, 7.80001234, 0, 0]);
      expect(overview[6]).toEqual(['签约后终止（个）', null, 1, null, null, null, null, null, null, null, 1, null, 0]);
      expect(overview[7]).toEqual(['签约后终止协议引资（亿元）', null, 2, null, null, null, null, null, null, null, 2, null, 0]);
      expect(overview[8].slice(0, 3)).toEqual(['到位率', null, reported.rates.fundsRate]);
      expect(overview[9].slice(0, 3)).toEqual(['开工率', null, 0.3333]);
      expect(overview[10].slice(0, 3)).toEqual(['投产率', null, 0]);
      expect(ovSheet.getCell('E3').numFmt).toBe('0.00%');
      expect(ovSheet.getCell('C3').numFmt).toBe('#,##0.00');
      expect(ovSheet.getCell('C5').numFmt).toBe('#,##0'); // 新签约项目（个）
      expect(ovSheet.getCell('C12').numFmt).toBe('0.00%');
      expect(overview.find((r) => r[0] === '数据版本')?.[1]).toBe('第 1 版（首报）');
      // 首报时间 is a date-time cell showing the time in Shanghai (UTC+8), not UTC
      const firstAt = overview.find((r) => r[0] === '首报时间')![1];
      expect(firstAt).toBeInstanceOf(Date);
      expect((firstAt as Date).toISOString()).toBe(inShanghai(view.reportedAt));
      const firstAtRow = overview.findIndex((r) => r[0] === '首报时间') + 2;
      expect(ovSheet.getCell(`B${firstAtRow}`).numFmt).toBe('yyyy-mm-dd hh:mm:ss');

      const chainHeader = ['名称', '签约项目数', '签约投资(万元)', '开工', '投产', '到位资金(万元)'];
      for (const [name, key] of [['分产业链', 'industryChain'], ['分园区', 'park']] as const) {
        const sheet = table(wb.getWorksheet(name)!);
        expect(sheet[0]).toEqual(chainHeader);
        const expected = reported.breakdowns[key].map((b) => [b.label, b.signings, b.signedInvestment, b.constructionStarts, b.productionStarts, b.fundsInPlace]);
        expect(sheet.slice(1, -1)).toEqual(expected);
        expect(sheet[sheet.length - 1][0]).toBe('合计');
      }
      const chains = table(wb.getWorksheet('分产业链')!);
      expect(chains.find((r) => r[0] === '新能源及新型储能')).toEqual(['新能源及新型储能', 1, 50000.1234, 1, 0, 3000.5001]);
      expect(chains[chains.length - 1]).toEqual(['合计', 3, 78000.1234, 1, 0, 3000.5001]);

      const detail = records(wb.getWorksheet('项目明细')!);
      expect(detail.map((d) => d['项目编号'] ?? null)).toEqual(reported.projects.map((p) => p.code));
      expect(reported.projects.some((p) => p.code)).toBe(true);
      expect(detail.map((d) => [d['项目名称'], d['签约日期'], d['协议引资(万元)'], d['是否计入'], d['原因'], d['签约后终止']])).toEqual([
        ['显示面板项目', '2026-02-10', 20000, '是', null, '是'],
        ['宁德储能电池项目', '2026-03-31', 50000.1234, '是', null, '否'],
        ['高纯石英材料项目', '2026-05-20', 8000, '是', null, '否'],
      ]);
      expect(detail[1]).toMatchObject({ 产业链: '新能源及新型储能', 园区组团: '平山组团', 阶段: '开工建设', 协议类型: '投资协议', '本年到位资金(万元)': 3000.5001 });
      const detailRows = table(wb.getWorksheet('项目明细')!);
      const header = detailRows[0];
      const total = Object.fromEntries(header.map((h, i) => [String(h), detailRows[detailRows.length - 1][i]]));
      expect(total).toMatchObject({ 项目编号: '合计', 项目名称: '共 3 个项目', '协议引资(万元)': 78000.1234, '本年到位资金(万元)': 3000.5001, 原因: '其中计入 3 个' });
      expect(wb.getWorksheet('项目明细')!.getCell('I4').type).toBe(ExcelJS.ValueType.Date); // 签约日期 of the second project
    });

    it('after a late signing and a recompute, shows the current figures beside the ones first reported and the adjustment', async () => {
      const late = (await makeProject(t, w.officerA, { name: '储能变流器项目', industryChain: 'new_energy_storage', park: 'pingshan', createdOn: '2026-05-20' })).id;
      await move(w.officerA, late, { to: 'signed', signedOn: '2026-05-28', contractInvestment: 12000.5, agreementType: 'investment' });
      const again = await t.http().post('/api/v1/reports/monthly/2026/5/recompute').set(bearer(w.admin)).expect(200);
      expect(again.body.revision).toBe(2);
      const view = await rollupView();

      const wb = await workbook((await get(w.viewer, '/reports/monthly/2026/5.xlsx').expect(200)).body);
      const overview = table(wb.getWorksheet('总览')!);
      expect(overview[1]).toEqual(['签约投资（亿元）', 2.00005, 9.00006234, 300, 0.03, 0.4167, '慢于序时进度', 0, null, 0.8, 7.80001234, 1.20005, 1.20005]);
      expect(overview[3].slice(0, 3)).toEqual(['新签约项目（个）', 2, 4]);
      expect(overview[3].slice(9)).toEqual([1, 3, 1, 1]);
      view.current.indicators.forEach((ind, i) => {
        const adj = view.adjustments.find((a) => a.key === ind.key)!;
        const m = (v: number | null) => (v === null ? null : ind.unit === '万元' ? yi(v) : v);
        expect(overview[1 + i].slice(1, 4)).toEqual([m(ind.month), m(ind.ytd), m(ind.target)]);
        expect(overview[1 + i].slice(11)).toEqual([m(adj.month), m(adj.ytd)]);
      });
      expect(overview.find((r) => r[0] === '数据版本')?.[1]).toBe('第 2 版（已修订，首报数据见“首报”列）');
      // (SQLite keeps whole seconds: both revisions may bear the same time, and then one line says it)
      const at = overview.find((r) => r[0] === (view.currentAt === view.reportedAt ? '首报时间' : '本版时间'))![1] as Date;
      expect(at.toISOString()).toBe(inShanghai(view.currentAt));
      const detail = records(wb.getWorksheet('项目明细')!);
      expect(detail.map((d) => d['项目名称'])).toContain('储能变流器项目');
    });

    it('is read by the same roles as GET /reports/monthly: an officer gets 403', async () => {
      expect((await get(w.officerA, '/reports/monthly/2026/5.xlsx')).status).toBe(403);
    });

    it('e-mails each active leader once: zh-CN subject, key figures, the Excel attached; a second send sends nothing', async () => {
      const admin = bearer(w.admin);
      await t.http().post('/api/v1/users').set(admin).send({ email: 'leader2@test.local', name: '李主任', password: 'password-123', role: 'leader' }).expect(201);
      const retired = (await t.http().post('/api/v1/users').set(admin).send({ email: 'retired@test.local', name: '退休领导', password: 'password-123', role: 'leader' }).expect(201)).body.id;
      await t.http().patch(`/api/v1/users/${retired}`).set(admin).send({ active: false }).expect(200);
      // the district's report is not for a leader whose scope is a team or his own projects
      for (const dataScope of ['team', 'own']) {
        await t.http().post('/api/v1/users').set(admin)
          .send({ email: `scoped-${dataScope}@test.local`, name: '分管领导', password: 'password-123', role: 'leader', dataScope, teamId: w.teamA }).expect(201);
      }
      sink.reset();

      const mailer = t.app.get(MonthlyReportMailer);
      const first = await mailer.send(2026, 5);
      expect(first).toMatchObject({ period: '2026-05', revision: 2, recipients: 2, sent: 2, alreadyDone: 0, skipped: 0, failed: 0, failedPermanently: 0 });
      expect(sink.received.map((m) => m.to).sort()).toEqual([['leader2@test.local'], ['leader@test.local']]);

      const mail = await parseMail(sink.to('leader@test.local')[0].raw);
      expect(mail.subject).toBe('【招商通】2026年5月招商引资月报');
      expect(mail.messageId).toBe(`<monthly-report-2026-05-${w.leader.id}@zhaoshang>`);
      expect(mail.text).toContain('leader，您好');
      expect(mail.text).toContain('2026年5月招商引资月报已生成（统计截至 2026-05-31，序时进度 41.67%）');
      // figures rounded as people write them: 2.00 亿元, not 2.00005 亿元 or 20,000.5 万元
      expect(mail.text).toContain('- 签约投资：本月 2.00 亿元，本年累计 9.00 亿元，年度目标 300.00 亿元，完成率 3.00%，慢于序时进度 38.67 个百分点；去年同期 0.00 万元，同比 —（去年同期为零）');
      expect(mail.text).toContain('- 实际到位资金：本月 2,000.00 万元，本年累计 3,000.50 万元');
      expect(mail.text).toContain('- 新签约项目：本月 2 个，本年累计 4 个，年度目标 40 个，完成率 10.00%');
      expect(mail.text).toContain('签约后终止：1 个，协议引资 2.00 亿元');
      expect(mail.text).toContain('本月报已修订（第 2 版）');
      expect(mail.text).toContain('签约投资：首报本年累计 7.80 亿元，现为 9.00 亿元（调整 +1.20 亿元；本月调整 +1.20 亿元）');
      expect(mail.text).not.toMatch(/\d\.\d{3,}/); // no figure with more than two decimals
      expect(mail.html).toContain('<html lang="zh-CN">');
      expect(mail.html).toContain('<td align="left">签约投资</td><td align="right">2.00 亿元</td><td align="right">9.00 亿元</td>');

      expect(mail.attachments).toHaveLength(1);
      const [att] = mail.attachments;
      expect(att.filename).toBe('招商引资月报-2026-05.xlsx');
      expect(att.mimeType).toBe(XLSX);
      const attached = await workbook(Buffer.from(att.content as ArrayBuffer));
      expect(attached.worksheets.map((s) => s.name)).toEqual(['总览', '分产业链', '分园区', '项目明细']);
      expect(table(attached.getWorksheet('总览')!)[1].slice(0, 3)).toEqual(['签约投资（亿元）', 2.00005, 9.00006234]);

      const other = await parseMail(sink.to('leader2@test.local')[0].raw);
      expect(other.text).toContain('李主任，您好');

      const second = await mailer.send(2026, 5);
      expect(second).toMatchObject({ recipients: 2, sent: 0, alreadyDone: 2 });
      expect(sink.received).toHaveLength(2);

      const sent = (await t.http().get('/api/v1/notifications?kind=monthly_report').set(bearer(w.leader)).expect(200)).body;
      expect(sent.items).toEqual([expect.objectContaining({ kind: 'monthly_report', period: '2026-05', status: 'sent', subject: '【招商通】2026年5月招商引资月报', attempts: 1 })]);
    });

    it('a leader whose server defers the message gets it on the retry, once; the others are not sent again', async () => {
      await t.http().post('/api/v1/reports/monthly/2026/4/recompute').set(bearer(w.admin)).expect(200);
      sink.reset();
      sink.deferOnce.add('leader2@test.local');
      const mailer = t.app.get(MonthlyReportMailer);

      await expect(mailer.send(2026, 4)).rejects.toMatchObject({
        name: 'TransientSendFailure',
        code: 'mail_send_failed',
        message: '有 1 封邮件未能发出，任务将自动重试',
        result: expect.objectContaining({ recipients: 2, sent: 1, alreadyDone: 0, failed: 1 }),
      });
      expect(sink.deferred).toEqual(['leader2@test.local']);
      expect(sink.received.map((m) => m.to)).toEqual([['leader@test.local']]);

      const retry = await mailer.send(2026, 4);
      expect(retry).toMatchObject({ recipients: 2, sent: 1, alreadyDone: 1, failed: 0 });
      expect(sink.received.map((m) => m.to)).toEqual([['leader@test.local'], ['leader2@test.local']]);
      const mail = await parseMail(sink.received[1].raw);
      expect(mail.subject).toBe('【招商通】2026年4月招商引资月报');
      expect(mail.attachments.map((a) => a.filename)).toEqual(['招商引资月报-2026-04.xlsx']);
      const notes = (await t.http().get('/api/v1/notifications?kind=monthly_report').set(bearer(w.leader)).expect(200)).body;
      expect(notes.items.map((n: { period: string; status: string }) => [n.period, n.status])).toEqual([['2026-05', 'sent'], ['2026-04', 'sent']]);
    });
  });
});
