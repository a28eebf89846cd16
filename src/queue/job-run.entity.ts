import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { JsonColumn } from '../core/database/columns';

export const JOB_RUN_STATUSES = ['running', 'succeeded', 'failed'] as const;
export type JobRunStatus = (typeof JOB_RUN_STATUSES)[number];

export const JOB_RUN_STATUS_LABELS: Record<JobRunStatus, string> = {
  running: '运行中',
  succeeded: '成功',
  failed: '失败',
};

export const JOB_TRIGGERS = ['schedule', 'manual'] as const;
export type JobTrigger = (typeof JOB_TRIGGERS)[number];

export const JOB_TRIGGER_LABELS: Record<JobTrigger, string> = {
  schedule: '定时',
  manual: '手动',
};

/** One attempt of one job, whichever driver ran it: what GET /jobs shows. */
@Entity('job_runs')
@Index('idx_job_runs_name_started', ['name', 'startedAt'])
export class JobRun {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 60 })
  name: string;

  /** the queue's job id (BullMQ) or the in-process run id */
  @Column({ type: 'varchar', length: 120, nullable: true })
  jobId: string | null;

  @Column({ type: 'varchar', length: 20 })
  trigger: JobTrigger;

  @Column({ type: 'integer' })
  attempt: number;

  @Column({ type: 'varchar', length: 20 })
  status: JobRunStatus;

  /** the driver and process that ran it, e.g. bullmq@host:pid */
  @Column({ type: 'varchar', length: 120 })
  runner: string;

  @Column({ type: 'bigint', transformer: { to: (v: number) => v, from: (v: unknown) => Number(v) } })
  startedAt: number;

  @Column({ type: 'bigint', nullable: true, transformer: { to: (v: number | null) => v, from: (v: unknown) => (v === null ? null : Number(v)) } })
  finishedAt: number | null;

  @JsonColumn()
  result: Record<string, unknown> | null;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  error: string | null;

  @CreateDateColumn()
  createdAt: Date;
}
