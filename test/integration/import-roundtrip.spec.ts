import ExcelJS from 'exceljs';
import { type Account, bearer, creditCode, seedWorld, type World } from '../helpers/fixtures';
import { commit, download, dryRun, FUNDS_HEADERS, rowsOf, sheetValues, waitFor } from '../helpers/import-fixtures';
import { moveOk } from '../helpers/projects';
import { describeEachDatabase, startTestApp, TEST_TODAY, type TestApp } from '../helpers/test-app';

/**
 * The round trip a bureau makes on its first afternoon, the other way round:
 * a district with two years of history (signings, starts, productions, funds
 * in place, a pause and drops) exports its 台账; the file, with a 到位资金
 * sheet beside it, goes into an EMPTY install (the same teams and people, no
 * project); that install's 台账 is the same rows, and its summary for past
 * months gives the same signing, start, funds and month-end pipeline figures
 * (activity figures aside: the 台账 carries no follow-up history).
 * Importing the same file again proposes updates, never new projects.
 */
type Owner = 'officerA' | 'officerA2' | 'officerB';
interface Story {
  code: string;
  name: string;
  company: string;
  chain: string;
  owner: Owner;
  createdOn: string;
  planned: number;
  signed?: { on: string; wan: number; type: 'investment' | 'framework' };
  construction?: string;
  production?: string;
  hold?: string;
  drop?: string;
  funds?: [string, number][];
}

const STORIES: Story[] = [
  { code: 'WS-2025-001', name: '锂电隔膜项目', company: '重庆星源隔膜科技有限公司', chain: 'new_energy_storage', owner: 'officerA', createdOn: '2025-02-10', planned: 20000 },
  { code: 'WS-2025-002', name: '储能电站集成项目', company: '重庆储能集成有限公司', chain: 'new_energy_storage', owner: 'officerA', createdOn: '2025-01-05', planned: 60000,
    signed: { on: '2025-03-20', wan: 50000, type: 'investment' }, funds: [['2025-04', 3000], ['2025-07', 2500.5]] },
  { code: 'WS-2025-003', name: '高纯石英砂项目', company: '万盛石英材料有限公司', chain: 'new_materials', owner: 'officerA2', createdOn: '2025-03-01', planned: 15000,
    signed: { on: '2025-05-12', wan: 12000, type: 'investment' }, construction: '2025-09-01', funds: [['2025-06', 1200]] },
  { code: 'WS-2025-004', name: '功率半导体封测项目', company: '重庆芯联封测有限公司', chain: 'electronics', owner: 'officerA', createdOn: '2024-12-01', planned: 30000,
    signed: { on: '2025-02-01', wan: 28000.25, type: 'investment' }, construction: '2025-06-15', production: '2026-01-20', funds: [['2025-03', 8000], ['2025-12', 4000]] },
  { code: 'WS-2025-005', name: '中药饮片加工项目', company: '万盛本草药业有限公司', chain: 'biomedicine', owner: 'officerA2', createdOn: '2025-06-01', planned: 5000, hold: '2025-10-10' },
  { code: 'WS-2025-006', name: '冷链物流仓储项目', company: '重庆冷链食品有限公司', chain: 'food_agri', owner: 'officerA', createdOn: '2025-01-20', planned: 8000, drop: '2025-08-08' },
  { code: 'WS-2025-007', name: '工业机器人项目', company: '重庆智造装备有限公司', chain: 'smart_equipment', owner: 'officerA', createdOn: '2025-09-01', planned: 9000,
    signed: { on: '2025-11-30', wan: 8000, type: 'framework' }, hold: '2026-02-01' },
  { code: 'WS-2026-008', name: '钠离子电池正极项目', company: '万盛钠能新材料有限公司', chain: 'new_energy_storage', owner: 'officerA2', createdOn: '2025-12-01', planned: 15000,
    signed: { on: '2026-01-15', wan: 12345.6789, type: 'investment' }, funds: [['2026-02', 100], ['2026-04', 200]] },
  { code: 'WS-2026-009', name: '光伏玻璃深加工项目', company: '重庆光玻科技有限公司', chain: 'new_materials', owner: 'officerA', createdOn: '2026-01-10', planned: 22000,
    signed: { on: '2026-03-03', wan: 20000, type: 'investment' }, construction: '2026-05-20', funds: [['2026-03', 600]] },
  { code: 'WS-2026-010', name: '传感器模组项目', company: '重庆感知电子有限公司', chain: 'electronics', owner: 'officerB', createdOn: '2026-04-01', planned: 3000 },
  { code: 'WS-2025-011', name: '特色食品加工项目', company: '万盛山珍食品有限公司', chain: 'food_agri', owner: 'officerB', createdOn: '2025-05-05', planned: 4000,
    signed: { on: '2025-07-07', wan: 3500, type: 'investment' }, drop: '2025-12-12' },
  { code: 'WS-2025-012', name: '显示面板模组项目', company: '重庆显示模组有限公司', chain: 'electronics', owner: 'officerB', createdOn: '2024-11-11', planned: 45000,
    signed: { on: '2025-01-10', wan: 40000, type: 'investment' }, construction: '2025-03-03', production: '2025-10-10', funds: [['2025-01', 5000], ['2025-05', 7000.5], ['2025-11', 3000]] },
];

/** The months whose figures must come out the same (all closed before today, 2026-06-15). */
const MONTHS: [number, number][] = [[2025, 3], [2025, 6], [2025, 9], [2025, 12], [2026, 2], [2026, 5]];

async function populate(t: TestApp, w: World): Promise<void> {
  for (const [i, s] of STORIES.entries()) {
    const who: Account = w[s.owner];
    const company = await t.http().post('/api/v1/companies').set(bearer(who))
      .send({ name: s.company, creditCode: creditCode(`91500110MA6${String(100000 + i)}`) }).expect(201);
    const created = await t.http().post('/api/v1/projects').set(bearer(who))
      .send({ code: s.code, name: s.name, companyId: company.body.id, industryChain: s.chain, plannedInvestment: s.planned, createdOn: s.createdOn })
      .expect(201);
    const id = created.body.id as number;
    if (s.signed) await moveOk(t, who, id, { to: 'signed', signedOn: s.signed.on, contractInvestment: s.signed.wan, agreementType: s.signed.type });
    if (s.construction) await moveOk(t, who, id, { to: 'construction', constructionStartedOn: s.construction });
    if (s.production) await moveOk(t, who, id, { to: 'production', productionStartedOn: s.production });
    for (const [month, amount] of s.funds ?? []) {
      await t.http().put(`/api/v1/projects/${id}/funds/${month}`).set(bearer(who)).send({ amount }).expect(200);
    }
    if (s.hold) await moveOk(t, who, id, { to: 'on_hold', effectiveOn: s.hold, reason: '投资方资金安排调整' });
    if (s.drop) await moveOk(t, who, id, { to: 'dropped', effectiveOn: s.drop, reason: '投资方战略调整', reasonCode: 'investor_strategy' });
  }
}

/** The 台账 with a 到位资金 sheet added: every month of funds in place, by 项目编号 (company and name beside it). */
async function ledgerWithFunds(t: TestApp, w: World): Promise<Buffer> {
  const ledger = await download(t, w.admin.token, '/reports/projects.xlsx');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(ledger as unknown as ExcelJS.Buffer);
  const ws = wb.addWorksheet('到位资金');
  ws.addRow([...FUNDS_HEADERS]);
  for (const s of STORIES) for (const [month, amount] of s.funds ?? []) ws.addRow([s.code, s.company, s.name, month, amount]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The ledger's data rows keyed by header, sorted by 项目编号, without what follow-ups drive (督办灯, 督办说明). */
async function ledgerRecords(bytes: Buffer): Promise<Record<string, unknown>[]> {
  const [, header, ...data] = await sheetValues(bytes);
  const body = data.filter((r) => r[0] !== '合计' && r.some((v) => v !== null));
  return body
    .map((r) => Object.fromEntries(header.map((h, i) => [String(h), r[i]]).filter(([h]) => h !== '督办灯' && h !== '督办说明')))
    .sort((a, b) => String(a['项目编号']).localeCompare(String(b['项目编号'])));
}

/** A summary's signing, start, funds and month-end pipeline figures, without ids (they differ between installs). */
function figures(summary: Record<string, any>) {
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).filter(([k]) => k !== 'id' && k !== 'projectId').map(([k, x]) => [k, strip(x)]));
    return v;
  };
  const { team, ...byDictionary } = summary.breakdowns;
  return strip({
    indicators: summary.indicators,
    signedThenDropped: summary.signedThenDropped,
    breakdowns: { ...byDictionary, team: team.map(({ key: _key, ...row }: Record<string, unknown>) => row) },
    funnelStages: summary.funnel.stages,
    rates: summary.rates,
    signedProjects: summary.signedProjects,
  });
}

describeEachDatabase('Import round trip: export a district, import it into an empty install, export again', (db) => {
  let source: TestApp;
  let target: TestApp;
  let ws: World;
  let wt: World;

  beforeAll(async () => {
    source = await startTestApp(db);
    target = await startTestApp(db);
    ws = await seedWorld(source);
    wt = await seedWorld(target); // the same teams and people, no project
    await populate(source, ws);
  }, 60_000);
  afterAll(async () => {
    await source?.close();
    await target?.close();
  });

  it('gives the same 台账 and the same past months’ figures; a second import of the file updates, never duplicates', async () => {
    const file = await ledgerWithFunds(source, ws);
    const before = await ledgerRecords(await download(source, ws.admin.token, '/reports/projects.xlsx'));
    expect(before).toHaveLength(STORIES.length);

    const dry = await dryRun(target, wt.admin.token, file, '万盛经开区招商项目台账.xlsx');
    expect(dry.status).toBe('ready');
    // every row reads back without an error: the 台账 carries what the history needs (洽谈, 暂缓, 终止 with dates and reasons)
    const problems = (await rowsOf(target, wt.admin.token, dry.id, 'errors')).flatMap((r) => r.errors.map((e) => `${r.rowNo} ${r.name}: ${e.column} ${e.code} ${e.message}`));
    expect(problems).toEqual([]);
    expect(dry.counts).toMatchObject({ rows: STORIES.length, valid: STORIES.length, errors: 0, duplicates: 0, toCreate: STORIES.length, toUpdate: 0, toSkip: 0 });
    expect(dry.counts.fundsRows).toBe(STORIES.reduce((n, s) => n + (s.funds?.length ?? 0), 0));
    const done = await commit(target, wt.admin.token, dry.id);
    expect(done.status).toBe('done');
    expect(done.counts).toMatchObject({ created: STORIES.length, updated: 0, skipped: 0 });

    const after = await ledgerRecords(await download(target, wt.admin.token, '/reports/projects.xlsx'));
    // 最近跟进: where the source had none (no follow-up yet), staleness counts from the import day (TEST_TODAY), as the issue says
    expect(after).toEqual(before.map((r) => ({ ...r, 最近跟进: r['最近跟进'] ?? TEST_TODAY })));

    for (const [year, month] of MONTHS) {
      const q = `/api/v1/reports/summary?year=${year}&month=${month}`;
      const a = (await source.http().get(q).set(bearer(ws.admin)).expect(200)).body;
      const b = (await target.http().get(q).set(bearer(wt.admin)).expect(200)).body;
      expect({ year, month, figures: figures(b) }).toEqual({ year, month, figures: figures(a) });
    }

    // The same file again: every row matched by its 项目编号, proposed as an update (or a no-change skip).
    const again = await dryRun(target, wt.admin.token, file, '万盛经开区招商项目台账.xlsx');
    expect(again.status).toBe('ready');
    expect(again.counts.errors).toBe(0);
    expect(again.counts.toCreate).toBe(0);
    expect(again.counts.toUpdate + again.counts.toSkip).toBe(STORIES.length);
    const list = (await target.http().get('/api/v1/imports').set(bearer(wt.admin)).expect(200)).body;
    expect(list.total).toBe(2);
    expect((await waitFor(target, wt.admin.token, dry.id, ['done'])).committedAt).toEqual(expect.any(String));
    const projects = (await target.http().get('/api/v1/projects?pageSize=1').set(bearer(wt.admin)).expect(200)).body;
    expect(projects.total).toBe(STORIES.length);
  }, 60_000);
});
