import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../core/auth/auth-user';
import { Clock } from '../core/clock';
import { sumYuan, wanToYuan, yuanToWan } from '../core/money';
import { DictionariesService } from '../dictionaries/dictionaries.service';
import type { DictionaryKind } from '../dictionaries/dictionary-entry.entity';
import { MAIN_STAGES, STAGE_LABELS, STAGES, type Stage } from '../projects/pipeline';
import { type ScopeTarget, type TargetFigures, TargetsService } from '../targets/targets.service';
import { whyNotCounted } from './counting-rules';
import type {
  BreakdownKey,
  BreakdownRow,
  Funnel,
  Indicator,
  IndicatorKey,
  ReportProject,
  SignedProjectsPage,
  SummaryReport,
  SummaryView,
  TargetBasis,
  TeamBreakdownRow,
} from './report.types';
import { assertReportable, type Period, periodOf, samePeriodLastYear, timeProgressOf } from './report-period';
import { type BreakdownSums, type PipelineCell, ReportsRepository, type SignedProjectRow, type StayCount, type Totals } from './reports.repository';

const round4 = (x: number) => Math.round(x * 10_000) / 10_000;
/** a / b to 4 decimals; null when b is 0 (no target, no base) */
const ratio = (a: number | bigint, b: number | bigint): number | null => (Number(b) === 0 ? null : round4(Number(a) / Number(b)));

/** The five indicators in the order every report shows them (the 月报 page's columns read them from GET /reports/monthly). */
export const INDICATORS: { key: IndicatorKey; label: string; unit: '万元' | '个' }[] = [
  { key: 'signedInvestment', label: '签约投资', unit: '万元' },
  { key: 'fundsInPlace', label: '实际到位资金', unit: '万元' },
  { key: 'signings', label: '新签约项目', unit: '个' },
  { key: 'constructionStarts', label: '新开工项目', unit: '个' },
  { key: 'productionStarts', label: '新投产项目', unit: '个' },
];

/** The six breakdowns in the order the report shows them, and the dictionary of their labels (teams: their names). */
export const BREAKDOWNS: { key: BreakdownKey; dict?: DictionaryKind }[] = [
  { key: 'industryChain', dict: 'industry-chains' },
  { key: 'park', dict: 'parks' },
  { key: 'sourceChannel', dict: 'source-channels' },
  { key: 'sourceRegion', dict: 'source-regions' },
  { key: 'team' },
  { key: 'companyTier', dict: 'company-tiers' },
];

/** A target's five figures as the indicators compare with them (money in integer 元); null stays null (no target). */
const targetOf = (t: TargetFigures | null): Totals | null =>
  t && {
    signedInvestment: BigInt(t.signedInvestment), fundsInPlace: BigInt(t.fundsInPlace), signings: t.signings,
    constructionStarts: t.constructionStarts, productionStarts: t.productionStarts,
  };

/**
 * How a list names a project the caller's team signed and has since handed
 * over (移交): it counts for the team (team-history.ts) but the person no
 * longer sees it, so it is listed without its id, name, company or people.
 */
export const HANDED_AWAY = '已移交其他团队的项目';
/** Why a project the caller sees does not count for him: another team held it on its signing date. */
export const SIGNED_BY_OTHER_TEAM = '签约时属于其他团队';

/** The basis of the comparison as the report states it. */
const basisOf = (t: ScopeTarget): TargetBasis => ({ kind: t.kind, teamId: t.teamId, teamName: t.teamName, note: t.note });

/**
 * One indicator: the month, the year to date against target and 序时进度, and
 * against the same period of last year. Without a target (null) the target,
 * 完成率 and 超/欠序时 are null.
 */
export function indicatorOf(key: IndicatorKey, month: number, figures: { month: Totals; ytd: Totals; lastYtd: Totals; target: Totals | null }): Indicator {
  const { label, unit } = INDICATORS.find((i) => i.key === key)!;
  const show = (v: number | bigint) => (unit === '万元' ? yuanToWan(v) : Number(v));
  const timeProgress = timeProgressOf(month);
  const ytd = Number(figures.ytd[key]);
  const last = Number(figures.lastYtd[key]);
  const completionRate = figures.target ? ratio(figures.ytd[key], figures.target[key]) : null;
  const ahead = completionRate === null ? null : round4(completionRate - timeProgress);
  return {
    key, label, unit,
    month: show(figures.month[key]),
    ytd: show(figures.ytd[key]),
    lastYearYtd: show(figures.lastYtd[key]),
    target: figures.target ? show(figures.target[key]) : null,
    completionRate,
    timeProgress,
    ahead,
    aheadLabel: ahead === null ? null : ahead > 0 ? '快于序时进度' : ahead < 0 ? '慢于序时进度' : '与序时进度持平',
    yoy: last === 0 ? null : round4((ytd - last) / last),
  };
}

/** The lower median of the stays' lengths (a whole number of days, as a person would read it); null without stays. */
export function medianDays(stays: readonly StayCount[], stage: Stage): number | null {
  const rows = stays.filter((s) => s.stage === stage).sort((a, b) => a.days - b.days);
  const total = rows.reduce((a, r) => a + r.stays, 0);
  let seen = 0;
  for (const r of rows) {
    seen += r.stays;
    if (seen >= Math.ceil(total / 2)) return r.days;
  }
  return null;
}

/**
 * The funnel at the end of the period: count and planned investment per
 * stage, conversions along the main line (of the projects that had reached
 * a stage, how many went on to the next), and the median days spent in each
 * main stage over the stays that ended this year up to the end of the period.
 */
export function funnelOf(pipeline: readonly PipelineCell[], stays: readonly StayCount[]): Funnel {
  const reachedAtLeast = (rank: number) => pipeline.filter((r) => r.rank >= rank).reduce((a, r) => a + r.projects, 0);
  return {
    stages: STAGES.map((stage) => {
      const rows = pipeline.filter((r) => r.stage === stage);
      return {
        stage, label: STAGE_LABELS[stage], count: rows.reduce((a, r) => a + r.projects, 0),
        plannedInvestment: yuanToWan(sumYuan(rows.map((r) => r.planned))),
      };
    }),
    conversions: MAIN_STAGES.slice(0, -1).map((from, i) => {
      const reached = reachedAtLeast(i);
      const advanced = reachedAtLeast(i + 1);
      return { from, to: MAIN_STAGES[i + 1], reached, advanced, rate: ratio(advanced, reached) };
    }),
    medianDaysInStage: Object.fromEntries(MAIN_STAGES.slice(0, -1).map((s) => [s, medianDays(stays, s)])),
  };
}

/**
 * DOMAIN.md "Counting rules for reports", for a caller's scope (null: the
 * whole district, as the monthly rollup uses): the figures come from
 * ReportsRepository (summed in the database, money in integer 元), the
 * 统计口径 from counting-rules.ts; here they are put together into a report
 * and turned into 万元 at the end.
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly repo: ReportsRepository,
    private readonly targets: TargetsService,
    private readonly dictionaries: DictionariesService,
    private readonly clock: Clock,
  ) {}

  /** Checks year and month; a month after the current one is refused. */
  assertPeriod(year: number, month: number): void {
    assertReportable(year, month, this.clock.currentMonth());
  }

  /** The whole report, the year's signed projects included: what a rollup freezes and the Excel report shows. */
  async summary(user: AuthUser | null, year: number, month: number): Promise<SummaryReport> {
    const [{ signedProjects: _count, ...report }, projects] = await Promise.all([this.overview(user, year, month), this.projectList(user, year, month)]);
    return { ...report, projects };
  }

  /**
   * GET /reports/summary: every figure of the report, with the year's signed
   * projects counted rather than listed (they are paged by signedProjects).
   * The statements are independent: on PostgreSQL they run side by side on
   * the pool.
   */
  async overview(user: AuthUser | null, year: number, month: number): Promise<SummaryView> {
    this.assertPeriod(year, month);
    const period = periodOf(year, month);
    const lastPeriod = samePeriodLastYear(period);
    // The figures count with every exclusion; the caller is shown those of projects in his scope only.
    const [target, lastTarget, shown, mine, teamTargets] = await Promise.all([
      this.targets.get(year), this.targets.get(year - 1), user ? this.targets.seenBy(user, year) : null, this.targets.forScope(user, year),
      this.targets.teamTargets(year),
    ]);
    // the labels are read as soon as the breakdowns' codes are known, while the other statements run
    const breakdowns = this.repo.breakdowns(period, target, user).then((rows) => this.labelled(rows, teamTargets));
    const [now, last, labelled, signed, pipeline, stays, activities] = await Promise.all([
      this.repo.periodTotals(period, target, user),
      this.repo.periodTotals(lastPeriod, lastTarget, user),
      breakdowns,
      this.repo.signedState(period, target, user),
      this.repo.pipelineAt(period, user),
      this.repo.staysEnded(period, user),
      this.repo.activityFigures(period, user),
    ]);
    const totals = { month: now.month, ytd: now.ytd, lastYtd: last.ytd, target: targetOf(mine.figures) };

    return {
      year, month, periodEnd: period.end,
      scope: user?.dataScope ?? 'all',
      timeProgress: timeProgressOf(month),
      conventions: {
        minContractAmount: target.minContractAmount === null ? null : yuanToWan(target.minContractAmount),
        frameworkAgreementsCount: target.frameworkAgreementsCount,
        exclusions: (shown ?? target).exclusions.map((e) => ({ projectId: e.projectId, reason: e.reason })),
      },
      target: basisOf(mine),
      indicators: INDICATORS.map(({ key }) => indicatorOf(key, month, totals)),
      signedThenDropped: {
        count: signed.dropped.length,
        amount: yuanToWan(sumYuan(signed.dropped.map((d) => d.amount))),
        projects: signed.dropped.map((d) => ({
          id: d.visible ? d.id : null, name: d.visible ? d.name : HANDED_AWAY, signedOn: d.signedOn, contractInvestment: yuanToWan(d.amount),
        })),
      },
      breakdowns: labelled,
      funnel: funnelOf(pipeline, stays),
      activities,
      rates: {
        fundsRate: ratio(signed.funds, signed.amount),
        constructionRate: ratio(signed.built, signed.counted),
        productionRate: ratio(signed.producing, signed.counted),
      },
      signedProjects: { total: signed.total, counted: signed.counted, notCounted: signed.total - signed.counted },
    };
  }

  /** GET /reports/summary/projects: the year's signed projects, in signing order, a page at a time. */
  async signedProjects(user: AuthUser | null, year: number, month: number, page: number, pageSize: number): Promise<SignedProjectsPage> {
    this.assertPeriod(year, month);
    const list = await this.projectList(user, year, month);
    const counted = list.filter((x) => x.counted).length;
    return {
      year, month, total: list.length, counted, notCounted: list.length - counted, page, pageSize,
      items: list.slice((page - 1) * pageSize, page * pageSize),
    };
  }

  /**
   * The breakdown rows with their labels (dictionary or team name), largest
   * signed investment first; each team's row with its own target and 完成率
   * (signed investment against it).
   */
  private async labelled(rows: readonly BreakdownSums[], teamTargets: Map<number, TargetFigures>): Promise<SummaryView['breakdowns']> {
    const teamIds = rows.filter((r) => r.key === 'team' && r.code !== null).map((r) => Number(r.code));
    const [teams, ...labels] = await Promise.all([
      this.repo.teamNames(teamIds),
      ...BREAKDOWNS.map((b) => (b.dict ? this.dictionaries.labels(b.dict) : null)),
    ]);
    const out = {} as Record<BreakdownKey, BreakdownRow[]>;
    BREAKDOWNS.forEach((b, i) => {
      const label = (code: string | null) =>
        code === null ? '未填写' : b.key === 'team' ? (teams.get(Number(code)) ?? `团队 ${code}`) : (labels[i]?.get(code) ?? code);
      out[b.key] = rows
        .filter((r) => r.key === b.key)
        .map((r) => ({
          code: r.code, label: label(r.code), signings: r.signings, signedInvestment: yuanToWan(r.signedInvestment),
          constructionStarts: r.constructionStarts, productionStarts: r.productionStarts, fundsInPlace: yuanToWan(r.fundsInPlace),
        }))
        .sort((x, y) => y.signedInvestment - x.signedInvestment || y.signings - x.signings || x.label.localeCompare(y.label));
    });
    const team: TeamBreakdownRow[] = out.team.map((r) => {
      const t = r.code === null ? undefined : teamTargets.get(Number(r.code));
      if (!t) return { ...r, target: null, completionRate: null };
      const target = { ...t, signedInvestment: yuanToWan(t.signedInvestment), fundsInPlace: yuanToWan(t.fundsInPlace) };
      return { ...r, target, completionRate: ratio(wanToYuan(r.signedInvestment), t.signedInvestment) };
    });
    return { ...out, team };
  }

  /** The year's signed projects with counted / why not, in signing order, each as it stood at the end of the period. */
  private async projectList(user: AuthUser | null, year: number, month: number): Promise<ReportProject[]> {
    const period = periodOf(year, month);
    const [target, rows] = await Promise.all([this.targets.get(year), this.repo.signedProjects(period, user)]);
    return rows.map((r) => reportProject(r, period, r.credited ? whyNotCounted(target, r) : SIGNED_BY_OTHER_TEAM));
  }
}

/** A signed project as the report lists it: dates after the period are not shown yet, as the funnel does not see them. */
function reportProject(r: SignedProjectRow, period: Period, reason: string | null): ReportProject {
  const upTo = (d: string | null) => (d !== null && d <= period.end ? d : null);
  const stage = r.stageAtEnd ?? r.stage;
  // Counted for the caller's team but handed over since: the figures, not who it is (HANDED_AWAY).
  const named = r.visible ? {} : { id: null, code: null, name: HANDED_AWAY, companyName: '—', teamName: null, ownerName: null };
  return {
    id: r.id, code: r.code, name: r.name, companyName: r.companyName, industryChain: r.industryChain, park: r.park, teamName: r.teamName,
    ownerName: r.ownerName, stage, signedOn: r.signedOn, contractInvestment: r.contractInvestment === null ? null : yuanToWan(r.contractInvestment),
    agreementType: r.agreementType, constructionStartedOn: upTo(r.constructionStartedOn), productionStartedOn: upTo(r.productionStartedOn),
    fundsInPlaceYtd: yuanToWan(r.fundsYtd), counted: reason === null, reason, signedThenDropped: stage === 'dropped', ...named,
  };
}
