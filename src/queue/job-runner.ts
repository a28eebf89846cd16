import { hostname } from 'node:os';
import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../core/clock';
import { UnitOfWork } from '../core/database/unit-of-work';
import { JobRegistry } from './job-registry';
import { JobRun } from './job-run.entity';
import type { JobContext } from './jobs';

/**
 * Runs one attempt of a job for either driver: records the run (GET /jobs),
 * calls the handler, records how it ended, and rethrows a failure so that the
 * driver can retry it.
 */
@Injectable()
export class JobRunner {
  private readonly logger = new Logger('Jobs');

  constructor(
    private readonly registry: JobRegistry,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async run(driver: string, ctx: JobContext, data: Record<string, unknown>): Promise<Record<string, unknown>> {
    const runner = `${driver}@${hostname()}:${process.pid}`;
    const startedAt = Date.now();
    const run = await this.uow.run((em) =>
      em.save(em.create(JobRun, {
        name: ctx.name, jobId: ctx.jobId, trigger: ctx.trigger, attempt: ctx.attempt, status: 'running', runner, startedAt,
        finishedAt: null, result: null, error: null,
      })),
    );
    this.logger.log({ msg: 'job started', job: ctx.name, jobId: ctx.jobId, attempt: ctx.attempt, trigger: ctx.trigger, scheduledFor: ctx.scheduledFor.toISOString() });
    try {
      const result = await this.registry.get(ctx.name).run(data, ctx);
      await this.finish(run.id, 'succeeded', result, null);
      this.logger.log({ msg: 'job succeeded', job: ctx.name, jobId: ctx.jobId, ms: Date.now() - startedAt, ...result });
      return result;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      await this.finish(run.id, 'failed', (err as { result?: Record<string, unknown> }).result ?? null, message).catch((e) =>
        this.logger.error({ msg: 'could not record the failed run', job: ctx.name, err: String(e) }),
      );
      this.logger.error({ msg: 'job failed', job: ctx.name, jobId: ctx.jobId, attempt: ctx.attempt, err: message });
      throw err;
    }
  }

  private finish(id: number, status: 'succeeded' | 'failed', result: Record<string, unknown> | null, error: string | null) {
    return this.uow.run(async (em) => {
      const run = await em.findOneByOrFail(JobRun, { id });
      Object.assign(run, { status, finishedAt: Date.now(), result, error: error?.slice(0, 2000) ?? null });
      await em.save(run);
    });
  }

  /** for the clock-aware handlers: the run's business date */
  today(ctx: JobContext): string {
    return this.clock.dateOf(ctx.scheduledFor);
  }
}
