import { ApiProperty, getSchemaPath } from '@nestjs/swagger';
import {
  type AllAnswered,
  type Answers,
  type NamedEnum,
  OutBool,
  OutEnum,
  OutInt,
  OutList,
  OutNumber,
  OutRate,
  OutText,
  OutTimestamp,
  PageOf,
} from '../core/http/api-docs';
import {
  NOTIFICATION_KIND_LABELS,
  NOTIFICATION_KINDS,
  NOTIFICATION_STATUS_LABELS,
  NOTIFICATION_STATUSES,
  REMINDER_KIND_LABELS,
  REMINDER_KINDS,
  type NotificationKind,
  type ReminderKind,
  type NotificationStatus,
} from './notification.entity';
import type { NotificationsService } from './notifications.service';

const NOTIFICATION_KIND_ENUM: NamedEnum<NotificationKind> = { name: 'NotificationKind', values: NOTIFICATION_KINDS, labels: NOTIFICATION_KIND_LABELS };
const NOTIFICATION_STATUS_ENUM: NamedEnum<NotificationStatus> = {
  name: 'NotificationStatus',
  values: NOTIFICATION_STATUSES,
  labels: NOTIFICATION_STATUS_LABELS,
};
export const REMINDER_KIND_ENUM: NamedEnum<ReminderKind> = { name: 'ReminderKind', values: REMINDER_KINDS, labels: REMINDER_KIND_LABELS };
const TEAM_LIGHTS = ['yellow', 'red'] as const;

/** One line of a daily digest, as the notification keeps it. */
export class DigestLineResponse {
  @OutEnum(REMINDER_KIND_ENUM)
  kind: ReminderKind;

  @OutInt()
  projectId: number;

  @OutText()
  projectName: string;

  @ApiProperty({ enum: TEAM_LIGHTS, required: false, description: '团队督办：黄灯或红灯' })
  light?: (typeof TEAM_LIGHTS)[number];

  @OutText({ description: '中文说明' })
  detail: string;
}

/** What a daily digest listed (kind daily_digest). */
export class DigestSummaryResponse {
  @OutList(() => DigestLineResponse, { description: '本人负责的项目' })
  own: DigestLineResponse[];

  @OutList(() => DigestLineResponse, { description: '团队负责人：本团队的黄灯、红灯项目' })
  team: DigestLineResponse[];
}

export class MonthlyReportIndicatorLineResponse {
  @OutText({ description: '指标代码' })
  key: string;

  @OutText()
  label: string;

  @OutNumber({ description: '当月' })
  month: number;

  @OutNumber({ description: '累计' })
  ytd: number;

  @OutNumber({ description: '目标' })
  target: number;

  @OutRate({ nullable: true, description: '完成率' })
  completionRate: number | null;
}

/** What a monthly report e-mail carried (kind monthly_report). */
export class MonthlyReportSummaryResponse {
  @OutText({ description: '月份 YYYY-MM' })
  period: string;

  @OutInt({ description: '月报版本号' })
  revision: number;

  @OutList(() => MonthlyReportIndicatorLineResponse)
  indicators: MonthlyReportIndicatorLineResponse[];

  @OutText({ description: '附件文件名' })
  attachment: string;
}

/** One e-mail to the caller: sent, failed or skipped. */
export class NotificationResponse {
  @OutInt()
  id: number;

  @OutEnum(NOTIFICATION_KIND_ENUM)
  kind: NotificationKind;

  @OutText({ description: '所属日期（YYYY-MM-DD）或月份（YYYY-MM）' })
  period: string;

  @OutEnum(NOTIFICATION_STATUS_ENUM)
  status: NotificationStatus;

  @OutText({ nullable: true, description: '收件地址' })
  toAddress: string | null;

  @OutText({ nullable: true })
  subject: string | null;

  @OutInt({ description: '条目数' })
  itemCount: number;

  @ApiProperty({
    oneOf: [{ $ref: getSchemaPath(DigestSummaryResponse) }, { $ref: getSchemaPath(MonthlyReportSummaryResponse) }],
    nullable: true,
    description: '邮件列出的内容：每日提醒为 DigestSummaryResponse，月报为 MonthlyReportSummaryResponse',
  })
  summary: Record<string, unknown> | null;

  @OutText({ nullable: true, description: '失败或跳过的原因' })
  error: string | null;

  @OutBool({ description: '永久失败（不再重试）' })
  permanent: boolean;

  @OutInt({ description: '尝试次数' })
  attempts: number;

  @OutText({ nullable: true })
  messageId: string | null;

  @OutTimestamp()
  createdAt: Date;

  @OutTimestamp()
  updatedAt: Date;
}

export class NotificationPage extends PageOf(NotificationResponse) {}


/** Compile-time: the classes above fit what the service answers and name every field of it. */
export type NotificationsResponsesMatch = AllAnswered<[Answers<NotificationPage, Awaited<ReturnType<NotificationsService['list']>>>]>;
