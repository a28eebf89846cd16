import type { AuthUser } from '../../core/auth/auth-user';
import { FixedClock } from '../../core/clock';
import type { DictionariesService } from '../../dictionaries/dictionaries.service';
import type { ScopeTarget, TargetFigures, TargetsService, YearTarget } from '../../targets/targets.service';
import type { Period } from '../report-period';
import type { BreakdownSums, ReportsRepository, SignedProjectRow, SignedState, Totals } from '../reports.repository';
import { ReportsService } from '../reports.service';

/**
 * The assembly of a report from faked repository figures: no database. Money
 * goes in as integer 元 and comes out in 万元.
 */
const WAN = 10_000;
/** 15 April 2026 in Shanghai: April is the current month */
const clock = new FixedClock('2026-04-15T02:00:00Z');

const totals = (t: Partial<Totals> = {}): Totals => ({
  signings: 0, signedInvestment: 0n, constructionStarts: 0, productionStarts: 0, fundsInPlace: 0n, ...t,
});

const target = (year: number, over: Partial<YearTarget> = {}): YearTarget => ({
  year, stored: true, version: 1, signedInvestment: 3_000_000 * WAN, fundsInPlace: 1_000_000 * WAN, signings: 40, constructionStarts: 20,
  productionStarts: 20, minContractAmount: null, frameworkAgreementsCount: true, exclusions: [], teams: [], ...over,
});

const noSignings: SignedState = { total: 0, counted: 0, amount: 0n, built: 0, producing: 0, funds: 0n, dropped: [] };

interface Data {
  now: { ytd: Totals; month: Totals };
  last: { ytd: Totals; month: Totals };
  breakdowns: BreakdownSums[];
  signed: SignedState;
  projects: SignedProjectRow[];
  targets: Record<number, YearTarget>;
  /** each team's own target for 2026, by team id */
  teamTargets: Map<number, TargetFigures>;
}

/** A report service over faked figures; `calls` records what the repository was asked. */
function build(over: Partial<Data> = {}) {
  const d: Data = {
    now: { ytd: totals(), month: totals() }, last: { ytd: totals(), month: totals() }, breakdowns: [], signed: noSignings, projects: [],
    targets: { 2026: target(2026), 2025: target(2025) }, teamTargets: new Map(), ...over,
  };
  const calls: { method: string; period: Period; rules?: unknown }[] = [];
  const repo = {
    periodTotals: async (period: Period, rules: unknown) => {
      calls.push({ method: 'periodTotals', period, rules });
      return period.year === 2026 ? d.now : d.last;
    },
    breakdowns: async () => d.breakdowns,
    signedState: async () => d.signed,
    signedProjects: async () => d.projects,
    pipelineAt: async () => [
      { stage: 'visit', rank: 0, projects: 3, planned: 1000n * BigInt(WAN) },
      { stage: 'signed', rank: 2, projects: 2, planned: 500n * BigInt(WAN) },
      { stage: 'dropped', rank: 2, projects: 1, planned: 100n * BigInt(WAN) },
      { stage: 'dropped', rank: 0, projects: 1, planned: 0n },
    ],
    staysEnded: async () => [
      { stage: 'visit', days: 10, stays: 1 }, { stage: 'visit', days: 30, stays: 1 }, { stage: 'visit', days: 20, stays: 2 },
      { stage: 'negotiation', days: 14, stays: 1 }, { stage: 'negotiation', days: 26, stays: 1 },
    ],
    activityFigures: async () => ({
      month: { visitsOut: 1, receptions: 0, guests: 0, leaderLed: 0, total: 1 }, ytd: { visitsOut: 2, receptions: 1, guests: 5, leaderLed: 1, total: 4 },
    }),
    teamNames: async (ids: number[]) => new Map(ids.filter((id) => id === 7).map((id) => [id, '新能源专班'])),
  } as unknown as ReportsRepository;
  const targets = {
    get: async (year: number) => d.targets[year] ?? target(year, { stored: false, version: null }),
    // what a scoped viewer is shown: the exclusions of projects with an even id, say
    // the one rule (TargetsService.forScope): the district's target, or a team's own, or none
    forScope: async (user: AuthUser | null, year: number): Promise<ScopeTarget> => {
      const district = d.targets[year] ?? target(year, { stored: false, version: null });
      if (!user || user.dataScope === 'all') return { kind: 'district', teamId: null, teamName: null, figures: district, note: null };
      const own = user.teamId === null ? undefined : d.teamTargets.get(user.teamId);
      return own
        ? { kind: 'team', teamId: user.teamId, teamName: '新能源专班', figures: own, note: null }
        : { kind: 'none', teamId: user.teamId, teamName: '新能源专班', figures: null, note: '本团队未设年度目标' };
    },
    teamTargets: async () => d.teamTargets,
    seenBy: async (_viewer: AuthUser, year: number) => {
      const t = d.targets[year] ?? target(year, { stored: false, version: null });
      return { ...t, exclusions: t.exclusions.filter((e) => e.projectId % 2 === 0) };
    },
  } as unknown as TargetsService;
  const dictionaries = {
    labels: async (kind: string) => new Map(kind === 'industry-chains' ? [['new_materials', '新材料'], ['electronics', '电子信息制造']] : []),
  } as unknown as DictionariesService;
  return { service: new ReportsService(repo, targets, dictionaries, clock), calls };
}

const indicator = (r: { indicators: { key: string }[] }, key: string) => r.indicators.find((i) => i.key === key)!;

describe(ReportsService.name, () => {
  it('completion rate is year to date / target, against 序时进度 (month / 12)', async () => {
    const { service } = build({
      now: { ytd: totals({ signings: 10, signedInvestment: 600_000n * BigInt(WAN) }), month: totals({ signings: 4, signedInvestment: 150_000n * BigInt(WAN) }) },
    });
    const r = await service.overview(null, 2026, 3);
    expect(r.timeProgress).toBe(0.25);
    expect(indicator(r, 'signings')).toMatchObject({
      month: 4, ytd: 10, target: 40, completionRate: 0.25, timeProgress: 0.25, ahead: 0, aheadLabel: '与序时进度持平',
    });
    expect(indicator(r, 'signedInvestment')).toMatchObject({
      unit: '万元', month: 150_000, ytd: 600_000, target: 3_000_000, completionRate: 0.2, ahead: -0.05, aheadLabel: '慢于序时进度',
    });
    const april = await service.overview(null, 2026, 4);
    expect(indicator(april, 'signings')).toMatchObject({ timeProgress: 0.3333, completionRate: 0.25, ahead: -0.0833 });
  });

  it('is ahead of 序时进度 when the completion rate is higher, and has no rate without a target', async () => {
    const { service } = build({
      now: { ytd: totals({ constructionStarts: 8, productionStarts: 3 }), month: totals() },
      targets: { 2026: target(2026, { productionStarts: 0 }), 2025: target(2025) },
    });
    const r = await service.overview(null, 2026, 3);
    expect(indicator(r, 'constructionStarts')).toMatchObject({ completionRate: 0.4, ahead: 0.15, aheadLabel: '快于序时进度' });
    expect(indicator(r, 'productionStarts')).toMatchObject({ ytd: 3, target: 0, completionRate: null, ahead: null, aheadLabel: null });
  });

  it('同比 is null when last year is 0, and the change against last year otherwise', async () => {
    const { service } = build({
      now: { ytd: totals({ signings: 10, fundsInPlace: 1500n * BigInt(WAN), productionStarts: 2 }), month: totals() },
      last: { ytd: totals({ signings: 4, fundsInPlace: 2000n * BigInt(WAN) }), month: totals({ signings: 99 }) },
    });
    const r = await service.overview(null, 2026, 3);
    expect(indicator(r, 'signings')).toMatchObject({ lastYearYtd: 4, yoy: 1.5 }); // (10 − 4) / 4
    expect(indicator(r, 'fundsInPlace')).toMatchObject({ lastYearYtd: 2000, yoy: -0.25 }); // (1500 − 2000) / 2000
    expect(indicator(r, 'productionStarts')).toMatchObject({ ytd: 2, lastYearYtd: 0, yoy: null });
    expect(indicator(r, 'constructionStarts')).toMatchObject({ ytd: 0, lastYearYtd: 0, yoy: null });
  });

  it("reads last year's column for the same months under last year's 统计口径", async () => {
    const lastRules = target(2025, { minContractAmount: 3000 * WAN, exclusions: [{ projectId: 9, reason: '测试', projectName: '项目9' }] });
    const { service, calls } = build({ targets: { 2026: target(2026), 2025: lastRules } });
    await service.overview(null, 2026, 3);
    const periods = calls.filter((c) => c.method === 'periodTotals');
    expect(periods.map((c) => [c.period.start, c.period.end])).toEqual([['2026-01-01', '2026-03-31'], ['2025-01-01', '2025-03-31']]);
    expect(periods[1].rules).toBe(lastRules);
  });

  it('签约后终止: the dropped signings are counted and listed apart with their amount; rates over the counted signings', async () => {
    const { service } = build({
      signed: {
        total: 5, counted: 4, amount: 20_000n * BigInt(WAN), built: 1, producing: 0, funds: 500n * BigInt(WAN),
        dropped: [
          { id: 3, name: '生物制剂中试基地项目', signedOn: '2026-02-20', amount: 80_000_008n, visible: true },
          { id: 8, name: '硅基负极材料项目', signedOn: '2026-03-12', amount: 99_999_999n, visible: true },
        ],
      },
    });
    const r = await service.overview(null, 2026, 3);
    expect(r.signedThenDropped).toEqual({
      count: 2, amount: 18000.0007, // 8000.0008 + 9999.9999
      projects: [
        { id: 3, name: '生物制剂中试基地项目', signedOn: '2026-02-20', contractInvestment: 8000.0008 },
        { id: 8, name: '硅基负极材料项目', signedOn: '2026-03-12', contractInvestment: 9999.9999 },
      ],
    });
    expect(r.rates).toEqual({ fundsRate: 0.025, constructionRate: 0.25, productionRate: 0 }); // 500 / 20000; 1 / 4; 0 / 4
    expect(r.signedProjects).toEqual({ total: 5, counted: 4, notCounted: 1 });
  });

  it('labels the breakdowns from the dictionaries and team names, 未填写 for none, largest signed investment first', async () => {
    const row = (key: BreakdownSums['key'], code: string | null, signings: number, wan: number): BreakdownSums => ({
      key, code, ...totals({ signings, signedInvestment: BigInt(wan * WAN) }),
    });
    const { service } = build({
      breakdowns: [
        row('industryChain', 'electronics', 1, 100), row('industryChain', 'new_materials', 2, 300), row('industryChain', 'retired_code', 1, 200),
        row('team', '7', 1, 50), row('team', '12', 1, 60), row('team', null, 1, 10),
      ],
    });
    const r = await service.overview(null, 2026, 3);
    expect(r.breakdowns.industryChain.map((x) => [x.code, x.label, x.signedInvestment])).toEqual([
      ['new_materials', '新材料', 300], ['retired_code', 'retired_code', 200], ['electronics', '电子信息制造', 100],
    ]);
    expect(r.breakdowns.team.map((x) => [x.code, x.label])).toEqual([['12', '团队 12'], ['7', '新能源专班'], [null, '未填写']]);
    expect(r.breakdowns.park).toEqual([]);
  });

  it('the funnel counts each stage, the conversions along the main line and the lower median of the stays', async () => {
    const { service } = build();
    const r = await service.overview(null, 2026, 3);
    expect(r.funnel.stages.map((s) => [s.stage, s.count, s.plannedInvestment])).toEqual([
      ['visit', 3, 1000], ['negotiation', 0, 0], ['signed', 2, 500], ['construction', 0, 0], ['production', 0, 0], ['on_hold', 0, 0], ['dropped', 2, 100],
    ]);
    // reached at least: visit 7, negotiation 3, signed 3, construction 0
    expect(r.funnel.conversions.map((c) => [c.from, c.reached, c.advanced, c.rate])).toEqual([
      ['visit', 7, 3, 0.4286], ['negotiation', 3, 3, 1], ['signed', 3, 0, 0], ['construction', 0, 0, null],
    ]);
    // visit: 10, 20, 20, 30 → the 2nd of four; negotiation: 14, 26 → 14
    expect(r.funnel.medianDaysInStage).toEqual({ visit: 20, negotiation: 14, signed: null, construction: null });
  });

  it('refuses a month after the current one before reading anything', async () => {
    const { service, calls } = build();
    await expect(service.overview(null, 2026, 5)).rejects.toMatchObject({ code: 'in_future' });
    await expect(service.signedProjects(null, 2026, 13, 1, 50)).rejects.toMatchObject({ code: 'month_out_of_range' });
    expect(calls).toEqual([]);
  });

  it('lists the signed projects as they stood at month end, each counted or not and why, a page at a time', async () => {
    const base: SignedProjectRow = {
      id: 1, code: null, name: '项目', companyName: '企业', industryChain: 'new_materials', park: null, teamName: null, ownerName: null, stage: 'signed',
      stageAtEnd: 'signed', signedOn: '2026-01-10', contractInvestment: 5000 * WAN, agreementType: 'investment', constructionStartedOn: null,
      productionStartedOn: null, fundsYtd: 0n, credited: true, visible: true,
    };
    const { service } = build({
      targets: { 2026: target(2026, { minContractAmount: 3000 * WAN, frameworkAgreementsCount: false, exclusions: [{ projectId: 4, reason: '存量扩能', projectName: '项目4' }] }) },
      projects: [
        { ...base, id: 1, stage: 'construction', constructionStartedOn: '2026-04-02', fundsYtd: 1_234_567n },
        { ...base, id: 2, agreementType: 'framework' },
        { ...base, id: 3, contractInvestment: 2000 * WAN, stage: 'dropped', stageAtEnd: 'dropped' },
        { ...base, id: 4, stageAtEnd: null, stage: 'construction', constructionStartedOn: '2026-03-01' },
      ],
    });
    const page = await service.signedProjects(null, 2026, 3, 1, 3);
    expect(page).toMatchObject({ year: 2026, month: 3, total: 4, counted: 1, notCounted: 3, page: 1, pageSize: 3 });
    expect(page.items.map((p) => [p.id, p.counted, p.reason, p.stage, p.constructionStartedOn, p.signedThenDropped])).toEqual([
      [1, true, null, 'signed', null, false], // its construction start (04-02) is after March
      [2, false, '框架协议不计入（统计口径）', 'signed', null, false],
      [3, false, '协议引资低于统计口径下限 3000 万元', 'dropped', null, true],
    ]);
    expect(page.items[0]).toMatchObject({ contractInvestment: 5000, fundsInPlaceYtd: 123.4567 });
    const second = await service.signedProjects(null, 2026, 3, 2, 3);
    expect(second.items.map((p) => [p.id, p.reason, p.stage, p.constructionStartedOn])).toEqual([[4, '按统计口径剔除：存量扩能', 'construction', '2026-03-01']]);
  });

  it("says whose figures they are: the caller's scope, the whole district for a rollup", async () => {
    const { service } = build();
    const officer: AuthUser = { id: 5, email: 'officer@test.local', name: 'officer', role: 'officer', dataScope: 'team', teamId: 7 };
    expect((await service.overview(officer, 2026, 3)).scope).toBe('team');
    expect((await service.summary(null, 2026, 3)).scope).toBe('all');
  });

  it('shows a scoped caller the exclusions of his scope (TargetsService.seenBy), and counts with every exclusion', async () => {
    const rules = target(2026, { exclusions: [{ projectId: 2, reason: '本组', projectName: '项目2' }, { projectId: 3, reason: '他组', projectName: '项目3' }] });
    const { service, calls } = build({ targets: { 2026: rules, 2025: target(2025) } });
    const officer: AuthUser = { id: 5, email: 'officer@test.local', name: 'officer', role: 'officer', dataScope: 'team', teamId: 7 };
    expect((await service.overview(officer, 2026, 3)).conventions.exclusions).toEqual([{ projectId: 2, reason: '本组' }]);
    expect(calls.find((c) => c.method === 'periodTotals')!.rules).toBe(rules);
    expect((await service.overview(null, 2026, 3)).conventions.exclusions).toEqual([{ projectId: 2, reason: '本组' }, { projectId: 3, reason: '他组' }]);
  });

  it("compares a team's figures with the team's own target, and says so when the team has none", async () => {
    const officer: AuthUser = { id: 5, email: 'officer@test.local', name: 'officer', role: 'officer', dataScope: 'team', teamId: 7 };
    const own: TargetFigures = { signedInvestment: 200_000 * WAN, fundsInPlace: 50_000 * WAN, signings: 8, constructionStarts: 4, productionStarts: 0 };
    const now = { ytd: totals({ signings: 2, signedInvestment: 60_000n * BigInt(WAN) }), month: totals() };
    const withTarget = await build({ now, teamTargets: new Map([[7, own]]) }).service.overview(officer, 2026, 3);
    expect(withTarget.target).toEqual({ kind: 'team', teamId: 7, teamName: '新能源专班', note: null });
    expect(indicator(withTarget, 'signedInvestment')).toMatchObject({ ytd: 60_000, target: 200_000, completionRate: 0.3, ahead: 0.05 });
    expect(indicator(withTarget, 'signings')).toMatchObject({ target: 8, completionRate: 0.25 });

    const without = await build({ now }).service.overview(officer, 2026, 3);
    expect(without.target).toMatchObject({ kind: 'none', note: '本团队未设年度目标' });
    expect(indicator(without, 'signedInvestment')).toMatchObject({ ytd: 60_000, target: null, completionRate: null, ahead: null, aheadLabel: null });
  });

  it("ranks each team against its own target: 完成率 of signed investment, null for a team without one", async () => {
    const row = (code: string | null, wan: number): BreakdownSums => ({ key: 'team', code, ...totals({ signings: 1, signedInvestment: BigInt(wan * WAN) }) });
    const own: TargetFigures = { signedInvestment: 400 * WAN, fundsInPlace: 100 * WAN, signings: 4, constructionStarts: 2, productionStarts: 1 };
    const { service } = build({ breakdowns: [row('7', 100), row('12', 300), row(null, 5)], teamTargets: new Map([[7, own]]) });
    const r = await service.overview(null, 2026, 3);
    expect(r.breakdowns.team.map((x) => [x.code, x.completionRate, x.target?.signedInvestment ?? null])).toEqual([
      ['12', null, null], ['7', 0.25, 400], [null, null, null],
    ]);
  });

  it('lists a signing the team has handed over since without naming it, and one handed in after its signing as not counted', async () => {
    const base: SignedProjectRow = {
      id: 1, code: null, name: '项目', companyName: '企业', industryChain: 'new_materials', park: null, teamName: '甲组', ownerName: '张三', stage: 'signed',
      stageAtEnd: 'signed', signedOn: '2026-01-10', contractInvestment: 5000 * WAN, agreementType: 'investment', constructionStartedOn: null,
      productionStartedOn: null, fundsYtd: 0n, credited: true, visible: true,
    };
    const { service } = build({
      projects: [{ ...base, id: 1, visible: false }, { ...base, id: 2, credited: false }],
      signed: { ...noSignings, dropped: [{ id: 9, name: '秘密项目', signedOn: '2026-02-01', amount: 10n * BigInt(WAN), visible: false }] },
    });
    const officer: AuthUser = { id: 5, email: 'officer@test.local', name: 'officer', role: 'officer', dataScope: 'team', teamId: 7 };
    const page = await service.signedProjects(officer, 2026, 3, 1, 50);
    expect(page.items.map((p) => [p.id, p.name, p.companyName, p.ownerName, p.counted, p.reason, p.contractInvestment])).toEqual([
      [null, '已移交其他团队的项目', '—', null, true, null, 5000],
      [2, '项目', '企业', '张三', false, '签约时属于其他团队', 5000],
    ]);
    expect((await service.overview(officer, 2026, 3)).signedThenDropped.projects).toEqual([
      { id: null, name: '已移交其他团队的项目', signedOn: '2026-02-01', contractInvestment: 10 },
    ]);
  });
});
