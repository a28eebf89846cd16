import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InProcessJobQueue } from '../../src/queue/in-process-job-queue';
import { JobQueue } from '../../src/queue/job-queue';
import type { JobRunView } from '../helpers/digest-fixture';
import { type Account, bearer, seedWorld } from '../helpers/fixtures';
import { describeEachDatabase, startTestApp, type TestApp } from '../helpers/test-app';

/**
 * The monthly rollup job on the in-process driver, as an admin's "run now"
 * starts it: a month that is not over is refused with a domain error the
 * runner treats as permanent, so the run fails once, is recorded, and is not
 * retried (three attempts are allowed, 20 ms apart); a closed month rolls up.
 * The clock stands at 2026-06-15 10:00 in Shanghai.
 */
describeEachDatabase('the monthly rollup job', (db) => {
  let t: TestApp;
  let admin: Account;
  /** the monthly e-mail to the leader goes to files here */
  let outbox: string;

  beforeAll(async () => {
    outbox = mkdtempSync(join(tmpdir(), 'zs-rollup-outbox-'));
    t = await startTestApp(db, { env: { WORKER: 'true', JOB_ATTEMPTS: '3', JOB_RETRY_DELAY_MS: '20', SMTP_URL: `file:${outbox}` } });
    admin = (await seedWorld(t)).admin;
  });
  afterAll(async () => {
    await t?.close();
    rmSync(outbox, { recursive: true, force: true });
  });

  /** "run now", then waits until the run and any retries have ended */
  async function runNow(body: Record<string, unknown>): Promise<void> {
    const res = await t.http().post('/api/v1/jobs/reports.monthly-rollup/run').set(bearer(admin)).send(body);
    expect(res.status).toBe(202);
    const queue = t.app.get(JobQueue);
    if (!(queue instanceof InProcessJobQueue)) throw new Error(`expected the in-process driver, got ${queue.driver}`);
    await queue.drain();
  }

  async function rollupJob(): Promise<{ lastRuns: JobRunView[]; failures30d: number }> {
    const body = (await t.http().get('/api/v1/jobs').set(bearer(admin)).expect(200)).body;
    return body.items.find((i: { name: string }) => i.name === 'reports.monthly-rollup');
  }

  it('fails once, recorded, for a month that is not over, and writes no rollup', async () => {
    await runNow({ month: '2026-06' });
    const job = await rollupJob();
    expect(job.lastRuns).toHaveLength(1);
    expect(job.lastRuns[0]).toMatchObject({ attempt: 1, status: 'failed', trigger: 'manual' });
    expect(job.lastRuns[0].error).toContain('2026-06 尚未结束');
    expect(job.failures30d).toBe(1);
    expect((await t.http().get('/api/v1/reports/monthly?year=2026').set(bearer(admin)).expect(200)).body.items).toEqual([]);
    expect(readdirSync(outbox)).toEqual([]);
  });

  it('rolls up a closed month in one attempt', async () => {
    await runNow({ month: '2026-05' });
    const job = await rollupJob();
    expect(job.lastRuns).toHaveLength(2);
    expect(job.lastRuns[0]).toMatchObject({ attempt: 1, status: 'succeeded', result: expect.objectContaining({ period: '2026-05', revision: 1, changed: true }) });
    const items = (await t.http().get('/api/v1/reports/monthly?year=2026').set(bearer(admin)).expect(200)).body.items as { month: number }[];
    expect(items.map((i) => i.month)).toEqual([5]);
    expect(job.lastRuns[0].result).toMatchObject({ mail: { recipients: 1, sent: 1 } }); // the leader
    // the same figures, named for the 任务 page
    expect(job.lastRuns[0].figures).toEqual(expect.arrayContaining([{ label: '月份', value: '2026-05' }, { label: '月报邮件·已发送', value: '1' }]));
    expect(readdirSync(outbox)).toHaveLength(1);
  });
});
