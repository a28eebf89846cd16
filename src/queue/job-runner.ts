import { hostname } from 'node:os';
import { Injectable, Logger } from '@nestjs/common';
import { UnitOfWork } from '../core/database/unit-of-work';
import { isDomainError } from '../core/errors';
import { JobRegistry } from './job-registry';
import { JobRunsRepository } from './job-runs.repository';
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
    private readonly runs: JobRunsRepository,
    private readonly uow: UnitOfWork,
  ) {}

  async run(driver: string, ctx: JobContext, data: Record<string, unknown>): Promise<Record<string, unknown>> {
    const runner = `${driver}@${hostname()}:${process.pid}`;
    const startedAt = Date.now();
    const id = await this.uow.run((em) =>
      this.runs.start(em, { name: ctx.name, jobId: ctx.jobId, trigger: ctx.trigger, attempt: ctx.attempt, runner, startedAt }),
    );
    this.logger.log({ msg: 'job started', job: ctx.name, jobId: ctx.jobId, attempt: ctx.attempt, trigger: ctx.trigger, scheduledFor: ctx.scheduledFor.toISOString() });
    try {
      const result = await this.registry.get(ctx.name).run(data, ctx);
      await this.finish(id, 'succeeded', result, null);
      this.logger.log({ msg: 'job succeeded', job: ctx.name, jobId: ctx.jobId, ms: Date.now() - startedAt, ...result });
      return result;
    } catch (err) {
      // the message is what GET /jobs shows: a domain error's is Chinese; the code goes to the log
      const message = err instanceof Error ? err.message : String(err);
      await this.finish(id, 'failed', (err as { result?: Record<string, unknown> }).result ?? null, message).catch((e) =>
        this.logger.error({ msg: 'could not record the failed run', job: ctx.name, err: String(e) }),
      );
      this.logger.error({ msg: 'job failed', job: ctx.name, jobId: ctx.jobId, attempt: ctx.attempt, code: isDomainError(err) ? err.code : undefined, err: message });
      throw err;
    }
  }

  private finish(id: number, status: 'succeeded' | 'failed', result: Record<string, unknown> | null, error: string | null): Promise<void> {
    return this.uow.run((em) => this.runs.finish(em, id, { status, finishedAt: Date.now(), result, error: error?.slice(0, 2000) ?? null }));
  }
}
