import { Logger } from '@nestjs/common';
import { type ConnectionOptions, type Job, Queue, UnrecoverableError, Worker } from 'bullmq';
import { CronExpressionParser } from 'cron-parser';
import { unavailable } from '../core/errors';
import { pingRedis } from '../core/redis';
import type { AppConfig } from '../core/config/app-config';
import { JobQueue, type QueueHealth, type ScheduleInfo } from './job-queue';
import type { JobRunner } from './job-runner';
import { isJobName, jobDefinitions, type JobName, isPermanentFailure, QUEUE_NAME } from './jobs';

const REDIS_TIMEOUT_MS = 3000;

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: Redis did not answer within ${ms} ms`)), ms))),
  ]).finally(() => clearTimeout(timer));
}

/**
 * BullMQ 6 over Redis: Job Schedulers (cron with tz) upserted at every boot
 * (the same id from several processes leaves one scheduler), retries with
 * exponential backoff, bounded removal of finished jobs, and a Worker when
 * this process is one. Redis being down never stops the API: registration
 * retries in the background, and "run now" answers 503 instead of hanging.
 */
export class BullMqJobQueue extends JobQueue {
  readonly driver = 'bullmq' as const;
  private readonly logger = new Logger('Jobs');
  private queue?: Queue;
  private worker?: Worker;
  private registered = false;
  private registering?: Promise<void>;
  private stopping = false;
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
    this.registering = this.registerSchedulers();
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

  /** Upserts every schedule; while Redis is away, tries again every few seconds. */
  private async registerSchedulers(): Promise<void> {
    for (let attempt = 1; !this.stopping; attempt++) {
      try {
        for (const def of jobDefinitions(this.config)) {
          await this.queue!.upsertJobScheduler(def.name, { pattern: def.cron, tz: this.config.timezone }, { name: def.name, data: {} });
        }
        this.registered = true;
        return;
      } catch (err) {
        this.logger.warn({ msg: 'jobs: could not register schedules yet; retrying', attempt, err: (err as Error).message });
        await new Promise((r) => setTimeout(r, Math.min(1000 * attempt, 10_000)));
      }
    }
  }

  /** Tests and boot scripts: resolves once the schedules are in Redis. */
  whenRegistered(): Promise<void> {
    return this.registering ?? Promise.resolve();
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
      // Ask Redis first: an add() made while it is away would wait in the client's offline
      // queue and run later, after the caller was told 503.
      await withTimeout(pingRedis(this.config.redisUrl!), REDIS_TIMEOUT_MS, 'queue');
      const job = await withTimeout(this.queue!.add(name, { ...data, trigger: 'manual' }), REDIS_TIMEOUT_MS, 'queue');
      return { jobId: String(job.id) };
    } catch (err) {
      this.logger.warn({ msg: 'could not queue a manual run', job: name, err: (err as Error).message });
      throw unavailable('queue_unavailable', '任务队列暂不可用（Redis 无法连接），请稍后重试');
    }
  }

  async schedules(): Promise<ScheduleInfo[]> {
    const defs = jobDefinitions(this.config);
    let known: { key: string; name: string; next?: number }[] | null = null;
    try {
      known = await withTimeout(this.queue!.getJobSchedulers(), REDIS_TIMEOUT_MS, 'schedules');
    } catch (err) {
      this.logger.warn({ msg: 'jobs: cannot read schedules from Redis', err: (err as Error).message });
    }
    return defs.map((d) => {
      const s = known?.find((k) => k.key === d.name || k.name === d.name);
      const next = s?.next ?? CronExpressionParser.parse(d.cron, { tz: this.config.timezone }).next().getTime();
      return { name: d.name, description: d.description, cron: d.cron, timezone: this.config.timezone, nextRunAt: new Date(next).toISOString(), registered: !!s };
    });
  }

  async health(): Promise<QueueHealth> {
    const base = { driver: this.driver, worker: this.config.jobs.worker };
    try {
      await withTimeout(pingRedis(this.config.redisUrl!), REDIS_TIMEOUT_MS, 'queue');
      return { ...base, status: 'up', detail: this.registered ? '定时任务已注册' : '正在注册定时任务' };
    } catch (err) {
      return { ...base, status: 'down', detail: `Redis 无法连接：${(err as Error).message}` };
    }
  }

  async stop(): Promise<void> {
    this.stopping = true;
    // close() lets the job in hand finish; a job cut off by a kill is stalled and retried elsewhere.
    // While Redis is unreachable a graceful Worker.close() never resolves (taskforcesh/bullmq#4656),
    // and the job in hand could not be finished in Redis anyway: then close at once.
    if (this.worker) {
      const reachable = await pingRedis(this.config.redisUrl!).then(() => true, () => false);
      await this.worker.close(!reachable);
    }
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
