import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In } from 'typeorm';
import type { AuthUser } from '../core/auth/auth-user';
import { scopeCondition } from '../core/auth/scope';
import { Clock } from '../core/clock';
import { badField } from '../core/http/errors';
import { parseDbInteger, yuanToWan } from '../core/money';
import { DictionariesService } from '../dictionaries/dictionaries.service';
import type { DictionaryKind } from '../dictionaries/dictionary-entry.entity';
import { MAIN_STAGES, STAGE_LABELS, type Stage, STAGES } from '../projects/pipeline';
import { OPEN_END } from '../projects/pipeline-history';
import { Team } from '../teams/team.entity';
import { TargetsService, type YearTarget } from '../targets/targets.service';
import { User } from '../users/user.entity';
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

/** A project with an event in the period: the raw material of every figure. */
interface Fact {
  id: number;
  /** only when the project list is wanted */
  name: string;
  companyName: string;
  companyTier: string | null;
  /** as at the end of the period, from the history */
  stage: Stage;
  industryChain: string;
  park: string | null;
  sourceChannel: string | null;
  sourceRegion: string | null;
  teamId: number | null;
  ownerId: number;
  signedOn: string | null;
  contractInvestment: number | null;
  agreementType: string | null;
  constructionStartedOn: string | null;
  productionStartedOn: string | null;
  /** integer 元, YTD and the month itself */
  fundsYtd: bigint;
  fundsMonth: bigint;
}

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

type Judged = ReturnType<ReportsService['judge']>[number];

const pad = (n: number) => String(n).padStart(2, '0');
const round4 = (x: number) => Math.round(x * 10_000) / 10_000;
const ratio = (a: number | bigint, b: number | bigint): number | null => (Number(b) === 0 ? null : round4(Number(a) / Number(b)));
const sumBig = (xs: bigint[]) => xs.reduce((a, b) => a + b, 0n);
const toBig = (v: unknown): bigint => {
  if (v === null || v === undefined) return 0n;
  if (typeof v === 'bigint') return v;
  // PostgreSQL answers SUM(bigint) as numeric text; SQLite as an integer number.
  return BigInt(typeof v === 'string' ? v.split('.')[0] : Math.round(v as number));
};
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

const BREAKDOWNS: { key: BreakdownKey; field: keyof Fact; dict?: DictionaryKind }[] = [
  { key: 'industryChain', field: 'industryChain', dict: 'industry-chains' },
  { key: 'park', field: 'park', dict: 'parks' },
  { key: 'sourceChannel', field: 'sourceChannel', dict: 'source-channels' },
  { key: 'sourceRegion', field: 'sourceRegion', dict: 'source-regions' },
  { key: 'team', field: 'teamId' },
  { key: 'companyTier', field: 'companyTier', dict: 'company-tiers' },
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
    if (!Number.isInteger(year) || year < 2000 || year > 2100) throw badField('year', 'must be a year from 2000 to 2100', year);
    if (!Number.isInteger(month) || month < 1 || month > 12) throw badField('month', 'must be 1 to 12', month);
    const current = this.clock.currentMonth();
    if (`${year}-${pad(month)}` > current) throw badField('month', `${year}-${pad(month)} has not begun (this month is ${current})`);
  }

  /** The whole report, the year's signed projects included: what a rollup freezes and the Excel report shows. */
  async summary(user: AuthUser | null, year: number, month: number, em: EntityManager = this.ds.manager): Promise<SummaryReport> {
    const { report, judged, names } = await this.build(user, year, month, em, true);
    return { ...report, projects: this.projectList(judged, names) };
  }

  /**
   * GET /reports/summary: every figure of the report, with the year's signed
   * projects counted rather than listed (they are paged by signedProjects).
   */
  async overview(user: AuthUser | null, year: number, month: number): Promise<SummaryView> {
    const { report, judged } = await this.build(user, year, month, this.ds.manager, false);
    const signed = judged.filter((j) => j.signedThisYear);
    const counted = signed.filter((j) => j.counted).length;
    return { ...report, signedProjects: { total: signed.length, counted, notCounted: signed.length - counted } };
  }

  /** GET /reports/summary/projects: the year's signed projects, in signing order, a page at a time. */
  async signedProjects(user: AuthUser | null, year: number, month: number, page: number, pageSize: number): Promise<SignedProjectsPage> {
    this.assertPeriod(year, month);
    const period = periodOf(year, month);
    const target = await this.targets.get(year);
    const judged = this.judge(await this.facts(this.ds.manager, user, period, true), target, period).filter((j) => j.signedThisYear);
    const list = this.projectList(judged, await this.names(this.ds.manager, judged.map((j) => j.fact), true));
    const counted = list.filter((x) => x.counted).length;
    return {
      year, month, total: list.length, counted, notCounted: list.length - counted, page, pageSize,
      items: list.slice((page - 1) * pageSize, page * pageSize),
    };
  }

  private async build(user: AuthUser | null, year: number, month: number, em: EntityManager, withNames: boolean) {
    this.assertPeriod(year, month);
    const period = periodOf(year, month);
    const lastPeriod = periodOf(year - 1, month);
    const [target, lastTarget] = [await this.targets.get(year, em), await this.targets.get(year - 1, em)];

    const facts = await this.facts(em, user, period, withNames);
    const judged = this.judge(facts, target, period);
    const ytd = this.totals(judged, period, false);
    const inMonth = this.totals(judged, period, true);
    const lastYtd = await this.countedTotals(em, user, lastPeriod, lastTarget);

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

    const signed = judged.filter((j) => j.signedThisYear && j.counted);
    const dropped = signed.filter((j) => j.fact.stage === 'dropped');
    const names = await this.names(em, facts, withNames);
    const report: Omit<SummaryReport, 'projects'> = {
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
        count: dropped.length,
        amount: yuanToWan(sumBig(dropped.map((j) => BigInt(j.fact.contractInvestment ?? 0)))),
        projects: await this.droppedList(em, dropped),
      },
      breakdowns: await this.breakdowns(judged, period, names.teams),
      funnel: await this.funnel(em, user, period),
      activities: await this.activities(em, user, period),
      rates: {
        fundsRate: ratio(sumBig(signed.map((j) => j.fact.fundsYtd)), sumBig(signed.map((j) => BigInt(j.fact.contractInvestment ?? 0)))),
        constructionRate: ratio(signed.filter((j) => j.fact.constructionStartedOn).length, signed.length),
        productionRate: ratio(signed.filter((j) => j.fact.productionStartedOn).length, signed.length),
      },
    };
    return { report, judged, names };
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
   * Projects in scope with a signing, a start or funds in the period, as they
   * stood at its end: the stage from the history, and no start dated after it
   * (so a closed month's figures do not move when a project goes on later;
   * only corrections and late entries for the month itself change them).
   */
  private async facts(em: EntityManager, user: AuthUser | null, period: Period, withNames: boolean): Promise<Fact[]> {
    const params: Record<string, unknown> = { d0: period.start, end: period.end, m0: period.startMonth, m1: period.endMonth };
    const rows = await this.query<Record<string, unknown>>(em, `
      WITH f AS (
        SELECT "projectId" AS pid, SUM(amount) AS ytd, SUM(CASE WHEN month = :m1 THEN amount ELSE 0 END) AS mon
          FROM funds_reports WHERE month >= :m0 AND month <= :m1 GROUP BY "projectId"),
      ids AS (
        SELECT id FROM projects WHERE "signedOn" >= :d0 AND "signedOn" <= :end
        UNION SELECT id FROM projects WHERE "constructionStartedOn" >= :d0 AND "constructionStartedOn" <= :end
        UNION SELECT id FROM projects WHERE "productionStartedOn" >= :d0 AND "productionStartedOn" <= :end
        UNION SELECT pid FROM f)
      SELECT p.id, ${withNames ? 'p.name, c.name AS "companyName",' : ''} c.tier AS "companyTier", p.stage, ${STAGE_AT_END_SQL} AS "stageAtEnd",
             p."industryChain", p.park, p."sourceChannel", p."sourceRegion", p."teamId", p."ownerId", p."signedOn", p."contractInvestment",
             p."agreementType", p."constructionStartedOn", p."productionStartedOn", f.ytd AS "fundsYtd", f.mon AS "fundsMonth"
        FROM ids JOIN projects p ON p.id = ids.id JOIN companies c ON c.id = p."companyId" LEFT JOIN f ON f.pid = p.id
       WHERE 1 = 1${this.scoped(user, params)}`, params);
    const upTo = (d: unknown) => (typeof d === 'string' && d <= period.end ? d : null);
    return rows.map((r) => ({
      id: Number(r.id), name: (r.name as string) ?? '', companyName: (r.companyName as string) ?? '', companyTier: (r.companyTier as string) ?? null,
      stage: ((r.stageAtEnd as Stage) ?? r.stage) as Stage, industryChain: String(r.industryChain), park: (r.park as string) ?? null,
      sourceChannel: (r.sourceChannel as string) ?? null, sourceRegion: (r.sourceRegion as string) ?? null,
      teamId: r.teamId === null ? null : Number(r.teamId), ownerId: Number(r.ownerId), signedOn: (r.signedOn as string) ?? null,
      contractInvestment: parseDbInteger(r.contractInvestment, 'contractInvestment'), agreementType: (r.agreementType as string) ?? null,
      constructionStartedOn: upTo(r.constructionStartedOn), productionStartedOn: upTo(r.productionStartedOn),
      fundsYtd: toBig(r.fundsYtd), fundsMonth: toBig(r.fundsMonth),
    }));
  }

  /** 统计口径: whether each project's signing counts this year, and why not. */
  private judge(facts: Fact[], target: YearTarget, period: Period) {
    const excluded = new Map(target.exclusions.map((e) => [e.projectId, e.reason]));
    return facts.map((fact) => {
      const signedThisYear = !!fact.signedOn && fact.signedOn >= period.start && fact.signedOn <= period.end;
      let reason: string | null = null;
      if (excluded.has(fact.id)) reason = `按统计口径剔除：${excluded.get(fact.id)}`;
      else if (signedThisYear && !target.frameworkAgreementsCount && fact.agreementType === 'framework') reason = '框架协议不计入（统计口径）';
      else if (signedThisYear && target.minContractAmount !== null && (fact.contractInvestment ?? 0) < target.minContractAmount) {
        reason = `协议引资低于统计口径下限 ${yuanToWan(target.minContractAmount)} 万元`;
      }
      return { fact, signedThisYear, counted: reason === null, excluded: excluded.has(fact.id), reason };
    });
  }

  private totals(judged: Judged[], period: Period, monthOnly: boolean): Totals {
    const from = monthOnly ? period.monthStart : period.start;
    const inRange = (d: string | null) => !!d && d >= from && d <= period.end;
    const kept = judged.filter((j) => !j.excluded);
    const signed = judged.filter((j) => j.counted && j.signedThisYear && inRange(j.fact.signedOn));
    return {
      signings: signed.length,
      signedInvestment: sumBig(signed.map((j) => BigInt(j.fact.contractInvestment ?? 0))),
      constructionStarts: kept.filter((j) => inRange(j.fact.constructionStartedOn)).length,
      productionStarts: kept.filter((j) => inRange(j.fact.productionStartedOn)).length,
      fundsInPlace: sumBig(kept.map((j) => (monthOnly ? j.fact.fundsMonth : j.fact.fundsYtd))),
    };
  }

  /**
   * A period's year-to-date totals summed in the database under that year's
   * 统计口径 — the same rules as judge() + totals(), for last year's column,
   * where no project needs to be looked at one by one.
   */
  private async countedTotals(em: EntityManager, user: AuthUser | null, period: Period, target: YearTarget): Promise<Totals> {
    const params: Record<string, unknown> = { d0: period.start, end: period.end, m0: period.startMonth, m1: period.endMonth, year: period.year };
    const scope = this.scoped(user, params);
    const kept = ' AND p.id NOT IN (SELECT x."projectId" FROM target_exclusions x WHERE x.year = :year)';
    let counted = kept;
    if (!target.frameworkAgreementsCount) counted += ` AND (p."agreementType" IS NULL OR p."agreementType" <> 'framework')`;
    if (target.minContractAmount !== null) {
      counted += ' AND COALESCE(p."contractInvestment", 0) >= :minAmount';
      params.minAmount = target.minContractAmount;
    }
    const starts = (col: string) => `SELECT COUNT(*) FROM projects p WHERE p."${col}" >= :d0 AND p."${col}" <= :end${kept}${scope}`;
    const [r] = await this.query<Record<string, unknown>>(em, `SELECT
        (SELECT COUNT(*) FROM projects p WHERE p."signedOn" >= :d0 AND p."signedOn" <= :end${counted}${scope}) AS signings,
        (SELECT SUM(p."contractInvestment") FROM projects p WHERE p."signedOn" >= :d0 AND p."signedOn" <= :end${counted}${scope}) AS "signedInvestment",
        (${starts('constructionStartedOn')}) AS "constructionStarts",
        (${starts('productionStartedOn')}) AS "productionStarts",
        (SELECT SUM(f.amount) FROM funds_reports f JOIN projects p ON p.id = f."projectId" WHERE f.month >= :m0 AND f.month <= :m1${kept}${scope}) AS "fundsInPlace"`,
    params);
    return {
      signings: num(r.signings), signedInvestment: toBig(r.signedInvestment), constructionStarts: num(r.constructionStarts),
      productionStarts: num(r.productionStarts), fundsInPlace: toBig(r.fundsInPlace),
    };
  }

  /** Team names (for the breakdown) and, for the project list, owner names. */
  private async names(em: EntityManager, facts: Fact[], withOwners: boolean) {
    const teamIds = [...new Set(facts.map((f) => f.teamId).filter((t): t is number => t !== null))];
    const teams = teamIds.length ? await em.find(Team, { where: { id: In(teamIds) } }) : [];
    const owners: User[] = [];
    if (withOwners) {
      const ownerIds = [...new Set(facts.map((f) => f.ownerId))];
      for (let i = 0; i < ownerIds.length; i += 500) owners.push(...(await em.find(User, { where: { id: In(ownerIds.slice(i, i + 500)) } })));
    }
    return { teams: new Map(teams.map((t) => [t.id, t.name])), owners: new Map(owners.map((u) => [u.id, u.name])) };
  }

  /** 签约后终止, with the names the list shows (looked up here when the facts were read without them). */
  private async droppedList(em: EntityManager, dropped: Judged[]): Promise<SummaryReport['signedThenDropped']['projects']> {
    const missing = dropped.filter((j) => !j.fact.name).map((j) => j.fact.id);
    const names = new Map<number, string>();
    for (let i = 0; i < missing.length; i += 500) {
      const rows = await this.query<{ id: unknown; name: string }>(em, 'SELECT id, name FROM projects WHERE id IN (:...ids)', { ids: missing.slice(i, i + 500) });
      for (const r of rows) names.set(Number(r.id), r.name);
    }
    return dropped.map((j) => ({
      id: j.fact.id, name: j.fact.name || (names.get(j.fact.id) ?? ''), signedOn: j.fact.signedOn!, contractInvestment: yuanToWan(j.fact.contractInvestment ?? 0),
    }));
  }

  /** The year's signed projects with counted/why, in signing order. */
  private projectList(judged: Judged[], names: { teams: Map<number, string>; owners: Map<number, string> }): ReportProject[] {
    return judged
      .filter((j) => j.signedThisYear)
      .sort((a, b) => (a.fact.signedOn! < b.fact.signedOn! ? -1 : a.fact.signedOn! > b.fact.signedOn! ? 1 : a.fact.id - b.fact.id))
      .map((j): ReportProject => ({
        id: j.fact.id, name: j.fact.name, companyName: j.fact.companyName, industryChain: j.fact.industryChain, park: j.fact.park,
        teamName: j.fact.teamId === null ? null : (names.teams.get(j.fact.teamId) ?? null),
        ownerName: names.owners.get(j.fact.ownerId) ?? null, stage: j.fact.stage, signedOn: j.fact.signedOn,
        contractInvestment: j.fact.contractInvestment === null ? null : yuanToWan(j.fact.contractInvestment),
        agreementType: j.fact.agreementType, constructionStartedOn: j.fact.constructionStartedOn,
        productionStartedOn: j.fact.productionStartedOn, fundsInPlaceYtd: yuanToWan(j.fact.fundsYtd), counted: j.counted,
        reason: j.reason, signedThenDropped: j.fact.stage === 'dropped',
      }));
  }

  /** Year-to-date figures split by chain, park, channel, region, team and company tier. */
  private async breakdowns(judged: Judged[], period: Period, teams: Map<number, string>) {
    const out = {} as Record<BreakdownKey, BreakdownRow[]>;
    const inYtd = (d: string | null) => !!d && d >= period.start && d <= period.end;
    for (const b of BREAKDOWNS) {
      const labels = b.dict ? await this.dictionaries.labels(b.dict) : null;
      const rows = new Map<string, { row: BreakdownRow; signed: bigint; funds: bigint }>();
      for (const j of judged) {
        if (j.excluded) continue;
        const raw = j.fact[b.field] as string | number | null;
        const code = raw === null ? null : String(raw);
        const key = code ?? '';
        let entry = rows.get(key);
        if (!entry) {
          const label = code === null ? '未填写' : b.key === 'team' ? (teams.get(Number(code)) ?? `团队 ${code}`) : (labels?.get(code) ?? code);
          entry = { row: { code, label, signings: 0, signedInvestment: 0, constructionStarts: 0, productionStarts: 0, fundsInPlace: 0 }, signed: 0n, funds: 0n };
          rows.set(key, entry);
        }
        if (j.counted && j.signedThisYear) {
          entry.row.signings++;
          entry.signed += BigInt(j.fact.contractInvestment ?? 0);
        }
        if (inYtd(j.fact.constructionStartedOn)) entry.row.constructionStarts++;
        if (inYtd(j.fact.productionStartedOn)) entry.row.productionStarts++;
        entry.funds += j.fact.fundsYtd;
      }
      out[b.key] = [...rows.values()]
        .map((e) => ({ ...e.row, signedInvestment: yuanToWan(e.signed), fundsInPlace: yuanToWan(e.funds) }))
        .sort((x, y) => y.signedInvestment - x.signedInvestment || y.signings - x.signings || x.label.localeCompare(y.label));
    }
    return out;
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
    return rows.map((r) => ({ stage: r.stage, rank: Number(r.rank), n: num(r.n), planned: toBig(r.planned) })).filter((r) => r.n !== 0);
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
          plannedInvestment: yuanToWan(sumBig(rows.map((r) => r.planned))),
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

  /** Visits out, receptions, 客商人次 and leader-led activities: the month and the year to date, in one pass over the index. */
  private async activities(em: EntityManager, user: AuthUser | null, period: Period): Promise<{ month: ActivityFigures; ytd: ActivityFigures }> {
    const params: Record<string, unknown> = { d0: period.start, end: period.end, ms: period.monthStart };
    // The project is needed only to apply a limited scope.
    const scope = this.scoped(user, params);
    const figures = (when: string) => `
      SUM(CASE WHEN ${when} a.kind = 'visit_out' THEN 1 ELSE 0 END) AS "${when ? 'm' : 'y'}VisitsOut",
      SUM(CASE WHEN ${when} a.kind = 'reception' THEN 1 ELSE 0 END) AS "${when ? 'm' : 'y'}Receptions",
      SUM(CASE WHEN ${when} a.kind = 'reception' THEN COALESCE(a."guestCount", 0) ELSE 0 END) AS "${when ? 'm' : 'y'}Guests",
      SUM(CASE WHEN ${when} a."leaderLed" = TRUE THEN 1 ELSE 0 END) AS "${when ? 'm' : 'y'}LeaderLed",
      SUM(CASE WHEN ${when} 1 = 1 THEN 1 ELSE 0 END) AS "${when ? 'm' : 'y'}Total"`;
    const [r] = await this.query<Record<string, unknown>>(em, `
      SELECT ${figures('')}, ${figures('a."occurredOn" >= :ms AND')}
        FROM activities a${scope ? ' JOIN projects p ON p.id = a."projectId"' : ''}
       WHERE a."occurredOn" >= :d0 AND a."occurredOn" <= :end${scope}`, params);
    const pick = (p: 'm' | 'y'): ActivityFigures => ({
      visitsOut: num(r[`${p}VisitsOut`]), receptions: num(r[`${p}Receptions`]), guests: num(r[`${p}Guests`]),
      leaderLed: num(r[`${p}LeaderLed`]), total: num(r[`${p}Total`]),
    });
    return { month: pick('m'), ytd: pick('y') };
  }
}
