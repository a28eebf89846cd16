import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In } from 'typeorm';
import type { AuthUser } from '../core/auth/auth-user';
import { scopeCondition } from '../core/auth/scope';
import { Clock } from '../core/clock';
import { badField, checks } from '../core/errors';
import { dbSum, parseDbInteger, sumYuan, yuanToWan } from '../core/money';
import { DictionariesService } from '../dictionaries/dictionaries.service';
import type { DictionaryKind } from '../dictionaries/dictionary-entry.entity';
import { MAIN_STAGES, STAGE_LABELS, type Stage, STAGES } from '../projects/pipeline';
import { OPEN_END } from '../projects/pipeline-history';
import { Team } from '../teams/team.entity';
import { TargetsService, type YearTarget } from '../targets/targets.service';
import type {
  ActivityFigures,
  BreakdownKey,
  BreakdownRow,
  Funnel,
  Indicator,
  IndicatorKey,
  ReportProject,
  SignedProjectsPage,
  SummaryReport,
  SummaryView,
} from './report.types';

/** What one period (a year to a month) adds up to, in integer 元 and counts. */
interface Totals {
  signings: number;
  signedInvestment: bigint;
  constructionStarts: number;
  productionStarts: number;
  fundsInPlace: bigint;
}

interface Period {
  year: number;
  month: number;
  start: string;
  monthStart: string;
  end: string;
  startMonth: string;
  endMonth: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const round4 = (x: number) => Math.round(x * 10_000) / 10_000;
const ratio = (a: number | bigint, b: number | bigint): number | null => (Number(b) === 0 ? null : round4(Number(a) / Number(b)));
const num = (v: unknown) => Number(v ?? 0);

/**
 * A project's stage at the end of :end — its standing move with effectiveOn ≤
 * :end < endedOn (pipeline-history.ts): the latest move dated on or before that
 * day, latest in the order the moves were made.
 */
const STAGE_AT_END_SQL = `(SELECT t."toStage" FROM project_transitions t WHERE t."projectId" = p.id AND t."endedOn" > :end
  AND t."effectiveOn" <= :end ORDER BY t.seq DESC LIMIT 1)`;

export function periodOf(year: number, month: number): Period {
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return {
    year, month,
    start: `${year}-01-01`, monthStart: `${year}-${pad(month)}-01`, end: `${year}-${pad(month)}-${pad(last)}`,
    startMonth: `${year}-01`, endMonth: `${year}-${pad(month)}`,
  };
}

const INDICATORS: { key: IndicatorKey; label: string; unit: '万元' | '个' }[] = [
  { key: 'signedInvestment', label: '签约投资', unit: '万元' },
  { key: 'fundsInPlace', label: '实际到位资金', unit: '万元' },
  { key: 'signings', label: '新签约项目', unit: '个' },
  { key: 'constructionStarts', label: '新开工项目', unit: '个' },
  { key: 'productionStarts', label: '新投产项目', unit: '个' },
];

/** The six breakdowns: the column of the events query (ReportsService.events) and the dictionary of its labels. */
const BREAKDOWNS: { key: BreakdownKey; column: string; dict?: DictionaryKind }[] = [
  { key: 'industryChain', column: 'chain', dict: 'industry-chains' },
  { key: 'park', column: 'park', dict: 'parks' },
  { key: 'sourceChannel', column: 'channel', dict: 'source-channels' },
  { key: 'sourceRegion', column: 'region', dict: 'source-regions' },
  { key: 'team', column: 'team' },
  { key: 'companyTier', column: 'tier', dict: 'company-tiers' },
];

/**
 * DOMAIN.md "Counting rules for reports", for a caller's scope (null: the
 * whole district, as the monthly rollup uses). Amounts are summed as integer
 * 元 (BigInt) and only turned into 万元 at the end, so SQLite and PostgreSQL
 * give the same figures to the yuan.
 */
@Injectable()
export class ReportsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly targets: TargetsService,
    private readonly dictionaries: DictionariesService,
    private readonly clock: Clock,
  ) {}

  /** Checks year and month; a month after the current one is refused. */
  assertPeriod(year: number, month: number): void {
    const badYear = checks.year('year', year);
    if (badYear) throw badYear;
    if (!Number.isInteger(month) || month < 1 || month > 12) throw badField('month', 'month_out_of_range', '月份应为 1 至 12', month);
    const current = this.clock.currentMonth();
    if (`${year}-${pad(month)}` > current) throw badField('month', 'in_future', `${year}-${pad(month)} 尚未开始（本月为 ${current}）`);
  }

  /** The whole report, the year's signed projects included: what a rollup freezes and the Excel report shows. */
  async summary(user: AuthUser | null, year: number, month: number, em: EntityManager = this.ds.manager): Promise<SummaryReport> {
    const { signedProjects: _count, ...report } = await this.overview(user, year, month, em);
    return { ...report, projects: await this.projectList(em, user, year, month) };
  }

  /**
   * GET /reports/summary: every figure of the report, summed in the database,
   * with the year's signed projects counted rather than listed (they are
   * paged by signedProjects).
   */
  async overview(user: AuthUser | null, year: number, month: number, em: EntityManager = this.ds.manager): Promise<SummaryView> {
    this.assertPeriod(year, month);
    const period = periodOf(year, month);
    const lastPeriod = periodOf(year - 1, month);
    const target = await this.targets.get(year, em);
    const lastTarget = await this.targets.get(year - 1, em);

    const { ytd, inMonth, breakdowns } = await this.events(em, user, period, target);
    const lastYtd = await this.totals(em, user, lastPeriod, lastTarget);
    const signed = await this.signedState(em, user, period, target);

    const timeProgress = round4(month / 12);
    const targetOf: Record<IndicatorKey, number | bigint> = {
      signedInvestment: BigInt(target.signedInvestment), fundsInPlace: BigInt(target.fundsInPlace), signings: target.signings,
      constructionStarts: target.constructionStarts, productionStarts: target.productionStarts,
    };
    const indicators: Indicator[] = INDICATORS.map(({ key, label, unit }) => {
      const show = (v: number | bigint) => (unit === '万元' ? yuanToWan(v) : Number(v));
      const completionRate = ratio(ytd[key], targetOf[key]);
      const ahead = completionRate === null ? null : round4(completionRate - timeProgress);
      return {
        key, label, unit,
        month: show(inMonth[key]),
        ytd: show(ytd[key]),
        lastYearYtd: show(lastYtd[key]),
        target: show(targetOf[key]),
        completionRate,
        timeProgress,
        ahead,
        aheadLabel: ahead === null ? null : ahead > 0 ? '快于序时进度' : ahead < 0 ? '慢于序时进度' : '与序时进度持平',
        yoy: Number(lastYtd[key]) === 0 ? null : round4((Number(ytd[key]) - Number(lastYtd[key])) / Number(lastYtd[key])),
      };
    });

    return {
      year, month, periodEnd: period.end,
      scope: user?.dataScope ?? 'all',
      timeProgress,
      conventions: {
        minContractAmount: target.minContractAmount === null ? null : yuanToWan(target.minContractAmount),
        frameworkAgreementsCount: target.frameworkAgreementsCount,
        exclusions: target.exclusions,
      },
      indicators,
      signedThenDropped: {
        count: signed.dropped.length,
        amount: yuanToWan(sumYuan(signed.dropped.map((d) => d.amount))),
        projects: signed.dropped.map((d) => ({ id: d.id, name: d.name, signedOn: d.signedOn, contractInvestment: yuanToWan(d.amount) })),
      },
      breakdowns: await this.labelled(em, breakdowns),
      funnel: await this.funnel(em, user, period),
      activities: await this.activities(em, user, period),
      rates: {
        fundsRate: ratio(signed.funds, signed.amount),
        constructionRate: ratio(signed.built, signed.count),
        productionRate: ratio(signed.producing, signed.count),
      },
      signedProjects: { total: signed.all, counted: signed.count, notCounted: signed.all - signed.count },
    };
  }

  /** GET /reports/summary/projects: the year's signed projects, in signing order, a page at a time. */
  async signedProjects(user: AuthUser | null, year: number, month: number, page: number, pageSize: number): Promise<SignedProjectsPage> {
    this.assertPeriod(year, month);
    const list = await this.projectList(this.ds.manager, user, year, month);
    const counted = list.filter((x) => x.counted).length;
    return {
      year, month, total: list.length, counted, notCounted: list.length - counted, page, pageSize,
      items: list.slice((page - 1) * pageSize, page * pageSize),
    };
  }

  /** Runs SQL with named parameters (`:name`, `:...list`) on either driver. */
  private query<T>(em: EntityManager, sql: string, params: Record<string, unknown>): Promise<T[]> {
    const [q, p] = this.ds.driver.escapeQueryWithParameters(sql, params, {});
    return em.query(q, p);
  }

  /** ` AND <scope>` for the project aliased `p`, adding its parameters; '' for the whole district. */
  private scoped(user: AuthUser | null, params: Record<string, unknown>): string {
    const c = user ? scopeCondition(user, 'p') : null;
    if (!c) return '';
    Object.assign(params, c.params);
    return ` AND ${c.sql}`;
  }

  /**
   * 统计口径 in SQL, for the project aliased `p` (or its id as `id`): `kept`
   * leaves out the year's excluded projects (and with them their starts and funds);
   * `counted` is a signing that counts (kept, framework agreements if they
   * count, at least the minimum amount). judge() says the same in words.
   */
  private conventions(target: YearTarget, params: Record<string, unknown>, id = 'p.id') {
    let kept = '1 = 1';
    if (target.exclusions.length) {
      kept = `${id} NOT IN (:...excludedIds)`;
      params.excludedIds = target.exclusions.map((e) => e.projectId);
    }
    let counted = kept;
    if (!target.frameworkAgreementsCount) counted += ` AND (p."agreementType" IS NULL OR p."agreementType" <> 'framework')`;
    if (target.minContractAmount !== null) {
      counted += ' AND COALESCE(p."contractInvestment", 0) >= :minAmount';
      params.minAmount = target.minContractAmount;
    }
    return { kept, counted };
  }

  /**
   * A period's year-to-date totals alone (last year's column): each a range
   * of an index, under that year's 统计口径.
   */
  private async totals(em: EntityManager, user: AuthUser | null, period: Period, target: YearTarget): Promise<Totals> {
    const params: Record<string, unknown> = { d0: period.start, end: period.end, m0: period.startMonth, m1: period.endMonth };
    const scope = this.scoped(user, params);
    const { kept, counted } = this.conventions(target, params);
    const { kept: fundsKept } = this.conventions(target, params, 'f."projectId"');
    const signed = `FROM projects p WHERE p."signedOn" >= :d0 AND p."signedOn" <= :end AND ${counted}${scope}`;
    const starts = (col: string) => `SELECT COUNT(*) FROM projects p WHERE p."${col}" >= :d0 AND p."${col}" <= :end AND ${kept}${scope}`;
    const [r] = await this.query<Record<string, unknown>>(em, `SELECT
        (SELECT COUNT(*) ${signed}) AS signings,
        (SELECT SUM(p."contractInvestment") ${signed}) AS "signedInvestment",
        (${starts('constructionStartedOn')}) AS "constructionStarts",
        (${starts('productionStartedOn')}) AS "productionStarts",
        (SELECT SUM(f.amount) FROM funds_reports f${scope ? ' JOIN projects p ON p.id = f."projectId"' : ''}
          WHERE f.month >= :m0 AND f.month <= :m1 AND ${fundsKept}${scope}) AS "fundsInPlace"`, params);
    return {
      signings: num(r.signings), signedInvestment: dbSum(r.signedInvestment), constructionStarts: num(r.constructionStarts),
      productionStarts: num(r.productionStarts), fundsInPlace: dbSum(r.fundsInPlace),
    };
  }

  /**
   * The period's events (signings that count, construction and production
   * starts, funds in place) of the projects in scope: the month's and the
   * year-to-date totals and the six year-to-date breakdowns, summed in one
   * statement over the projects with an event.
   */
  private async events(em: EntityManager, user: AuthUser | null, period: Period, target: YearTarget) {
    const params: Record<string, unknown> = { d0: period.start, ms: period.monthStart, end: period.end, m0: period.startMonth, m1: period.endMonth };
    const { kept, counted } = this.conventions(target, params);
    const signedIn = (from: string) => `p."signedOn" >= ${from} AND p."signedOn" <= :end AND ${counted}`;
    const dated = (col: string, from: string) => `CASE WHEN p."${col}" >= ${from} AND p."${col}" <= :end THEN 1 ELSE 0 END`;
    const sums = 'SUM(e.signings) AS signings, SUM(e.amount) AS amount, SUM(e.cs) AS cs, SUM(e.ps) AS ps, SUM(e.funds) AS funds';
    const cte = `
      WITH fu AS (
        SELECT "projectId" AS pid, SUM(amount) AS ytd, SUM(CASE WHEN month = :m1 THEN amount ELSE 0 END) AS mon
          FROM funds_reports WHERE month >= :m0 AND month <= :m1 GROUP BY "projectId"),
      ids AS (
        SELECT id FROM projects WHERE "signedOn" >= :d0 AND "signedOn" <= :end
        UNION SELECT id FROM projects WHERE "constructionStartedOn" >= :d0 AND "constructionStartedOn" <= :end
        UNION SELECT id FROM projects WHERE "productionStartedOn" >= :d0 AND "productionStartedOn" <= :end
        UNION SELECT pid FROM fu),
      e AS MATERIALIZED (
        SELECT p."industryChain" AS chain, p.park, p."sourceChannel" AS channel, p."sourceRegion" AS region, p."teamId" AS team, c.tier,
               CASE WHEN ${signedIn(':d0')} THEN 1 ELSE 0 END AS signings,
               CASE WHEN ${signedIn(':d0')} THEN p."contractInvestment" ELSE 0 END AS amount,
               CASE WHEN ${signedIn(':ms')} THEN 1 ELSE 0 END AS "mSignings",
               CASE WHEN ${signedIn(':ms')} THEN p."contractInvestment" ELSE 0 END AS "mAmount",
               ${dated('constructionStartedOn', ':d0')} AS cs, ${dated('constructionStartedOn', ':ms')} AS "mCs",
               ${dated('productionStartedOn', ':d0')} AS ps, ${dated('productionStartedOn', ':ms')} AS "mPs",
               COALESCE(fu.ytd, 0) AS funds, COALESCE(fu.mon, 0) AS "mFunds"
          FROM ids JOIN projects p ON p.id = ids.id JOIN companies c ON c.id = p."companyId" LEFT JOIN fu ON fu.pid = p.id
         WHERE ${kept}${this.scoped(user, params)})`;
    const by = (key: BreakdownKey, col: string) => `SELECT '${key}', CAST(e.${col} AS VARCHAR(50)), ${sums}, 0, 0, 0, 0, 0 FROM e GROUP BY e.${col}`;
    const rows = await this.query<Record<string, unknown>>(em, `${cte}
      SELECT 'total' AS k, CAST(NULL AS VARCHAR(50)) AS code, ${sums}, SUM(e."mSignings") AS "mSignings", SUM(e."mAmount") AS "mAmount", SUM(e."mCs") AS "mCs",
             SUM(e."mPs") AS "mPs", SUM(e."mFunds") AS "mFunds" FROM e
      ${BREAKDOWNS.map((b) => `UNION ALL ${by(b.key, b.column)}`).join('\n')}`, params);
    const total = rows.find((r) => r.k === 'total')!;
    const ytd: Totals = {
      signings: num(total.signings), signedInvestment: dbSum(total.amount), constructionStarts: num(total.cs),
      productionStarts: num(total.ps), fundsInPlace: dbSum(total.funds),
    };
    const inMonth: Totals = {
      signings: num(total.mSignings), signedInvestment: dbSum(total.mAmount), constructionStarts: num(total.mCs),
      productionStarts: num(total.mPs), fundsInPlace: dbSum(total.mFunds),
    };
    const breakdowns = rows.filter((r) => r.k !== 'total').map((r) => ({
      key: r.k as BreakdownKey, code: r.code === null ? null : String(r.code),
      signings: num(r.signings), signed: dbSum(r.amount), cs: num(r.cs), ps: num(r.ps), funds: dbSum(r.funds),
    }));
    return { ytd, inMonth, breakdowns };
  }

  /** The breakdown rows with their labels (dictionary or team name), largest signed investment first. */
  private async labelled(em: EntityManager, rows: Awaited<ReturnType<ReportsService['events']>>['breakdowns']) {
    const teamIds = rows.filter((r) => r.key === 'team' && r.code !== null).map((r) => Number(r.code));
    const teams = new Map((teamIds.length ? await em.find(Team, { where: { id: In(teamIds) } }) : []).map((t) => [t.id, t.name]));
    const out = {} as Record<BreakdownKey, BreakdownRow[]>;
    for (const b of BREAKDOWNS) {
      const labels = b.dict ? await this.dictionaries.labels(b.dict) : null;
      out[b.key] = rows
        .filter((r) => r.key === b.key)
        .map((r) => ({
          code: r.code,
          label: r.code === null ? '未填写' : b.key === 'team' ? (teams.get(Number(r.code)) ?? `团队 ${r.code}`) : (labels?.get(r.code) ?? r.code),
          signings: r.signings, signedInvestment: yuanToWan(r.signed), constructionStarts: r.cs, productionStarts: r.ps, fundsInPlace: yuanToWan(r.funds),
        }))
        .sort((x, y) => y.signedInvestment - x.signedInvestment || y.signings - x.signings || x.label.localeCompare(y.label));
    }
    return out;
  }

  /**
   * The year's signings (all, and those that count) as they stood at the end
   * of the period: started, funded (the rates) and, by name, those dropped
   * since (签约后终止).
   */
  private async signedState(em: EntityManager, user: AuthUser | null, period: Period, target: YearTarget) {
    const params: Record<string, unknown> = { d0: period.start, end: period.end, m0: period.startMonth, m1: period.endMonth };
    const { counted } = this.conventions(target, params);
    const rows = await this.query<Record<string, unknown>>(em, `
      WITH x AS MATERIALIZED (
        SELECT p.id, p.name, p."signedOn", p."contractInvestment" AS amount, CASE WHEN ${counted} THEN 1 ELSE 0 END AS counted,
               ${STAGE_AT_END_SQL} AS stage,
               CASE WHEN p."constructionStartedOn" <= :end THEN 1 ELSE 0 END AS built,
               CASE WHEN p."productionStartedOn" <= :end THEN 1 ELSE 0 END AS producing,
               (SELECT SUM(f.amount) FROM funds_reports f WHERE f."projectId" = p.id AND f.month >= :m0 AND f.month <= :m1) AS funds
          FROM projects p WHERE p."signedOn" >= :d0 AND p."signedOn" <= :end${this.scoped(user, params)})
      SELECT 'all' AS k, NULL AS id, NULL AS name, NULL AS "signedOn", COUNT(*) AS n, SUM(x.counted) AS counted,
             SUM(CASE WHEN x.counted = 1 THEN x.amount ELSE 0 END) AS amount, SUM(x.counted * x.built) AS built,
             SUM(x.counted * x.producing) AS producing, SUM(CASE WHEN x.counted = 1 THEN x.funds ELSE 0 END) AS funds FROM x
      UNION ALL
      SELECT 'dropped', x.id, x.name, x."signedOn", 1, 1, x.amount, 0, 0, 0 FROM x WHERE x.counted = 1 AND x.stage = 'dropped'`, params);
    const all = rows.find((r) => r.k === 'all')!;
    return {
      all: num(all.n), count: num(all.counted), amount: dbSum(all.amount), built: num(all.built), producing: num(all.producing), funds: dbSum(all.funds),
      dropped: rows
        .filter((r) => r.k === 'dropped')
        .map((r) => ({ id: Number(r.id), name: String(r.name), signedOn: String(r.signedOn), amount: dbSum(r.amount) }))
        .sort((a, b) => (a.signedOn < b.signedOn ? -1 : a.signedOn > b.signedOn ? 1 : a.id - b.id)),
    };
  }

  /** The year's signed projects with counted/why, in signing order, each as it stood at the end of the period. */
  private async projectList(em: EntityManager, user: AuthUser | null, year: number, month: number): Promise<ReportProject[]> {
    const period = periodOf(year, month);
    const target = await this.targets.get(year, em);
    const params: Record<string, unknown> = { d0: period.start, end: period.end, m0: period.startMonth, m1: period.endMonth };
    const rows = await this.query<Record<string, unknown>>(em, `
      SELECT p.id, p.name, c.name AS "companyName", p."industryChain", p.park, tm.name AS "teamName", u.name AS "ownerName", p.stage,
             ${STAGE_AT_END_SQL} AS "stageAtEnd", p."signedOn", p."contractInvestment", p."agreementType", p."constructionStartedOn",
             p."productionStartedOn",
             (SELECT SUM(f.amount) FROM funds_reports f WHERE f."projectId" = p.id AND f.month >= :m0 AND f.month <= :m1) AS funds
        FROM projects p JOIN companies c ON c.id = p."companyId" LEFT JOIN teams tm ON tm.id = p."teamId" LEFT JOIN users u ON u.id = p."ownerId"
       WHERE p."signedOn" >= :d0 AND p."signedOn" <= :end${this.scoped(user, params)}
       ORDER BY p."signedOn", p.id`, params);
    const upTo = (d: unknown) => (typeof d === 'string' && d <= period.end ? d : null);
    return rows.map((r): ReportProject => {
      const contract = parseDbInteger(r.contractInvestment, 'contractInvestment');
      const stage = ((r.stageAtEnd as Stage | null) ?? r.stage) as Stage;
      const reason = this.judge(target, { id: Number(r.id), agreementType: (r.agreementType as string) ?? null, contractInvestment: contract });
      return {
        id: Number(r.id), name: String(r.name), companyName: String(r.companyName), industryChain: String(r.industryChain),
        park: (r.park as string) ?? null, teamName: (r.teamName as string) ?? null, ownerName: (r.ownerName as string) ?? null, stage,
        signedOn: (r.signedOn as string) ?? null, contractInvestment: contract === null ? null : yuanToWan(contract),
        agreementType: (r.agreementType as string) ?? null, constructionStartedOn: upTo(r.constructionStartedOn),
        productionStartedOn: upTo(r.productionStartedOn), fundsInPlaceYtd: yuanToWan(dbSum(r.funds)), counted: reason === null,
        reason, signedThenDropped: stage === 'dropped',
      };
    });
  }

  /** 统计口径 in words: why a signing of the year does not count (null: it counts). conventions() is the same rule in SQL. */
  private judge(target: YearTarget, p: { id: number; agreementType: string | null; contractInvestment: number | null }): string | null {
    const exclusion = target.exclusions.find((e) => e.projectId === p.id);
    if (exclusion) return `按统计口径剔除：${exclusion.reason}`;
    if (!target.frameworkAgreementsCount && p.agreementType === 'framework') return '框架协议不计入（统计口径）';
    if (target.minContractAmount !== null && (p.contractInvestment ?? 0) < target.minContractAmount) {
      return `协议引资低于统计口径下限 ${yuanToWan(target.minContractAmount)} 万元`;
    }
    return null;
  }

  /**
   * The pipeline at the end of the period, from the history (not today's
   * stage), by stage and furthest stage reached: for the district from the
   * monthly ledger, for a team or one person from their projects' stays.
   */
  private async pipelineAt(em: EntityManager, user: AuthUser | null, period: Period) {
    type Row = { stage: Stage; rank: unknown; n: unknown; planned: unknown };
    let rows: Row[];
    if (!user || user.dataScope === 'all') {
      rows = await this.query<Row>(em, `SELECT stage, "reachedRank" AS rank, SUM(projects) AS n, SUM("plannedInvestment") AS planned
        FROM pipeline_ledger WHERE month <= :m GROUP BY stage, "reachedRank"`, { m: period.endMonth });
    } else {
      const params: Record<string, unknown> = { end: period.end };
      rows = await this.query<Row>(em, `SELECT t."toStage" AS stage, t."reachedRank" AS rank, COUNT(*) AS n, SUM(p."plannedInvestment") AS planned
        FROM projects p JOIN project_transitions t ON t."projectId" = p.id
       WHERE t."endedOn" > :end AND t."effectiveOn" <= :end${this.scoped(user, params)}
       GROUP BY t."toStage", t."reachedRank"`, params);
    }
    return rows.map((r) => ({ stage: r.stage, rank: Number(r.rank), n: num(r.n), planned: dbSum(r.planned) })).filter((r) => r.n !== 0);
  }

  /**
   * The funnel at the end of the period: count and planned investment per
   * stage, conversions along the main line (of the projects that had reached
   * a stage, how many went on to the next), and the median days spent in each
   * stage over the stays that ended this year up to the end of the period.
   */
  private async funnel(em: EntityManager, user: AuthUser | null, period: Period): Promise<Funnel> {
    const pipeline = await this.pipelineAt(em, user, period);
    const reachedAtLeast = (rank: number) => pipeline.filter((r) => r.rank >= rank).reduce((a, r) => a + r.n, 0);

    const params: Record<string, unknown> = { d0: period.start, end: period.end };
    const scope = this.scoped(user, params);
    const stays = await this.query<{ stage: Stage; days: unknown; n: unknown }>(em, `
      SELECT t."toStage" AS stage, t."stayDays" AS days, COUNT(*) AS n
        FROM project_transitions t${scope ? ' JOIN projects p ON p.id = t."projectId"' : ''}
       WHERE t."endedOn" >= :d0 AND t."endedOn" <= :end AND t."endedOn" <> '${OPEN_END}' AND t."stayDays" IS NOT NULL${scope}
       GROUP BY t."toStage", t."stayDays"`, params);
    const median = (stage: Stage): number | null => {
      const rows = stays.filter((s) => s.stage === stage).map((s) => ({ d: Number(s.days), n: Number(s.n) })).sort((a, b) => a.d - b.d);
      const total = rows.reduce((a, r) => a + r.n, 0);
      if (!total) return null;
      // the lower median for an even count: a whole number of days, as a person would read it
      let seen = 0;
      for (const r of rows) {
        seen += r.n;
        if (seen >= Math.ceil(total / 2)) return r.d;
      }
      return null;
    };

    return {
      stages: STAGES.map((stage) => {
        const rows = pipeline.filter((r) => r.stage === stage);
        return {
          stage, label: STAGE_LABELS[stage], count: rows.reduce((a, r) => a + r.n, 0),
          plannedInvestment: yuanToWan(sumYuan(rows.map((r) => r.planned))),
        };
      }),
      conversions: MAIN_STAGES.slice(0, -1).map((from, i) => {
        const reached = reachedAtLeast(i);
        const advanced = reachedAtLeast(i + 1);
        return { from, to: MAIN_STAGES[i + 1], reached, advanced, rate: ratio(advanced, reached) };
      }),
      medianDaysInStage: Object.fromEntries(MAIN_STAGES.slice(0, -1).map((s) => [s, median(s)])),
    };
  }

  /**
   * Visits out, receptions, 客商人次 and leader-led activities: the month and
   * the year to date. For the district each figure is a range of an index;
   * for a team or one person, one pass over their projects' activities.
   */
  private async activities(em: EntityManager, user: AuthUser | null, period: Period): Promise<{ month: ActivityFigures; ytd: ActivityFigures }> {
    const params: Record<string, unknown> = { d0: period.start, end: period.end, ms: period.monthStart };
    const scope = this.scoped(user, params);
    const FIGURES = [
      ['VisitsOut', `a.kind = 'visit_out'`, '1'],
      ['Receptions', `a.kind = 'reception'`, '1'],
      ['Guests', `a.kind = 'reception'`, 'COALESCE(a."guestCount", 0)'],
      ['LeaderLed', 'a."leaderLed" = TRUE', '1'],
      ['Total', '1 = 1', '1'],
    ] as const;
    const spans = [['y', ':d0'], ['m', ':ms']] as const;
    let sql: string;
    if (!scope) {
      sql = `SELECT ${spans.flatMap(([p, from]) => FIGURES.map(([name, when, what]) =>
        `(SELECT ${what === '1' ? 'COUNT(*)' : `SUM(${what})`} FROM activities a WHERE ${when} AND a."occurredOn" >= ${from} AND a."occurredOn" <= :end) AS "${p}${name}"`)).join(',\n')}`;
    } else {
      sql = `SELECT ${spans.flatMap(([p, from]) => FIGURES.map(([name, when, what]) =>
        `SUM(CASE WHEN ${when} AND a."occurredOn" >= ${from} THEN ${what} ELSE 0 END) AS "${p}${name}"`)).join(',\n')}
        FROM projects p JOIN activities a ON a."projectId" = p.id
       WHERE a."occurredOn" >= :d0 AND a."occurredOn" <= :end${scope}`;
    }
    const [r] = await this.query<Record<string, unknown>>(em, sql, params);
    const pick = (p: 'm' | 'y'): ActivityFigures => ({
      visitsOut: num(r[`${p}VisitsOut`]), receptions: num(r[`${p}Receptions`]), guests: num(r[`${p}Guests`]),
      leaderLed: num(r[`${p}LeaderLed`]), total: num(r[`${p}Total`]),
    });
    return { month: pick('m'), ytd: pick('y') };
  }
}
