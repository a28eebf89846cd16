/**
 * The reports as OpenAPI schemas (report.types.ts is the source of the
 * shapes). Money is 万元, rates are ratios rounded to 4 decimals.
 */
import { ApiProperty } from '@nestjs/swagger';
import {
  type AllAnswered,
  type Answers,
  type NamedEnum,
  OutBool,
  OutDay,
  OutEnum,
  OutInt,
  OutList,
  OutNumber,
  OutObject,
  OutRate,
  OutText,
  OutWan,
  PageOf,
} from '../core/http/api-docs';
import type { DataScope } from '../core/auth/roles';
import type { Stage } from '../projects/pipeline';
import { STAGE_ENUM } from '../projects/pipeline.responses';
import { FunnelResponse } from './funnel.responses';
import { DATA_SCOPE_ENUM } from '../users/users.responses';
import type { IndicatorKey, SignedProjectsPage, SummaryReport, SummaryView } from './report.types';

// Every indicator, listed once; a key added to IndicatorKey fails here until listed.
const INDICATOR_KEY_SET: Record<IndicatorKey, string> = {
  signedInvestment: '签约投资',
  fundsInPlace: '实际到位资金',
  signings: '新签约项目',
  constructionStarts: '新开工项目',
  productionStarts: '新投产项目',
};
export const INDICATOR_KEY_ENUM: NamedEnum<IndicatorKey> = {
  name: 'IndicatorKey',
  values: Object.keys(INDICATOR_KEY_SET) as IndicatorKey[],
  labels: INDICATOR_KEY_SET,
};
const AHEAD_LABELS = ['快于序时进度', '慢于序时进度', '与序时进度持平'] as const;

/** One indicator against its target: the month, the year to date, last year, 序时进度 and 同比. */
export class IndicatorResponse {
  @OutEnum(INDICATOR_KEY_ENUM)
  key: IndicatorKey;

  @OutText({ example: '签约投资' })
  label: string;

  @ApiProperty({ enum: ['万元', '个'], description: '金额为万元，项目数为个' })
  unit: '万元' | '个';

  @OutNumber({ description: '当月（万元或个）' })
  month: number;

  @OutNumber({ description: '1 月 1 日至月末累计（万元或个）' })
  ytd: number;

  @OutNumber({ description: '上年同期累计（万元或个）' })
  lastYearYtd: number;

  @OutNumber({ nullable: true, description: '年度目标（万元或个）：全区范围为全区目标，团队范围为本团队目标；没有适用的目标时为 null（原因见 target.note）' })
  target: number | null;

  @OutRate({ nullable: true, description: '完成率 = 累计 / 目标；目标为 0 或没有目标时为 null' })
  completionRate: number | null;

  @OutRate({ description: '序时进度 = 月份 / 12' })
  timeProgress: number;

  @OutRate({ nullable: true, description: '完成率 − 序时进度（正为快于）；无目标时为 null' })
  ahead: number | null;

  @ApiProperty({ enum: AHEAD_LABELS, nullable: true, description: '与序时进度相比' })
  aheadLabel: (typeof AHEAD_LABELS)[number] | null;

  @OutRate({ nullable: true, description: '同比 = (累计 − 上年同期) / 上年同期；上年为 0 时为 null' })
  yoy: number | null;
}

/** One row of a breakdown (by chain, park, channel, region, team or company type). */
export class BreakdownRowResponse {
  @OutText({ nullable: true, description: '字典代码或团队 id；未填写为 null' })
  code: string | null;

  @OutText({ example: '新型储能' })
  label: string;

  @OutInt()
  signings: number;

  @OutWan({ description: '签约投资' })
  signedInvestment: number;

  @OutInt()
  constructionStarts: number;

  @OutInt()
  productionStarts: number;

  @OutWan({ description: '实际到位资金' })
  fundsInPlace: number;
}

/** Five annual targets (the district's, or a team's own): money in 万元. */
export class TargetFiguresResponse {
  @OutWan({ description: '签约投资目标' })
  signedInvestment: number;

  @OutWan({ description: '实际到位资金目标' })
  fundsInPlace: number;

  @OutInt()
  signings: number;

  @OutInt()
  constructionStarts: number;

  @OutInt()
  productionStarts: number;
}

/** A row of the 团队排名: the team's figures (credited to the team holding each project on the event's date) against its own target. */
export class TeamBreakdownRowResponse extends BreakdownRowResponse {
  @OutObject(() => TargetFiguresResponse, { nullable: true, description: '本团队年度目标；未设目标时为 null' })
  target: TargetFiguresResponse | null;

  @OutRate({ nullable: true, description: '完成率 = 签约投资累计 / 本团队签约投资目标；未设目标时为 null' })
  completionRate: number | null;
}

/** The target the indicators are compared with. */
export class TargetBasisResponse {
  @ApiProperty({ enum: ['district', 'team', 'none'], description: 'district 全区目标；team 本团队目标；none 没有适用的目标' })
  kind: 'district' | 'team' | 'none';

  @OutInt({ nullable: true })
  teamId: number | null;

  @OutText({ nullable: true })
  teamName: string | null;

  @OutText({ nullable: true, description: '没有目标时的说明，如「本团队未设年度目标」' })
  note: string | null;
}

/** The year to date broken down six ways, largest signed investment first. */
export class BreakdownsResponse {
  @OutList(() => BreakdownRowResponse, { description: '分产业链' })
  industryChain: BreakdownRowResponse[];

  @OutList(() => BreakdownRowResponse, { description: '分园区组团' })
  park: BreakdownRowResponse[];

  @OutList(() => BreakdownRowResponse, { description: '分招商方式' })
  sourceChannel: BreakdownRowResponse[];

  @OutList(() => BreakdownRowResponse, { description: '分来源地区' })
  sourceRegion: BreakdownRowResponse[];

  @OutList(() => TeamBreakdownRowResponse, { description: '分团队（团队排名）：签约、开工、到位资金计入当日持有项目的团队' })
  team: TeamBreakdownRowResponse[];

  @OutList(() => BreakdownRowResponse, { description: '分企业类型' })
  companyTier: BreakdownRowResponse[];
}

export class ActivityFiguresResponse {
  @OutInt({ description: '外出拜访' })
  visitsOut: number;

  @OutInt({ description: '来访接待' })
  receptions: number;

  @OutInt({ description: '客商人次' })
  guests: number;

  @OutInt({ description: '领导带队' })
  leaderLed: number;

  @OutInt({ description: '全部跟进' })
  total: number;
}

export class ActivityPeriodsResponse {
  @OutObject(() => ActivityFiguresResponse, { description: '当月' })
  month: ActivityFiguresResponse;

  @OutObject(() => ActivityFiguresResponse, { description: '年初至月末' })
  ytd: ActivityFiguresResponse;
}

export class RatesResponse {
  @OutRate({ nullable: true, description: '到位率：到位资金 / 当年签约项目的协议引资' })
  fundsRate: number | null;

  @OutRate({ nullable: true, description: '开工率：当年签约项目中已开工的比例' })
  constructionRate: number | null;

  @OutRate({ nullable: true, description: '投产率：当年签约项目中已投产的比例' })
  productionRate: number | null;
}

export class ExclusionResponse {
  @OutInt()
  projectId: number;

  @OutText()
  reason: string;
}

/** The year's 统计口径 the figures were counted under. */
export class ConventionsResponse {
  @OutWan({ nullable: true, description: '计入签约的最低协议引资；null 为不设下限' })
  minContractAmount: number | null;

  @OutBool({ description: '框架协议是否计入' })
  frameworkAgreementsCount: boolean;

  @OutList(() => ExclusionResponse, { description: '剔除的项目' })
  exclusions: ExclusionResponse[];
}

export class DroppedProjectResponse {
  @OutInt({ nullable: true, description: '本团队签约后已移交其他团队的项目为 null（不显示名称）' })
  id: number | null;

  @OutText({ description: '项目名称；已移交其他团队的项目为「已移交其他团队的项目」' })
  name: string;

  @OutDay()
  signedOn: string;

  @OutWan({ description: '协议引资' })
  contractInvestment: number;
}

/** 签约后终止: signed this year, since dropped; counted in its signing month, shown apart. */
export class SignedThenDroppedResponse {
  @OutInt()
  count: number;

  @OutWan({ description: '协议引资合计' })
  amount: number;

  @OutList(() => DroppedProjectResponse)
  projects: DroppedProjectResponse[];
}

/** A project signed this year, as it stood at the end of the month, and whether it counted. */
export class ReportProjectResponse {
  @OutInt({ nullable: true, description: '本团队签约后已移交其他团队的项目为 null：计入本团队，不显示名称、企业和人员' })
  id: number | null;

  @OutText({ nullable: true, description: '项目编号（本区自己的编号）；未填或已移交其他团队的项目为 null' })
  code: string | null;

  @OutText({ description: '项目名称；已移交其他团队的项目为「已移交其他团队的项目」' })
  name: string;

  @OutText()
  companyName: string;

  @OutText({ description: '产业链代码' })
  industryChain: string;

  @OutText({ nullable: true, description: '园区组团代码' })
  park: string | null;

  @OutText({ nullable: true })
  teamName: string | null;

  @OutText({ nullable: true })
  ownerName: string | null;

  @OutEnum(STAGE_ENUM, { description: '月末所处阶段' })
  stage: Stage;

  @OutDay({ nullable: true })
  signedOn: string | null;

  @OutWan({ nullable: true, description: '协议引资' })
  contractInvestment: number | null;

  @OutText({ nullable: true, description: '协议类型代码（见 GET /labels 的 agreementTypes）' })
  agreementType: string | null;

  @OutDay({ nullable: true, description: '月末前的开工日期' })
  constructionStartedOn: string | null;

  @OutDay({ nullable: true, description: '月末前的投产日期' })
  productionStartedOn: string | null;

  @OutWan({ description: '年初至月末到位资金' })
  fundsInPlaceYtd: number;

  @OutBool({ description: '按统计口径计入当年签约' })
  counted: boolean;

  @OutText({ nullable: true, description: '不计入的原因；计入时为 null' })
  reason: string | null;

  @OutBool({ description: '签约后终止' })
  signedThenDropped: boolean;
}

/** What every report has: the figures of one scope for a year up to a month. */
class ReportFigures {
  @OutInt({ example: 2026 })
  year: number;

  @OutInt({ example: 5 })
  month: number;

  @OutDay({ description: '月末日期' })
  periodEnd: string;

  @OutEnum(DATA_SCOPE_ENUM, { description: '数据范围：月报为 all（全区）' })
  scope: DataScope;

  @OutRate({ description: '序时进度 = 月份 / 12' })
  timeProgress: number;

  @OutObject(() => ConventionsResponse)
  conventions: ConventionsResponse;

  @OutObject(() => TargetBasisResponse, { description: '指标对比的目标：全区、本团队或没有' })
  target: TargetBasisResponse;

  @OutList(() => IndicatorResponse, { description: '五项指标' })
  indicators: IndicatorResponse[];

  @OutObject(() => SignedThenDroppedResponse)
  signedThenDropped: SignedThenDroppedResponse;

  @OutObject(() => BreakdownsResponse)
  breakdowns: BreakdownsResponse;

  @OutObject(() => FunnelResponse, { description: '月末的项目漏斗' })
  funnel: FunnelResponse;

  @OutObject(() => ActivityPeriodsResponse, { description: '跟进情况' })
  activities: ActivityPeriodsResponse;

  @OutObject(() => RatesResponse)
  rates: RatesResponse;
}

export class SignedProjectsCountResponse {
  @OutInt({ description: '当年签约项目数' })
  total: number;

  @OutInt({ description: '其中计入的' })
  counted: number;

  @OutInt({ description: '其中不计入的' })
  notCounted: number;
}

/** GET /reports/summary: the report of the caller's scope; its signed projects are paged by GET /reports/summary/projects. */
export class SummaryResponse extends ReportFigures {
  @OutObject(() => SignedProjectsCountResponse, { description: '当年签约项目的数目（明细见 GET /reports/summary/projects）' })
  signedProjects: SignedProjectsCountResponse;
}

/** The whole district's report as a monthly rollup froze it, its signed projects included. */
export class SummaryReportResponse extends ReportFigures {
  @OutList(() => ReportProjectResponse, { description: '当年签约项目明细' })
  projects: ReportProjectResponse[];
}

/** GET /reports/summary/projects: one page of the year's signed projects, in signing order. */
export class SignedProjectsPageResponse extends PageOf(ReportProjectResponse) {
  @OutInt()
  year: number;

  @OutInt()
  month: number;

  @OutInt({ description: '全部签约项目中计入的数目' })
  counted: number;

  @OutInt({ description: '全部签约项目中不计入的数目' })
  notCounted: number;
}

/** Compile-time: the classes above fit what the services answer and name every field of it. */
export type ReportsResponsesMatch = AllAnswered<
  [
    Answers<SummaryResponse, SummaryView>,
    Answers<SummaryReportResponse, SummaryReport>,
    Answers<SignedProjectsPageResponse, SignedProjectsPage>,
  ]
>;
