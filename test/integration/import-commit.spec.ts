/**
 * Publishing an import (src/imports/commit.service.ts): staged rows become
 * projects with their backdated history, companies, team spans, funds and
 * audit rows in one transaction; a re-import updates; a conflicting history
 * is a row error; a failure half way leaves nothing and a second run
 * completes once; a month already reported gets a 导入调整 revision.
 * The staging rows are written here as the dry run leaves them.
 */
import type { DataSource } from 'typeorm';
import { sql } from '../../src/core/database/dialect';
import { UnitOfWork } from '../../src/core/database/unit-of-work';
import { CommitRepository } from '../../src/imports/commit.repository';
import { ImportCommitService } from '../../src/imports/commit.service';
import { PipelineHistory } from '../../src/projects/pipeline-history';
import { RollupService } from '../../src/reports/rollup.service';
import { bearer, creditCode, seedWorld, type World } from '../helpers/fixtures';
import { describeEachDatabase, startTestApp, type TestApp } from '../helpers/test-app';

const WAN = 10_000;
const BATTERY_CODE = creditCode('91350900MA2XN0YK1');

describeEachDatabase('committing an import', (db) => {
  let t: TestApp;
  let w: World;
  let service: ImportCommitService;
  let ds: DataSource;
  let nextImport = 0;

  const project = (over: Record<string, unknown> = {}) => ({
    code: 'WS-001', name: '储能电池项目', company: { name: '宁德新能源科技有限公司', creditCode: BATTERY_CODE }, industryChain: 'new_energy_storage',
    park: null, sourceChannel: null, sourceRegion: null, stage: 'construction', ownerId: w.officerA.id, teamId: w.teamA, leaderInCharge: null,
    isKeyProject: false, keyProjectLevel: null, plannedInvestment: 80_000 * WAN, contractInvestment: 50_000 * WAN, agreementType: 'investment',
    createdOn: '2024-11-01', negotiationOn: '2025-01-05', signedOn: '2025-03-10', constructionStartedOn: '2025-05-01', productionStartedOn: null,
    onHoldOn: null, onHoldReason: null, droppedOn: null, droppedReason: null, lastActivityOn: '2025-06-01', contractNo: 'HT-1',
    expectedAnnualOutput: null, expectedAnnualTax: null, landArea: 120.5, jobs: 300, ...over,
  });
  const visitOnly = (over: Record<string, unknown> = {}) => project({
    code: 'WS-002', name: '芯片封测项目', company: { name: '重庆芯联微电子有限公司', creditCode: null }, industryChain: 'electronics', stage: 'visit',
    createdOn: '2025-02-01', negotiationOn: null, signedOn: null, constructionStartedOn: null, contractInvestment: null, agreementType: null,
    contractNo: null, lastActivityOn: null, plannedInvestment: 1_000 * WAN, ...over,
  });

  /** An import at 'committing' (as POST /imports/:id/commit leaves it) with its staged rows. */
  async function staged(rows: { rowNo: number; data: unknown; proposed: string; decision?: string | null; match?: number | null; sheet?: string }[]): Promise<number> {
    nextImport += 1;
    await sql(ds.manager, `INSERT INTO imports (status, "fileName", "fileHash", "fileSize", "createdById", "teamId", counts, version)
      VALUES ('committing', :name, :hash, 100, :by, NULL, :counts, 2)`, {
      name: `台账${nextImport}.xlsx`, hash: 'a'.repeat(64), by: w.managerA.id, counts: JSON.stringify({ rows: rows.length, valid: rows.length, errors: 0, duplicates: 0, toCreate: 0, toUpdate: 0, toSkip: 0 }),
    });
    const [row] = await sql<{ id: unknown }>(ds.manager, 'SELECT MAX(id) AS id FROM imports');
    const id = Number(row.id);
    for (const r of rows) {
      await sql(ds.manager, `INSERT INTO import_rows ("importId", sheet, "rowNo", raw, data, errors, warnings, duplicates, "matchProjectId", proposed, decision)
        VALUES (:id, :sheet, :rowNo, NULL, :data, NULL, NULL, NULL, :match, :proposed, :decision)`, {
        id, sheet: r.sheet ?? 'projects', rowNo: r.rowNo, data: JSON.stringify(r.data), match: r.match ?? null, proposed: r.proposed, decision: r.decision ?? null,
      });
    }
    return id;
  }
  const status = async (id: number) => (await sql<{ status: string; error: string | null; counts: string }>(ds.manager, 'SELECT status, error, counts FROM imports WHERE id = :id', { id }))[0];
  const byCode = async (code: string) => sql<{ id: unknown }>(ds.manager, 'SELECT id FROM projects WHERE code = :code', { code });
  const count = async (table: string) => Number((await sql<{ n: unknown }>(ds.manager, `SELECT COUNT(*) AS n FROM ${table}`))[0].n);
  const summary = async (year: number, month: number) => (await t.http().get(`/api/v1/reports/summary?year=${year}&month=${month}`).set(bearer(w.admin)).expect(200)).body;
  const indicator = (s: { indicators: { key: string; month: number; ytd: number }[] }, key: string) => s.indicators.find((i) => i.key === key)!;
  const funnelCount = (s: { funnel: { stages: { stage: string; count: number }[] } }, stage: string) => s.funnel.stages.find((x) => x.stage === stage)!.count;

  beforeAll(async () => {
    t = await startTestApp(db);
    ds = t.ds;
    w = await seedWorld(t);
    const rollups = t.app.get(RollupService);
    service = new ImportCommitService(new CommitRepository(ds), t.app.get(UnitOfWork), t.clock, rollups);
    // March 2025 was reported before the import.
    await rollups.produce(2025, 3, 'manual', w.admin.id);
  }, 60_000);
  afterAll(() => t?.close());

  let battery: number;
  let chips: number;

  it('creates the accepted rows with their companies, backdated history, funds and one audit row each; skipped and error rows stay out', async () => {
    const id = await staged([
      { rowNo: 2, data: project(), proposed: 'create' },
      { rowNo: 3, data: visitOnly(), proposed: 'create' },
      { rowNo: 4, data: project({ code: 'WS-009', name: '跳过的项目' }), proposed: 'create', decision: 'skip' },
      { rowNo: 5, data: null, proposed: 'error' },
      { rowNo: 2, sheet: 'funds', data: { code: 'WS-001', companyName: null, name: null, month: '2025-04', amount: 3_000 * WAN }, proposed: 'create' },
    ]);
    const outcome = await service.commit(id);
    expect(outcome).toMatchObject({ status: 'done', created: 2, updated: 0, skipped: 2, fundsRows: 1 });
    const s = await status(id);
    expect(s.status).toBe('done');
    expect(JSON.parse(s.counts)).toMatchObject({ created: 2, updated: 0, skipped: 2, fundsRows: 1 });
    expect(await byCode('WS-009')).toHaveLength(0);
    battery = Number((await byCode('WS-001'))[0].id);
    chips = Number((await byCode('WS-002'))[0].id);
    // Each row names the project it became (the result page's links); the staging rows are gone.
    const made = await sql<{ rowNo: unknown; matchProjectId: unknown }>(ds.manager, `SELECT "rowNo", "matchProjectId" FROM import_rows WHERE "importId" = :id AND sheet = 'projects' ORDER BY "rowNo"`, { id });
    expect(made.map((r) => [Number(r.rowNo), r.matchProjectId === null ? null : Number(r.matchProjectId)])).toEqual([[2, battery], [3, chips], [4, null], [5, null]]);
    expect(await count('import_publish_projects') + await count('import_publish_transitions') + await count('import_publish_companies')).toBe(0);

    const detail = (await t.http().get(`/api/v1/projects/${battery}`).set(bearer(w.managerA)).expect(200)).body;
    expect(detail).toMatchObject({
      code: 'WS-001', stage: 'construction', signedOn: '2025-03-10', constructionStartedOn: '2025-05-01', contractInvestment: 50_000, createdOn: '2024-11-01',
      lastActivityOn: '2025-06-01', companyName: '宁德新能源科技有限公司', teamId: w.teamA, landArea: 120.5,
    });
    const history = (await t.http().get(`/api/v1/projects/${battery}/transitions`).set(bearer(w.managerA)).expect(200)).body;
    const moves = (Array.isArray(history) ? history : history.items).map((r: { seq: number; toStage: string; effectiveOn: string }) => [r.seq, r.toStage, r.effectiveOn]);
    expect(moves).toEqual([[1, 'visit', '2024-11-01'], [2, 'negotiation', '2025-01-05'], [3, 'signed', '2025-03-10'], [4, 'construction', '2025-05-01']]);
    // Without 最近跟进 the staleness counts from the import's day, not from the registration.
    const chipsView = (await t.http().get(`/api/v1/projects/${chips}`).set(bearer(w.managerA)).expect(200)).body;
    expect(chipsView.lastActivityOn).toBe(t.clock.today());
    expect(chipsView.supervision.light).toBe('green');

    const audit = await sql<{ entityId: string; action: string; after: string }>(ds.manager, `SELECT "entityId", action, after FROM audit_logs WHERE action = 'import' ORDER BY "entityId"`);
    expect(audit.map((a) => [Number(a.entityId), JSON.parse(a.after).importId])).toEqual([[battery, id], [chips, id]].sort((a, b) => a[0] - b[0]));
    expect(await t.app.get(PipelineHistory).verify()).toEqual([]);
  });

  it('gives past months the figures the history implies: signings, starts, funds and the month-end pipeline', async () => {
    const march = await summary(2025, 3);
    expect(indicator(march, 'signedInvestment').month).toBe(50_000);
    expect(indicator(march, 'signings').month).toBe(1);
    expect(funnelCount(march, 'signed')).toBe(1);
    expect(funnelCount(march, 'visit')).toBe(1); // 芯片封测 registered in February
    const jan = await summary(2025, 1);
    expect(funnelCount(jan, 'negotiation')).toBe(1);
    expect(funnelCount(jan, 'visit')).toBe(0);
    const april = await summary(2025, 4);
    expect(indicator(april, 'fundsInPlace').month).toBe(3_000);
    const may = await summary(2025, 5);
    expect(indicator(may, 'constructionStarts').month).toBe(1);
    expect(funnelCount(may, 'construction')).toBe(1);
  });

  it('shows the import in a month reported before it as a 导入调整 revision, not as a correction', async () => {
    const year = (await t.http().get('/api/v1/reports/monthly?year=2025').set(bearer(w.admin)).expect(200)).body;
    const res = year.items.find((m: { month: number }) => m.month === 3);
    expect(res.revisions.map((r: { trigger: string; triggerLabel: string }) => [r.trigger, r.triggerLabel])).toEqual([['manual', '管理员生成'], ['import', '导入调整']]);
    expect(res.adjustments.find((a: { key: string }) => a.key === 'signedInvestment').month).toBe(50_000);
  });

  it('publishes once: running the commit again changes nothing', async () => {
    const projects = await count('projects');
    const [{ id }] = await sql<{ id: unknown }>(ds.manager, `SELECT MAX(id) AS id FROM imports`);
    expect((await service.commit(Number(id))).status).toBe('unchanged');
    expect(await count('projects')).toBe(projects);
  });

  it('updates the matched projects on a re-import of the same rows, adding only the moves the sheet adds', async () => {
    const before = { projects: await count('projects'), companies: await count('companies'), transitions: await count('project_transitions') };
    await sql(ds.manager, `UPDATE projects SET "lastActivityOn" = '2026-06-10' WHERE id = :chips`, { chips }); // a follow-up logged since
    const id = await staged([
      { rowNo: 2, data: project({ productionStartedOn: '2026-03-01', stage: 'production', plannedInvestment: 90_000 * WAN }), proposed: 'update', match: battery },
      { rowNo: 3, data: visitOnly({ code: null, company: { name: '重庆芯联封测有限公司', creditCode: null } }), proposed: 'update', match: chips },
    ]);
    expect(await service.commit(id)).toMatchObject({ status: 'done', created: 0, updated: 2 });
    expect(await count('projects')).toBe(before.projects);
    // The investor the sheet now names is new: created once, and the project points at it.
    expect(await count('companies')).toBe(before.companies + 1);
    expect((await t.http().get(`/api/v1/projects/${chips}`).set(bearer(w.managerA)).expect(200)).body.companyName).toBe('重庆芯联封测有限公司');
    expect(await count('project_transitions')).toBe(before.transitions + 1);
    const b = (await t.http().get(`/api/v1/projects/${battery}`).set(bearer(w.managerA)).expect(200)).body;
    expect(b).toMatchObject({ stage: 'production', productionStartedOn: '2026-03-01', plannedInvestment: 90_000 });
    // Without 最近跟进 the follow-up logged since stays; an empty 项目编号 keeps the stored one.
    expect((await t.http().get(`/api/v1/projects/${chips}`).set(bearer(w.managerA)).expect(200)).body.lastActivityOn).toBe('2026-06-10');
    expect((await byCode('WS-002')).map((r) => Number(r.id))).toEqual([chips]);
    expect(await t.app.get(PipelineHistory).verify()).toEqual([]);
    expect(funnelCount(await summary(2026, 3), 'production')).toBe(1);
  });

  it('refuses a re-import whose history conflicts with the stored one: a row error found at commit start, nothing written', async () => {
    const before = await count('project_transitions');
    const id = await staged([
      { rowNo: 2, data: project({ signedOn: '2025-03-20', productionStartedOn: '2026-03-01', stage: 'production' }), proposed: 'update', match: battery },
      { rowNo: 3, data: visitOnly({ code: 'WS-003', name: '新项目' }), proposed: 'create' },
    ]);
    expect(await service.commit(id)).toMatchObject({ status: 'ready', conflicts: 1 });
    const s = await status(id);
    expect(s.status).toBe('ready');
    expect(s.error).toContain('冲突');
    const [row] = await sql<{ proposed: string; errors: string }>(ds.manager, `SELECT proposed, errors FROM import_rows WHERE "importId" = :id AND "rowNo" = 2`, { id });
    expect(row.proposed).toBe('error');
    expect(JSON.parse(row.errors)[0].message).toContain('签约日期已记为 2025-03-10，表中为 2025-03-20');
    expect(await byCode('WS-003')).toHaveLength(0);
    expect(await count('project_transitions')).toBe(before);
  });

  it('leaves nothing when the commit fails half way, goes back to ready with the error, and completes once when run again', async () => {
    const before = { projects: await count('projects'), companies: await count('companies'), audit: await count('audit_logs'), ledger: await count('pipeline_ledger') };
    const id = await staged([{ rowNo: 2, data: visitOnly({ code: 'WS-004', name: '新材料项目', company: { name: '重庆新材料有限公司', creditCode: null } }), proposed: 'create' }]);
    service.failInsideTransaction = () => { throw new Error('进程中断（测试）'); };
    try {
      expect((await service.commit(id)).status).toBe('ready');
    } finally {
      service.failInsideTransaction = null;
    }
    const s = await status(id);
    expect(s.status).toBe('ready');
    expect(s.error).toContain('未导入任何数据');
    expect(await byCode('WS-004')).toHaveLength(0);
    expect({ projects: await count('projects'), companies: await count('companies'), audit: await count('audit_logs'), ledger: await count('pipeline_ledger') }).toEqual(before);

    await sql(ds.manager, `UPDATE imports SET status = 'committing' WHERE id = :id`, { id });
    expect((await service.commit(id)).status).toBe('done');
    expect((await service.commit(id)).status).toBe('unchanged');
    expect(await byCode('WS-004')).toHaveLength(1);
    expect(await count('companies')).toBe(before.companies + 1);
  });

  it('publishes an import of many pages as one of a single page: ids, histories, funds and updates line up across pages', async () => {
    service.pageSize = 2;
    try {
      const before = { projects: await count('projects'), transitions: await count('project_transitions') };
      const stored = (await t.http().get(`/api/v1/projects/${chips}`).set(bearer(w.managerA)).expect(200)).body;
      const rows = [
        { rowNo: 2, data: visitOnly({ code: 'WS-201', name: '分页项目一', company: { name: '分页甲公司', creditCode: null } }), proposed: 'create' },
        // the stored chips project again: new figures, no new move, another team named (a 移交 is its own act)
        { rowNo: 3, data: visitOnly({ plannedInvestment: 2_500 * WAN, teamId: w.teamB, ownerId: w.officerB.id }), proposed: 'update', match: chips },
        { rowNo: 4, data: project({ code: 'WS-202', name: '分页项目二', company: { name: '分页乙公司', creditCode: null } }), proposed: 'create' },
        { rowNo: 5, data: visitOnly({ code: 'WS-203', name: '分页项目三', company: { name: '分页甲公司', creditCode: null }, createdOn: '2025-06-01' }), proposed: 'create' },
        { rowNo: 6, data: project({ code: 'WS-204', name: '分页项目四', company: { name: '分页丙公司', creditCode: null }, signedOn: '2025-04-10' }), proposed: 'create' },
        { rowNo: 2, sheet: 'funds', data: { code: 'WS-204', companyName: null, name: null, month: '2025-07', amount: 700 * WAN }, proposed: 'create' },
        { rowNo: 3, sheet: 'funds', data: { code: null, companyName: '分页乙公司', name: '分页项目二', month: '2025-08', amount: 800 * WAN }, proposed: 'create' },
        { rowNo: 4, sheet: 'funds', data: { code: 'WS-001', companyName: null, name: null, month: '2025-09', amount: 900 * WAN }, proposed: 'create' },
      ];
      const id = await staged(rows);
      const outcome = await service.commit(id);
      expect([outcome, (await status(id)).error]).toEqual([expect.objectContaining({ status: 'done', created: 4, updated: 1, fundsRows: 3 }), null]);
      expect(await count('projects')).toBe(before.projects + 4);
      // four histories of 1, 4, 1 and 4 moves; the update adds none
      expect(await count('project_transitions')).toBe(before.transitions + 10);
      const view = async (code: string) => {
        const pid = Number((await byCode(code))[0].id);
        const body = (await t.http().get(`/api/v1/projects/${pid}`).set(bearer(w.admin)).expect(200)).body;
        const h = (await t.http().get(`/api/v1/projects/${pid}/transitions`).set(bearer(w.admin)).expect(200)).body;
        const funds = (await t.http().get(`/api/v1/projects/${pid}/funds`).set(bearer(w.admin)).expect(200)).body;
        return { body, moves: (Array.isArray(h) ? h : h.items).map((r: { toStage: string; effectiveOn: string }) => `${r.toStage} ${r.effectiveOn}`), funds: (Array.isArray(funds) ? funds : funds.items).map((f: { month: string; amount: number }) => `${f.month} ${f.amount}`) };
      };
      const one = await view('WS-201');
      const three = await view('WS-203');
      expect(one.body.companyId).toBe(three.body.companyId); // one company for the two rows naming it, pages apart
      expect(three.moves).toEqual(['visit 2025-06-01']);
      const two = await view('WS-202');
      expect(two.moves).toEqual(['visit 2024-11-01', 'negotiation 2025-01-05', 'signed 2025-03-10', 'construction 2025-05-01']);
      expect(two.funds).toEqual(['2025-08 800']);
      const four = await view('WS-204');
      expect(four.moves).toEqual(['visit 2024-11-01', 'negotiation 2025-01-05', 'signed 2025-04-10', 'construction 2025-05-01']);
      expect(four.funds).toEqual(['2025-07 700']);
      expect((await view('WS-001')).funds).toContain('2025-09 900');
      const after = (await t.http().get(`/api/v1/projects/${chips}`).set(bearer(w.managerA)).expect(200)).body;
      expect(after).toMatchObject({ plannedInvestment: 2_500, teamId: stored.teamId, ownerId: stored.ownerId, stage: stored.stage, stageEnteredOn: stored.stageEnteredOn, version: stored.version + 1 });
      // each row names the project it became or changed
      const made = await sql<{ rowNo: unknown; matchProjectId: unknown }>(ds.manager, `SELECT "rowNo", "matchProjectId" FROM import_rows WHERE "importId" = :id AND sheet = 'projects' ORDER BY "rowNo"`, { id });
      expect(made.map((r) => Number(r.matchProjectId))).toEqual([one.body.id, chips, two.body.id, three.body.id, four.body.id]);
      expect(await t.app.get(PipelineHistory).verify()).toEqual([]);
    } finally {
      service.pageSize = 2_000;
    }
  });

  it('keeps 项目编号 unique through the API, and finds projects by it', async () => {
    const company = (await t.http().get(`/api/v1/projects/${chips}`).set(bearer(w.officerA)).expect(200)).body.companyId;
    const dup = await t.http().post('/api/v1/projects').set(bearer(w.officerA)).send({ name: '另一个项目', companyId: company, industryChain: 'electronics', code: ' WS-001 ' });
    expect(dup.status).toBe(409);
    expect(dup.body).toMatchObject({ code: 'duplicate_code' });
    expect(dup.body.message).toContain('储能电池项目');
    const created = await t.http().post('/api/v1/projects').set(bearer(w.officerA)).send({ name: '另一个项目', companyId: company, industryChain: 'electronics', code: '　WS-100 ' }).expect(201);
    expect(created.body.code).toBe('WS-100');
    const patch = await t.http().patch(`/api/v1/projects/${created.body.id}`).set(bearer(w.officerA)).send({ code: 'WS-002', version: created.body.version });
    expect(patch.status).toBe(409);
    expect(patch.body.code).toBe('duplicate_code');
    const tooLong = await t.http().patch(`/api/v1/projects/${created.body.id}`).set(bearer(w.officerA)).send({ code: 'W'.repeat(41), version: created.body.version });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body).toMatchObject({ code: 'too_long', details: [{ field: 'code', code: 'too_long', message: '项目编号不能超过 40 个字符' }] });
    await t.http().patch(`/api/v1/projects/${created.body.id}`).set(bearer(w.officerA)).send({ code: null, version: created.body.version }).expect(200);
    // the audit log names the field as people know it
    const audit = (await t.http().get(`/api/v1/audit?entity=project&id=${created.body.id}`).set(bearer(w.admin)).expect(200)).body.items;
    expect(audit.find((a: { fieldLabels: Record<string, string> }) => 'code' in a.fieldLabels).fieldLabels.code).toBe('项目编号');
    const found = (await t.http().get('/api/v1/projects?q=ws-00').set(bearer(w.managerA)).expect(200)).body.items.map((p: { code: string }) => p.code).sort();
    expect(found).toEqual(['WS-001', 'WS-002', 'WS-004']);
  });
});
