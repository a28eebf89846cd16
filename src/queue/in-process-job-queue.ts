import { randomBytes } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { CronExpressionParser } from 'cron-parser';
import type { AppConfig } from '../core/config/app-config';
import { JobQueue, type QueueHealth, type ScheduleInfo } from './job-queue';
import type { JobRunner } from './job-runner';
import { type JobDefinition, jobDefinitions, type JobName, isPermanentFailure } from './jobs';

const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * No Redis: the same handlers run in this process on a cron (in APP_TIMEZONE),
 * with the same retries. One process, so there is nothing to share; a restart
 * misses a fire that fell while it was down (BullMQ keeps those).
 */
export class InProcessJobQueue extends JobQueue {
  readonly driver = 'in-process' as const;
  private readonly logger = new Logger('Jobs');
  private readonly timers = new Map<JobName, NodeJS.Timeout>();
  private readonly next = new Map<JobName, Date>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private stopped = false;

  constructor(
    private readonly config: AppConfig,
    private readonly runner: JobRunner,
  ) {
    super();
  }

  async start(): Promise<void> {
    if (!this.config.jobs.worker) {
      this.logger.log({ msg: 'jobs: in-process driver (no REDIS_URL); this process runs no schedule (WORKER=off)' });
      return;
    }
    for (const def of jobDefinitions(this.config)) this.arm(def);
    this.logger.log({ msg: 'jobs: in-process driver (no REDIS_URL): schedules run in this process', schedules: jobDefinitions(this.config).map((d) => `${d.name} ${d.cron}`) });
  }

  private nextFire(def: JobDefinition, after = new Date()): Date {
    return CronExpressionParser.parse(def.cron, { tz: this.config.timezone, currentDate: after }).next().toDate();
  }

  private arm(def: JobDefinition): void {
    if (this.stopped) return;
    const at = this.nextFire(def);
    this.next.set(def.name, at);
    const timer = setTimeout(() => {
      if (Date.now() < at.getTime()) return this.arm(def); // a long wait was cut into timer-sized pieces
      this.track(this.execute(def.name, {}, 'schedule', at));
      this.arm(def);
    }, Math.min(Math.max(at.getTime() - Date.now(), 0), MAX_TIMER_MS));
    this.timers.set(def.name, timer);
  }

  private track(p: Promise<unknown>): void {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }

  /** Runs with retries and exponential backoff, like BullMQ's defaultJobOptions. */
  private async execute(name: JobName, data: Record<string, unknown>, trigger: 'schedule' | 'manual', scheduledFor: Date): Promise<void> {
    const jobId = `${name}-${scheduledFor.getTime()}-${randomBytes(3).toString('hex')}`;
    for (let attempt = 1; attempt <= this.config.jobs.attempts; attempt++) {
      try {
        await this.runner.run(this.driver, { name, jobId, attempt, trigger, scheduledFor }, data);
        return;
      } catch (err) {
        if (isPermanentFailure(err) || attempt === this.config.jobs.attempts || this.stopped) return;
        await new Promise((r) => setTimeout(r, this.config.jobs.retryDelayMs * 2 ** (attempt - 1)));
      }
    }
  }

  async runNow(name: JobName, data: Record<string, unknown>): Promise<{ jobId: string }> {
    const at = new Date();
    this.track(this.execute(name, data, 'manual', at));
    return { jobId: `${name}-${at.getTime()}` };
  }

  async schedules(): Promise<ScheduleInfo[]> {
    return jobDefinitions(this.config).map((d) => ({
      name: d.name,
      description: d.description,
      cron: d.cron,
      timezone: this.config.timezone,
      nextRunAt: this.config.jobs.worker ? (this.next.get(d.name) ?? this.nextFire(d)).toISOString() : null,
      registered: this.config.jobs.worker,
      stale: false,
    }));
  }

  async health(): Promise<QueueHealth> {
    return { status: 'up', driver: this.driver, worker: this.config.jobs.worker, detail: '进程内运行（未配置 REDIS_URL）' };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    await Promise.allSettled([...this.inFlight]);
  }

  /** Tests: wait until every run started so far has ended. */
  async drain(): Promise<void> {
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }
}
