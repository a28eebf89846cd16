import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { BullMqJobQueue } from '../../src/queue/bullmq-job-queue';
import { JobQueue } from '../../src/queue/job-queue';
import { QUEUE_NAME, SCHEDULED_JOB_NAMES } from '../../src/queue/jobs';
import { type Account, bearer, seedWorld } from '../helpers/fixtures';
import { uniqueQueuePrefix, waitFor } from '../helpers/redis-queue';
import { startTestApp, type TestApp } from '../helpers/test-app';

/**
 * A Redis of this test's own (never the shared one: it is flushed and
 * killed here), on a free port, without persistence, so that a restart
 * comes back empty as a cache-only Redis does.
 */
class PrivateRedis {
  private proc?: ChildProcess;
  port = 0;

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    if (!this.port) this.port = await freePort();
    const proc = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--dir', tmpdir()], {
      stdio: 'ignore',
    });
    this.proc = proc;
    await waitFor('the private redis-server to answer', async () => {
      const r = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
      r.on('error', () => undefined);
      try {
        await r.connect();
        return (await r.ping()) === 'PONG' ? true : undefined;
      } catch {
        return undefined;
      } finally {
        r.disconnect();
      }
    });
  }

  /** kill -9: no shutdown, no save */
  async kill(): Promise<void> {
    const proc = this.proc;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise((r) => proc.once('exit', r));
    proc.kill('SIGKILL');
    await exited;
  }

  async flushAll(): Promise<void> {
    const r = new Redis(this.url, { maxRetriesPerRequest: 1 });
    try {
      await r.flushall();
    } finally {
      r.disconnect();
    }
  }

  /** The schedules Redis holds under `prefix`, by id, read straight from Redis. */
  async schedules(prefix: string): Promise<string[]> {
    const q = new Queue(QUEUE_NAME, { connection: { url: this.url, maxRetriesPerRequest: 1 }, prefix });
    try {
      return (await q.getJobSchedulers()).map((s) => s.key).sort();
    } finally {
      await q.close();
    }
  }

  /** The next runs waiting under `prefix` (one delayed job per schedule). */
  async nextRuns(prefix: string): Promise<string[]> {
    const q = new Queue(QUEUE_NAME, { connection: { url: this.url, maxRetriesPerRequest: 1 }, prefix });
    try {
      return (await q.getDelayed()).map((j) => j.name).sort();
    } finally {
      await q.close();
    }
  }
}

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as AddressInfo;
  await new Promise((r) => srv.close(r));
  return port;
}

const hasRedisServer = spawnSync('redis-server', ['--version']).status === 0;
const ALL = [...SCHEDULED_JOB_NAMES].sort();

interface JobsBody {
  items: { name: string; registered: boolean; stale: boolean; nextRunAt: string }[];
  health: { status: string; detail?: string };
}

/**
 * The schedules live only in Redis. Two app instances (separate installs:
 * own database, own queue prefix) on a private Redis: `slow` checks for lost
 * schedules every minute, `quick` every 300 ms. A FLUSHALL drops no
 * connection: only the periodic check notices, and /health and GET /jobs
 * say so meanwhile. A Redis killed and restarted empty is noticed when the
 * connection comes back, without waiting for the check.
 */
(hasRedisServer ? describe : describe.skip)('job schedules after Redis restarts empty (private redis-server)', () => {
  const redis = new PrivateRedis();
  const prefixes = { slow: uniqueQueuePrefix(), quick: uniqueQueuePrefix() };
  let slow: TestApp;
  let quick: TestApp;
  let adminOf: Map<TestApp, Account>;

  const jobs = async (t: TestApp): Promise<JobsBody> => (await t.http().get('/api/v1/jobs').set(bearer(adminOf.get(t)!)).expect(200)).body;
  const health = async (t: TestApp) => (await t.http().get('/api/v1/health').expect(200)).body;

  beforeAll(async () => {
    await redis.start();
    const app = (prefix: string, checkMs: number) =>
      startTestApp('sqlite', { env: { REDIS_URL: redis.url, QUEUE_PREFIX: prefix, WORKER: 'true', SMTP_URL: 'stream:', JOB_SCHEDULE_CHECK_MS: String(checkMs) } });
    slow = await app(prefixes.slow, 60_000);
    quick = await app(prefixes.quick, 300);
    for (const t of [slow, quick]) await (t.app.get(JobQueue) as BullMqJobQueue).whenRegistered();
    adminOf = new Map([[slow, (await seedWorld(slow)).admin], [quick, (await seedWorld(quick)).admin]]);
  });
  afterAll(async () => {
    await quick?.close();
    await slow?.close();
    await redis.kill();
  });

  it('registers every schedule at boot', async () => {
    for (const prefix of Object.values(prefixes)) expect(await redis.schedules(prefix)).toEqual(ALL);
    expect(await health(slow)).toMatchObject({ status: 'ok', queue: { status: 'up', detail: '定时任务已注册' } });
  });

  it('after a FLUSHALL: /health and GET /jobs say the schedules are missing, and the periodic check registers them again', async () => {
    await redis.flushAll();

    // no reconnect, and `slow` checks only every minute: until then it tells the truth
    const report = await health(slow);
    expect(report).toMatchObject({ status: 'degraded', redis: { status: 'up' }, queue: { status: 'down' } });
    expect(report.queue.detail).toBe('Redis 中缺少定时任务：每日提醒、提醒补发、月度汇总（Redis 可能被清空或无持久化重启）。将在 60 秒内自动重新登记，在此之前不会按时运行');
    const listed = await jobs(slow);
    expect(listed.items.map((i) => [i.name, i.registered, i.stale])).toEqual(ALL.map((n) => [n, false, false]));
    expect(listed.health.status).toBe('down');

    // `quick` notices within its check interval, and its crons have their next runs again
    const back = await waitFor('quick to register its schedules again', async () => ((await redis.schedules(prefixes.quick)).length === ALL.length ? true : undefined), 10_000);
    expect(back).toBe(true);
    expect(await redis.schedules(prefixes.quick)).toEqual(ALL);
    expect(await redis.nextRuns(prefixes.quick)).toEqual(ALL);
    expect(await health(quick)).toMatchObject({ status: 'ok', queue: { status: 'up', detail: '定时任务已注册' } });
    expect((await jobs(quick)).items.every((i) => i.registered && !i.stale)).toBe(true);
    // and it was the check that did it: `slow` has not checked yet
    expect(await redis.schedules(prefixes.slow)).toEqual([]);
  });

  it('while Redis is down, GET /jobs answers at once with the last known state, marked stale; "run now" is 503 at once', async () => {
    await redis.kill();
    await waitFor('the queue to notice Redis is gone', async () => ((await health(quick)).queue.status === 'down' ? true : undefined), 10_000);
    const started = Date.now();
    const listed = await jobs(quick);
    expect(Date.now() - started).toBeLessThan(500);
    expect(listed.items.map((i) => [i.name, i.registered, i.stale])).toEqual(ALL.map((n) => [n, true, true]));
    expect(listed.health).toMatchObject({ status: 'down' });
    expect(listed.health.detail).toMatch(/^Redis 无法连接.*定时任务暂停，Redis 恢复后自动重新登记$/);
    expect((await jobs(slow)).items.map((i) => [i.registered, i.stale])).toEqual(ALL.map(() => [false, true]));

    const t0 = Date.now();
    const refused = await quick.http().post('/api/v1/jobs/reminders.retry/run').set(bearer(adminOf.get(quick)!)).send({}).expect(503);
    expect(refused.body.code).toBe('queue_unavailable');
    expect(Date.now() - t0).toBeLessThan(500);
  });

  it('after Redis restarts empty, both register their schedules again as soon as it answers, without waiting for the check', async () => {
    await redis.start();
    for (const prefix of Object.values(prefixes)) {
      await waitFor(`schedules under ${prefix} to be back`, async () => ((await redis.schedules(prefix)).length === ALL.length ? true : undefined), 30_000);
      expect(await redis.nextRuns(prefix)).toEqual(ALL);
    }
    for (const t of [slow, quick]) {
      await waitFor('/health to say ok', async () => ((await health(t)).status === 'ok' ? true : undefined), 10_000);
      expect((await jobs(t)).items.map((i) => [i.name, i.registered, i.stale])).toEqual(ALL.map((n) => [n, true, false]));
    }
  });
});
