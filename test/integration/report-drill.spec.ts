import { type Account, bearer, fieldsOf, makeProject, seedWorld, type World } from '../helpers/fixtures';
import { describeEachDatabase, startTestApp, type TestApp } from '../helpers/test-app';

/**
 * GET /reports/series and GET /reports/drill against GET /reports/summary on
 * one small dataset entered through the API, under a 2026 统计口径 that
 * leaves things out (minimum 3000 万元, framework agreements do not count,
 * two projects excluded): every figure the summary shows drills to a list
 * whose counted rows make exactly that figure, and the months of the series
 * add up to the summary of each month. Today is 2026-04-20 (April is the
 * current month).
 *
 * | key | team | chain              | park     | history                                                        | funds                       |
 * |-----|------|--------------------|----------|----------------------------------------------------------------|-----------------------------|
 * | a1  | A    | new_energy_storage | pingshan | signed 2026-01-15 100000; construction 2026-03-05              | 2026-01 1000, 2026-03 2500.5 |
 * | a2  | A    | new_materials      | —        | signed 2026-03-10 2000 (below the minimum)                     | 2026-03 300                 |
 * | a3  | A    | smart_equipment    | guanba   | signed 2025-02-14 30000; construction 2025-03-20; production 2026-02-28 | 2025-03 5000, 2026-01 700 |
 * | a4  | A    | food_agri          | —        | negotiation 2026-01-10                                         |                             |
 * | b1  | B    | electronics        | jianshe  | signed 2026-02-10 25000 framework                              | 2026-02 150                 |
 * | b2  | B    | biomedicine        | guanba   | signed 2026-02-20 8000; dropped 2026-03-25                     |                             |
 * | b3  | B    | electronics        | —        | signed 2026-04-02 5000; construction 2026-04-10                |                             |
 * | b4  | B    | new_materials      | jianshe  | signed 2025-04-10 10000; construction 2026-01-20 (excluded in 2026) |                        |
 * | b5  | B    | new_energy_storage | pingshan | signed 2026-01-05 40000 (excluded in 2026)                     | 2026-02 400                 |
 */
const NOW = '2026-04-20T02:00:00Z';
type Key = 'a1' | 'a2' | 'a3' | 'a4' | 'b1' | 'b2' | 'b3' | 'b4' | 'b5';
const SPECS: Record<Key, { team: 'A' | 'B'; industryChain: string; park?: string; tier?: string }> = {
  a1: { team: 'A', industryChain: 'new_energy_storage', park: 'pingshan', tier: 'global500' },
  a2: { team: 'A', industryChain: 'new_materials' },
  a3: { team: 'A', industryChain: 'smart_equipment', park: 'guanba', tier: 'china500' },
  a4: { team: 'A', industryChain: 'food_agri' },
  b1: { team: 'B', industryChain: 'electronics', park: 'jianshe', tier: 'global500' },
  b2: { team: 'B', industryChain: 'biomedicine', park: 'guanba' },
  b3: { team: 'B', industryChain: 'electronics' },
  b4: { team: 'B', industryChain: 'new_materials', park: 'jianshe' },
  b5: { team: 'B', industryChain: 'new_energy_storage', park: 'pingshan' },
};
const INDICATORS = ['signedInvestment', 'fundsInPlace', 'signings', 'constructionStarts', 'productionStarts'] as const;
const BREAKDOWNS = ['industryChain', 'park', 'sourceChannel', 'sourceRegion', 'team', 'companyTier'] as const;

interface Item { id: number; on: string; amount: number | null; counted: boolean; reason: string | null; stage: string }
interface Drill { value: number; amount: number; total: number; counted: number; notCounted: number; unit: string; title: string; items: Item[] }
type Summary = {
  indicators: { key: string; month: number; ytd: number; lastYearYtd: number; target: number }[];
  breakdowns: Record<string, ({ code: string | null } & Record<string, number>)[]>;
  signedThenDropped: { count: number; amount: number; projects: { id: number }[] };
  funnel: { stages: { stage: string; count: number; plannedInvestment: number }[] };
  rates: Record<'fundsRate' | 'constructionRate' | 'productionRate', number | null>;
  activities: { month: Record<string, number>; ytd: Record<string, number> };
};

/** Sums 万元 amounts exactly (they have at most 4 decimals). */
const wanSum = (xs: number[]) => xs.reduce((a, x) => a + Math.round(x * 10_000), 0) / 10_000;
const round4 = (x: number) => Math.round(x * 10_000) / 10_000;

describeEachDatabase('GET /reports/drill and /reports/series against the summary', (db) => {
  let t: TestApp;
  let w: World;
  const p = {} as Record<Key, number>;
  const get = (who: Account, path: string) => t.http().get(`/api/v1${path}`).set(bearer(who));
  const ok = async <T>(who: Account, path: string): Promise<T> => {
    const res = await get(who, path);
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as T;
  };
  const summary = (who: Account, month: number, year = 2026) => ok<Summary>(who, `/reports/summary?year=${year}&month=${month}`);
  /** Every row of a drill, read a page at a time (3 a page, so paging is exercised), the totals the same on every page. */
  const drill = async (who: Account, query: string): Promise<Drill> => {
    const items: Item[] = [];
    let first: Drill | undefined;
    for (let page = 1; ; page++) {
      const d = await ok<Drill>(who, `/reports/drill?${query}&page=${page}&pageSize=3`);
      if (first) expect({ ...d, items: [] }).toEqual({ ...first, items: [], page });
      first ??= d;
      items.push(...d.items);
      if (d.items.length < 3) break;
    }
    return { ...first!, items };
  };
  /** The list holds what it says, counted rows first, and its counted rows make its value. */
  const checkList = (d: Drill) => {
    expect(d.items).toHaveLength(d.total);
    expect(d.counted + d.notCounted).toBe(d.total);
    const counted = d.items.filter((i) => i.counted);
    expect(counted).toHaveLength(d.counted);
    expect(d.items.slice(0, d.counted).every((i) => i.counted)).toBe(true);
    expect(d.items.every((i) => (i.counted ? i.reason === null : typeof i.reason === 'string' && i.reason.length > 0))).toBe(true);
    expect(d.amount).toBe(wanSum(counted.map((i) => i.amount ?? 0)));
    expect(d.value).toBe(d.unit === '万元' ? d.amount : d.counted);
  };
  const version = async (id: number) => (await get(w.admin, `/projects/${id}`).expect(200)).body.version as number;
  const move = async (id: number, body: Record<string, unknown>) => {
    const res = await t.http().post(`/api/v1/projects/${id}/transitions`).set(bearer(w.admin)).send({ version: await version(id), ...body });
    if (res.status !== 201) throw new Error(`move ${id} ${JSON.stringify(body)}: ${res.status} ${JSON.stringify(res.body)}`);
  };
  const sign = (id: number, signedOn: string, contractInvestment: number, agreementType = 'investment') =>
    move(id, { to: 'signed', signedOn, contractInvestment, agreementType });
  const funds = (id: number, month: string, amount: number) =>
    t.http().put(`/api/v1/projects/${id}/funds/${month}`).set(bearer(w.admin)).send({ amount }).expect(200);
  const log = async (id: number, body: Record<string, unknown>) => {
    await t.http().post(`/api/v1/projects/${id}/activities`).set(bearer(w.admin)).send({ summary: '跟进', ...body }).expect(201);
  };

  beforeAll(async () => {
    t = await startTestApp(db, { now: '2025-01-06T02:00:00Z' });
    w = await seedWorld(t);
    let n = 0;
    for (const key of Object.keys(SPECS) as Key[]) {
      const { team, tier, ...fields } = SPECS[key];
      n++;
      p[key] = (await makeProject(t, team === 'A' ? w.officerA : w.officerB, { ...fields, name: `下钻测试项目${n}`, plannedInvestment: 1000 * n + 0.5 }, { tier: tier ?? null })).id;
    }
    t.clock.set(NOW);
    await sign(p.a3, '2025-02-14', 30000);
    await move(p.a3, { to: 'construction', constructionStartedOn: '2025-03-20' });
    await move(p.a3, { to: 'production', productionStartedOn: '2026-02-28' });
    await funds(p.a3, '2025-03', 5000);
    await funds(p.a3, '2026-01', 700);
    await sign(p.b4, '2025-04-10', 10000);
    await move(p.b4, { to: 'construction', constructionStartedOn: '2026-01-20' });
    await sign(p.b5, '2026-01-05', 40000);
    await funds(p.b5, '2026-02', 400);
    await sign(p.a1, '2026-01-15', 100000);
    await move(p.a1, { to: 'construction', constructionStartedOn: '2026-03-05' });
    await funds(p.a1, '2026-01', 1000);
    await funds(p.a1, '2026-03', 2500.5);
    await sign(p.a2, '2026-03-10', 2000);
    await funds(p.a2, '2026-03', 300);
    await move(p.a4, { to: 'negotiation', effectiveOn: '2026-01-10' });
    await sign(p.b1, '2026-02-10', 25000, 'framework');
    await funds(p.b1, '2026-02', 150);
    await sign(p.b2, '2026-02-20', 8000);
    await move(p.b2, { to: 'dropped', effectiveOn: '2026-03-25', reasonCode: 'investor_strategy', reason: '投资方战略调整' });
    await sign(p.b3, '2026-04-02', 5000);
    await move(p.b3, { to: 'construction', constructionStartedOn: '2026-04-10' });
    await t.http().put('/api/v1/targets/2026').set(bearer(w.admin)).send({
      signedInvestment: 3000000, fundsInPlace: 1000000, signings: 40, constructionStarts: 20, productionStarts: 20,
      minContractAmount: 3000, frameworkAgreementsCount: false,
      exclusions: [{ projectId: p.b4, reason: '存量项目' }, { projectId: p.b5, reason: '区外注册' }],
    }).expect(200);
    await log(p.a1, { kind: 'visit_out', occurredOn: '2026-01-05', leaderLed: true, leaderName: '刘区长' });
    await log(p.a1, { kind: 'reception', occurredOn: '2026-03-02', guestCount: 5 });
    await log(p.b1, { kind: 'reception', occurredOn: '2026-03-15', guestCount: 3, leaderLed: true, leaderName: '王书记' });
    await log(p.b2, { kind: 'visit_out', occurredOn: '2026-04-01' });
    await log(p.a4, { kind: 'reception', occurredOn: '2025-12-25', guestCount: 7 });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lists the signings of January to March with why each left out does not count (worked out by hand)', async () => {
    const d = await drill(w.leader, 'year=2026&month=3&figure=signings');
    // a1 100000 and b2 8000 count; a2 is below 3000, b1 a framework agreement, b5 excluded
    expect({ value: d.value, amount: d.amount, total: d.total, counted: d.counted }).toEqual({ value: 2, amount: 108000, total: 5, counted: 2 });
    expect(d.title).toBe('2026年1—3月 新签约项目');
    expect(d.items.map((i) => [i.id, i.on, i.amount, i.counted, i.reason])).toEqual([
      [p.a1, '2026-01-15', 100000, true, null],
      [p.b2, '2026-02-20', 8000, true, null],
      [p.b5, '2026-01-05', 40000, false, '按统计口径剔除：区外注册'],
      [p.b1, '2026-02-10', 25000, false, '框架协议不计入（统计口径）'],
      [p.a2, '2026-03-10', 2000, false, '协议引资低于统计口径下限 3000 万元'],
    ]);
    // b2 was dropped by the end of March: its stage then
    expect(d.items[1].stage).toBe('dropped');
    // a page past the end has no rows, and the same totals
    const past = await ok<Drill>(w.leader, '/reports/drill?year=2026&month=3&figure=signings&page=9&pageSize=3');
    expect([past.items, past.value, past.total, past.counted, past.notCounted]).toEqual([[], 2, 5, 2, 3]);
    const f = await drill(w.leader, 'year=2026&month=3&figure=fundsInPlace&span=month');
    // March: a1 2500.5 and a2 300 (a2's signing does not count, its funds do)
    expect(f.items.map((i) => [i.id, i.on, i.amount, i.counted])).toEqual([[p.a1, '2026-03', 2500.5, true], [p.a2, '2026-03', 300, true]]);
    expect(f.value).toBe(2800.5);
  });

  it('every indicator, span and month drills to exactly the summary figure, for the district and for a team', async () => {
    for (const who of [w.leader, w.managerA, w.officerB]) {
      for (const month of [1, 2, 3, 4]) {
        const s = await summary(who, month);
        for (const key of INDICATORS) {
          const ind = s.indicators.find((i) => i.key === key)!;
          for (const [span, want] of [['month', ind.month], ['ytd', ind.ytd], ['lastYearYtd', ind.lastYearYtd]] as const) {
            const d = await drill(who, `year=2026&month=${month}&figure=${key}&span=${span}`);
            checkList(d);
            expect([key, month, span, d.value]).toEqual([key, month, span, want]);
          }
        }
      }
    }
  });

  it('a breakdown row drills to that row: every row of every breakdown, every indicator', async () => {
    for (const who of [w.leader, w.managerA]) {
      const s = await summary(who, 3);
      let rows = 0;
      for (const b of BREAKDOWNS) {
        for (const row of s.breakdowns[b]) {
          for (const key of INDICATORS) {
            const d = await drill(who, `year=2026&month=3&figure=${key}&breakdown=${b}&code=${row.code ?? 'none'}`);
            checkList(d);
            expect([b, row.code, key, d.value]).toEqual([b, row.code, key, row[key]]);
            rows++;
          }
        }
      }
      expect(rows).toBeGreaterThan(30);
    }
    const d = await drill(w.leader, 'year=2026&month=3&figure=signedInvestment&breakdown=park&code=none');
    expect(d.title).toBe('2026年1—3月 签约投资（园区组团：未填写）');
    expect(d.items.map((i) => i.id)).toEqual([p.a2]);
  });

  it('签约后终止, the funnel stages and both parts of each rate drill to their figures', async () => {
    for (const who of [w.leader, w.managerA, w.managerB]) {
      const s = await summary(who, 3);
      const dropped = await drill(who, 'year=2026&month=3&figure=signedThenDropped');
      checkList(dropped);
      expect([dropped.value, dropped.amount]).toEqual([s.signedThenDropped.count, s.signedThenDropped.amount]);
      expect(dropped.items.filter((i) => i.counted).map((i) => i.id)).toEqual(s.signedThenDropped.projects.map((x) => x.id));
      for (const stage of s.funnel.stages) {
        const d = await drill(who, `year=2026&month=3&figure=funnel&stage=${stage.stage}`);
        checkList(d);
        expect([stage.stage, d.value, d.amount]).toEqual([stage.stage, stage.count, stage.plannedInvestment]);
        expect(d.items.every((i) => i.stage === stage.stage)).toBe(true);
      }
      for (const rate of ['fundsRate', 'constructionRate', 'productionRate'] as const) {
        const [num, den] = [await drill(who, `year=2026&month=3&figure=${rate}&part=numerator`), await drill(who, `year=2026&month=3&figure=${rate}&part=denominator`)];
        checkList(num);
        checkList(den);
        expect([rate, den.value === 0 ? null : round4(num.value / den.value)]).toEqual([rate, s.rates[rate]]);
      }
    }
    // Hand-counted for the district: b2 signed 2026-02-20, dropped 03-25
    expect((await drill(w.leader, 'year=2026&month=3&figure=signedThenDropped')).items.map((i) => [i.id, i.counted])).toEqual([[p.b2, true]]);
    // the year's counted signings a1 and b2: a1 started building; funds of counted signings: a1 1000 + 2500.5
    expect((await drill(w.leader, 'year=2026&month=3&figure=constructionRate&part=numerator')).items.map((i) => [i.id, i.counted])).toEqual([[p.a1, true]]);
    expect((await drill(w.leader, 'year=2026&month=3&figure=fundsRate&part=numerator')).value).toBe(3500.5);
  });

  it('a team-scoped manager sees only his team’s projects in every drill', async () => {
    const teamA = new Set([p.a1, p.a2, p.a3, p.a4]);
    for (const q of ['figure=signings', 'figure=fundsInPlace', 'figure=constructionStarts', 'figure=funnel&stage=signed', 'figure=fundsRate&part=denominator']) {
      const mine = await drill(w.managerA, `year=2026&month=3&${q}`);
      const all = await drill(w.leader, `year=2026&month=3&${q}`);
      expect(mine.items.every((i) => teamA.has(i.id))).toBe(true);
      expect(mine.items.map((i) => i.id)).toEqual(all.items.filter((i) => teamA.has(i.id)).map((i) => i.id));
    }
  });

  it('the series: each month is the summary’s month, months 1…m its year to date, last year’s months its 同比 base', async () => {
    for (const who of [w.leader, w.managerB]) {
      const series = await ok<{ year: number; throughMonth: number; target: Record<string, number> | null; thisYear: Record<string, number>[]; lastYear: Record<string, number>[] }>(who, '/reports/series?year=2026');
      expect([series.year, series.throughMonth, series.thisYear.length, series.lastYear.length]).toEqual([2026, 4, 4, 12]);
      expect(series.thisYear.map((m) => m.month)).toEqual([1, 2, 3, 4]);
      for (const month of [1, 2, 3, 4]) {
        const s = await summary(who, month);
        for (const key of INDICATORS) {
          const ind = s.indicators.find((i) => i.key === key)!;
          const upTo = (list: Record<string, number>[]) => wanSum(list.slice(0, month).map((m) => m[key]));
          expect([month, key, series.thisYear[month - 1][key], upTo(series.thisYear), upTo(series.lastYear), series.target === null ? null : series.target[key]])
            .toEqual([month, key, ind.month, ind.ytd, ind.lastYearYtd, ind.target]);
        }
      }
      const last = await summary(who, 12, 2025);
      for (const key of INDICATORS) {
        expect([key, wanSum(series.lastYear.map((m) => m[key]))]).toEqual([key, last.indicators.find((i) => i.key === key)!.ytd]);
      }
    }
    // a past year runs to December; a year not begun is refused
    expect((await ok<{ throughMonth: number; thisYear: unknown[] }>(w.leader, '/reports/series?year=2025')).thisYear).toHaveLength(12);
    const future = await get(w.leader, '/reports/series?year=2027');
    expect([future.status, fieldsOf(future.body)]).toEqual([400, ['month']]);
  });

  it('the activity figures open the activities: the filtered lists total what the summary shows', async () => {
    for (const who of [w.leader, w.managerA]) {
      for (const month of [3, 4]) {
        const s = await summary(who, month);
        const end = `2026-0${month}-${month === 3 ? 31 : 30}`;
        for (const [span, from] of [['ytd', '2026-01-01'], ['month', `2026-0${month}-01`]] as const) {
          const figures = s.activities[span];
          const list = async (q: string) => ok<{ total: number; guests: number }>(who, `/activities?from=${from}&to=${end}&pageSize=1${q}`);
          expect((await list('&kind=visit_out')).total).toBe(figures.visitsOut);
          const receptions = await list('&kind=reception');
          expect([receptions.total, receptions.guests]).toEqual([figures.receptions, figures.guests]);
          expect((await list('&leaderLed=true')).total).toBe(figures.leaderLed);
          expect((await list('')).total).toBe(figures.total);
        }
      }
    }
    // by hand, the district's year to March: receptions a1 (5) and b1 (3); the one of 2025-12-25 is last year's
    expect((await ok<{ total: number; guests: number }>(w.leader, '/activities?from=2026-01-01&to=2026-03-31&kind=reception')).guests).toBe(8);
  });

  it('refuses a combination that names no figure of the summary, naming the field', async () => {
    const cases: [string, string][] = [
      ['figure=signings&breakdown=park', 'code'],
      ['figure=signings&code=pingshan', 'breakdown'],
      ['figure=signings&breakdown=park&code=nowhere', 'code'],
      ['figure=signings&breakdown=team&code=999999', 'code'],
      ['figure=signings&breakdown=team&code=abc', 'code'],
      ['figure=funnel', 'stage'],
      ['figure=signings&stage=signed', 'stage'],
      ['figure=funnel&stage=signed&span=month', 'span'],
      ['figure=fundsRate&breakdown=park&code=pingshan', 'breakdown'],
      ['figure=signings&part=numerator', 'part'],
      ['figure=everything', 'figure'],
      ['figure=signings&pageSize=201', 'pageSize'],
    ];
    for (const [q, field] of cases) {
      const res = await get(w.leader, `/reports/drill?year=2026&month=3&${q}`);
      expect([q, res.status, fieldsOf(res.body)]).toEqual([q, 400, [field]]);
      expect(res.body.message).toMatch(/[\u4e00-\u9fa5]/);
    }
    const future = await get(w.leader, '/reports/drill?year=2026&month=5&figure=signings');
    expect([future.status, fieldsOf(future.body)]).toEqual([400, ['month']]);
  });
});
