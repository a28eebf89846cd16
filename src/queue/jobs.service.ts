import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown, Optional } from '@nestjs/common';
import { badField } from '../core/errors';
import { JobQueue } from './job-queue';
import { JobRegistry } from './job-registry';
import { JobRunsRepository } from './job-runs.repository';
import { isJobName, JOB_NAMES } from './jobs';
import { MissedMessages } from './missed-messages.port';
import { jobFigures } from './job-figures';

const LAST_RUNS = 10;
/** GET /jobs counts failures and missed messages over this many days */
const WINDOW_DAYS = 30;

/** GET /jobs and POST /jobs/:name/run; starts and stops the queue with the app. */
@Injectable()
export class JobsService implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly queue: JobQueue,
    private readonly runs: JobRunsRepository,
    private readonly registry: JobRegistry,
    @Optional() private readonly missed?: MissedMessages,
  ) {}

  onApplicationBootstrap(): Promise<void> {
    return this.queue.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.queue.stop();
  }

  async list() {
    const schedules = await this.queue.schedules();
    const since = Date.now() - WINDOW_DAYS * 24 * 3600 * 1000;
    const missed = (await this.missed?.countForLastDays(WINDOW_DAYS)) ?? {};
    const items = [];
    for (const s of schedules) {
      const lastRuns = await this.runs.latest(s.name, LAST_RUNS);
      const failures30d = await this.runs.countFailedSince(s.name, since);
      items.push({
        ...s,
        driver: this.queue.driver,
        lastRuns: lastRuns.map((r) => ({
          id: r.id, jobId: r.jobId, trigger: r.trigger, attempt: r.attempt, status: r.status, runner: r.runner,
          startedAt: new Date(r.startedAt).toISOString(), finishedAt: r.finishedAt ? new Date(r.finishedAt).toISOString() : null,
          durationMs: r.finishedAt ? r.finishedAt - r.startedAt : null, result: r.result, figures: jobFigures(r.result), error: r.error,
        })),
        failures30d,
        missed30d: missed[s.name] ?? 0,
      });
    }
    return { items, health: await this.queue.health() };
  }

  async runNow(name: string, data: Record<string, unknown>) {
    if (!isJobName(name)) throw badField('name', 'unknown_job', `没有这个任务；可用：${JOB_NAMES.join('、')}`, name);
    // what the run would refuse is refused now, and nothing is queued
    const refused = this.registry.get(name).refuse?.(data);
    if (refused) throw refused;
    return { name, ...(await this.queue.runNow(name, data)), driver: this.queue.driver };
  }
}
