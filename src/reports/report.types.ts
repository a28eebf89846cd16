/**
 * The shape of a report: what GET /reports/summary answers, what a monthly
 * rollup freezes, and what the Excel exports and the monthly e-mail read.
 * Money is 万元 as an exact decimal JSON number (summed as integer 元);
 * rates are ratios rounded to 4 decimals (0.25 = 25%).
 */
import type { NotificationStatus } from '../notifications/notification.entity';
import type { Stage } from '../projects/pipeline';
import type { BackfillView } from './monthly-rollup-backfill.entity';
import type { RollupTrigger } from './monthly-rollup.entity';

export type IndicatorKey = 'signedInvestment' | 'fundsInPlace' | 'signings' | 'constructionStarts' | 'productionStarts';

export interface Indicator {
  key: IndicatorKey;
  label: string;
  unit: '万元' | '个';
  /** the month itself */
  month: number;
  /** 1 January to the end of the month */
  ytd: number;
  /** the same period of the previous year */
  lastYearYtd: number;
  /** null when no target applies to the caller's scope (SummaryReport.target says why) */
  target: number | null;
  /** ytd / target; null when the target is 0 or there is none */
  completionRate: number | null;
  /** month / 12 */
  timeProgress: number;
  /** completionRate − timeProgress (快于 > 0, 慢于 < 0); null without a target */
  ahead: number | null;
  aheadLabel: '快于序时进度' | '慢于序时进度' | '与序时进度持平' | null;
  /** (ytd − lastYearYtd) / lastYearYtd; null when last year is 0 */
  yoy: number | null;
}

export interface BreakdownRow {
  code: string | null;
  label: string;
  signings: number;
  signedInvestment: number;
  constructionStarts: number;
  productionStarts: number;
  fundsInPlace: number;
}

/** A row of the 团队排名: the team's figures against its own target. */
export interface TeamBreakdownRow extends BreakdownRow {
  /** the team's own five targets (money in 万元), null when it has none */
  target: { signedInvestment: number; fundsInPlace: number; signings: number; constructionStarts: number; productionStarts: number } | null;
  /** signed investment ytd / the team's signed-investment target; null without a target */
  completionRate: number | null;
}

/** The target the figures are compared with: the district's, the caller's team's own, or none (with why). */
export interface TargetBasis {
  kind: 'district' | 'team' | 'none';
  teamId: number | null;
  teamName: string | null;
  /** in zh-CN, when there is no target (e.g. 本团队未设年度目标) */
  note: string | null;
}

export type BreakdownKey = 'industryChain' | 'park' | 'sourceChannel' | 'sourceRegion' | 'team' | 'companyTier';

export interface FunnelStage {
  stage: Stage;
  label: string;
  /** projects in this stage at the end of the month, rebuilt from the transition history */
  count: number;
  plannedInvestment: number;
}

export interface Funnel {
  stages: FunnelStage[];
  /** share of the projects that ever reached `from` that went on to reach `to` (main line) */
  conversions: { from: Stage; to: Stage; reached: number; advanced: number; rate: number | null }[];
  /** median whole days spent in each main stage, over stays that ended by month end */
  medianDaysInStage: Partial<Record<Stage, number | null>>;
}

export interface ActivityFigures {
  visitsOut: number;
  receptions: number;
  /** 客商人次 */
  guests: number;
  leaderLed: number;
  total: number;
}

/** Every project a report looked at, and whether it counted. */
export interface ReportProject {
  /** null for a project the caller's team signed and has since handed over: counted for the team, not named (HANDED_AWAY) */
  id: number | null;
  /** 项目编号 (null: none given, or handed over as above) */
  code: string | null;
  name: string;
  companyName: string;
  industryChain: string;
  park: string | null;
  teamName: string | null;
  ownerName: string | null;
  stage: Stage;
  signedOn: string | null;
  contractInvestment: number | null;
  agreementType: string | null;
  constructionStartedOn: string | null;
  productionStartedOn: string | null;
  /** funds in place reported for 1 January to the end of the month */
  fundsInPlaceYtd: number;
  /** counted as a signing of this year under the 统计口径 */
  counted: boolean;
  /** why not, in zh-CN; null when counted */
  reason: string | null;
  /** signed, then dropped */
  signedThenDropped: boolean;
}

export interface Conventions {
  /** 万元, null = no minimum */
  minContractAmount: number | null;
  frameworkAgreementsCount: boolean;
  exclusions: { projectId: number; reason: string }[];
}

export interface SummaryReport {
  year: number;
  month: number;
  /** 'YYYY-MM-DD' last day of the month */
  periodEnd: string;
  scope: 'all' | 'team' | 'own';
  timeProgress: number;
  conventions: Conventions;
  /** which target the indicators are compared with */
  target: TargetBasis;
  indicators: Indicator[];
  /** 签约后终止: signed this year, since dropped; counted in its signing month, shown apart (id null: handed over since, not named) */
  signedThenDropped: { count: number; amount: number; projects: { id: number | null; name: string; signedOn: string; contractInvestment: number }[] };
  breakdowns: Record<Exclude<BreakdownKey, 'team'>, BreakdownRow[]> & { team: TeamBreakdownRow[] };
  funnel: Funnel;
  activities: { month: ActivityFigures; ytd: ActivityFigures };
  rates: {
    /** 到位率: funds in place (YTD) / contract investment of the projects signed this year */
    fundsRate: number | null;
    /** 开工率: projects signed this year that started construction / projects signed this year */
    constructionRate: number | null;
    /** 投产率: projects signed this year that started production / projects signed this year */
    productionRate: number | null;
  };
  /** the projects signed this year (with counted/reason), for the 项目明细 */
  projects: ReportProject[];
}

/**
 * GET /reports/summary: the report without the list of the year's signed
 * projects (thousands of rows in a busy year), which GET
 * /reports/summary/projects pages; here only how many there are.
 */
export type SummaryView = Omit<SummaryReport, 'projects'> & {
  signedProjects: { total: number; counted: number; notCounted: number };
};

/** GET /reports/summary/projects: one page of the year's signed projects, in signing order. */
export interface SignedProjectsPage {
  year: number;
  month: number;
  items: ReportProject[];
  total: number;
  counted: number;
  notCounted: number;
  page: number;
  pageSize: number;
}

/** One month's stored rollup as GET /reports/monthly lists it. */
export interface MonthlyRollupView {
  year: number;
  month: number;
  /** revision 1: the figures first reported */
  reported: SummaryReport;
  reportedAt: string;
  /** the latest revision (the same as reported when never changed) */
  current: SummaryReport;
  currentRevision: number;
  currentAt: string;
  /** current − reported for each indicator (month and ytd) */
  adjustments: { key: IndicatorKey; month: number; ytd: number }[];
  /** every revision, first reported first */
  revisions: RollupRevisionView[];
}

/** One stored revision of a month: who or what wrote it, when, and its five indicators. */
export interface RollupRevisionView {
  revision: number;
  trigger: RollupTrigger;
  triggerLabel: string;
  computedById: number | null;
  computedByName: string | null;
  computedAt: string;
  hash: string;
  indicators: { key: IndicatorKey; month: number; ytd: number }[];
}

/** One leader's monthly report e-mail of the month. */
export interface MonthlyMailView {
  userId: number;
  name: string | null;
  toAddress: string | null;
  status: NotificationStatus;
  statusLabel: string;
  error: string | null;
  at: string;
}

/** GET /reports/monthly: the year's months, which closed months are missing, the e-mails and the latest backfill. */
export interface MonthlyYearView {
  year: number;
  /** the five indicators' names and units, in report order: the page's columns even before any month is reported */
  indicators: { key: IndicatorKey; label: string; unit: '万元' | '个' }[];
  /** the months of the year that are over (may have a report) */
  closedMonths: number[];
  /** closed months without a report */
  missingMonths: number[];
  items: (MonthlyRollupView & { mail: MonthlyMailView[] })[];
  backfill: BackfillView | null;
}
