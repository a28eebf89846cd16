import { DataSource, type EntityManager } from 'typeorm';
import { appDataSourceOptions } from '../../src/app.entities';
import type { AuthUser } from '../../src/core/auth/auth-user';
import type { DatabaseConfig } from '../../src/core/config/app-config';
import { sql } from '../../src/core/database/dialect';
import { runMigrations } from '../../src/core/database/migrate';
import { rebuildPipeline } from '../../src/projects/pipeline-history';
import type { CountingRules } from '../../src/reports/counting-rules';
import { MonthlyRollupsRepository } from '../../src/reports/monthly-rollups.repository';
import type { BreakdownKey } from '../../src/reports/report.types';
import { periodOf } from '../../src/reports/report-period';
import { ReportsRepository, type Totals } from '../../src/reports/reports.repository';
import { describeEachDatabase, freshDatabase } from '../helpers/test-app';

/**
 * ReportsRepository's statements on a real SQLite file and a real PostgreSQL
 * database, migrated, without HTTP, on a dataset inserted row by row. Every
 * expected figure was counted by hand from the table below (money in 万元;
 * the database holds integer 元). The period is March 2026.
 *
 * | id | team | chain         | park     | tier        | planned | history (registered 2025-01-01 in visit)                  | funds            |
 * |----|------|---------------|----------|-------------|---------|-----------------------------------------------------------|------------------|
 * | 1  | A    | new_materials | pingshan | global500   | 200     | signed 2026-01-15 100 investment; construction 2026-03-05 | 2026-01 10, 2026-03 5, 2026-04 1 |
 * | 2  | B    | electronics   | —        | —           | 80      | signed 2026-03-10 50 framework                            |                  |
 * | 3  | A    | new_materials | jianshe  | specialized | 30      | signed 2026-02-20 20 investment; dropped 2026-03-25       |                  |
 * | 4  | B    | biomedicine   | guanba   | global500   | 60      | signed 2025-02-01 30; construction 2025-03-01; production 2026-02-10 | 2025-03 7, 2026-02 3 |
 * | 5  | A    | food_agri     | —        | —           | 40      | (visit)                                                   |                  |
 * | 6  | B    | electronics   | —        | —           | 10      | signed 2026-04-01 10 (after the period)                   |                  |
 * | 7  | A    | new_materials | pingshan | china500    | 25      | signed 2025-03-20 25; construction 2026-01-10             | 2025-12 2, 2026-03 4 |
 *
 * Activities: p1 visit_out 2026-01-05 (leader-led), p1 reception 2026-03-02 (5 guests),
 * p2 reception 2026-03-15 (3 guests, leader-led), p5 call 2026-03-31, p2 visit_out 2026-04-01,
 * p4 visit_out 2025-03-10.
 */
const W = 10_000; // 元 per 万元
const DEFAULTS: CountingRules = { minContractAmount: null, frameworkAgreementsCount: true, exclusions: [] };
const MARCH = periodOf(2026, 3);

const user = (id: number, dataScope: AuthUser['dataScope'], teamId: number | null): AuthUser => ({
  id, email: `u${id}@test.local`, name: `u${id}`, role: dataScope === 'all' ? 'leader' : 'officer', dataScope, teamId,
});
/** team B's officer (user 2 owns team B's projects) and team A's owner seeing only their own */
const TEAM_B = user(2, 'team', 2);
const OWN_A = user(1, 'own', 1);

const totals = (t: Partial<Totals>): Totals => ({
  signings: 0, signedInvestment: 0n, constructionStarts: 0, productionStarts: 0, fundsInPlace: 0n, ...t,
});
const wan = (n: number) => BigInt(Math.round(n * W));

async function insertDataset(em: EntityManager): Promise<void> {
  const insert = async (table: string, rows: Record<string, unknown>[]) => {
    for (const row of rows) {
      const cols = Object.keys(row);
      await sql(em, `INSERT INTO ${table} (${cols.map((c) => `"${c}"`).join(', ')}) VALUES (${cols.map((c) => `:${c}`).join(', ')})`, row);
    }
  };
  await insert('teams', [{ id: 1, name: '甲组' }, { id: 2, name: '乙组' }]);
  const person = (id: number, name: string, role: string, dataScope: string, teamId: number | null, active = true) =>
    ({ id, email: `${name}@test.local`, name, passwordHash: 'x', role, dataScope, teamId, active });
  await insert('users', [
    person(1, 'ownerA', 'officer', 'team', 1), person(2, 'ownerB', 'officer', 'team', 2),
    person(3, 'leader', 'leader', 'all', null), person(4, 'retired', 'leader', 'all', null, false),
  ]);
  const tiers = ['global500', null, 'specialized', 'global500', null, null, 'china500'];
  await insert('companies', tiers.map((tier, i) => ({ id: i + 1, name: `企业${i + 1}`, normalizedName: `企业${i + 1}`, tier })));
  const project = (id: number, team: 1 | 2, industryChain: string, plannedWan: number, more: Record<string, unknown>) => ({
    id, name: `项目${id}`, companyId: id, ownerId: team, teamId: team, industryChain, plannedInvestment: plannedWan * W, createdOn: '2025-01-01',
    park: null, sourceChannel: null, signedOn: null, contractInvestment: null, agreementType: null, constructionStartedOn: null,
    productionStartedOn: null, stage: 'visit', ...more,
  });
  const signed = (on: string, amountWan: number, agreementType = 'investment') => ({ signedOn: on, contractInvestment: amountWan * W, agreementType });
  await insert('projects', [
    project(1, 1, 'new_materials', 200, { park: 'pingshan', sourceChannel: 'chain', ...signed('2026-01-15', 100), constructionStartedOn: '2026-03-05', stage: 'construction' }),
    project(2, 2, 'electronics', 80, { sourceChannel: 'capital', ...signed('2026-03-10', 50, 'framework'), stage: 'signed' }),
    project(3, 1, 'new_materials', 30, { park: 'jianshe', sourceChannel: 'chain', ...signed('2026-02-20', 20), stage: 'dropped' }),
    project(4, 2, 'biomedicine', 60, { park: 'guanba', ...signed('2025-02-01', 30), constructionStartedOn: '2025-03-01', productionStartedOn: '2026-02-10', stage: 'production' }),
    project(5, 1, 'food_agri', 40, {}),
    project(6, 2, 'electronics', 10, { ...signed('2026-04-01', 10), stage: 'signed' }),
    project(7, 1, 'new_materials', 25, { park: 'pingshan', ...signed('2025-03-20', 25), constructionStartedOn: '2026-01-10', stage: 'construction' }),
  ]);
  const moves: [number, string, string][] = [
    [1, 'signed', '2026-01-15'], [1, 'construction', '2026-03-05'],
    [2, 'signed', '2026-03-10'],
    [3, 'signed', '2026-02-20'], [3, 'dropped', '2026-03-25'],
    [4, 'signed', '2025-02-01'], [4, 'construction', '2025-03-01'], [4, 'production', '2026-02-10'],
    [6, 'signed', '2026-04-01'],
    [7, 'signed', '2025-03-20'], [7, 'construction', '2026-01-10'],
  ];
  const history: Record<string, unknown>[] = [];
  for (let id = 1; id <= 7; id++) {
    const mine = moves.filter(([p]) => p === id);
    const stages = ['visit', ...mine.map(([, to]) => to)];
    history.push(...[['registered', '2025-01-01'], ...mine.map(([, , on]) => ['moved', on])].map(([, on], i) => ({
      projectId: id, seq: i + 1, kind: 'transition', fromStage: i === 0 ? null : stages[i - 1], toStage: stages[i], effectiveOn: on,
      actorId: id % 2 === 1 ? 1 : 2, version: i + 1,
    })));
  }
  await insert('project_transitions', history);
  const funds: [number, string, number][] = [
    [1, '2026-01', 10], [1, '2026-03', 5], [1, '2026-04', 1], [4, '2025-03', 7], [4, '2026-02', 3], [7, '2025-12', 2], [7, '2026-03', 4],
  ];
  await insert('funds_reports', funds.map(([projectId, month, amount]) => ({ projectId, month, amount: amount * W, reportedById: 1 })));
  const activity = (projectId: number, kind: string, occurredOn: string, guestCount: number | null, leaderLed: boolean) =>
    ({ projectId, kind, occurredOn, guestCount, leaderLed, summary: '跟进', createdById: 1 });
  await insert('activities', [
    activity(1, 'visit_out', '2026-01-05', null, true), activity(1, 'reception', '2026-03-02', 5, false),
    activity(2, 'reception', '2026-03-15', 3, true), activity(5, 'call', '2026-03-31', null, false),
    activity(2, 'visit_out', '2026-04-01', null, false), activity(4, 'visit_out', '2025-03-10', null, false),
  ]);
  // the stays and the monthly pipeline ledger, as the app keeps them with the history
  await rebuildPipeline(em);
}

describeEachDatabase('ReportsRepository on a hand-counted dataset', (db) => {
  let ds: DataSource;
  let drop: () => Promise<void>;
  let repo: ReportsRepository;

  beforeAll(async () => {
    const fresh = await freshDatabase(db);
    drop = fresh.drop;
    const config: DatabaseConfig = db === 'sqlite' ? { type: 'sqlite', path: fresh.env.DATABASE_PATH } : { type: 'postgres', url: fresh.env.DATABASE_URL };
    ds = await new DataSource(appDataSourceOptions(config)).initialize();
    await runMigrations(ds);
    await ds.transaction((em) => insertDataset(em));
    repo = new ReportsRepository(ds);
  });
  afterAll(async () => {
    await ds?.destroy();
    await drop?.();
  });

  describe('periodTotals', () => {
    it('sums the year to date and the month: signings of the period, starts by their dates, funds by the month reported', async () => {
      expect(await repo.periodTotals(MARCH, DEFAULTS, null)).toEqual({
        // signings p1 100 + p3 20 + p2 50 (not p6: 04-01); construction p1 (03-05), p7 (01-10); production p4 (02-10);
        // funds p1 10 + 5, p4 3, p7 4 (not p1's April, not p7's 2025-12)
        ytd: totals({ signings: 3, signedInvestment: wan(170), constructionStarts: 2, productionStarts: 1, fundsInPlace: wan(22) }),
        // March: p2's signing, p1's construction, p1 5 + p7 4 in funds
        month: totals({ signings: 1, signedInvestment: wan(50), constructionStarts: 1, fundsInPlace: wan(9) }),
      });
    });

    it("is last year's column for the same months of last year", async () => {
      expect(await repo.periodTotals(periodOf(2025, 3), DEFAULTS, null)).toEqual({
        // p4 30 (02-01) + p7 25 (03-20); construction p4 (2025-03-01); funds p4 7 (2025-03)
        ytd: totals({ signings: 2, signedInvestment: wan(55), constructionStarts: 1, fundsInPlace: wan(7) }),
        month: totals({ signings: 1, signedInvestment: wan(25), constructionStarts: 1, fundsInPlace: wan(7) }),
      });
    });

    it('applies the 统计口径: an excluded project loses everything, a framework or small signing only its signing', async () => {
      const rules: CountingRules = { minContractAmount: 25 * W, frameworkAgreementsCount: false, exclusions: [{ projectId: 7, reason: '存量' }] };
      expect((await repo.periodTotals(MARCH, rules, null)).ytd).toEqual(
        // signings: p1 only (p2 framework, p3 20 < 25); construction p1 (p7 excluded); production p4; funds p1 15 + p4 3
        totals({ signings: 1, signedInvestment: wan(100), constructionStarts: 1, productionStarts: 1, fundsInPlace: wan(18) }),
      );
    });

    it("covers the caller's scope only", async () => {
      // team B: p2, p4, p6
      expect((await repo.periodTotals(MARCH, DEFAULTS, TEAM_B)).ytd).toEqual(totals({ signings: 1, signedInvestment: wan(50), productionStarts: 1, fundsInPlace: wan(3) }));
      // user 1's own: p1, p3, p5, p7
      expect((await repo.periodTotals(MARCH, DEFAULTS, OWN_A)).ytd).toEqual(
        totals({ signings: 2, signedInvestment: wan(120), constructionStarts: 2, fundsInPlace: wan(19) }),
      );
    });
  });

  describe('breakdowns', () => {
    const byKey = async (rules: CountingRules, who: AuthUser | null = null) => {
      const rows = await repo.breakdowns(MARCH, rules, who);
      const out: Partial<Record<BreakdownKey, Record<string, Totals>>> = {};
      for (const { key, code, ...t } of rows) (out[key] ??= {})[String(code)] = t;
      return out;
    };

    it('sums the year to date per code of each breakdown, over the projects with an event', async () => {
      const b = await byKey(DEFAULTS);
      expect(b.industryChain).toEqual({
        new_materials: totals({ signings: 2, signedInvestment: wan(120), constructionStarts: 2, fundsInPlace: wan(19) }), // p1, p3, p7
        electronics: totals({ signings: 1, signedInvestment: wan(50) }), // p2 (p6 signed after the period)
        biomedicine: totals({ productionStarts: 1, fundsInPlace: wan(3) }), // p4
      });
      expect(b.park).toEqual({
        pingshan: totals({ signings: 1, signedInvestment: wan(100), constructionStarts: 2, fundsInPlace: wan(19) }), // p1, p7
        jianshe: totals({ signings: 1, signedInvestment: wan(20) }), // p3
        null: totals({ signings: 1, signedInvestment: wan(50) }), // p2
        guanba: totals({ productionStarts: 1, fundsInPlace: wan(3) }), // p4
      });
      expect(b.team).toEqual({
        1: totals({ signings: 2, signedInvestment: wan(120), constructionStarts: 2, fundsInPlace: wan(19) }),
        2: totals({ signings: 1, signedInvestment: wan(50), productionStarts: 1, fundsInPlace: wan(3) }),
      });
      expect(b.companyTier).toEqual({
        global500: totals({ signings: 1, signedInvestment: wan(100), constructionStarts: 1, productionStarts: 1, fundsInPlace: wan(18) }), // p1, p4
        specialized: totals({ signings: 1, signedInvestment: wan(20) }), // p3
        null: totals({ signings: 1, signedInvestment: wan(50) }), // p2
        china500: totals({ constructionStarts: 1, fundsInPlace: wan(4) }), // p7
      });
      expect(Object.keys(b).sort()).toEqual(['companyTier', 'industryChain', 'park', 'sourceChannel', 'sourceRegion', 'team']);
    });

    it.each([
      ['the defaults', DEFAULTS, null],
      ['a 统计口径 with all three conditions', { minContractAmount: 25 * W, frameworkAgreementsCount: false, exclusions: [{ projectId: 7, reason: '存量' }] }, null],
      ['team B', DEFAULTS, TEAM_B],
    ] as [string, CountingRules, AuthUser | null][])('each breakdown adds up to the year to date of periodTotals under %s', async (_name, rules, who) => {
      const { ytd } = await repo.periodTotals(MARCH, rules, who);
      for (const [key, rows] of Object.entries(await byKey(rules, who))) {
        const sum = Object.values(rows).reduce((a, r) => ({
          signings: a.signings + r.signings, signedInvestment: a.signedInvestment + r.signedInvestment, constructionStarts: a.constructionStarts + r.constructionStarts,
          productionStarts: a.productionStarts + r.productionStarts, fundsInPlace: a.fundsInPlace + r.fundsInPlace,
        }), totals({}));
        expect({ key, sum }).toEqual({ key, sum: ytd });
      }
    });
  });

  describe('signedState and signedProjects', () => {
    it('the year’s signings at the end of the period: counted, started, funded, and those dropped since (签约后终止)', async () => {
      expect(await repo.signedState(MARCH, DEFAULTS, null)).toEqual({
        total: 3, counted: 3, amount: wan(170), built: 1, producing: 0, funds: wan(15), // p1, p2, p3; p1 started; p1's funds
        dropped: [{ id: 3, name: '项目3', signedOn: '2026-02-20', amount: wan(20), visible: true }],
      });
      // at the end of February p3 was still signed; p2 not signed yet
      expect(await repo.signedState(periodOf(2026, 2), DEFAULTS, null)).toEqual({
        total: 2, counted: 2, amount: wan(120), built: 0, producing: 0, funds: wan(10), dropped: [],
      });
      // framework agreements not counting: p2 is signed but not counted
      expect(await repo.signedState(MARCH, { ...DEFAULTS, frameworkAgreementsCount: false }, null)).toMatchObject({ total: 3, counted: 2, amount: wan(120) });
    });

    it('lists the year’s signed projects in signing order, each with its stage at the end of the period', async () => {
      const rows = await repo.signedProjects(MARCH, null);
      expect(rows.map((r) => [r.id, r.signedOn, r.stage, r.stageAtEnd, r.agreementType, r.contractInvestment, r.fundsYtd])).toEqual([
        [1, '2026-01-15', 'construction', 'construction', 'investment', 100 * W, wan(15)],
        [3, '2026-02-20', 'dropped', 'dropped', 'investment', 20 * W, 0n],
        [2, '2026-03-10', 'signed', 'signed', 'framework', 50 * W, 0n],
      ]);
      expect(rows[0]).toMatchObject({ name: '项目1', companyName: '企业1', industryChain: 'new_materials', park: 'pingshan', teamName: '甲组', ownerName: 'ownerA', constructionStartedOn: '2026-03-05' });
      expect((await repo.signedProjects(periodOf(2026, 2), null)).map((r) => [r.id, r.stageAtEnd])).toEqual([[1, 'signed'], [3, 'signed']]);
      expect((await repo.signedProjects(MARCH, TEAM_B)).map((r) => r.id)).toEqual([2]);
    });
  });

  describe('the funnel and the activity figures', () => {
    it('the pipeline at the end of the period from the history, by stage and furthest stage reached', async () => {
      const cells = (await repo.pipelineAt(MARCH, null)).map((c) => [c.stage, c.rank, c.projects, c.planned]).sort();
      expect(cells).toEqual([
        ['construction', 3, 2, wan(225)], // p1 200, p7 25
        ['dropped', 2, 1, wan(30)], // p3, dropped after signing
        ['production', 4, 1, wan(60)], // p4
        ['signed', 2, 1, wan(80)], // p2
        ['visit', 0, 2, wan(50)], // p5 40, p6 10 (signed only on 04-01)
      ]);
      // team B from its projects' stays: p2 signed, p4 production, p6 visit
      expect((await repo.pipelineAt(MARCH, TEAM_B)).map((c) => [c.stage, c.projects, c.planned]).sort()).toEqual([
        ['production', 1, wan(60)], ['signed', 1, wan(80)], ['visit', 1, wan(10)],
      ]);
    });

    it('the stays that ended this year up to the end of the period, by length', async () => {
      const stays = (await repo.staysEnded(MARCH, null)).map((s) => [s.stage, s.days, s.stays]).sort();
      expect(stays).toEqual([
        ['construction', 346, 1], // p4 2025-03-01 → 2026-02-10
        ['signed', 296, 1], // p7 2025-03-20 → 2026-01-10
        ['signed', 33, 1], // p3 02-20 → 03-25
        ['signed', 49, 1], // p1 01-15 → 03-05
        ['visit', 379, 1], // p1 2025-01-01 → 2026-01-15
        ['visit', 415, 1], // p3 → 02-20
        ['visit', 433, 1], // p2 → 03-10
      ]);
      // team B: p2's visit and p4's construction
      expect((await repo.staysEnded(MARCH, TEAM_B)).map((s) => [s.stage, s.days]).sort()).toEqual([['construction', 346], ['visit', 433]]);
    });

    it('visits out, receptions, guests and leader-led activities of the month and the year, for the district and a scope', async () => {
      expect(await repo.activityFigures(MARCH, null)).toEqual({
        month: { visitsOut: 0, receptions: 2, guests: 8, leaderLed: 1, total: 3 }, // p1 reception 5, p2 reception 3 (leader), p5 call
        ytd: { visitsOut: 1, receptions: 2, guests: 8, leaderLed: 2, total: 4 }, // and p1's leader-led visit on 01-05
      });
      expect(await repo.activityFigures(MARCH, TEAM_B)).toEqual({
        month: { visitsOut: 0, receptions: 1, guests: 3, leaderLed: 1, total: 1 },
        ytd: { visitsOut: 0, receptions: 1, guests: 3, leaderLed: 1, total: 1 },
      });
    });

    it('names teams', async () => {
      expect(await repo.teamNames([2, 1, 99])).toEqual(new Map([[1, '甲组'], [2, '乙组']]));
      expect(await repo.teamNames([])).toEqual(new Map());
    });
  });

  describe(MonthlyRollupsRepository.name, () => {
    it('keeps each revision of a month; the latest is the current one; a revision is written once', async () => {
      const rollups = new MonthlyRollupsRepository(ds);
      const row = (revision: number, month = 3) => ({ year: 2026, month, revision, hash: `h${revision}`, trigger: 'recompute' as const, computedById: null, figures: { n: revision } });
      expect(await rollups.latestRevision(2026, 3)).toBeNull();
      await ds.transaction((em) => rollups.insertRevision(em, row(1)));
      await ds.transaction((em) => rollups.insertRevision(em, row(2)));
      await ds.transaction((em) => rollups.insertRevision(em, row(1, 2)));
      expect((await rollups.latestRevision(2026, 3))?.revision).toBe(2);
      expect((await rollups.revisionsOf(2026, 3)).map((r) => [r.revision, r.figures])).toEqual([[1, { n: 1 }], [2, { n: 2 }]]);
      expect((await rollups.revisionsOfYear(2026)).map((r) => [r.month, r.revision])).toEqual([[2, 1], [3, 1], [3, 2]]);
      await expect(ds.transaction((em) => rollups.insertRevision(em, row(2)))).rejects.toThrow();
    });
  });
});
