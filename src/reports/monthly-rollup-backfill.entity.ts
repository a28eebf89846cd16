import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import { JsonColumn } from '../core/database/columns';

export const BACKFILL_STATUSES = ['running', 'succeeded', 'failed'] as const;
export type BackfillStatus = (typeof BACKFILL_STATUSES)[number];

export const BACKFILL_STATUS_LABELS: Record<BackfillStatus, string> = {
  running: '进行中',
  succeeded: '已完成',
  failed: '部分月份失败',
};

/** The value of `runningLock` while a backfill runs: the unique key lets only one hold it. */
export const BACKFILL_LOCK = 'backfill';

/** A month the backfill could not produce, and why (the Chinese message a person reads). */
export interface BackfillFailure {
  month: number;
  message: string;
}

/**
 * 补齐全年: one run that produces the first report of every closed month of a
 * year that has none. Its progress is kept here (not in the queue) so that the
 * page can poll it whichever driver and process runs the job.
 */
@Entity('monthly_rollup_backfills')
@Unique('uq_rollup_backfill_running', ['runningLock'])
export class MonthlyRollupBackfill {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  year: number;

  @Column({ type: 'varchar', length: 20 })
  status: BackfillStatus;

  /** the months that had no report when the backfill started, in order */
  @JsonColumn({ nullable: false })
  months: number[];

  /** months handled so far (produced, found already produced, or failed) */
  @Column({ type: 'integer', default: 0 })
  done: number;

  /** months this backfill produced (a month produced meanwhile by someone else is not counted) */
  @Column({ type: 'integer', default: 0 })
  produced: number;

  /** the month being produced now; null when none */
  @Column({ type: 'integer', nullable: true })
  currentMonth: number | null;

  @JsonColumn({ nullable: false })
  failures: BackfillFailure[];

  /** BACKFILL_LOCK while running, NULL after: NULLs never collide, so finished backfills pile up freely */
  @Column({ type: 'varchar', length: 20, nullable: true })
  runningLock: string | null;

  @Column({ type: 'integer', nullable: true })
  startedById: number | null;

  @Column({ type: 'bigint', nullable: true, transformer: { to: (v: number | null) => v, from: (v: unknown) => (v === null ? null : Number(v)) } })
  finishedAt: number | null;

  /** ms since epoch (the app's Clock) when it last reported progress: a running backfill silent for long was cut off */
  @Column({ type: 'bigint', transformer: { to: (v: number) => v, from: (v: unknown) => Number(v) } })
  heartbeatAt: number;

  @CreateDateColumn()
  createdAt: Date;

  @UpdateDateColumn()
  updatedAt: Date;
}

/** A backfill as GET /reports/monthly and its polling answer show it. */
export interface BackfillView {
  id: number;
  year: number;
  status: BackfillStatus;
  statusLabel: string;
  /** how many months it set out to produce */
  total: number;
  done: number;
  produced: number;
  currentMonth: number | null;
  failures: BackfillFailure[];
  startedById: number | null;
  startedAt: string;
  finishedAt: string | null;
}

export function backfillView(b: MonthlyRollupBackfill): BackfillView {
  return {
    id: b.id, year: b.year, status: b.status, statusLabel: BACKFILL_STATUS_LABELS[b.status], total: b.months.length, done: b.done, produced: b.produced,
    currentMonth: b.currentMonth, failures: b.failures, startedById: b.startedById, startedAt: b.createdAt.toISOString(),
    finishedAt: b.finishedAt === null ? null : new Date(b.finishedAt).toISOString(),
  };
}
