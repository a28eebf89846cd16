import { BullMqJobQueue } from '../../src/queue/bullmq-job-queue';
import { InProcessJobQueue } from '../../src/queue/in-process-job-queue';
import { JobQueue } from '../../src/queue/job-queue';
import { MonthlyRollupBackfill } from '../../src/reports/monthly-rollup-backfill.entity';
import { type Account, bearer, seedWorld, type World } from '../helpers/fixtures';
import { sign } from '../helpers/projects';
import { obliterateQueue, uniqueQueuePrefix, waitFor } from '../helpers/redis-queue';
import { type DbKind, describeEachDatabase, startTestApp, type TestApp } from '../helpers/test-app';

/**
 * 月报 on a fresh install (today 2026-06-15: January to May are closed):
 * nothing is reported until an admin produces a month or backfills the year;
 * a backfill produces only the missing months, with the figures of the live
 * summary, and never a second first report.
 */
type Indicators = { key: string; month: number; ytd: number }[];
interface MonthItem {
  month: number;
  currentRevision: number;
  reported: { indicators: Indicators };
  revisions: { revision: number; trigger: string; computedByName: string | null }[];
  mail: unknown[];
}

/** Projects signed in February, April and May 2026 (two in May). */
async function history(t: TestApp, w: World): Promise<void> {
  await sign(t, w.officerA, { signedOn: '2026-02-10', contractInvestment: 12345.6789 });
  await sign(t, w.officerB, { signedOn: '2026-04-03', contractInvestment: 2000 });
  await sign(t, w.officerA, { signedOn: '2026-05-20', contractInvestment: 5000.1234 });
}

const monthly = async (t: TestApp, who: Account) => (await t.http().get('/api/v1/reports/monthly?year=2026').set(bearer(who)).expect(200)).body;
const summary = async (t: TestApp, who: Account, month: number) =>
  (await t.http().get(`/api/v1/reports/summary?year=2026&month=${month}`).set(bearer(who)).expect(200)).body;

describeEachDatabase('monthly reports: produce and backfill', (db: DbKind) => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await startTestApp(db);
    w = await seedWorld(t);
    await history(t, w);
  });
  afterAll(() => t?.close());

  const drain = () => {
    const q = t.app.get(JobQueue);
    if (!(q instanceof InProcessJobQueue)) throw new Error(`expected the in-process driver, got ${q.driver}`);
    return q.drain();
  };

  it('a fresh install reports no month, and lists January to May as missing to a leader', async () => {
    const body = await monthly(t, w.leader);
    expect(body).toMatchObject({ year: 2026, closedMonths: [1, 2, 3, 4, 5], missingMonths: [1, 2, 3, 4, 5], items: [], backfill: null });
    expect(body.indicators.map((i: { label: string }) => i.label)).toEqual(['签约投资', '实际到位资金', '新签约项目', '新开工项目', '新投产项目']);
    expect((await t.http().get('/api/v1/reports/monthly/2026/5.xlsx').set(bearer(w.leader))).status).toBe(404);
  });

  it('only an admin produces or backfills; leaders, managers and viewers are refused', async () => {
    for (const who of [w.leader, w.managerA, w.viewer]) {
      expect((await t.http().post('/api/v1/reports/monthly/2026/5').set(bearer(who))).status).toBe(403);
      expect((await t.http().post('/api/v1/reports/monthly/backfills').set(bearer(who)).send({ year: 2026 })).status).toBe(403);
    }
    expect((await monthly(t, w.leader)).missingMonths).toEqual([1, 2, 3, 4, 5]);
  });

  it('an admin produces May once: a second 生成 is refused (409), June is not over (400)', async () => {
    const may = await t.http().post('/api/v1/reports/monthly/2026/5').set(bearer(w.admin)).expect(201);
    expect(may.body.revisions).toEqual([expect.objectContaining({ revision: 1, trigger: 'manual', triggerLabel: '管理员生成', computedByName: '系统管理员' })]);
    expect(may.body.reported.indicators).toEqual((await summary(t, w.leader, 5)).indicators);
    const again = await t.http().post('/api/v1/reports/monthly/2026/5').set(bearer(w.admin)).expect(409);
    expect(again.body).toMatchObject({ code: 'already_reported' });
    expect(again.body.message).toContain('2026-05 的月报已生成');
    const june = await t.http().post('/api/v1/reports/monthly/2026/6').set(bearer(w.admin)).expect(400);
    expect(june.body.details[0]).toMatchObject({ code: 'month_not_closed' });
  });

  it('backfills the year: the missing months appear with the live summary’s figures, May’s first report stays, a second backfill meanwhile is refused', async () => {
    const mayBefore = (await monthly(t, w.leader)).items.find((i: MonthItem) => i.month === 5) as MonthItem;
    // A late entry changes May: the backfill must not overwrite what was first reported.
    await sign(t, w.officerB, { signedOn: '2026-05-28', contractInvestment: 700 });

    const [first, second] = await Promise.all([
      t.http().post('/api/v1/reports/monthly/backfills').set(bearer(w.admin)).send({ year: 2026 }),
      t.http().post('/api/v1/reports/monthly/backfills').set(bearer(w.admin)).send({ year: 2026 }),
    ]);
    const statuses = [first.status, second.status].sort();
    expect(statuses).toEqual([202, 409]);
    const started = first.status === 202 ? first.body : second.body;
    const refused = first.status === 409 ? first.body : second.body;
    expect(refused.code).toBe('backfill_running');
    expect(refused.message).toContain('已有补齐任务正在进行');
    expect(started).toMatchObject({ year: 2026, total: 4, status: 'running' });

    await drain();
    const done = (await t.http().get(`/api/v1/reports/monthly/backfills/${started.id}`).set(bearer(w.leader)).expect(200)).body;
    expect(done).toMatchObject({ status: 'succeeded', statusLabel: '已完成', total: 4, done: 4, produced: 4, currentMonth: null, failures: [] });

    const after = await monthly(t, w.leader);
    expect(after.missingMonths).toEqual([]);
    expect(after.items.map((i: MonthItem) => i.month)).toEqual([1, 2, 3, 4, 5]);
    expect(after.backfill).toMatchObject({ id: started.id, status: 'succeeded' });
    for (const m of [1, 2, 3, 4]) {
      const item = after.items.find((i: MonthItem) => i.month === m) as MonthItem;
      expect(item.revisions).toEqual([expect.objectContaining({ revision: 1, trigger: 'backfill', computedByName: '系统管理员' })]);
      expect(item.reported.indicators).toEqual((await summary(t, w.leader, m)).indicators);
      expect(item.mail).toEqual([]);
    }
    const feb = after.items.find((i: MonthItem) => i.month === 2) as MonthItem;
    expect(feb.reported.indicators.find((i) => i.key === 'signedInvestment')).toMatchObject({ month: 12345.6789, ytd: 12345.6789 });
    const mayAfter = after.items.find((i: MonthItem) => i.month === 5) as MonthItem;
    expect(mayAfter.currentRevision).toBe(1);
    expect(mayAfter.reported).toEqual(mayBefore.reported);
    expect(mayAfter.reported.indicators).not.toEqual((await summary(t, w.leader, 5)).indicators);
  });

  it('a backfill with nothing missing ends at once, and a team-scoped manager cannot read the district’s months', async () => {
    const res = await t.http().post('/api/v1/reports/monthly/backfills').set(bearer(w.admin)).send({ year: 2026 }).expect(202);
    expect(res.body).toMatchObject({ total: 0, done: 0, status: 'succeeded' });
    expect((await t.http().get('/api/v1/reports/monthly?year=2026').set(bearer(w.managerA))).status).toBe(403);
    expect((await t.http().post('/api/v1/reports/monthly/backfills').set(bearer(w.admin)).send({ year: 2027 })).status).toBe(400);
  });

  it('a backfill cut off mid-way (its process died) holds the lock only until it has been silent for 15 minutes', async () => {
    // What a killed worker leaves: a running backfill of 2025 that stopped at March.
    const stuck = await t.ds.getRepository(MonthlyRollupBackfill).save({
      year: 2025, status: 'running', months: [1, 2, 3, 4], done: 2, produced: 2, currentMonth: 3, failures: [], runningLock: 'backfill',
      startedById: w.admin.id, finishedAt: null, heartbeatAt: t.clock.now().getTime(),
    });
    const busy = await t.http().post('/api/v1/reports/monthly/backfills').set(bearer(w.admin)).send({ year: 2025 }).expect(409);
    expect(busy.body.message).toBe('已有补齐任务正在进行（2025 年，已完成 2/4 个月），请等待其完成');
    const now = t.clock.now();
    t.clock.set(new Date(now.getTime() + 16 * 60 * 1000).toISOString());
    try {
      const next = await t.http().post('/api/v1/reports/monthly/backfills').set(bearer(w.admin)).send({ year: 2025 }).expect(202);
      await drain();
      expect((await t.http().get(`/api/v1/reports/monthly/backfills/${next.body.id}`).set(bearer(w.admin)).expect(200)).body)
        .toMatchObject({ status: 'succeeded', total: 12, produced: 12 });
      const old = (await t.http().get(`/api/v1/reports/monthly/backfills/${stuck.id}`).set(bearer(w.admin)).expect(200)).body;
      expect(old).toMatchObject({ status: 'failed', failures: [{ month: 3, message: '补齐中断（进程停止），未完成的月份可再次补齐' }] });
    } finally {
      t.clock.set(now.toISOString());
    }
  });
});

const REDIS_URL = process.env.ZS_REDIS_URL;
const DB: DbKind = process.env.ZS_PG_URL ? 'postgres' : 'sqlite';

(REDIS_URL ? describe : describe.skip)(`monthly backfill on BullMQ [${DB}]`, () => {
  const prefix = uniqueQueuePrefix();
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await startTestApp(DB, { env: { REDIS_URL: REDIS_URL!, QUEUE_PREFIX: prefix, WORKER: 'true', JOB_RETRY_DELAY_MS: '50' } });
    await (t.app.get(JobQueue) as BullMqJobQueue).whenRegistered();
    w = await seedWorld(t);
    await history(t, w);
  });
  afterAll(async () => {
    await t?.close();
    if (REDIS_URL) await obliterateQueue(REDIS_URL, prefix);
  });

  it('the same job runs on the worker: the page’s poll sees it through to every closed month', async () => {
    expect(t.app.get(JobQueue)).toBeInstanceOf(BullMqJobQueue);
    const started = (await t.http().post('/api/v1/reports/monthly/backfills').set(bearer(w.admin)).send({ year: 2026 }).expect(202)).body;
    expect(started.total).toBe(5);
    const done = await waitFor('the backfill to finish', async () => {
      const b = (await t.http().get(`/api/v1/reports/monthly/backfills/${started.id}`).set(bearer(w.admin)).expect(200)).body;
      return b.status === 'running' ? undefined : b;
    }, 30_000);
    expect(done).toMatchObject({ status: 'succeeded', done: 5, produced: 5 });
    const body = await monthly(t, w.leader);
    expect(body.missingMonths).toEqual([]);
    for (const item of body.items as MonthItem[]) expect(item.reported.indicators).toEqual((await summary(t, w.leader, item.month)).indicators);
  });
});
