import { type Account, bearer, makeProject, seedWorld, type World } from '../helpers/fixtures';
import { describeEachDatabase, startTestApp, type TestApp } from '../helpers/test-app';
import { setTimeZone } from '../helpers/time-zone';

/**
 * DOMAIN.md "Counting rules for reports" on a small fixed dataset entered
 * through the API. Every expected figure below was worked out by hand from
 * the dataset table (the arithmetic is in the comments); nothing here
 * re-implements the service.
 *
 * The clock stands at 2026-03-31 16:30 UTC: already 2026-04-01 00:30 in
 * Shanghai, so "today" is 1 April, March is a closed month and April is the
 * current one, whatever the process's own zone (each block runs under
 * TZ=UTC and TZ=America/New_York, on SQLite and PostgreSQL).
 *
 * Every project was registered on 2025-01-06 (the clock is set back for it).
 *
 * | key | team | chain              | park       | channel | tier       | planned    | history (business dates)                                             | funds (万元)                      |
 * |-----|------|--------------------|------------|---------|------------|------------|----------------------------------------------------------------------|-----------------------------------|
 * | p1  | A    | new_energy_storage | pingshan   | chain   | global500  | 200000     | signed 2026-01-15 120000.1234 inv; construction 2026-03-05           | 2026-01 1000.0001, 2026-03 2500.5, 2026-04 50.0005 |
 * | p2  | A    | new_materials      | jianshe    | capital | china500   | 50000.5555 | signed 2026-03-31 45678.9012 inv                                     | 2026-03 300.0309                  |
 * | p3  | B    | electronics        | yutianbao  | platform| specialized| 30000      | signed 2026-02-10 25000.0005 framework                               | 2026-02 150.015                   |
 * | p4  | B    | biomedicine        | guanba     | business_referral | —  | 15000      | signed 2026-02-20 8000.0008 inv; dropped 2026-03-25                  |                                   |
 * | p5  | A    | new_energy_storage | pingshan   | chain   | industry_leader | 60000 | negotiation 2026-03-03; signed 2026-03-17 2000.0002 inv; construction 2026-04-01 |                    |
 * | p6  | A    | smart_equipment    | guanba     | commissioned | other | 40000      | signed 2025-02-14 30000.3003 inv; construction 2025-03-20; production 2026-02-28 | 2025-03 5000.0005, 2026-01 700.0007, 2026-03 900.0009 |
 * | p7  | B    | new_materials      | —          | chain   | global500  | 12000      | signed 2025-04-10 10000 inv; construction 2026-01-20                 | 2025-05 1000                      |
 * | p8  | A    | new_materials      | pingshan   | —       | —          | 9000       | negotiation 2026-01-10; signed 2026-03-12 9999.9999 — then REVERTED  |                                   |
 * | p9  | B    | electronics        | —          | —       | —          | 5000.0001  | (visit)                                                              |                                   |
 * | p10 | A    | food_agri          | —          | —       | —          | 7000       | negotiation 2026-01-20; on_hold 2026-02-15                           |                                   |
 * | p11 | A    | biomedicine        | —          | —       | —          | 3000       | signed 2026-04-01 1234.5678 inv (today in Shanghai)                  |                                   |
 * | p12 | B    | food_agri          | —          | —       | —          | 25000      | signed 2025-03-31 20000.2002 inv                                     |                                   |
 *
 * Activities: p1 visit_out 2026-01-05 leader-led, p1 reception 2026-03-02 (5 guests),
 * p2 reception 2026-03-15 (3 guests, leader-led), p2 visit_out 2026-04-01,
 * p3 negotiation 2026-02-11, p3 visit_out 2026-03-20, p5 site_visit 2026-03-10,
 * p9 reception 2026-01-25 (12 guests), p9 event 2026-02-01 leader-led, p9 call 2026-03-31,
 * p6 visit_out 2025-03-10.
 */
const NOW = '2026-03-31T16:30:00Z';
/** 10:00 on 2025-01-06 in Shanghai: when every project was registered */
const REGISTERED = '2025-01-06T02:00:00Z';

type Key = 'p1' | 'p2' | 'p3' | 'p4' | 'p5' | 'p6' | 'p7' | 'p8' | 'p9' | 'p10' | 'p11' | 'p12';
interface Spec {
  name: string;
  team: 'A' | 'B';
  company: string;
  tier?: string;
  industryChain: string;
  park?: string;
  sourceChannel?: string;
  sourceRegion?: string;
  plannedInvestment: number;
}
const SPECS: Record<Key, Spec> = {
  p1: { name: '年产10GWh储能电池项目', team: 'A', company: '宁储新能源科技有限公司', tier: 'global500', industryChain: 'new_energy_storage', park: 'pingshan', sourceChannel: 'chain', sourceRegion: 'yangtze_delta', plannedInvestment: 200000 },
  p2: { name: '高性能碳纤维复材项目', team: 'A', company: '华材新材料股份有限公司', tier: 'china500', industryChain: 'new_materials', park: 'jianshe', sourceChannel: 'capital', sourceRegion: 'pearl_delta', plannedInvestment: 50000.5555 },
  p3: { name: '功率半导体封测项目', team: 'B', company: '芯联微电子有限公司', tier: 'specialized', industryChain: 'electronics', park: 'yutianbao', sourceChannel: 'platform', sourceRegion: 'jingjinji', plannedInvestment: 30000 },
  p4: { name: '生物制剂中试基地项目', team: 'B', company: '康源生物医药有限公司', industryChain: 'biomedicine', park: 'guanba', sourceChannel: 'business_referral', sourceRegion: 'chengyu', plannedInvestment: 15000 },
  p5: { name: '储能变流器项目', team: 'A', company: '瑞能电气有限公司', tier: 'industry_leader', industryChain: 'new_energy_storage', park: 'pingshan', sourceChannel: 'chain', sourceRegion: 'yangtze_delta', plannedInvestment: 60000 },
  p6: { name: '智能产线技改项目', team: 'A', company: '万盛智造装备有限公司', tier: 'other', industryChain: 'smart_equipment', park: 'guanba', sourceChannel: 'commissioned', sourceRegion: 'other_domestic', plannedInvestment: 40000 },
  p7: { name: '玻纤新材料项目', team: 'B', company: '海外玻纤集团有限公司', tier: 'global500', industryChain: 'new_materials', sourceChannel: 'chain', sourceRegion: 'overseas', plannedInvestment: 12000 },
  p8: { name: '硅基负极材料项目', team: 'A', company: '硅源新材料有限公司', industryChain: 'new_materials', park: 'pingshan', plannedInvestment: 9000 },
  p9: { name: '显示模组项目', team: 'B', company: '光显科技有限公司', industryChain: 'electronics', plannedInvestment: 5000.0001 },
  p10: { name: '预制菜加工项目', team: 'A', company: '山城食品有限公司', industryChain: 'food_agri', plannedInvestment: 7000 },
  p11: { name: '医疗器械项目', team: 'A', company: '康械医疗科技有限公司', industryChain: 'biomedicine', plannedInvestment: 3000 },
  p12: { name: '茶叶精深加工项目', team: 'B', company: '黔渝茶业有限公司', industryChain: 'food_agri', plannedInvestment: 25000 },
};

interface Indicator {
  key: string;
  label: string;
  unit: string;
  month: number;
  ytd: number;
  lastYearYtd: number;
  target: number;
  completionRate: number | null;
  timeProgress: number;
  ahead: number | null;
  aheadLabel: string | null;
  yoy: number | null;
}
interface Row { code: string | null; label: string; signings: number; signedInvestment: number; constructionStarts: number; productionStarts: number; fundsInPlace: number }
interface Summary {
  year: number;
  month: number;
  periodEnd: string;
  scope: string;
  timeProgress: number;
  conventions: { minContractAmount: number | null; frameworkAgreementsCount: boolean; exclusions: { projectId: number; reason: string }[] };
  indicators: Indicator[];
  signedThenDropped: { count: number; amount: number; projects: { id: number; name: string; signedOn: string; contractInvestment: number }[] };
  breakdowns: Record<'industryChain' | 'park' | 'sourceChannel' | 'sourceRegion' | 'team' | 'companyTier', Row[]>;
  funnel: {
    stages: { stage: string; label: string; count: number; plannedInvestment: number }[];
    conversions: { from: string; to: string; reached: number; advanced: number; rate: number | null }[];
    medianDaysInStage: Record<string, number | null>;
  };
  activities: { month: Record<string, number>; ytd: Record<string, number> };
  rates: { fundsRate: number | null; constructionRate: number | null; productionRate: number | null };
  projects: { id: number; counted: boolean; reason: string | null; [k: string]: unknown }[];
}
interface RollupView {
  year: number;
  month: number;
  reported: Summary;
  current: Summary;
  currentRevision: number;
  adjustments: { key: string; month: number; ytd: number }[];
}

const indicator = (s: Summary, key: string) => s.indicators.find((i) => i.key === key)!;
/** Stage → [count, planned investment 万元], in the order of the pipeline. */
const stagesOf = (s: Summary) => Object.fromEntries(s.funnel.stages.map((x) => [x.stage, [x.count, x.plannedInvestment]]));

/** Module-level: the hash of March's first rollup in each run (database × zone), compared at the end. */
const firstRollupHashes: { run: string; hash: string }[] = [];

for (const tz of ['UTC', 'America/New_York']) {
  describeEachDatabase(`reports on a hand-counted dataset (TZ=${tz})`, (db) => {
    let t: TestApp;
    let w: World;
    let savedTz: string | undefined;
    const p = {} as Record<Key | 'p13', number>;
    /** March's summary as a leader read it just before p8's signing was reverted */
    let beforeRevert: Summary;

    const get = (who: Account, path: string) => t.http().get(`/api/v1${path}`).set(bearer(who));
    /** GET /reports/summary, with its signed projects read page by page (two a page, so paging is exercised) from /summary/projects. */
    const summary = async (who: Account, year: number, month: number): Promise<Summary> => {
      const res = await get(who, `/reports/summary?year=${year}&month=${month}`);
      if (res.status !== 200) throw new Error(`summary ${year}-${month}: ${res.status} ${JSON.stringify(res.body)}`);
      const projects: Summary['projects'] = [];
      for (let page = 1; ; page++) {
        const list = await get(who, `/reports/summary/projects?year=${year}&month=${month}&page=${page}&pageSize=2`);
        if (list.status !== 200) throw new Error(`summary projects ${year}-${month}: ${list.status} ${JSON.stringify(list.body)}`);
        expect(list.body).toMatchObject({ year, month, page, pageSize: 2, ...res.body.signedProjects });
        projects.push(...list.body.items);
        if (list.body.items.length < 2) break;
      }
      expect(projects).toHaveLength(res.body.signedProjects.total);
      expect(projects.filter((x) => x.counted)).toHaveLength(res.body.signedProjects.counted);
      expect(res.body).not.toHaveProperty('projects');
      const { signedProjects: _count, ...rest } = res.body;
      return { ...rest, projects } as Summary;
    };
    const version = async (id: number) => (await get(w.admin, `/projects/${id}`).expect(200)).body.version as number;
    const move = async (id: number, body: Record<string, unknown>) => {
      const res = await t.http().post(`/api/v1/projects/${id}/transitions`).set(bearer(w.admin)).send({ version: await version(id), ...body });
      if (res.status !== 201) throw new Error(`move ${id} ${JSON.stringify(body)}: ${res.status} ${JSON.stringify(res.body)}`);
    };
    const sign = (id: number, signedOn: string, contractInvestment: number, agreementType = 'investment') =>
      move(id, { to: 'signed', signedOn, contractInvestment, agreementType });
    const funds = async (id: number, month: string, amount: number) => {
      await t.http().put(`/api/v1/projects/${id}/funds/${month}`).set(bearer(w.admin)).send({ amount }).expect(200);
    };
    const log = async (id: number, body: Record<string, unknown>) => {
      const res = await t.http().post(`/api/v1/projects/${id}/activities`).set(bearer(w.admin)).send({ summary: '跟进', ...body });
      if (res.status !== 201) throw new Error(`activity ${id} ${JSON.stringify(body)}: ${res.status} ${JSON.stringify(res.body)}`);
    };
    const register = async (spec: Spec) => {
      const owner = spec.team === 'A' ? w.officerA : w.officerB;
      const { team: _team, company, tier, ...fields } = spec;
      t.clock.set(REGISTERED);
      try {
        return (await makeProject(t, owner, fields, { name: company, tier: tier ?? null })).id;
      } finally {
        t.clock.set(NOW);
      }
    };

    beforeAll(async () => {
      savedTz = setTimeZone(tz);
      t = await startTestApp(db, { now: NOW });
      w = await seedWorld(t);
      for (const key of Object.keys(SPECS) as Key[]) p[key] = await register(SPECS[key]);

      // last year
      await sign(p.p6, '2025-02-14', 30000.3003);
      await move(p.p6, { to: 'construction', constructionStartedOn: '2025-03-20' });
      await move(p.p6, { to: 'production', productionStartedOn: '2026-02-28' });
      await funds(p.p6, '2025-03', 5000.0005);
      await funds(p.p6, '2026-01', 700.0007);
      await funds(p.p6, '2026-03', 900.0009);
      await sign(p.p7, '2025-04-10', 10000);
      await move(p.p7, { to: 'construction', constructionStartedOn: '2026-01-20' });
      await funds(p.p7, '2025-05', 1000);
      await sign(p.p12, '2025-03-31', 20000.2002);
      await log(p.p6, { kind: 'visit_out', occurredOn: '2025-03-10' });

      // this year
      await sign(p.p1, '2026-01-15', 120000.1234);
      await move(p.p1, { to: 'construction', constructionStartedOn: '2026-03-05' });
      await funds(p.p1, '2026-01', 1000.0001);
      await funds(p.p1, '2026-03', 2500.5);
      await funds(p.p1, '2026-04', 50.0005);
      await sign(p.p2, '2026-03-31', 45678.9012);
      await funds(p.p2, '2026-03', 300.0309);
      await sign(p.p3, '2026-02-10', 25000.0005, 'framework');
      await funds(p.p3, '2026-02', 150.015);
      await sign(p.p4, '2026-02-20', 8000.0008);
      await move(p.p4, { to: 'dropped', effectiveOn: '2026-03-25', reasonCode: 'investor_strategy', reason: '投资方总部战略收缩' });
      // moved twice in March (visit → negotiation → signed), then once more on 1 April
      await move(p.p5, { to: 'negotiation', effectiveOn: '2026-03-03' });
      await sign(p.p5, '2026-03-17', 2000.0002);
      await move(p.p5, { to: 'construction', constructionStartedOn: '2026-04-01' });
      await move(p.p8, { to: 'negotiation', effectiveOn: '2026-01-10' });
      await sign(p.p8, '2026-03-12', 9999.9999);
      await move(p.p10, { to: 'negotiation', effectiveOn: '2026-01-20' });
      await move(p.p10, { to: 'on_hold', effectiveOn: '2026-02-15', reason: '企业融资未到位' });
      // 1 April in Shanghai is today: a signing dated today is not in the future
      await sign(p.p11, '2026-04-01', 1234.5678);

      await log(p.p1, { kind: 'visit_out', occurredOn: '2026-01-05', leaderLed: true, leaderName: '刘区长' });
      await log(p.p1, { kind: 'reception', occurredOn: '2026-03-02', guestCount: 5 });
      await log(p.p2, { kind: 'reception', occurredOn: '2026-03-15', guestCount: 3, leaderLed: true, leaderName: '王书记' });
      await log(p.p2, { kind: 'visit_out', occurredOn: '2026-04-01' });
      await log(p.p3, { kind: 'negotiation', occurredOn: '2026-02-11' });
      await log(p.p3, { kind: 'visit_out', occurredOn: '2026-03-20' });
      await log(p.p5, { kind: 'site_visit', occurredOn: '2026-03-10' });
      await log(p.p9, { kind: 'reception', occurredOn: '2026-01-25', guestCount: 12 });
      await log(p.p9, { kind: 'event', occurredOn: '2026-02-01', leaderLed: true, leaderName: '张副区长' });
      await log(p.p9, { kind: 'call', occurredOn: '2026-03-31' });

      // p8's signing was a mistake: the summary before and after its revert
      beforeRevert = await summary(w.leader, 2026, 3);
      await t.http().post(`/api/v1/projects/${p.p8}/transitions/revert`).set(bearer(w.admin))
        .send({ version: await version(p.p8), reason: '误录：合同尚未正式签署' }).expect(201);
    });
    afterAll(async () => {
      await t?.close();
      setTimeZone(savedTz);
    });

    /** The March 2026 figures of the whole district with the default 统计口径, every one by hand. */
    function expectMarch(s: Summary) {
      expect([s.year, s.month, s.periodEnd, s.timeProgress]).toEqual([2026, 3, '2026-03-31', 0.25]); // 3 / 12
      expect(s.conventions).toEqual({ minContractAmount: null, frameworkAgreementsCount: true, exclusions: [] });

      // Signings of 2026-01-01..03-31: p1 120000.1234 (01-15), p3 25000.0005 (02-10), p4 8000.0008 (02-20),
      // p5 2000.0002 (03-17), p2 45678.9012 (03-31). Not p8 (reverted), not p11 (04-01).
      // March alone: p5 + p2 = 2000.0002 + 45678.9012 = 47678.9014.
      // YTD: 120000.1234 + 25000.0005 + 8000.0008 + 2000.0002 + 45678.9012 = 200679.0261.
      // 2025-01-01..03-31: p6 30000.3003 (02-14) + p12 20000.2002 (03-31) = 50000.5005 (p7's 04-10 is later).
      expect(indicator(s, 'signedInvestment')).toEqual({
        key: 'signedInvestment', label: '签约投资', unit: '万元',
        month: 47678.9014, ytd: 200679.0261, lastYearYtd: 50000.5005, target: 3000000,
        completionRate: 0.0669, // 200679.0261 / 3000000 = 0.066893…
        timeProgress: 0.25,
        ahead: -0.1831, // 0.0669 − 0.25
        aheadLabel: '慢于序时进度',
        yoy: 3.0135, // (200679.0261 − 50000.5005) / 50000.5005 = 150678.5256 / 50000.5005 = 3.01354…
      });
      // Funds of 2026-01..03: p1 1000.0001 + 2500.5, p2 300.0309, p3 150.015, p6 700.0007 + 900.0009
      //   = 3500.5001 + 300.0309 + 150.015 + 1600.0016 = 5550.5476 (p1's 2026-04 50.0005 is April's).
      // March: 2500.5 + 300.0309 + 900.0009 = 3700.5318. 2025-01..03: p6 5000.0005 (p7's 2025-05 is later).
      expect(indicator(s, 'fundsInPlace')).toEqual({
        key: 'fundsInPlace', label: '实际到位资金', unit: '万元',
        month: 3700.5318, ytd: 5550.5476, lastYearYtd: 5000.0005, target: 1000000,
        completionRate: 0.0056, // 5550.5476 / 1000000 = 0.00555…
        timeProgress: 0.25,
        ahead: -0.2444, // 0.0056 − 0.25
        aheadLabel: '慢于序时进度',
        yoy: 0.1101, // (5550.5476 − 5000.0005) / 5000.0005 = 550.5471 / 5000.0005 = 0.110109…
      });
      expect(indicator(s, 'signings')).toEqual({
        key: 'signings', label: '新签约项目', unit: '个',
        month: 2, ytd: 5, lastYearYtd: 2, target: 40,
        completionRate: 0.125, // 5 / 40
        timeProgress: 0.25, ahead: -0.125, aheadLabel: '慢于序时进度',
        yoy: 1.5, // (5 − 2) / 2
      });
      // Construction starts: p1 2026-03-05 (March), p7 2026-01-20; p5's 04-01 is April's. 2025-01..03: p6 2025-03-20.
      expect(indicator(s, 'constructionStarts')).toEqual({
        key: 'constructionStarts', label: '新开工项目', unit: '个',
        month: 1, ytd: 2, lastYearYtd: 1, target: 20,
        completionRate: 0.1, // 2 / 20
        timeProgress: 0.25, ahead: -0.15, aheadLabel: '慢于序时进度',
        yoy: 1, // (2 − 1) / 1
      });
      // Production starts: p6 2026-02-28 (February); none in 2025-01..03: a zero base, so no 同比.
      expect(indicator(s, 'productionStarts')).toEqual({
        key: 'productionStarts', label: '新投产项目', unit: '个',
        month: 0, ytd: 1, lastYearYtd: 0, target: 20,
        completionRate: 0.05, // 1 / 20
        timeProgress: 0.25, ahead: -0.2, aheadLabel: '慢于序时进度',
        yoy: null,
      });
      expect(s.indicators.map((i) => i.key)).toEqual(['signedInvestment', 'fundsInPlace', 'signings', 'constructionStarts', 'productionStarts']);

      // p4 signed 2026-02-20 and was dropped on 03-25: counted in February, shown apart
      expect(s.signedThenDropped).toEqual({
        count: 1, amount: 8000.0008,
        projects: [{ id: p.p4, name: '生物制剂中试基地项目', signedOn: '2026-02-20', contractInvestment: 8000.0008 }],
      });

      // Breakdowns, YTD. Rows: every project with a 2026 signing, start or funds (p1–p7), sorted by signed amount.
      expect(s.breakdowns.industryChain).toEqual([
        // p1 + p5: 120000.1234 + 2000.0002; p1's construction; p1's funds 3500.5001
        { code: 'new_energy_storage', label: '新能源及新型储能', signings: 2, signedInvestment: 122000.1236, constructionStarts: 1, productionStarts: 0, fundsInPlace: 3500.5001 },
        // p2 (signing, funds) + p7 (construction 01-20)
        { code: 'new_materials', label: '新材料', signings: 1, signedInvestment: 45678.9012, constructionStarts: 1, productionStarts: 0, fundsInPlace: 300.0309 },
        { code: 'electronics', label: '电子信息制造', signings: 1, signedInvestment: 25000.0005, constructionStarts: 0, productionStarts: 0, fundsInPlace: 150.015 },
        { code: 'biomedicine', label: '生物医药', signings: 1, signedInvestment: 8000.0008, constructionStarts: 0, productionStarts: 0, fundsInPlace: 0 },
        // p6: production 02-28, funds 700.0007 + 900.0009
        { code: 'smart_equipment', label: '智能装备及智能制造', signings: 0, signedInvestment: 0, constructionStarts: 0, productionStarts: 1, fundsInPlace: 1600.0016 },
      ]);
      expect(s.breakdowns.park).toEqual([
        { code: 'pingshan', label: '平山组团', signings: 2, signedInvestment: 122000.1236, constructionStarts: 1, productionStarts: 0, fundsInPlace: 3500.5001 }, // p1 + p5
        { code: 'jianshe', label: '建设组团', signings: 1, signedInvestment: 45678.9012, constructionStarts: 0, productionStarts: 0, fundsInPlace: 300.0309 }, // p2
        { code: 'yutianbao', label: '鱼田堡组团', signings: 1, signedInvestment: 25000.0005, constructionStarts: 0, productionStarts: 0, fundsInPlace: 150.015 }, // p3
        { code: 'guanba', label: '关坝组团', signings: 1, signedInvestment: 8000.0008, constructionStarts: 0, productionStarts: 1, fundsInPlace: 1600.0016 }, // p4 + p6
        { code: null, label: '未填写', signings: 0, signedInvestment: 0, constructionStarts: 1, productionStarts: 0, fundsInPlace: 0 }, // p7
      ]);
      expect(s.breakdowns.sourceChannel).toEqual([
        // p1 + p5 + p7 (construction)
        { code: 'chain', label: '产业链招商', signings: 2, signedInvestment: 122000.1236, constructionStarts: 2, productionStarts: 0, fundsInPlace: 3500.5001 },
        { code: 'capital', label: '资本招商', signings: 1, signedInvestment: 45678.9012, constructionStarts: 0, productionStarts: 0, fundsInPlace: 300.0309 },
        { code: 'platform', label: '平台招商', signings: 1, signedInvestment: 25000.0005, constructionStarts: 0, productionStarts: 0, fundsInPlace: 150.015 },
        { code: 'business_referral', label: '以商招商', signings: 1, signedInvestment: 8000.0008, constructionStarts: 0, productionStarts: 0, fundsInPlace: 0 },
        { code: 'commissioned', label: '委托招商', signings: 0, signedInvestment: 0, constructionStarts: 0, productionStarts: 1, fundsInPlace: 1600.0016 },
      ]);
      expect(s.breakdowns.team).toEqual([
        // A: p1 + p2 + p5 = 120000.1234 + 45678.9012 + 2000.0002; p1's construction; p6's production;
        //    funds 3500.5001 + 300.0309 + 1600.0016
        // no team has a target of its own: no 完成率
        { code: String(w.teamA), label: '新能源专班', signings: 3, signedInvestment: 167679.0248, constructionStarts: 1, productionStarts: 1, fundsInPlace: 5400.5326, target: null, completionRate: null },
        // B: p3 + p4 = 25000.0005 + 8000.0008; p7's construction; p3's funds
        { code: String(w.teamB), label: '电子信息小分队', signings: 2, signedInvestment: 33000.0013, constructionStarts: 1, productionStarts: 0, fundsInPlace: 150.015, target: null, completionRate: null },
      ]);
      expect(s.breakdowns.companyTier).toEqual([
        // p1 + p7 (construction 01-20)
        { code: 'global500', label: '世界500强', signings: 1, signedInvestment: 120000.1234, constructionStarts: 2, productionStarts: 0, fundsInPlace: 3500.5001 },
        { code: 'china500', label: '中国500强', signings: 1, signedInvestment: 45678.9012, constructionStarts: 0, productionStarts: 0, fundsInPlace: 300.0309 },
        { code: 'specialized', label: '专精特新', signings: 1, signedInvestment: 25000.0005, constructionStarts: 0, productionStarts: 0, fundsInPlace: 150.015 },
        { code: null, label: '未填写', signings: 1, signedInvestment: 8000.0008, constructionStarts: 0, productionStarts: 0, fundsInPlace: 0 }, // p4
        { code: 'industry_leader', label: '行业龙头', signings: 1, signedInvestment: 2000.0002, constructionStarts: 0, productionStarts: 0, fundsInPlace: 0 }, // p5
        { code: 'other', label: '其他', signings: 0, signedInvestment: 0, constructionStarts: 0, productionStarts: 1, fundsInPlace: 1600.0016 }, // p6
      ]);

      // The pipeline at 2026-03-31 from the history (not today's stages):
      //   visit p9, p11 (signed on 04-01) = 5000.0001 + 3000
      //   negotiation p8 (its signing reverted) = 9000
      //   signed p2, p3, p5 (negotiation 03-03, signed 03-17; construction only on 04-01), p12
      //     = 50000.5555 + 30000 + 60000 + 25000
      //   construction p1, p7 = 200000 + 12000; production p6; on_hold p10; dropped p4
      expect(s.funnel.stages).toEqual([
        { stage: 'visit', label: '拜访接洽', count: 2, plannedInvestment: 8000.0001 },
        { stage: 'negotiation', label: '洽谈', count: 1, plannedInvestment: 9000 },
        { stage: 'signed', label: '签约', count: 4, plannedInvestment: 165000.5555 },
        { stage: 'construction', label: '开工建设', count: 2, plannedInvestment: 212000 },
        { stage: 'production', label: '投产', count: 1, plannedInvestment: 40000 },
        { stage: 'on_hold', label: '暂缓', count: 1, plannedInvestment: 7000 },
        { stage: 'dropped', label: '终止', count: 1, plannedInvestment: 15000 },
      ]);
      // Furthest main stage reached by 03-31: visit p9 p11; negotiation p8 p10; signed p2 p3 p4 p5 p12;
      // construction p1 p7; production p6. Reached at least: visit 12, negotiation 10, signed 8, construction 3, production 1.
      expect(s.funnel.conversions).toEqual([
        { from: 'visit', to: 'negotiation', reached: 12, advanced: 10, rate: 0.8333 }, // 10 / 12
        { from: 'negotiation', to: 'signed', reached: 10, advanced: 8, rate: 0.8 }, // 8 / 10
        { from: 'signed', to: 'construction', reached: 8, advanced: 3, rate: 0.375 }, // 3 / 8
        { from: 'construction', to: 'production', reached: 3, advanced: 1, rate: 0.3333 }, // 1 / 3
      ]);
      // Stays that ended this year by 03-31 (registered 2025-01-06); not those that ended in 2025
      // (visit p6 → 2025-02-14, p12 → 2025-03-31, p7 → 2025-04-10; signed p6 2025-02-14 → 2025-03-20):
      //   visit: p8 369 (→2026-01-10), p1 374 (→01-15), p10 379 (→01-20), p3 400 (→02-10), p4 410 (→02-20),
      //          p5 421 (→03-03), p2 449 (→03-31): seven stays, the median is the 4th, 400
      //   negotiation: p5 14 (03-03→03-17), p10 26 (01-20→02-15): the lower median, 14
      //     (p8's 01-10 negotiation has not ended: its signing was reverted)
      //   signed: p4 33 (02-20→03-25), p1 49 (01-15→03-05), p7 285 (2025-04-10→2026-01-20): 49
      //   construction: p6 345 (2025-03-20→2026-02-28)
      expect(s.funnel.medianDaysInStage).toEqual({ visit: 400, negotiation: 14, signed: 49, construction: 345 });

      // March: receptions p1 (5) and p2 (3, leader-led), visit_out p3, site_visit p5, call p9.
      // YTD adds visit_out p1 (leader-led) 01-05, reception p9 (12) 01-25, event p9 (leader-led) 02-01, negotiation p3 02-11.
      expect(s.activities).toEqual({
        month: { visitsOut: 1, receptions: 2, guests: 8, leaderLed: 1, total: 5 }, // guests 5 + 3
        ytd: { visitsOut: 2, receptions: 3, guests: 20, leaderLed: 3, total: 9 }, // guests 5 + 3 + 12
      });

      // Of this year's five signings: funds 3500.5001 + 300.0309 + 150.015 + 0 + 0 = 3950.546 against 200679.0261;
      // only p1 started construction by 03-31; none production.
      expect(s.rates).toEqual({
        fundsRate: 0.0197, // 3950.546 / 200679.0261 = 0.019685…
        constructionRate: 0.2, // 1 / 5
        productionRate: 0, // 0 / 5
      });

      // Each project as it stood at the end of March, like the funnel: p5's 04-01 construction start is not shown.
      const base = { code: null, counted: true, reason: null, signedThenDropped: false, productionStartedOn: null };
      expect(s.projects).toEqual([
        { ...base, id: p.p1, name: '年产10GWh储能电池项目', companyName: '宁储新能源科技有限公司', industryChain: 'new_energy_storage', park: 'pingshan', teamName: '新能源专班', ownerName: 'officerA', stage: 'construction', signedOn: '2026-01-15', contractInvestment: 120000.1234, agreementType: 'investment', constructionStartedOn: '2026-03-05', fundsInPlaceYtd: 3500.5001 },
        { ...base, id: p.p3, name: '功率半导体封测项目', companyName: '芯联微电子有限公司', industryChain: 'electronics', park: 'yutianbao', teamName: '电子信息小分队', ownerName: 'officerB', stage: 'signed', signedOn: '2026-02-10', contractInvestment: 25000.0005, agreementType: 'framework', constructionStartedOn: null, fundsInPlaceYtd: 150.015 },
        { ...base, id: p.p4, name: '生物制剂中试基地项目', companyName: '康源生物医药有限公司', industryChain: 'biomedicine', park: 'guanba', teamName: '电子信息小分队', ownerName: 'officerB', stage: 'dropped', signedOn: '2026-02-20', contractInvestment: 8000.0008, agreementType: 'investment', constructionStartedOn: null, fundsInPlaceYtd: 0, signedThenDropped: true },
        { ...base, id: p.p5, name: '储能变流器项目', companyName: '瑞能电气有限公司', industryChain: 'new_energy_storage', park: 'pingshan', teamName: '新能源专班', ownerName: 'officerA', stage: 'signed', signedOn: '2026-03-17', contractInvestment: 2000.0002, agreementType: 'investment', constructionStartedOn: null, fundsInPlaceYtd: 0 },
        { ...base, id: p.p2, name: '高性能碳纤维复材项目', companyName: '华材新材料股份有限公司', industryChain: 'new_materials', park: 'jianshe', teamName: '新能源专班', ownerName: 'officerA', stage: 'signed', signedOn: '2026-03-31', contractInvestment: 45678.9012, agreementType: 'investment', constructionStartedOn: null, fundsInPlaceYtd: 300.0309 },
      ]);
    }

    it(`runs in ${tz} while "today" is 2026-04-01 in Shanghai`, async () => {
      expect(new Date(NOW).getTimezoneOffset()).toBe(tz === 'UTC' ? 0 : 240);
      expect(new Date(NOW).getDate()).toBe(31); // the process's own calendar still says 31 March
      // a signing dated 2 April is in the future: today is 1 April, not 31 March and not 2 April
      const res = await t.http().post(`/api/v1/projects/${p.p9}/transitions`).set(bearer(w.admin))
        .send({ version: await version(p.p9), to: 'signed', signedOn: '2026-04-02', contractInvestment: 100, agreementType: 'investment' });
      expect(res.status).toBe(400);
      expect(res.body.details).toEqual([{ field: 'signedOn', code: 'in_future', message: '签约日期（2026-04-02）不能晚于今天（2026-04-01）' }]);
      expect((await get(w.admin, `/projects/${p.p9}`).expect(200)).body.stage).toBe('visit');
    });

    it('the March summary, field by field', async () => {
      expectMarch(await summary(w.leader, 2026, 3));
    });

    it('a signing on 03-31 is March; one on 04-01 (today in Shanghai) is April', async () => {
      const march = await summary(w.viewer, 2026, 3);
      expect(march.projects.find((x) => x.id === p.p2)).toMatchObject({ signedOn: '2026-03-31', counted: true });
      expect(march.projects.some((x) => x.id === p.p11)).toBe(false);
      const feb = await summary(w.viewer, 2026, 2);
      expect(feb.projects.map((x) => x.id)).toEqual([p.p1, p.p3, p.p4]); // 01-15, 02-10, 02-20

      const april = await summary(w.viewer, 2026, 4); // the current month, live
      expect(april.timeProgress).toBe(0.3333); // 4 / 12
      // April: p11 1234.5678 (04-01); YTD 200679.0261 + 1234.5678 = 201913.5939
      expect(indicator(april, 'signedInvestment')).toMatchObject({ month: 1234.5678, ytd: 201913.5939 });
      expect(indicator(april, 'signings')).toMatchObject({ month: 1, ytd: 6 });
      // p5's construction on 04-01; YTD p7, p1, p5
      expect(indicator(april, 'constructionStarts')).toMatchObject({ month: 1, ytd: 3 });
      // p1's 2026-04 50.0005; YTD 5550.5476 + 50.0005 = 5600.5481
      expect(indicator(april, 'fundsInPlace')).toMatchObject({ month: 50.0005, ytd: 5600.5481 });
      expect(april.activities.month).toEqual({ visitsOut: 1, receptions: 0, guests: 0, leaderLed: 0, total: 1 }); // p2's visit 04-01
      // at 04-30 p5 is in construction and p11 signed; p9 the only one left in visit.
      // signed: p2 50000.5555 + p3 30000 + p12 25000 + p11 3000; construction: p1 200000 + p7 12000 + p5 60000
      expect(stagesOf(april)).toMatchObject({ visit: [1, 5000.0001], signed: [4, 108000.5555], construction: [3, 272000] });

      const may = await get(w.viewer, '/reports/summary?year=2026&month=5');
      expect(may.status).toBe(400);
      expect(may.body.details.map((d: { field: string }) => d.field)).toEqual(['month']);
      const bad = await get(w.viewer, '/reports/summary?year=2026&month=13');
      expect(bad.status).toBe(400);
      expect(bad.body.details.map((d: { field: string }) => d.field)).toEqual(['month']);
    });

    it('the project moved twice in March is at its month-end stage: visit at the end of February, signed at the end of March', async () => {
      const feb = await summary(w.leader, 2026, 2);
      // At 2026-02-28: visit p2 p5 p9 p11; negotiation p8; signed p1 p3 p4 p12; construction p7;
      // production p6 (02-28 itself); on_hold p10 (02-15)
      expect(feb.funnel.stages.map((x) => [x.stage, x.count])).toEqual([
        ['visit', 4], ['negotiation', 1], ['signed', 4], ['construction', 1], ['production', 1], ['on_hold', 1], ['dropped', 0],
      ]);
      // visit: 50000.5555 + 60000 + 5000.0001 + 3000; signed: 200000 + 30000 + 15000 + 25000
      expect(stagesOf(feb)).toMatchObject({ visit: [4, 118000.5556], signed: [4, 270000] });
      const march = await summary(w.leader, 2026, 3);
      expect(march.funnel.stages.find((x) => x.stage === 'signed')!.count).toBe(4); // p5 among them
      // today p5 is in construction (since 04-01): the month-end pipeline does not read today's stage
      expect((await get(w.admin, `/projects/${p.p5}`).expect(200)).body.stage).toBe('construction');
    });

    it('reverting a signing removes it from the month', () => {
      // before the revert p8's 9999.9999 (03-12) was in March: 47678.9014 + 9999.9999 = 57678.9013
      expect(indicator(beforeRevert, 'signedInvestment')).toMatchObject({ month: 57678.9013, ytd: 210679.026 }); // 200679.0261 + 9999.9999
      expect(indicator(beforeRevert, 'signings')).toMatchObject({ month: 3, ytd: 6 });
      expect(beforeRevert.projects.map((x) => x.id)).toContain(p.p8);
      expect(beforeRevert.funnel.stages.find((x) => x.stage === 'signed')!.count).toBe(5);
      // after: expectMarch (signings month 2, 47678.9014) holds, and p8 is back in negotiation
    });

    it("a team-B officer's summary covers team B only", async () => {
      const s = await summary(w.officerB, 2026, 3);
      expect(s.scope).toBe('team');
      // p3 25000.0005 + p4 8000.0008; last year p12 20000.2002 (p6 is team A's)
      expect(indicator(s, 'signedInvestment')).toMatchObject({
        month: 0, ytd: 33000.0013, lastYearYtd: 20000.2002,
        // team B has no target of its own: it is not compared with the district's (issue 11)
        target: null, completionRate: null, ahead: null,
        yoy: 0.65, // (33000.0013 − 20000.2002) / 20000.2002 = 12999.8011 / 20000.2002 = 0.649983…
      });
      expect(indicator(s, 'signings')).toMatchObject({ month: 0, ytd: 2, lastYearYtd: 1, yoy: 1 });
      expect(indicator(s, 'constructionStarts')).toMatchObject({ month: 0, ytd: 1, lastYearYtd: 0, yoy: null }); // p7
      expect(indicator(s, 'fundsInPlace')).toMatchObject({ month: 0, ytd: 150.015, lastYearYtd: 0, yoy: null }); // p3
      expect(s.projects.map((x) => x.id)).toEqual([p.p3, p.p4]);
      expect(s.breakdowns.team.map((r) => r.code)).toEqual([String(w.teamB)]);
      // team B at 03-31: visit p9; signed p3 p12; construction p7; dropped p4
      expect(s.funnel.stages.map((x) => x.count)).toEqual([1, 0, 2, 1, 0, 0, 1]);
      // p9: reception 01-25 (12), event 02-01 (leader-led), call 03-31; p3: negotiation 02-11, visit_out 03-20
      expect(s.activities).toEqual({
        month: { visitsOut: 1, receptions: 0, guests: 0, leaderLed: 0, total: 2 },
        ytd: { visitsOut: 1, receptions: 1, guests: 12, leaderLed: 1, total: 5 },
      });
      const a = await summary(w.officerA, 2026, 3);
      expect(a.projects.map((x) => x.id)).toEqual([p.p1, p.p5, p.p2]);
      expect(indicator(a, 'signedInvestment').ytd).toBe(167679.0248); // 120000.1234 + 2000.0002 + 45678.9012
    });

    it('统计口径: a signing under the minimum, a framework agreement and an exclusion are left out, and each says why', async () => {
      const put = await t.http().put('/api/v1/targets/2026').set(bearer(w.admin)).send({
        signedInvestment: 3000000, fundsInPlace: 1000000, signings: 5, constructionStarts: 4, productionStarts: 20,
        minContractAmount: 3000, frameworkAgreementsCount: false,
        exclusions: [{ projectId: p.p1, reason: '存量企业扩能，不计入新引进' }],
      });
      expect(put.status).toBe(200);
      try {
        const s = await summary(w.leader, 2026, 3);
        expect(s.conventions).toEqual({
          minContractAmount: 3000, frameworkAgreementsCount: false, exclusions: [{ projectId: p.p1, reason: '存量企业扩能，不计入新引进' }],
        });
        expect(s.projects.map((x) => [x.id, x.counted, x.reason])).toEqual([
          [p.p1, false, '按统计口径剔除：存量企业扩能，不计入新引进'],
          [p.p3, false, '框架协议不计入（统计口径）'],
          [p.p4, true, null],
          [p.p5, false, '协议引资低于统计口径下限 3000 万元'], // 2000.0002 < 3000
          [p.p2, true, null],
        ]);
        // counted: p4 8000.0008 (Feb) and p2 45678.9012 (March) = 53678.902; last year unchanged (2025 has no 口径)
        expect(indicator(s, 'signedInvestment')).toMatchObject({
          month: 45678.9012, ytd: 53678.902, lastYearYtd: 50000.5005,
          completionRate: 0.0179, // 53678.902 / 3000000 = 0.017893…
          ahead: -0.2321, // 0.0179 − 0.25
          yoy: 0.0736, // (53678.902 − 50000.5005) / 50000.5005 = 3678.4015 / 50000.5005 = 0.073567…
        });
        expect(indicator(s, 'signings')).toMatchObject({
          month: 1, ytd: 2, target: 5,
          completionRate: 0.4, ahead: 0.15, aheadLabel: '快于序时进度', // 2 / 5 − 0.25
          yoy: 0, // (2 − 2) / 2
        });
        // p1 is out altogether: its construction (03-05) goes; p7's (01-20) stays
        expect(indicator(s, 'constructionStarts')).toMatchObject({
          month: 0, ytd: 1, target: 4, completionRate: 0.25, ahead: 0, aheadLabel: '与序时进度持平', yoy: 0, // 1 / 4; (1 − 1) / 1
        });
        // p1's funds go (1000.0001 + 2500.5): 5550.5476 − 3500.5001 = 2050.0475; March 3700.5318 − 2500.5 = 1200.0318.
        // p3's and p5's funds stay: the 口径 decides whether their signings count, not their money.
        expect(indicator(s, 'fundsInPlace')).toMatchObject({
          month: 1200.0318, ytd: 2050.0475,
          completionRate: 0.0021, // 2050.0475 / 1000000 = 0.00205…
          yoy: -0.59, // (2050.0475 − 5000.0005) / 5000.0005 = −2949.953 / 5000.0005 = −0.589990…
        });
        expect(s.signedThenDropped).toMatchObject({ count: 1, amount: 8000.0008 });
        // counted signings p2, p4: funds 300.0309 / 53678.902; neither started construction
        expect(s.rates).toEqual({ fundsRate: 0.0056, constructionRate: 0, productionRate: 0 });
        expect(s.breakdowns.industryChain.find((r) => r.code === 'new_energy_storage')).toEqual({
          // only p5 is left (p1 excluded), and its signing does not count
          code: 'new_energy_storage', label: '新能源及新型储能', signings: 0, signedInvestment: 0, constructionStarts: 0, productionStarts: 0, fundsInPlace: 0,
        });
        expect(s.breakdowns.industryChain.find((r) => r.code === 'electronics')).toMatchObject({ signings: 0, signedInvestment: 0, fundsInPlace: 150.015 });
      } finally {
        await t.http().put('/api/v1/targets/2026').set(bearer(w.admin)).send({
          signedInvestment: 3000000, fundsInPlace: 1000000, signings: 40, constructionStarts: 20, productionStarts: 20,
          minContractAmount: null, frameworkAgreementsCount: true, exclusions: [], version: put.body.version,
        }).expect(200);
      }
      // the defaults again, stored this time: the figures are those of the defaults
      expectMarch(await summary(w.leader, 2026, 3));
    });

    it("last year's column is last year's figures under last year's 统计口径", async () => {
      // 2025: a minimum of 25000 万元 leaves out p12 (20000.2002, 2025-03-31); p6 (30000.3003) counts
      const put = await t.http().put('/api/v1/targets/2025').set(bearer(w.admin)).send({
        signedInvestment: 3000000, fundsInPlace: 1000000, signings: 40, constructionStarts: 20, productionStarts: 20,
        minContractAmount: 25000, frameworkAgreementsCount: true, exclusions: [{ projectId: p.p7, reason: '测试剔除' }],
      });
      expect(put.status).toBe(200);
      try {
        const lastYear = await summary(w.leader, 2025, 3);
        expect(indicator(lastYear, 'signedInvestment')).toMatchObject({ ytd: 30000.3003 });
        expect(indicator(lastYear, 'signings')).toMatchObject({ ytd: 1 });
        expect(indicator(lastYear, 'constructionStarts')).toMatchObject({ ytd: 1 }); // p6 2025-03-20
        expect(indicator(lastYear, 'fundsInPlace')).toMatchObject({ ytd: 5000.0005 }); // p6 2025-03
        for (const [who, scope] of [[w.leader, 'all'], [w.officerB, 'team B']] as const) {
          const [now, then] = [await summary(who, 2026, 3), await summary(who, 2025, 3)];
          for (const key of ['signedInvestment', 'fundsInPlace', 'signings', 'constructionStarts', 'productionStarts']) {
            expect({ scope, key, lastYearYtd: indicator(now, key).lastYearYtd }).toEqual({ scope, key, lastYearYtd: indicator(then, key).ytd });
          }
        }
        // p7 is excluded in 2025 only: its 2026 construction start (01-20) still counts this year
        expect(indicator(await summary(w.leader, 2026, 3), 'constructionStarts').ytd).toBe(2);
      } finally {
        await t.http().put('/api/v1/targets/2025').set(bearer(w.admin)).send({
          signedInvestment: 3000000, fundsInPlace: 1000000, signings: 40, constructionStarts: 20, productionStarts: 20,
          minContractAmount: null, frameworkAgreementsCount: true, exclusions: [], version: put.body.version,
        }).expect(200);
      }
    });

    it('rollups: recomputing a closed month twice writes one revision; a late signing writes revision 2 and keeps the reported figures', async () => {
      const recompute = (who: Account, y: number, m: number) => t.http().post(`/api/v1/reports/monthly/${y}/${m}/recompute`).set(bearer(who));
      expect((await get(w.viewer, '/reports/monthly?year=2026').expect(200)).body).toMatchObject({ year: 2026, items: [], closedMonths: [1, 2, 3], missingMonths: [1, 2, 3] });

      const first = await recompute(w.admin, 2026, 3);
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ year: 2026, month: 3, revision: 1, changed: true });
      const again = await recompute(w.admin, 2026, 3);
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ year: 2026, month: 3, revision: 1, changed: false, hash: first.body.hash });
      firstRollupHashes.push({ run: `${db} ${tz}`, hash: first.body.hash });
      const [{ n }] = await t.ds.query('SELECT COUNT(*) AS n FROM monthly_rollups WHERE year = 2026 AND month = 3');
      expect(Number(n)).toBe(1);

      const listed = (await get(w.viewer, '/reports/monthly?year=2026').expect(200)).body as { items: RollupView[] };
      expect(listed.items).toHaveLength(1);
      const one = listed.items[0];
      expect(one).toMatchObject({ year: 2026, month: 3, currentRevision: 1 });
      expectMarch(one.reported);
      expect(one.current).toEqual(one.reported);
      expect(one.reported).toEqual(await summary(w.leader, 2026, 3));
      expect(one.adjustments).toEqual([
        { key: 'signedInvestment', month: 0, ytd: 0 }, { key: 'fundsInPlace', month: 0, ytd: 0 },
        { key: 'signings', month: 0, ytd: 0 }, { key: 'constructionStarts', month: 0, ytd: 0 }, { key: 'productionStarts', month: 0, ytd: 0 },
      ]);

      // a late entry: p13, registered 2025-01-06 like the rest, signed 2026-03-20 for 5555.5555 万元, entered on 04-01
      p.p13 = await register({ name: '储能集成补录项目', team: 'A', company: '补录储能有限公司', industryChain: 'new_energy_storage', park: 'pingshan', plannedInvestment: 6000 });
      await sign(p.p13, '2026-03-20', 5555.5555);

      // A team-scoped manager may recompute, but the rollup is the district's: he gets the outcome, not the figures,
      // and cannot list the stored rollups (his figures are GET /reports/summary, for his scope).
      const late = await recompute(w.managerA, 2026, 3);
      expect(late.status).toBe(200);
      expect(late.body).toMatchObject({ revision: 2, changed: true });
      expect(late.body.rollup).toBeUndefined();
      await get(w.managerA, '/reports/monthly?year=2026').expect(403);
      const view = (await recompute(w.admin, 2026, 3)).body.rollup as RollupView;
      expect(view.currentRevision).toBe(2);
      expect(view.reported).toEqual(one.reported); // what was first reported stays on record
      // current: March 47678.9014 + 5555.5555 = 53234.4569; YTD 200679.0261 + 5555.5555 = 206234.5816
      expect(indicator(view.current, 'signedInvestment')).toMatchObject({
        month: 53234.4569, ytd: 206234.5816, completionRate: 0.0687, // 206234.5816 / 3000000 = 0.068744…
        yoy: 3.1247, // (206234.5816 − 50000.5005) / 50000.5005 = 156234.0811 / 50000.5005 = 3.1246503…
      });
      expect(indicator(view.current, 'signings')).toMatchObject({ month: 3, ytd: 6, completionRate: 0.15, yoy: 2 }); // 6 / 40; (6 − 2) / 2
      expect(view.current.projects.map((x) => x.id)).toEqual([p.p1, p.p3, p.p4, p.p5, p.p13, p.p2]);
      // p13 is in the March-end pipeline as signed: 165000.5555 + 6000
      expect(stagesOf(view.current)).toMatchObject({ visit: [2, 8000.0001], signed: [5, 171000.5555] });
      expect(view.adjustments).toEqual([
        { key: 'signedInvestment', month: 5555.5555, ytd: 5555.5555 },
        { key: 'fundsInPlace', month: 0, ytd: 0 },
        { key: 'signings', month: 1, ytd: 1 },
        { key: 'constructionStarts', month: 0, ytd: 0 },
        { key: 'productionStarts', month: 0, ytd: 0 },
      ]);
      const relisted = (await get(w.leader, '/reports/monthly?year=2026').expect(200)).body as { items: RollupView[] };
      expect(relisted.items).toHaveLength(1);
      expect(relisted.items[0]).toEqual({ ...view, mail: [] }); // the list adds the leaders' e-mails of the month (none: a recompute sends none)

      // and a recompute with nothing new changes nothing
      expect((await recompute(w.admin, 2026, 3).expect(200)).body).toMatchObject({ revision: 2, changed: false });
    });

    it('recompute: the current and future months are refused; officers and leaders may not recompute; viewers may read', async () => {
      const recompute = (who: Account, y: number, m: number) => t.http().post(`/api/v1/reports/monthly/${y}/${m}/recompute`).set(bearer(who));
      const fields = (res: { body: { details?: { field: string }[] } }) => (res.body.details ?? []).map((d) => d.field);
      const current = await recompute(w.admin, 2026, 4);
      expect(current.status).toBe(400);
      expect(fields(current)).toEqual(['month']);
      expect(current.body).toMatchObject({ code: 'month_not_closed', message: expect.stringContaining('2026-04 尚未结束') });
      const future = await recompute(w.admin, 2026, 5);
      expect(future.status).toBe(400);
      expect(fields(future)).toEqual(['month']);
      expect(fields(await recompute(w.admin, 2026, 13).expect(400))).toEqual(['month']);
      expect((await recompute(w.officerA, 2026, 2)).status).toBe(403);
      expect((await recompute(w.leader, 2026, 2)).status).toBe(403);
      expect((await recompute(w.viewer, 2026, 2)).status).toBe(403);
      expect((await get(w.officerA, '/reports/monthly?year=2026')).status).toBe(403);
      // nothing was written for February or April
      const months = ((await get(w.viewer, '/reports/monthly?year=2026').expect(200)).body as { items: RollupView[] }).items.map((i) => i.month);
      expect(months).toEqual([3]);
    });

    it('targets: defaults for a year never set; the admin stores them (audited); others 403; bad input 400 naming the field', async () => {
      expect((await get(w.officerA, '/targets/2031').expect(200)).body).toEqual({
        year: 2031, stored: false, version: null,
        signedInvestment: 3000000, fundsInPlace: 1000000, signings: 40, constructionStarts: 20, productionStarts: 20,
        minContractAmount: null, frameworkAgreementsCount: true, exclusions: [], teams: [],
      });
      const body = { signedInvestment: 3200000.5, fundsInPlace: 1100000, signings: 45, constructionStarts: 22, productionStarts: 18, minContractAmount: 3000.0001 };
      for (const who of [w.leader, w.managerA, w.officerA, w.viewer]) {
        expect((await t.http().put('/api/v1/targets/2031').set(bearer(who)).send(body)).status).toBe(403);
      }
      const put = async (b: Record<string, unknown>) => t.http().put('/api/v1/targets/2031').set(bearer(w.admin)).send(b);
      const bad: [Record<string, unknown>, string][] = [
        [{ ...body, signedInvestment: -1 }, 'signedInvestment'],
        [{ ...body, fundsInPlace: 0 }, 'fundsInPlace'],
        [{ ...body, signings: 1.5 }, 'signings'],
        [{ ...body, constructionStarts: undefined }, 'constructionStarts'],
        [{ ...body, minContractAmount: 3000.00001 }, 'minContractAmount'],
        [{ ...body, frameworkAgreementsCount: 'no' }, 'frameworkAgreementsCount'],
        [{ ...body, exclusions: [{ projectId: p.p1 }] }, 'exclusions[0].reason'],
        [{ ...body, exclusions: [{ projectId: 999999, reason: '无此项目' }] }, 'exclusions[0].projectId'],
      ];
      for (const [b, field] of bad) {
        const res = await put(b);
        expect([res.status, [...new Set((res.body.details ?? []).map((d: { field: string }) => d.field))]]).toEqual([400, [field]]);
      }
      expect((await get(w.admin, '/targets/2031').expect(200)).body.stored).toBe(false);

      const stored = await put({ ...body, exclusions: [{ projectId: p.p12, reason: '异地搬迁项目' }] });
      expect(stored.status).toBe(200);
      const expected = {
        year: 2031, stored: true, version: 1,
        signedInvestment: 3200000.5, fundsInPlace: 1100000, signings: 45, constructionStarts: 22, productionStarts: 18,
        minContractAmount: 3000.0001, frameworkAgreementsCount: true, exclusions: [{ projectId: p.p12, reason: '异地搬迁项目', projectName: expect.any(String) }], teams: [],
      };
      expect(stored.body).toEqual(expected);
      expect((await get(w.viewer, '/targets/2031').expect(200)).body).toEqual(expected);
      const trail = (await get(w.admin, '/audit?entity=target&id=2031').expect(200)).body.items;
      expect(trail).toHaveLength(1);
      expect(trail[0]).toMatchObject({
        entity: 'target', action: 'create', actorId: w.admin.id,
        after: { stored: true, signedInvestment: 3200000.5, minContractAmount: 3000.0001, signings: 45 },
      });
      // a stale version is refused and changes nothing
      const stale = await put({ ...body, signings: 50, version: 7 });
      expect(stale.status).toBe(409);
      expect((await get(w.admin, '/targets/2031').expect(200)).body.signings).toBe(45);
    });
  });
}

describe('the same data give the same rollup', () => {
  it('on every database and in every process time zone (the hash of March 2026 revision 1)', () => {
    expect(firstRollupHashes.length).toBeGreaterThanOrEqual(2);
    expect(new Set(firstRollupHashes.map((h) => h.hash)).size).toBe(1);
  });
});
