import { DataSource } from 'typeorm';
import { appDataSourceOptions } from '../../src/app.entities';
import type { DatabaseConfig } from '../../src/core/config/app-config';
import { sql } from '../../src/core/database/dialect';
import { runMigrations } from '../../src/core/database/migrate';
import { TargetsRepository, type TargetValues } from '../../src/targets/targets.repository';
import { describeEachDatabase, freshDatabase } from '../helpers/test-app';

/** TargetsRepository on a real SQLite file and a real PostgreSQL database, migrated, without HTTP. */
describeEachDatabase('TargetsRepository', (db) => {
  let ds: DataSource;
  let drop: () => Promise<void>;
  let repo: TargetsRepository;

  const values = (over: Partial<TargetValues> = {}): TargetValues => ({
    signedInvestment: 32_000_005_000, fundsInPlace: 11_000_000_000, signings: 45, constructionStarts: 22, productionStarts: 18,
    minContractAmount: 30_000_001, frameworkAgreementsCount: false, ...over,
  });

  beforeAll(async () => {
    const fresh = await freshDatabase(db);
    drop = fresh.drop;
    const config: DatabaseConfig = db === 'sqlite' ? { type: 'sqlite', path: fresh.env.DATABASE_PATH } : { type: 'postgres', url: fresh.env.DATABASE_URL };
    ds = await new DataSource(appDataSourceOptions(config)).initialize();
    await runMigrations(ds);
    repo = new TargetsRepository(ds);
  });
  afterAll(async () => {
    await ds?.destroy();
    await drop?.();
  });

  it('stores a year as version 1 with its money as integer 元, and each update moves the version on', async () => {
    expect(await repo.findYear(2031)).toBeNull();
    await ds.transaction((em) => repo.insertYear(em, 2031, values()));
    expect(await repo.findYear(2031)).toMatchObject({ year: 2031, version: 1, ...values() });
    await ds.transaction((em) => repo.updateYear(em, 2031, values({ signings: 50, minContractAmount: null, frameworkAgreementsCount: true })));
    expect(await repo.findYear(2031)).toMatchObject({ version: 2, signings: 50, minContractAmount: null, frameworkAgreementsCount: true, signedInvestment: 32_000_005_000 });
  });

  it('replaces a year’s exclusions and lists them by project, leaving other years alone', async () => {
    await sql(ds.manager, `INSERT INTO users (id, email, name, "passwordHash", role, "dataScope") VALUES (1, 'a@test.local', 'a', 'x', 'admin', 'all')`);
    await sql(ds.manager, `INSERT INTO companies (id, name, "normalizedName") VALUES (1, '企业', '企业')`);
    for (const id of [1, 2, 3]) {
      await sql(ds.manager, `INSERT INTO projects (id, name, "companyId", stage, "industryChain", "ownerId", "createdOn") VALUES (:id, :name, 1, 'visit', 'food_agri', 1, '2025-01-01')`, { id, name: `项目${id}` });
    }
    await ds.transaction((em) => repo.replaceExclusions(em, 2031, [{ projectId: 3, reason: '异地搬迁' }, { projectId: 1, reason: '存量扩能' }]));
    await ds.transaction((em) => repo.replaceExclusions(em, 2030, [{ projectId: 2, reason: '测试' }]));
    expect(await repo.exclusionsOf(2031)).toEqual([{ projectId: 1, reason: '存量扩能', projectName: '项目1' }, { projectId: 3, reason: '异地搬迁', projectName: '项目3' }]);
    await ds.transaction((em) => repo.replaceExclusions(em, 2031, []));
    expect(await repo.exclusionsOf(2031)).toEqual([]);
    expect(await repo.exclusionsOf(2030)).toEqual([{ projectId: 2, reason: '测试', projectName: '项目2' }]);
  });

  it('lists a viewer only the exclusions of the projects in his data scope (the one scope rule)', async () => {
    await sql(ds.manager, `INSERT INTO teams (id, name) VALUES (7, '新能源专班')`);
    await sql(ds.manager, `INSERT INTO users (id, email, name, "passwordHash", role, "dataScope", "teamId") VALUES (2, 'b@test.local', 'b', 'x', 'officer', 'own', 7)`);
    await sql(ds.manager, `UPDATE projects SET "ownerId" = 2 WHERE id = 3`);
    await sql(ds.manager, `UPDATE projects SET "teamId" = 7 WHERE id = 2`);
    await ds.transaction((em) => repo.replaceExclusions(em, 2032, [{ projectId: 1, reason: '甲' }, { projectId: 2, reason: '乙' }, { projectId: 3, reason: '丙' }]));
    expect(await repo.exclusionsOf(2032, { id: 2, dataScope: 'own', teamId: 7 })).toEqual([{ projectId: 3, reason: '丙', projectName: '项目3' }]);
    expect(await repo.exclusionsOf(2032, { id: 2, dataScope: 'team', teamId: 7 })).toEqual([{ projectId: 2, reason: '乙', projectName: '项目2' }, { projectId: 3, reason: '丙', projectName: '项目3' }]);
    expect(await repo.exclusionsOf(2032, { id: 99, dataScope: 'own', teamId: null })).toEqual([]);
    expect(await repo.exclusionsOf(2032, { id: 99, dataScope: 'all', teamId: null })).toHaveLength(3);
    expect(await repo.exclusionsOf(2032)).toHaveLength(3);
  });

  it('replaces a year’s team targets (money as integer 元) and reads them with the team names, one team or all', async () => {
    await sql(ds.manager, `INSERT INTO teams (id, name) VALUES (8, '电子信息小分队')`);
    const team = (teamId: number, yuan: number) => ({ teamId, signedInvestment: yuan, fundsInPlace: 1, signings: 3, constructionStarts: 2, productionStarts: 1 });
    await ds.transaction((em) => repo.replaceTeamTargets(em, 2033, [team(8, 5_000_000_001), team(7, 2_000_000_000)]));
    await ds.transaction((em) => repo.replaceTeamTargets(em, 2034, [team(7, 1)]));
    expect(await repo.teamTargetsOf(2033)).toEqual([
      { ...team(7, 2_000_000_000), teamName: '新能源专班' }, { ...team(8, 5_000_000_001), teamName: '电子信息小分队' },
    ].sort((a, b) => (a.teamName < b.teamName ? -1 : 1)));
    expect(await repo.teamTargetsOf(2033, 8)).toEqual([{ ...team(8, 5_000_000_001), teamName: '电子信息小分队' }]);
    await ds.transaction((em) => repo.replaceTeamTargets(em, 2033, []));
    expect(await repo.teamTargetsOf(2033)).toEqual([]);
    expect(await repo.teamTargetsOf(2034)).toHaveLength(1);
  });
});
