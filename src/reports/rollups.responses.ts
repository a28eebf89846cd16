/** The stored monthly rollups (月报) as OpenAPI schemas: first reported, current, and the adjustment between them. */
import { type AllAnswered, type Answers, OutBool, OutEnum, OutInt, OutList, OutNumber, OutObject, OutText, OutTimestamp } from '../core/http/api-docs';
import type { IndicatorKey, MonthlyRollupView } from './report.types';
import { INDICATOR_KEY_ENUM, SummaryReportResponse } from './reports.responses';
import type { RollupOutcome, RollupService } from './rollup.service';

export class AdjustmentResponse {
  @OutEnum(INDICATOR_KEY_ENUM)
  key: IndicatorKey;

  @OutNumber({ description: '当月数的调整（当前 − 首报）' })
  month: number;

  @OutNumber({ description: '累计数的调整（当前 − 首报）' })
  ytd: number;
}

/** One month's stored rollup: the figures first reported, the current revision and the difference. */
export class MonthlyRollupResponse {
  @OutInt()
  year: number;

  @OutInt()
  month: number;

  @OutObject(() => SummaryReportResponse, { description: '首报数（第 1 版）' })
  reported: SummaryReportResponse;

  @OutTimestamp()
  reportedAt: string;

  @OutObject(() => SummaryReportResponse, { description: '当前数（最新一版；未调整时同首报）' })
  current: SummaryReportResponse;

  @OutInt({ description: '当前版本号' })
  currentRevision: number;

  @OutTimestamp()
  currentAt: string;

  @OutList(() => AdjustmentResponse, { description: '各指标的调整' })
  adjustments: AdjustmentResponse[];
}

export class MonthlyRollupListResponse {
  @OutInt()
  year: number;

  @OutList(() => MonthlyRollupResponse, { description: '已汇总的月份，按月份先后' })
  items: MonthlyRollupResponse[];
}

/** What a recompute did; the rollup itself only for a caller who sees the whole district. */
export class RecomputeResponse {
  @OutInt()
  year: number;

  @OutInt()
  month: number;

  @OutInt({ description: '当前版本号' })
  revision: number;

  @OutBool({ description: '数字有变化、写入了新版本；无变化时为 false，什么也不写' })
  changed: boolean;

  @OutText({ description: '数字的摘要（SHA-256）' })
  hash: string;

  @OutObject(() => MonthlyRollupResponse, { optional: true, description: '数据范围为全部时给出汇总本身' })
  rollup?: MonthlyRollupResponse;
}

/** Compile-time: the classes above fit what the rollup service answers and name every field of it. */
export type RollupsResponsesMatch = AllAnswered<
  [
    Answers<MonthlyRollupResponse, MonthlyRollupView>,
    Answers<MonthlyRollupListResponse, Awaited<ReturnType<RollupService['list']>>>,
    Answers<RecomputeResponse, RollupOutcome & { rollup?: MonthlyRollupView }>,
  ]
>;
