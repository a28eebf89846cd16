import type { DataSource } from 'typeorm';
import { dialectOf } from '../../src/core/database/dialect';
import { bearer, seedWorld, type World } from '../helpers/fixtures';
import { type CellValue, commit, dryRun, FUNDS_HEADERS, LEDGER_HEADERS, rowOf, waitFor, workbookBytes } from '../helpers/import-fixtures';
import { changedTables, tableChecksums } from '../helpers/table-checksums';
import { describeEachDatabase, startTestApp, type TestApp } from '../helpers/test-app';

/**
 * A commit that dies half way leaves nothing: a failure is planted inside
 * the database itself (a trigger that refuses the signing of a late row's
 * project, so the projects are already written when it fires), the commit
 * fails, and every table but the import's own record and the job's run reads
 * as before, to the row (table checksums). Without the trigger, running the
 * commit again completes it, once: a third commit is refused and creates
 * nothing more.
 */
const ROWS = 40;
const DOOMED = `崩溃测试第${ROWS - 6}号项目`; // an even row: signed

function ledgerRow(n: number): CellValue[] {
  const signed = n % 2 === 0;
  return rowOf(LEDGER_HEADERS, {
    项目编号: `CR-${String(n).padStart(3, '0')}`,
    项目名称: `崩溃测试第${n}号项目`,
    企业名称: `崩溃测试${n}号有限公司`,
    产业链: '新能源及新型储能',
    负责人: 'officerA',
    所属团队: '新能源专班',
    '计划投资(万元)': 1000 + n,
    登记日期: '2025-01-05',
    ...(signed ? { '协议引资(万元)': 500 + n, 协议类型: '投资协议', 签约日期: `2025-03-${String(1 + (n % 28)).padStart(2, '0')}` } : {}),
    ...(n % 4 === 0 ? { 开工日期: '2025-06-01' } : {}),
  });
}

async function file(): Promise<Buffer> {
  const rows = Array.from({ length: ROWS }, (_, i) => ledgerRow(i + 1));
  const funds = rows.filter((_, i) => (i + 1) % 2 === 0).map((r) => rowOf(FUNDS_HEADERS, { 项目编号: r[0], 企业名称: r[2], 项目名称: r[1], 月份: '2025-04', '金额(万元)': 10 }));
  return workbookBytes([
    { name: '项目台账', above: [['崩溃测试台账']], mergeAbove: true, headers: LEDGER_HEADERS, rows },
    { name: '到位资金', headers: FUNDS_HEADERS, rows: funds },
  ]);
}

/** A trigger that fails the signing of DOOMED inside whatever transaction writes it. */
async function plantFailure(ds: DataSource): Promise<void> {
  const doomed = `(SELECT id FROM projects WHERE name = '${DOOMED}')`;
  if (dialectOf(ds) === 'postgres') {
    await ds.query(`CREATE FUNCTION zs_test_boom() RETURNS trigger AS $$ BEGIN
      IF NEW."projectId" = ${doomed} AND NEW."toStage" = 'signed' THEN RAISE EXCEPTION 'planted failure'; END IF;
      RETURN NEW; END $$ LANGUAGE plpgsql`);
    await ds.query(`CREATE TRIGGER zs_test_boom BEFORE INSERT ON project_transitions FOR EACH ROW EXECUTE FUNCTION zs_test_boom()`);
  } else {
    await ds.query(`CREATE TRIGGER zs_test_boom BEFORE INSERT ON project_transitions
      WHEN NEW."projectId" = ${doomed} AND NEW."toStage" = 'signed' BEGIN SELECT RAISE(ABORT, 'planted failure'); END`);
  }
}

async function removeFailure(ds: DataSource): Promise<void> {
  await ds.query(`DROP TRIGGER zs_test_boom${dialectOf(ds) === 'postgres' ? ' ON project_transitions' : ''}`);
  if (dialectOf(ds) === 'postgres') await ds.query(`DROP FUNCTION zs_test_boom()`);
}

/**
 * The tables a failed commit may touch: the import's own record (its status
 * and error), the job's run, and the commit's own staging (import_publish_*:
 * the rows to publish, written a chunk at a time before the one write
 * transaction; a re-run starts them again), and the audit row of the
 * person's commit request (entity 'import'; no project's audit row may come).
 */
const BOOKKEEPING = ['imports', 'job_runs', 'audit_logs'];
const bookkeeping = (table: string) => BOOKKEEPING.includes(table) || table.startsWith('import_publish_');

describeEachDatabase('Import commit killed half way', (db) => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await startTestApp(db, { env: { JOB_ATTEMPTS: '1', JOB_RETRY_DELAY_MS: '10' } });
    w = await seedWorld(t);
  }, 30_000);
  afterAll(async () => t?.close());

  const count = async (table: string) => Number((await t.ds.query(`SELECT count(*) AS n FROM ${table}`))[0].n);
  const auditOutsideImports = async () => Number((await t.ds.query(`SELECT count(*) AS n FROM audit_logs WHERE entity <> 'import'`))[0].n);

  it('leaves every table as it was; run again, it lands once', async () => {
    const imp = await dryRun(t, w.managerA.token, await file(), '崩溃测试.xlsx');
    expect(imp.status).toBe('ready');
    expect(imp.counts).toMatchObject({ rows: ROWS, errors: 0, toCreate: ROWS, fundsRows: ROWS / 2 });

    await plantFailure(t.ds);
    const before = await tableChecksums(t.ds);
    const audited = await auditOutsideImports();
    const res = await t.http().post(`/api/v1/imports/${imp.id}/commit`).set(bearer(w.managerA)).send({ version: imp.version });
    expect(res.status).toBe(202);
    const failed = await waitFor(t, w.managerA.token, imp.id, ['failed', 'ready', 'done']);
    expect(failed.status).not.toBe('done');
    expect(failed.error).toMatch(/[\u4e00-\u9fff]/);
    expect(changedTables(before, await tableChecksums(t.ds)).filter((n) => !bookkeeping(n))).toEqual([]);
    expect(await count('projects')).toBe(0);
    expect(await auditOutsideImports()).toBe(audited);

    await removeFailure(t.ds);
    const done = await commit(t, w.managerA.token, imp.id);
    expect(done.status).toBe('done');
    expect(done.counts).toMatchObject({ created: ROWS, updated: 0, skipped: 0 });
    expect(await count('projects')).toBe(ROWS);
    expect(await count('companies')).toBe(ROWS);
    expect(await auditOutsideImports()).toBe(audited + ROWS); // each project created says it came from the import
    // the registration of each, a signing for every other, a start for every fourth
    expect(await count('project_transitions')).toBe(ROWS + ROWS / 2 + ROWS / 4);
    const doomed = (await t.http().get(`/api/v1/projects?q=${encodeURIComponent(DOOMED)}`).set(bearer(w.admin)).expect(200)).body.items;
    expect(doomed.map((p: { name: string; stage: string }) => [p.name, p.stage])).toEqual([[DOOMED, 'signed']]);

    // a third commit is refused and writes nothing
    const after = await tableChecksums(t.ds);
    const again = await t.http().post(`/api/v1/imports/${imp.id}/commit`).set(bearer(w.managerA)).send({ version: done.version });
    expect(again.status).toBe(409);
    expect(changedTables(after, await tableChecksums(t.ds))).toEqual([]);
  }, 60_000);
});
