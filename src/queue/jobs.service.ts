import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { badField } from '../core/errors';
import { JobQueue } from './job-queue';
import { JobRun } from './job-run.entity';
import { isJobName, JOB_NAMES } from './jobs';

const LAST_RUNS = 10;

/** GET /jobs and POST /jobs/:name/run; starts and stops the queue with the app. */
@Injectable()
export class JobsService implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly queue: JobQueue,
    @InjectDataSource() private readonly ds: DataSource,
  ) {}

  onApplicationBootstrap(): Promise<void> {
    return this.queue.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.queue.stop();
  }

  async list() {
    const schedules = await this.queue.schedules();
    const repo = this.ds.getRepository(JobRun);
    const since = Date.now() - 30 * 24 * 3600 * 1000;
    const items = [];
    for (const s of schedules) {
      const lastRuns = await repo.find({ where: { name: s.name }, order: { startedAt: 'DESC', id: 'DESC' }, take: LAST_RUNS });
      const failures30d = await repo
        .createQueryBuilder('r')
        .where('r.name = :name AND r.status = :st AND r."startedAt" >= :since', { name: s.name, st: 'failed', since })
        .getCount();
      items.push({
        ...s,
        driver: this.queue.driver,
        lastRuns: lastRuns.map((r) => ({
          id: r.id, jobId: r.jobId, trigger: r.trigger, attempt: r.attempt, status: r.status, runner: r.runner,
          startedAt: new Date(r.startedAt).toISOString(), finishedAt: r.finishedAt ? new Date(r.finishedAt).toISOString() : null,
          durationMs: r.finishedAt ? r.finishedAt - r.startedAt : null, result: r.result, error: r.error,
        })),
        failures30d,
      });
    }
    return { items, health: await this.queue.health() };
  }

  async runNow(name: string, data: Record<string, unknown>) {
    if (!isJobName(name)) throw badField('name', 'unknown_job', `没有这个任务；可用：${JOB_NAMES.join('、')}`, name);
    return { name, ...(await this.queue.runNow(name, data)), driver: this.queue.driver };
  }
}
