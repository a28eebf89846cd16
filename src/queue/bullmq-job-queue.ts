import { Logger } from '@nestjs/common';
import { type ConnectionOptions, type Job, Queue, UnrecoverableError, Worker } from 'bullmq';
import { CronExpressionParser } from 'cron-parser';
import { unavailable } from '../core/errors';
import type { AppConfig } from '../core/config/app-config';
import { JobQueue, type QueueHealth, type ScheduleInfo } from './job-queue';
import type { JobRunner } from './job-runner';
import { isJobName, JOB_NAME_LABELS, jobDefinitions, type JobName, isPermanentFailure, QUEUE_NAME } from './jobs';
import { ScheduleKeeper, withTimeout } from './schedule-keeper';

/** How long "run now" waits for Redis to take the job. */
const REDIS_TIMEOUT_MS = 3000;
/** How long GET /jobs and /health wait for Redis to list the schedules before answering with what they last knew. */
const READ_TIMEOUT_MS = 1000;

/**
 * BullMQ 6 over Redis: Job Schedulers (cron with tz) kept registered by the
 * ScheduleKeeper (upserted at boot, registered again after Redis lost them),
 * retries with exponential backoff, bounded removal of finished jobs, and a
 * Worker when this process is one. Redis being down never stops the API:
 * registration retries in the background, "run now" answers 503 at once,
 * and GET /jobs answers with the last known state, marked stale.
 */
export class BullMqJobQueue extends JobQueue {
  readonly driver = 'bullmq' as const;
  private readonly logger = new Logger('Jobs');
  private queue?: Queue;
  private worker?: Worker;
  private keeper?: ScheduleKeeper;
  private lastRedisLog = 0;
  private redisErrors = 0;

  constructor(
    private readonly config: AppConfig,
    private readonly runner: JobRunner,
  ) {
    super();
  }

  private connection(): ConnectionOptions {
    // Workers block on Redis: ioredis must retry forever instead of failing commands.
    return { url: this.config.redisUrl, maxRetriesPerRequest: null, enableOfflineQueue: true } as ConnectionOptions;
  }

  async start(): Promise<void> {
    const { jobs } = this.config;
    this.queue = new Queue(QUEUE_NAME, {
      connection: this.connection(),
      prefix: jobs.queuePrefix,
      defaultJobOptions: {
        attempts: jobs.attempts,
        backoff: { type: 'exponential', delay: jobs.retryDelayMs },
        removeOnComplete: { count: 1000, age: 30 * 24 * 3600 },
        removeOnFail: { count: 5000 },
      },
    });
    this.queue.on('error', (err) => this.redisError('queue', err));
    this.keeper = new ScheduleKeeper(this.queue, jobDefinitions(this.config), {
      redisUrl: this.config.redisUrl!, timezone: this.config.timezone, checkEveryMs: jobs.scheduleCheckMs, readTimeoutMs: READ_TIMEOUT_MS,
    });
    this.keeper.start();
    if (jobs.worker) {
      this.worker = new Worker(QUEUE_NAME, (job) => this.process(job), {
        connection: this.connection(),
        prefix: jobs.queuePrefix,
        concurrency: 1,
      });
      this.worker.on('error', (err) => this.redisError('worker', err));
    }
    this.logger.log({ msg: `jobs: BullMQ driver on ${redact(this.config.redisUrl!)}, prefix "${jobs.queuePrefix}"; worker ${jobs.worker ? 'on' : 'off'}` });
  }

  /** ioredis reports every reconnect attempt; log the first and then once a minute, with a count. */
  private redisError(source: string, err: Error): void {
    this.redisErrors++;
    if (Date.now() - this.lastRedisLog < 60_000) return;
    this.lastRedisLog = Date.now();
    this.logger.warn({ msg: `${source}: Redis error (jobs wait; the API keeps serving)`, err: err.message, errorsSinceLastLog: this.redisErrors });
    this.redisErrors = 0;
  }

  /** Tests and boot scripts: resolves once the schedules are in Redis and the keeper's connection is up. */
  whenRegistered(): Promise<void> {
    return this.keeper?.whenRegistered() ?? Promise.resolve();
  }

  private async process(job: Job): Promise<Record<string, unknown>> {
    if (!isJobName(job.name)) throw new UnrecoverableError(`unknown job "${job.name}"`);
    const { trigger, ...data } = (job.data ?? {}) as Record<string, unknown>;
    try {
      return await this.runner.run(this.driver, {
        name: job.name,
        jobId: String(job.id),
        attempt: job.attemptsMade + 1,
        trigger: trigger === 'manual' ? 'manual' : 'schedule',
        scheduledFor: new Date(job.timestamp + (job.delay ?? 0)),
      }, data);
    } catch (err) {
      if (isPermanentFailure(err)) throw new UnrecoverableError((err as Error).message);
      throw err;
    }
  }

  async runNow(name: JobName, data: Record<string, unknown>): Promise<{ jobId: string }> {
    try {
      // Redis away: say so at once. An add() made then would wait in the client's offline
      // queue and run later, after the caller was told 503.
      if (!this.keeper?.redisReady) throw new Error(this.keeper?.redisError ?? 'Redis is not connected');
      const job = await withTimeout(this.queue!.add(name, { ...data, trigger: 'manual' }), REDIS_TIMEOUT_MS, 'queue');
      return { jobId: String(job.id) };
    } catch (err) {
      this.logger.warn({ msg: 'could not queue a manual run', job: name, err: (err as Error).message });
      throw unavailable('queue_unavailable', '任务队列暂不可用（Redis 无法连接），请稍后重试');
    }
  }

  /** What Redis holds now; while it is away or slow, what it last held, marked stale. Never waits long. */
  async schedules(): Promise<ScheduleInfo[]> {
    const now = (await this.keeper?.read()) ?? null;
    const known = now ?? this.keeper?.lastKnown ?? null;
    return jobDefinitions(this.config).map((d) => {
      const next = known?.next.get(d.name) ?? CronExpressionParser.parse(d.cron, { tz: this.config.timezone }).next().getTime();
      return {
        name: d.name, description: d.description, cron: d.cron, timezone: this.config.timezone, nextRunAt: new Date(next).toISOString(),
        registered: known?.next.has(d.name) ?? false, stale: !now,
      };
    });
  }

  /** Down while Redis is away, and while it lacks a schedule: a cron that is not in Redis does not run. */
  async health(): Promise<QueueHealth> {
    const base = { driver: this.driver, worker: this.config.jobs.worker };
    const keeper = this.keeper;
    if (!keeper?.redisReady) {
      const why = keeper?.redisError ? `：${keeper.redisError}` : '';
      return { ...base, status: 'down', detail: `Redis 无法连接${why}。定时任务暂停，Redis 恢复后自动重新登记` };
    }
    if (!keeper.registeredOnce) return { ...base, status: 'up', detail: '正在注册定时任务' };
    const state = await keeper.read();
    if (!state) return { ...base, status: 'down', detail: 'Redis 未及时应答，无法确认定时任务是否已登记' };
    if (state.missing.length) {
      const seconds = Math.ceil(this.config.jobs.scheduleCheckMs / 1000);
      return {
        ...base, status: 'down',
        detail: `Redis 中缺少定时任务：${state.missing.map((n) => JOB_NAME_LABELS[n]).join('、')}（Redis 可能被清空或无持久化重启）。将在 ${seconds} 秒内自动重新登记，在此之前不会按时运行`,
      };
    }
    return { ...base, status: 'up', detail: '定时任务已注册' };
  }

  async stop(): Promise<void> {
    const reachable = this.keeper?.redisReady ?? false;
    this.keeper?.stop();
    // close() lets the job in hand finish; a job cut off by a kill is stalled and retried elsewhere.
    // While Redis is unreachable a graceful Worker.close() never resolves (taskforcesh/bullmq#4656),
    // and the job in hand could not be finished in Redis anyway: then close at once.
    if (this.worker) await this.worker.close(!reachable);
    await this.queue?.close();
  }

  /** Tests: the underlying queue. */
  get bullQueue(): Queue | undefined {
    return this.queue;
  }
}

function redact(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}
