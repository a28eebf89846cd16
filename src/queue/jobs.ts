/**
 * Every job of the system in one place: its name, what it does, and its
 * schedule. A name with no handler, or with two, stops the boot (JobRegistry).
 */
import type { AppConfig } from '../core/config/app-config';
import { type DomainError, isDomainError } from '../core/errors';

export const JOB_NAMES = ['reminders.daily', 'reminders.retry', 'reports.monthly-rollup', 'reports.backfill', 'imports.analyse', 'imports.commit'] as const;
export type JobName = (typeof JOB_NAMES)[number];

/** The jobs that run on a schedule (jobDefinitions); the others run only when asked (e.g. an admin's 补齐全年). */
export const SCHEDULED_JOB_NAMES = ['reminders.daily', 'reminders.retry', 'reports.monthly-rollup'] as const satisfies readonly JobName[];

export const JOB_NAME_LABELS: Record<JobName, string> = {
  'reminders.daily': '每日提醒',
  'reminders.retry': '提醒补发',
  'reports.monthly-rollup': '月度汇总',
  'reports.backfill': '月报补齐',
  'imports.analyse': '导入预检',
  'imports.commit': '导入提交',
};

export const QUEUE_NAME = 'jobs';

export interface JobDefinition {
  name: (typeof SCHEDULED_JOB_NAMES)[number];
  description: string;
  /** cron pattern, in the app's time zone */
  cron: string;
}

export function jobDefinitions(config: AppConfig): JobDefinition[] {
  return [
    { name: 'reminders.daily', description: '每日提醒摘要：跟进到期、长期未跟进、节点临期或逾期、签约未开工、建设未投产、团队督办', cron: config.jobs.reminderCron },
    {
      name: 'reminders.retry',
      description: '提醒补发：当天发送失败的每日提醒定时重发，直到当天结束；过了当天仍未发出的记为“已错过”，其事项由次日提醒照常列出',
      cron: config.jobs.reminderRetryCron,
    },
    { name: 'reports.monthly-rollup', description: '月度汇总：上月数据冻结（月报）', cron: config.jobs.rollupCron },
  ];
}

export function isJobName(name: string): name is JobName {
  return (JOB_NAMES as readonly string[]).includes(name);
}

/** What a handler is told about the run it is in. */
export interface JobContext {
  name: JobName;
  jobId: string;
  attempt: number;
  trigger: 'schedule' | 'manual';
  /** when the run was due: a schedule's fire time, or when it was asked for */
  scheduledFor: Date;
}

/** Thrown by a handler for a failure that a retry cannot fix (BullMQ does not retry it). */
export class PermanentJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentJobError';
  }
}

/**
 * Whether a failure will recur however often the job is retried: a
 * PermanentJobError, or a domain rule violation / bad input (a month that is
 * not closed, a date that is not real). Those fail once and are recorded.
 */
export function isPermanentFailure(err: unknown): boolean {
  return err instanceof PermanentJobError || (isDomainError(err) && err.permanent);
}

export interface JobHandler<D = Record<string, unknown>> {
  run(data: D, ctx: JobContext): Promise<Record<string, unknown>>;
  /**
   * Input the run would refuse, checked before "run now" queues it (400)
   * and again by the run itself (a permanent failure): one rule, both places.
   */
  refuse?(data: D): DomainError | null;
}

export const JOB_HANDLER = 'zs:jobHandler';

/** Marks a provider as the handler of one job; JobRegistry finds it at boot. */
export function HandlesJob(name: JobName): ClassDecorator {
  return (target) => Reflect.defineMetadata(JOB_HANDLER, name, target);
}
