/** The stored monthly rollups (月报) as OpenAPI schemas: first reported, current, and the adjustment between them. */
import { ApiProperty } from '@nestjs/swagger';
import { type AllAnswered, type Answers, OutBool, OutEnum, OutInt, OutList, OutNumber, OutObject, OutText, OutTimestamp } from '../core/http/api-docs';
import { NOTIFICATION_STATUS_LABELS, NOTIFICATION_STATUSES, type NotificationStatus } from '../notifications/notification.entity';
import { BACKFILL_STATUS_LABELS, BACKFILL_STATUSES, type BackfillStatus, type BackfillView } from './monthly-rollup-backfill.entity';
import { ROLLUP_TRIGGER_LABELS, ROLLUP_TRIGGERS, type RollupTrigger } from './monthly-rollup.entity';
import type { IndicatorKey, MonthlyMailView, MonthlyRollupView, MonthlyYearView, RollupRevisionView } from './report.types';
import { INDICATOR_KEY_ENUM, SummaryReportResponse } from './reports.responses';
import type { RollupOutcome } from './rollup.service';

export class AdjustmentResponse {
  @OutEnum(INDICATOR_KEY_ENUM)
  key: IndicatorKey;

  @OutNumber({ description: '当月数的调整（当前 − 首报）' })
  month: number;

  @OutNumber({ description: '累计数的调整（当前 − 首报）' })
  ytd: number;
}

/** One indicator of one revision. */
export class RevisionIndicatorResponse {
  @OutEnum(INDICATOR_KEY_ENUM)
  key: IndicatorKey;

  @OutNumber({ description: '当月数（金额为万元）' })
  month: number;

  @OutNumber({ description: '累计数（金额为万元）' })
  ytd: number;
}

/** One stored revision of a month. */
export class RollupRevisionResponse {
  @OutInt({ description: '版本号，1 为首报' })
  revision: number;

  @OutEnum({ name: 'RollupTrigger', values: ROLLUP_TRIGGERS, labels: ROLLUP_TRIGGER_LABELS }, { description: '由什么生成' })
  trigger: RollupTrigger;

  @OutText({ description: '生成方式的中文名' })
  triggerLabel: string;

  @OutInt({ nullable: true, description: '生成人；定时汇总为 null' })
  computedById: number | null;

  @OutText({ nullable: true, description: '生成人姓名' })
  computedByName: string | null;

  @OutTimestamp()
  computedAt: string;

  @OutText({ description: '数字的摘要（SHA-256）' })
  hash: string;

  @OutList(() => RevisionIndicatorResponse, { description: '五项指标' })
  indicators: RevisionIndicatorResponse[];
}

/** One leader's monthly report e-mail of the month. */
export class MonthlyMailResponse {
  @OutInt()
  userId: number;

  @OutText({ nullable: true, description: '领导姓名' })
  name: string | null;

  @OutText({ nullable: true, description: '收件地址' })
  toAddress: string | null;

  @OutEnum({ name: 'NotificationStatus', values: NOTIFICATION_STATUSES, labels: NOTIFICATION_STATUS_LABELS })
  status: NotificationStatus;

  @OutText({ description: '状态的中文名' })
  statusLabel: string;

  @OutText({ nullable: true, description: '失败原因' })
  error: string | null;

  @OutTimestamp({ description: '最后一次发送或尝试的时间' })
  at: string;
}

export class BackfillFailureResponse {
  @OutInt({ description: '月份；0 表示未能开始' })
  month: number;

  @OutText()
  message: string;
}

/** 补齐全年: its progress, polled by the page. */
export class BackfillResponse {
  @OutInt()
  id: number;

  @OutInt()
  year: number;

  @OutEnum({ name: 'BackfillStatus', values: BACKFILL_STATUSES, labels: BACKFILL_STATUS_LABELS })
  status: BackfillStatus;

  @OutText({ description: '状态的中文名' })
  statusLabel: string;

  @OutInt({ description: '开始时缺少月报的已结束月份数' })
  total: number;

  @OutInt({ description: '已处理的月份数' })
  done: number;

  @OutInt({ description: '本次生成的月份数' })
  produced: number;

  @OutInt({ nullable: true, description: '正在生成的月份' })
  currentMonth: number | null;

  @OutList(() => BackfillFailureResponse, { description: '未能生成的月份及原因' })
  failures: BackfillFailureResponse[];

  @OutInt({ nullable: true })
  startedById: number | null;

  @OutTimestamp()
  startedAt: string;

  @OutTimestamp({ nullable: true })
  finishedAt: string | null;
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

  @OutList(() => RollupRevisionResponse, { description: '各版本，首报在前' })
  revisions: RollupRevisionResponse[];
}

export class MonthlyRollupItemResponse extends MonthlyRollupResponse {
  @OutList(() => MonthlyMailResponse, { description: '领导月报邮件：发给了谁，是否成功；空表示未发送' })
  mail: MonthlyMailResponse[];
}

/** One of the five indicators: its key, name and unit. */
export class IndicatorHeadResponse {
  @OutEnum(INDICATOR_KEY_ENUM)
  key: IndicatorKey;

  @OutText({ example: '签约投资' })
  label: string;

  @ApiProperty({ enum: ['万元', '个'], description: '金额为万元，项目数为个' })
  unit: '万元' | '个';
}

export class MonthlyRollupListResponse {
  @OutInt()
  year: number;

  @OutList(() => IndicatorHeadResponse, { description: '五项指标的名称和单位，按报表顺序' })
  indicators: IndicatorHeadResponse[];

  @OutList(() => Number, { description: '当年已结束的月份' })
  closedMonths: number[];

  @OutList(() => Number, { description: '已结束但尚未生成月报的月份' })
  missingMonths: number[];

  @OutList(() => MonthlyRollupItemResponse, { description: '已汇总的月份，按月份先后' })
  items: MonthlyRollupItemResponse[];

  @OutObject(() => BackfillResponse, { nullable: true, description: '当年最近一次补齐（进行中或已结束）；没有时为 null' })
  backfill: BackfillResponse | null;
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
    Answers<RollupRevisionResponse, RollupRevisionView>,
    Answers<MonthlyMailResponse, MonthlyMailView>,
    Answers<BackfillResponse, BackfillView>,
    Answers<MonthlyRollupListResponse, MonthlyYearView>,
    Answers<RecomputeResponse, RollupOutcome & { rollup?: MonthlyRollupView }>,
  ]
>;
