import { Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AppConfig } from '../../core/config/app-config';
import { badField } from '../../core/errors';
import { InProcessJobQueue } from '../in-process-job-queue';
import type { JobRegistry } from '../job-registry';
import type { JobRunStatus } from '../job-run.entity';
import { JobRunner } from '../job-runner';
import type { JobRunsRepository, NewJobRun } from '../job-runs.repository';
import { type JobContext, type JobHandler, PermanentJobError } from '../jobs';
import { immediateUnitOfWork } from '../../../test/helpers/unit';

const ATTEMPTS = 3;

/** job_runs in memory: what GET /jobs would show. */
class FakeJobRuns {
  readonly rows: (NewJobRun & { id: number; status: JobRunStatus; error: string | null })[] = [];

  async start(_em: EntityManager, run: NewJobRun): Promise<number> {
    this.rows.push({ ...run, id: this.rows.length + 1, status: 'running', error: null });
    return this.rows.length;
  }

  async finish(_em: EntityManager, id: number, end: { status: JobRunStatus; error: string | null }): Promise<void> {
    Object.assign(this.rows[id - 1], { status: end.status, error: end.error });
  }
}

/** A handler that fails with `failure` every time, and counts its calls. */
function failingHandler(failure: () => unknown): JobHandler & { calls: JobContext[] } {
  const calls: JobContext[] = [];
  return {
    calls,
    async run(_data, ctx) {
      calls.push(ctx);
      throw failure();
    },
  };
}

function setup(handler: JobHandler) {
  const runs = new FakeJobRuns();
  const registry = { get: () => handler } as unknown as JobRegistry;
  const runner = new JobRunner(registry, runs as unknown as JobRunsRepository, immediateUnitOfWork());
  const config = { timezone: 'Asia/Shanghai', jobs: { worker: false, attempts: ATTEMPTS, retryDelayMs: 1 } } as AppConfig;
  return { queue: new InProcessJobQueue(config, runner), runs };
}

describe(InProcessJobQueue.name, () => {
  beforeAll(() => Logger.overrideLogger(false));

  it.each([
    ['a domain error flagged permanent', () => badField('date', 'bad_date', '日期应为有效日期，格式 YYYY-MM-DD', '2026-02-30')],
    ['a PermanentJobError', () => new PermanentJobError('month "2026-13" is not YYYY-MM')],
  ])('runs a job failing with %s once, and records it failed', async (_, failure) => {
    const handler = failingHandler(failure);
    const { queue, runs } = setup(handler);
    await queue.runNow('reminders.daily', {});
    await queue.drain();
    expect(handler.calls.map((c) => c.attempt)).toEqual([1]);
    expect(runs.rows.map((r) => [r.attempt, r.status, r.trigger])).toEqual([[1, 'failed', 'manual']]);
  });

  it('retries any other failure up to the configured attempts, recording each', async () => {
    const handler = failingHandler(() => new Error('SMTP connection reset'));
    const { queue, runs } = setup(handler);
    await queue.runNow('reminders.daily', {});
    await queue.drain();
    expect(handler.calls.map((c) => c.attempt)).toEqual([1, 2, 3]);
    expect(runs.rows.map((r) => [r.attempt, r.status, r.error])).toEqual([
      [1, 'failed', 'SMTP connection reset'], [2, 'failed', 'SMTP connection reset'], [3, 'failed', 'SMTP connection reset'],
    ]);
  });

  it('stops retrying once an attempt succeeds', async () => {
    let calls = 0;
    const { queue, runs } = setup({
      async run() {
        if (++calls === 1) throw new Error('SQLITE_BUSY');
        return { sent: 4 };
      },
    });
    await queue.runNow('reminders.daily', {});
    await queue.drain();
    expect(runs.rows.map((r) => [r.attempt, r.status])).toEqual([[1, 'failed'], [2, 'succeeded']]);
  });
});
