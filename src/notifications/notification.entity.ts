import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import { JsonColumn } from '../core/database/columns';

export const NOTIFICATION_KINDS = ['daily_digest', 'monthly_report'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const NOTIFICATION_KIND_LABELS: Record<NotificationKind, string> = {
  daily_digest: '每日提醒',
  monthly_report: '月报',
};

/**
 * sending: claimed by a worker; sent / skipped: final; failed: may be retried
 * unless permanent; missed: final, a daily digest that its day ended before it
 * could be sent (its items are in the next day's digest, the rules select by state)
 */
export const NOTIFICATION_STATUSES = ['sending', 'sent', 'failed', 'skipped', 'missed'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

export const NOTIFICATION_STATUS_LABELS: Record<NotificationStatus, string> = {
  sending: '发送中',
  sent: '已发送',
  failed: '发送失败',
  skipped: '已跳过',
  missed: '已错过',
};

/**
 * One message to one person for one period. The unique key (user, kind,
 * period) is what makes a digest go out once per day however many workers
 * or retries run: a worker must claim the row before it sends.
 */
/** What a line of a daily digest can be about (the digest is kept with the notification that sent it). */
export const REMINDER_KINDS = ['follow_up', 'stale', 'milestone', 'signed_dwell', 'construction_dwell', 'team_light'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

export const REMINDER_KIND_LABELS: Record<ReminderKind, string> = {
  follow_up: '跟进到期',
  stale: '长期未跟进',
  milestone: '节点临期或逾期',
  signed_dwell: '签约未开工',
  construction_dwell: '建设未投产',
  team_light: '团队督办',
};

@Entity('notifications')
@Unique('uq_notification_user_kind_period', ['userId', 'kind', 'periodKey'])
@Index('idx_notifications_user_created', ['userId', 'createdAt'])
export class Notification {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  userId: number;

  @Column({ type: 'varchar', length: 30 })
  kind: NotificationKind;

  /** the day (YYYY-MM-DD) or month (YYYY-MM) the message is for */
  @Column({ type: 'varchar', length: 10 })
  periodKey: string;

  @Column({ type: 'varchar', length: 20 })
  status: NotificationStatus;

  @Column({ type: 'varchar', length: 254, nullable: true })
  toAddress: string | null;

  @Column({ type: 'varchar', length: 300, nullable: true })
  subject: string | null;

  @Column({ type: 'integer', default: 0 })
  itemCount: number;

  /** what the message listed, for GET /notifications */
  @JsonColumn()
  summary: Record<string, unknown> | null;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  error: string | null;

  /** a failure the SMTP server called permanent (5xx): not retried */
  @Column({ type: 'boolean', default: false })
  permanent: boolean;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  /** ms since epoch when a worker claimed it; a claim older than the lease may be taken over */
  @Column({ type: 'bigint', nullable: true, transformer: { to: (v: number | null) => v, from: (v: unknown) => (v === null ? null : Number(v)) } })
  claimedAt: number | null;

  @Column({ type: 'varchar', length: 300, nullable: true })
  messageId: string | null;

  @CreateDateColumn()
  createdAt: Date;

  @UpdateDateColumn()
  updatedAt: Date;
}
