import { ApiProperty } from '@nestjs/swagger';
import {
  type AllAnswered,
  type Answers,
  type NamedEnum,
  OutBool,
  OutEnum,
  OutFreeForm,
  OutInt,
  OutList,
  OutObject,
  OutText,
  OutTimestamp,
} from '../core/http/api-docs';
import type { QueueHealth } from './job-queue';
import { JOB_RUN_STATUS_LABELS, JOB_RUN_STATUSES, JOB_TRIGGER_LABELS, JOB_TRIGGERS, type JobRunStatus, type JobTrigger } from './job-run.entity';
import { JOB_NAME_LABELS, JOB_NAMES, type JobName } from './jobs';
import type { JobsService } from './jobs.service';

export const JOB_NAME_ENUM: NamedEnum<JobName> = { name: 'JobName', values: JOB_NAMES, labels: JOB_NAME_LABELS };
const JOB_RUN_STATUS_ENUM: NamedEnum<JobRunStatus> = { name: 'JobRunStatus', values: JOB_RUN_STATUSES, labels: JOB_RUN_STATUS_LABELS };
const JOB_TRIGGER_ENUM: NamedEnum<JobTrigger> = { name: 'JobTrigger', values: JOB_TRIGGERS, labels: JOB_TRIGGER_LABELS };
const DRIVERS = ['bullmq', 'in-process'] as const;

/** Whether the job system can take work and its schedules will fire. */
export class QueueHealthResponse {
  @ApiProperty({ enum: ['up', 'down'], description: 'down：Redis 无法连接，或 Redis 中缺少定时任务（将自动重新登记）' })
  status: 'up' | 'down';

  @ApiProperty({ enum: DRIVERS, description: 'bullmq（配置了 REDIS_URL）或 in-process' })
  driver: (typeof DRIVERS)[number];

  @OutBool({ description: '本进程是否执行定时任务' })
  worker: boolean;

  @OutText({ optional: true })
  detail?: string;
}

/** One figure of a run's result, named in Chinese. */
export class JobFigureResponse {
  @OutText({ example: '已发送' })
  label: string;

  @OutText({ example: '12' })
  value: string;
}

/** One attempt of one job. */
export class JobRunResponse {
  @OutInt()
  id: number;

  @OutText({ nullable: true, description: '队列中的任务 id' })
  jobId: string | null;

  @OutEnum(JOB_TRIGGER_ENUM)
  trigger: JobTrigger;

  @OutInt({ description: '第几次尝试' })
  attempt: number;

  @OutEnum(JOB_RUN_STATUS_ENUM)
  status: JobRunStatus;

  @OutText({ description: '执行者，如 bullmq@host:pid' })
  runner: string;

  @OutTimestamp()
  startedAt: string;

  @OutTimestamp({ nullable: true })
  finishedAt: string | null;

  @OutInt({ nullable: true, description: '耗时（毫秒）；运行中为 null' })
  durationMs: number | null;

  @OutFreeForm({ nullable: true, description: '任务返回的结果（各任务不同，如发送数目）' })
  result: Record<string, unknown> | null;

  @OutList(() => JobFigureResponse, { description: 'result 中的各项数字，带中文名称（供页面显示）' })
  figures: JobFigureResponse[];

  @OutText({ nullable: true, description: '失败原因' })
  error: string | null;
}

/** A scheduled job, its next run, its last runs and failures. */
export class JobResponse {
  @OutEnum(JOB_NAME_ENUM)
  name: JobName;

  @OutText({ description: '中文说明' })
  description: string;

  @OutText({ description: 'cron 表达式', example: '0 8 * * *' })
  cron: string;

  @OutText({ example: 'Asia/Shanghai' })
  timezone: string;

  @OutTimestamp({ nullable: true, description: '下次运行；本进程不执行定时任务时为 null' })
  nextRunAt: string | null;

  @OutBool({ description: '定时计划已在队列中登记（BullMQ：在 Redis 中）' })
  registered: boolean;

  @OutBool({ description: '为 true 时 Redis 当前无法连接或未及时应答：registered 与 nextRunAt 是最后一次读到的状态' })
  stale: boolean;

  @ApiProperty({ enum: DRIVERS })
  driver: (typeof DRIVERS)[number];

  @OutList(() => JobRunResponse, { description: '最近 10 次运行，新的在前' })
  lastRuns: JobRunResponse[];

  @OutInt({ description: '近 30 天失败次数' })
  failures30d: number;

  @OutInt({ description: '近 30 天记为“已错过”的邮件数：当天未能发出（重试至当天结束仍失败）；事项由次日邮件照常列出' })
  missed30d: number;
}

export class JobsResponse {
  @OutList(() => JobResponse)
  items: JobResponse[];

  @OutObject(() => QueueHealthResponse)
  health: QueueHealthResponse;
}

/** POST /jobs/:name/run: the run was queued (202); it shows in GET /jobs. */
export class JobQueuedResponse {
  @OutEnum(JOB_NAME_ENUM)
  name: string;

  @OutText()
  jobId: string;

  @ApiProperty({ enum: DRIVERS })
  driver: (typeof DRIVERS)[number];
}

/** Compile-time: the classes above fit what the service answers and name every field of it. */
export type JobsResponsesMatch = AllAnswered<
  [
    Answers<JobsResponse, Awaited<ReturnType<JobsService['list']>>>,
    Answers<JobQueuedResponse, Awaited<ReturnType<JobsService['runNow']>>>,
    Answers<QueueHealthResponse, QueueHealth>,
  ]
>;
