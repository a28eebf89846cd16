/** GET /reports/series and GET /reports/drill as OpenAPI schemas (drill.types.ts is the source of the shapes). */
import { ApiProperty } from '@nestjs/swagger';
import { type AllAnswered, type Answers, type NamedEnum, OutBool, OutEnum, OutInt, OutList, OutNumber, OutObject, OutText, OutWan, PageOf } from '../core/http/api-docs';
import type { Stage } from '../projects/pipeline';
import { STAGE_ENUM } from '../projects/pipeline.responses';
import {
  DRILL_FIGURE_LABELS, DRILL_FIGURES, DRILL_PART_LABELS, DRILL_PARTS, DRILL_SPAN_LABELS, DRILL_SPANS,
  type DrillFigure, type DrillPage, type DrillPart, type DrillSpan, type Series,
} from './drill.types';
import { TargetFiguresResponse } from './reports.responses';

const DRILL_FIGURE_ENUM: NamedEnum<DrillFigure> = { name: 'DrillFigure', values: DRILL_FIGURES, labels: DRILL_FIGURE_LABELS };
const DRILL_SPAN_ENUM: NamedEnum<DrillSpan> = { name: 'DrillSpan', values: DRILL_SPANS, labels: DRILL_SPAN_LABELS };
const DRILL_PART_ENUM: NamedEnum<DrillPart> = { name: 'DrillPart', values: DRILL_PARTS, labels: DRILL_PART_LABELS };

/** One month's five figures. */
export class SeriesMonthResponse {
  @OutInt({ description: '月份 1—12' })
  month: number;

  @OutWan({ description: '签约投资（当月）' })
  signedInvestment: number;

  @OutWan({ description: '实际到位资金（当月）' })
  fundsInPlace: number;

  @OutInt({ description: '新签约项目（当月）' })
  signings: number;

  @OutInt({ description: '新开工项目（当月）' })
  constructionStarts: number;

  @OutInt({ description: '新投产项目（当月）' })
  productionStarts: number;
}

/** GET /reports/series: the year by month against last year, each under its own 统计口径, in the caller's scope. */
export class SeriesResponse {
  @OutInt({ example: 2026 })
  year: number;

  @OutInt({ description: '有数据的最后一个月：往年为 12，今年为本月' })
  throughMonth: number;

  @OutObject(() => TargetFiguresResponse, { nullable: true, description: '年度目标；没有目标时为 null' })
  target: TargetFiguresResponse | null;

  @OutText({ nullable: true, description: '没有可比的年度目标时的说明（如「本团队未设年度目标」）；有目标时为 null' })
  targetNote: string | null;

  @OutList(() => SeriesMonthResponse, { description: '今年 1 月至 throughMonth 各月；前 m 个月之和等于 GET /reports/summary?month=m 的累计' })
  thisYear: SeriesMonthResponse[];

  @OutList(() => SeriesMonthResponse, { description: '上年 12 个月（按上年统计口径）' })
  lastYear: SeriesMonthResponse[];
}

/** One project a drill looked at, and whether it counts in the figure. */
export class DrillItemResponse {
  @OutInt({ nullable: true, description: '项目 id；本团队此后已移交其他团队的项目不列名（null，名称为「已移交其他团队的项目」），其数字仍计入本团队' })
  id: number | null;

  @OutText()
  name: string;

  @OutText()
  companyName: string;

  @OutText({ nullable: true })
  teamName: string | null;

  @OutText({ nullable: true })
  ownerName: string | null;

  @OutEnum(STAGE_ENUM, { description: '月末所处阶段' })
  stage: Stage;

  @OutText({ description: '事件日期 YYYY-MM-DD（签约、开工、投产、进入阶段）；到位资金为时段内最后一个有资金的月份 YYYY-MM', example: '2026-03-31' })
  on: string;

  @OutWan({ nullable: true, description: '金额（万元）：协议引资；到位资金为时段内到位金额；漏斗为计划投资' })
  amount: number | null;

  @OutBool({ description: '按当年统计口径计入该数字' })
  counted: boolean;

  @OutText({ nullable: true, description: '不计入的原因；计入时为 null' })
  reason: string | null;
}

/** GET /reports/drill: the projects making one figure, counted ones first; value equals the summary's figure. */
export class DrillPageResponse extends PageOf(DrillItemResponse) {
  @OutInt()
  year: number;

  @OutInt()
  month: number;

  @OutEnum(DRILL_FIGURE_ENUM)
  figure: DrillFigure;

  @OutEnum(DRILL_SPAN_ENUM, { nullable: true, description: '五项指标的时段；其他数字为 null' })
  span: DrillSpan | null;

  @OutEnum(DRILL_PART_ENUM, { nullable: true, description: '比率的分子或分母；其他数字为 null' })
  part: DrillPart | null;

  @OutText({ example: '2026年1—11月 签约投资（产业链：新材料）' })
  title: string;

  @ApiProperty({ enum: ['万元', '个'], description: '数值单位' })
  unit: '万元' | '个';

  @OutNumber({ description: '该数字（与统计汇总所示相同）：计入项目的个数或金额之和' })
  value: number;

  @OutWan({ description: '计入项目的金额合计（万元）' })
  amount: number;

  @OutInt({ description: '计入的项目数' })
  counted: number;

  @OutInt({ description: '列出但不计入的项目数' })
  notCounted: number;
}

/** Compile-time: the classes above fit what the services answer and name every field of it. */
export type DrillResponsesMatch = AllAnswered<[Answers<SeriesResponse, Series>, Answers<DrillPageResponse, DrillPage>]>;
