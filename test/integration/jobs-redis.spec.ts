import { type AddressInfo, connect, createServer, type Server, type Socket } from 'node:net';
import { BullMqJobQueue } from '../../src/queue/bullmq-job-queue';
import { JobQueue } from '../../src/queue/job-queue';
import {
  ago, buildDigestFixture, dailyRuns, DIGEST_APP_URL, DIGEST_NOW, DIGEST_RECIPIENTS, DIGEST_TODAY, type DigestFixture, digestCounts, type JobRunView,
} from '../helpers/digest-fixture';
import { type Account, bearer, seedWorld } from '../helpers/fixtures';
import { obliterateQueue, uniqueQueuePrefix, waitFor } from '../helpers/redis-queue';
import { SmtpSink } from '../helpers/smtp-sink';
import { at, type DbKind, startTestApp, type TestApp } from '../helpers/test-app';

/**
 * BullMQ over the real Redis: two app instances (two "processes" of one
 * install) on one database and one queue prefix, both with a worker. The
 * prefix is unique to this run, and the queue is obliterated afterwards.
 */
const REDIS_URL = process.env.ZS_REDIS_URL;
/** two instances on one database: PostgreSQL when this run has it, else one SQLite file */
const DB: DbKind = process.env.ZS_PG_URL ? 'postgres' : 'sqlite';

function within<T>(ms: number, what: string, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([p, new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} took more than ${ms} ms`)), ms)))])
    .finally(() => clearTimeout(timer));
}

/** A local port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as AddressInfo;
  await new Promise((r) => srv.close(r));
  return port;
}

(REDIS_URL ? describe : describe.skip)(`jobs on BullMQ with two app instances [${DB}]`, () => {
  const prefix = uniqueQueuePrefix();
  let sink: SmtpSink;
  let a: TestApp;
  let b: TestApp;
  let f: DigestFixture;
  let admin: Account;

  const bull = (t: TestApp) => {
    const q = t.app.get(JobQueue);
    expect(q).toBeInstanceOf(BullMqJobQueue);
    return q as BullMqJobQueue;
  };
  const runNow = async (t: TestApp, date: string) => {
    const res = await t.http().post('/api/v1/jobs/reminders.daily/run').set(bearer(admin)).send({ date });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ name: 'reminders.daily', driver: 'bullmq' });
    return res.body.jobId as string;
  };
  /** the runs for `date` once `n` of them have ended and none is still running */
  const endedRuns = (date: string, n: number) =>
    waitFor(`${n} finished runs for ${date}`, async () => {
      const runs = (await dailyRuns(a, admin)).filter((r) => r.result?.date === date || r.status === 'running');
      return runs.length >= n && runs.every((r) => r.status !== 'running') ? runs : undefined;
    });

  beforeAll(async () => {
    sink = await new SmtpSink().start();
    const env = {
      REDIS_URL: REDIS_URL!, QUEUE_PREFIX: prefix, WORKER: 'true', SMTP_URL: sink.url, JOB_RETRY_DELAY_MS: '50', APP_URL: DIGEST_APP_URL,
    };
    a = await startTestApp(DB, { now: DIGEST_NOW, env });
    b = await startTestApp(DB, { now: DIGEST_NOW, env, sameDatabaseAs: a });
    await Promise.all([bull(a).whenRegistered(), bull(b).whenRegistered()]);
    f = await buildDigestFixture(a);
    admin = f.w.admin;
  });

  afterAll(async () => {
    await b?.close();
    await a?.close();
    await sink?.stop();
    if (REDIS_URL) await obliterateQueue(REDIS_URL!, prefix);
  });

  it('registers each schedule once across both instances, in Asia/Shanghai', async () => {
    const queue = bull(a).bullQueue!;
    const schedulers = await queue.getJobSchedulers();
    expect(schedulers.map((s) => s.key).sort()).toEqual(['reminders.daily', 'reminders.retry', 'reports.monthly-rollup']);
    expect(schedulers.find((s) => s.key === 'reminders.daily')).toMatchObject({ pattern: '30 8 * * *', tz: 'Asia/Shanghai' });
    // one next run waiting per schedule, not one per instance
    const delayed = await queue.getDelayed();
    expect(delayed.map((j) => j.name).sort()).toEqual(['reminders.daily', 'reminders.retry', 'reports.monthly-rollup']);

    for (const t of [a, b]) {
      const jobs = (await t.http().get('/api/v1/jobs').set(bearer(admin)).expect(200)).body.items as { name: string; registered: boolean; driver: string; nextRunAt: string }[];
      expect(jobs.map((j) => [j.name, j.registered, j.driver]).sort()).toEqual([
        ['reminders.daily', true, 'bullmq'], ['reminders.retry', true, 'bullmq'], ['reports.monthly-rollup', true, 'bullmq'],
      ]);
      const next = jobs.find((j) => j.name === 'reminders.daily')!.nextRunAt;
      expect(next).toMatch(/T00:30:00\.000Z$/); // 08:30 in Shanghai
      expect(new Date(next).getTime()).toBe(delayed.find((j) => j.name === 'reminders.daily')!.timestamp + delayed.find((j) => j.name === 'reminders.daily')!.delay);
    }
  });

  it('GET /health shows the queue up on both instances', async () => {
    for (const t of [a, b]) {
      const res = await t.http().get('/api/v1/health').expect(200);
      expect(res.body).toMatchObject({ status: 'ok', redis: { status: 'up' }, queue: { status: 'up', driver: 'bullmq', worker: true } });
    }
  });

  it('two workers racing over one day’s digests send each exactly once', async () => {
    sink.acceptDelayMs = 150; // a slow SMTP peer: the runs overlap
    try {
      await Promise.all([runNow(a, DIGEST_TODAY), runNow(b, DIGEST_TODAY), runNow(a, DIGEST_TODAY), runNow(b, DIGEST_TODAY)]);
      const runs = await endedRuns(DIGEST_TODAY, 4);
      expect(runs.map((r) => r.status)).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded']);
      const total = (k: string) => runs.reduce((s, r) => s + Number(r.result?.[k] ?? 0), 0);
      expect({ sent: total('sent'), alreadyDone: total('alreadyDone') }).toEqual({ sent: 4, alreadyDone: 12 });
      // the two workers really ran at the same time
      const span = (r: JobRunView) => [Date.parse(r.startedAt), Date.parse(r.finishedAt!)];
      const overlapping = runs.some((r, i) => runs.some((s, j) => i !== j && span(r)[0] < span(s)[1] && span(s)[0] < span(r)[1]));
      expect(overlapping).toBe(true);
    } finally {
      sink.acceptDelayMs = 0;
    }
    expect(await digestCounts(sink, DIGEST_TODAY)).toEqual(Object.fromEntries(DIGEST_RECIPIENTS.map((r) => [r, 1])));
    const notes = (await a.http().get('/api/v1/notifications').set(bearer(f.w.officerA)).expect(200)).body;
    expect(notes.items.filter((n: { period: string }) => n.period === DIGEST_TODAY)).toEqual([expect.objectContaining({ status: 'sent', attempts: 1 })]);
  });

  it('a job failing on a transient SMTP error is retried by BullMQ and then succeeds, sending once', async () => {
    const day = ago(-1);
    // the next day is today on both instances: a digest is never sent ahead of its day
    for (const t of [a, b]) t.clock.set(at(day));
    sink.deferOnce.add('officerb@test.local');
    const jobId = await runNow(b, day);
    const runs = await endedRuns(day, 2);
    expect(runs.map((r) => [r.jobId, r.attempt, r.status])).toEqual([[jobId, 2, 'succeeded'], [jobId, 1, 'failed']]);
    expect(runs[1].error).toBe('有 1 封邮件未能发出，任务将自动重试');
    expect(runs[0].result).toMatchObject({ sent: 1, alreadyDone: 3, failed: 0 });
    expect(sink.deferred).toEqual(['officerb@test.local']);
    expect(await digestCounts(sink, day)).toEqual(Object.fromEntries(DIGEST_RECIPIENTS.map((r) => [r, 1])));
    const job = await bull(a).bullQueue!.getJob(jobId);
    expect(await job!.getState()).toBe('completed');
    expect(job!.returnvalue).toMatchObject({ date: day, sent: 1 });
    for (const t of [a, b]) t.clock.set(DIGEST_NOW);
  });
});

/** REDIS_URL set, but nothing answers there: the API keeps serving. Needs no Redis. */
describe('jobs on BullMQ while Redis is unreachable', () => {
  let t: TestApp;
  let admin: Account;
  let closing: Promise<void> | undefined;

  beforeAll(async () => {
    const port = await closedPort();
    t = await startTestApp('sqlite', { env: { REDIS_URL: `redis://127.0.0.1:${port}`, QUEUE_PREFIX: uniqueQueuePrefix(), WORKER: 'true', SMTP_URL: 'stream:' } });
    admin = (await seedWorld(t)).admin;
  });
  afterAll(async () => {
    // once only: a second close() would wait on the first
    closing ??= t?.close();
    await within(10_000, 'shutting down', closing ?? Promise.resolve()).catch(() => undefined);
  });

  it('serves the API, says degraded on /health, answers 503 to "run now", and still shuts down', async () => {
    const health = await t.http().get('/api/v1/health').expect(200);
    expect(health.body).toMatchObject({ status: 'degraded', database: { status: 'up' }, redis: { status: 'down' }, queue: { status: 'down', driver: 'bullmq' } });
    await t.http().get('/api/v1/projects').set(bearer(admin)).expect(200);
    const jobs = (await t.http().get('/api/v1/jobs').set(bearer(admin)).expect(200)).body.items as { name: string; registered: boolean; nextRunAt: string }[];
    expect(jobs.map((j) => [j.name, j.registered])).toEqual([['reminders.daily', false], ['reminders.retry', false], ['reports.monthly-rollup', false]]);
    expect(jobs[0].nextRunAt).toMatch(/T00:30:00\.000Z$/);
    const started = Date.now();
    await t.http().post('/api/v1/jobs/reminders.daily/run').set(bearer(admin)).send({}).expect(503);
    expect(Date.now() - started).toBeLessThan(5000);
    // a process that cannot stop while Redis is away would hang its restart
    closing = t.close();
    await within(5000, 'shutting down', closing);
  });
});

/** Redis down when the app boots, back a moment later (through a TCP proxy to the real one). */
(REDIS_URL ? describe : describe.skip)('jobs on BullMQ when Redis comes back', () => {
  const prefix = uniqueQueuePrefix();
  let t: TestApp | undefined;
  let proxy: Server | undefined;
  const sockets = new Set<Socket>();

  afterAll(async () => {
    await t?.close();
    for (const s of sockets) s.destroy();
    if (proxy) await new Promise((r) => proxy!.close(r));
    await obliterateQueue(REDIS_URL!, prefix);
  });

  it('registers the schedules once Redis answers, and /health turns ok', async () => {
    const port = await closedPort();
    const target = new URL(REDIS_URL!);
    const viaProxy = new URL(REDIS_URL!);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(port);
    t = await startTestApp('sqlite', { env: { REDIS_URL: viaProxy.toString(), QUEUE_PREFIX: prefix, WORKER: 'true', SMTP_URL: 'stream:' } });
    expect((await t.http().get('/api/v1/health').expect(200)).body).toMatchObject({ status: 'degraded', queue: { status: 'down' } });

    proxy = createServer((client) => {
      const upstream = connect(Number(target.port || 6379), target.hostname);
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.on('error', () => undefined);
        s.on('close', () => sockets.delete(s));
      }
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((r) => proxy!.listen(port, '127.0.0.1', r));

    await within(15_000, 'registering the schedules', (t.app.get(JobQueue) as BullMqJobQueue).whenRegistered());
    const schedulers = await (t.app.get(JobQueue) as BullMqJobQueue).bullQueue!.getJobSchedulers();
    expect(schedulers.map((s) => s.key).sort()).toEqual(['reminders.daily', 'reminders.retry', 'reports.monthly-rollup']);
    expect((await t.http().get('/api/v1/health').expect(200)).body).toMatchObject({
      status: 'ok', redis: { status: 'up' }, queue: { status: 'up', detail: '定时任务已注册' },
    });
  });
});
