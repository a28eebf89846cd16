import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BullMqJobQueue } from '../../src/queue/bullmq-job-queue';
import { InProcessJobQueue } from '../../src/queue/in-process-job-queue';
import { JobQueue } from '../../src/queue/job-queue';
import {
  ago, arrivedDigests, buildDigestFixture, dailyRuns, DIGEST_APP_URL, DIGEST_NOW, DIGEST_TODAY, type DigestFixture, digestCounts, type JobRunView,
} from '../helpers/digest-fixture';
import { type Account, bearer, makeProjectOn, seedWorld, type World } from '../helpers/fixtures';
import { logActivity } from '../helpers/projects';
import { obliterateQueue, uniqueQueuePrefix, waitFor } from '../helpers/redis-queue';
import { parseMail, SmtpSink } from '../helpers/smtp-sink';
import { at, describeEachDatabase, startTestApp, type TestApp } from '../helpers/test-app';

/**
 * The daily digest end to end, on each job driver: in-process (no REDIS_URL)
 * and BullMQ over the real Redis (skipped when this run has none). An admin's
 * "run now", the job's retries, and a real SMTP peer (smtp-server in this
 * process) whose messages are parsed as a mail client would.
 */
const NOW = DIGEST_NOW;
const TODAY = DIGEST_TODAY;
const APP_URL = DIGEST_APP_URL;
const REDIS_URL = process.env.ZS_REDIS_URL;
const shanghaiFmt = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
/** an instant as `YYYY-MM-DD HH:mm` in Shanghai */
const shanghai = (iso: string) => shanghaiFmt.format(new Date(iso));

type Driver = 'in-process' | 'bullmq';

/**
 * Waits until the run `jobId` has ended, retries included (in-process: every
 * run started so far); without a job id, until nothing is queued or running.
 */
async function settle(t: TestApp, jobId?: string): Promise<void> {
  const queue = t.app.get(JobQueue);
  if (queue instanceof InProcessJobQueue) return queue.drain();
  if (!(queue instanceof BullMqJobQueue)) throw new Error(`unexpected job queue ${queue.constructor.name}`);
  const q = queue.bullQueue!;
  if (jobId) {
    // between attempts a job waits as delayed: only completed or failed is the end
    await waitFor(`job ${jobId} to end`, async () => {
      const state = await q.getJobState(jobId);
      return state === 'completed' || state === 'failed' ? state : undefined;
    });
    return;
  }
  const schedules = (await q.getJobSchedulers()).length; // each keeps its next run as a delayed job
  await waitFor('the queue to settle', async () => {
    const c = await q.getJobCounts('active', 'waiting', 'prioritized', 'delayed');
    return c.active + c.waiting + c.prioritized + c.delayed - schedules === 0 ? true : undefined;
  });
}

/** An admin's "run now", then waits until that run (with its retries) has ended. */
async function runDaily(t: TestApp, driver: Driver, admin: Account, date?: string) {
  const res = await t.http().post('/api/v1/jobs/reminders.daily/run').set(bearer(admin)).send(date ? { date } : {});
  expect(res.status).toBe(202);
  expect(res.body).toMatchObject({ name: 'reminders.daily', driver });
  await settle(t, res.body.jobId);
}

const DRIVERS: { driver: Driver; available: boolean }[] = [
  { driver: 'in-process', available: true },
  { driver: 'bullmq', available: !!REDIS_URL },
];

for (const { driver, available } of DRIVERS) (available ? describe : describe.skip)(`${driver} driver`, () => {
  describeEachDatabase(`daily digest over SMTP (${driver})`, (db) => {
    let t: TestApp;
    let sink: SmtpSink;
    let f: DigestFixture;
    let w: World;

    const arrived = (date: string) => arrivedDigests(sink, date);
    const countsFor = (date: string) => digestCounts(sink, date);
    const notifications = async (who: Account, query = '') =>
      (await t.http().get(`/api/v1/notifications${query}`).set(bearer(who)).expect(200)).body as { total: number; items: Record<string, unknown>[] };

    const prefix = uniqueQueuePrefix();

    beforeAll(async () => {
      sink = await new SmtpSink().start();
      const redis: Record<string, string> = driver === 'bullmq' ? { REDIS_URL: REDIS_URL!, QUEUE_PREFIX: prefix } : {};
      t = await startTestApp(db, { now: NOW, env: { SMTP_URL: sink.url, WORKER: 'true', JOB_RETRY_DELAY_MS: '50', APP_URL, ...redis } });
      const queue = t.app.get(JobQueue);
      expect(queue.driver).toBe(driver);
      if (queue instanceof BullMqJobQueue) await queue.whenRegistered();
      f = await buildDigestFixture(t);
      w = f.w;
    });
    afterAll(async () => {
      await t?.close();
      await sink?.stop();
      if (driver === 'bullmq') await obliterateQueue(REDIS_URL!, prefix);
    });
    afterEach(() => {
      sink.rejectRecipients.clear();
      sink.deferOnce.clear();
      t.clock.set(NOW);
    });

    it('sends each person with something due one zh-CN digest listing their projects, with stage, owner and link', async () => {
      await runDaily(t, driver, w.admin);
      expect(await countsFor(TODAY)).toEqual({
        'officera@test.local': 1, 'managera@test.local': 1, 'officerb@test.local': 1, 'bounce@test.local': 1,
      });
      expect(sink.received).toHaveLength(4);

      const [mail] = (await arrived(TODAY)).get('officera@test.local')!;
      expect(mail.to).toEqual([expect.objectContaining({ address: 'officera@test.local' })]);
      expect(mail.from).toMatchObject({ name: '招商通', address: 'noreply@zhaoshang.local' });
      expect(mail.subject).toBe(`【招商通】${TODAY} 每日提醒：跟进到期 1 项，长期未跟进 1 项，签约未开工 1 项`);
      expect(mail.messageId).toBe(`<digest-${TODAY}-${w.officerA.id}@zhaoshang>`);
      expect(mail.headers.find((h) => h.key === 'content-language')?.value).toBe('zh-CN');
      expect(mail.text).toContain('officerA，您好');
      expect(mail.text).toContain(`- 宁德储能电池项目（拜访接洽，负责人 officerA）：跟进已逾期 50 天（约定 ${ago(50)}）\n  ${APP_URL}/#/projects/${f.battery}`);
      expect(mail.text).toContain(`- 宁德储能电池项目（拜访接洽，负责人 officerA）：拜访接洽阶段已 65 天无跟进（上限 30 天）`);
      expect(mail.text).toContain(`- 光伏组件项目（签约，负责人 officerA）：签约 200 天仍未开工（签约 ${ago(200)}）\n  ${APP_URL}/#/projects/${f.solar}`);
      expect(mail.html).toContain('<html lang="zh-CN">');
      expect(mail.html).toContain(`<a href="${APP_URL}/#/projects/${f.battery}">宁德储能电池项目</a></td><td>拜访接洽</td><td>officerA</td>`);
      expect(mail.html).toContain(`<a href="${APP_URL}/#/projects/${f.solar}">光伏组件项目</a></td><td>签约</td><td>officerA</td>`);
      expect(mail.text).not.toContain('电子信息产业园项目');

      const [manager] = (await arrived(TODAY)).get('managera@test.local')!;
      expect(manager.subject).toBe(`【招商通】${TODAY} 每日提醒：团队督办 1 个`);
      expect(manager.text).toContain(`【团队督办（黄灯/红灯）】\n- 宁德储能电池项目（拜访接洽，负责人 officerA）：黄灯：65 天无跟进\n  ${APP_URL}/#/projects/${f.battery}`);
      expect(manager.text).not.toContain('光伏组件项目');

      const [b] = (await arrived(TODAY)).get('officerb@test.local')!;
      expect(b.subject).toBe(`【招商通】${TODAY} 每日提醒：节点临期或逾期 1 项`);
      expect(b.html).toContain(`<a href="${APP_URL}/#/projects/${f.park}">电子信息产业园项目</a></td><td>拜访接洽</td><td>officerB</td><td>节点「供地」将于 3 天后到期（${ago(-3)}）</td>`);

      const runs = await dailyRuns(t, w.admin);
      expect(runs[0]).toMatchObject({ status: 'succeeded', attempt: 1, trigger: 'manual', result: expect.objectContaining({ date: TODAY, recipients: 4, sent: 4, failed: 0 }) });
    });

    it('sends nothing to someone with nothing due', async () => {
      const got = await arrived(TODAY);
      for (const who of [w.officerA2, w.managerB, w.admin, w.leader, w.viewer]) expect({ who: who.email, got: got.has(who.email.toLowerCase()) }).toEqual({ who: who.email, got: false });
      expect((await notifications(w.officerA2)).total).toBe(0);
    });

    it('sends nothing the second time the same day is run', async () => {
      const before = sink.received.length;
      await runDaily(t, driver, w.admin);
      await runDaily(t, driver, w.admin, TODAY);
      expect(sink.received.length).toBe(before);
      expect(Object.values(await countsFor(TODAY))).toEqual([1, 1, 1, 1]);
      const runs = await dailyRuns(t, w.admin);
      expect(runs.slice(0, 2).map((r) => [r.status, r.result?.sent, r.result?.alreadyDone])).toEqual([['succeeded', 0, 4], ['succeeded', 0, 4]]);
    });

    it('GET /notifications shows each person what was sent to them, and only that', async () => {
      const mine = await notifications(w.officerA);
      expect(mine.total).toBe(1);
      expect(mine.items[0]).toMatchObject({
        kind: 'daily_digest', period: TODAY, status: 'sent', toAddress: 'officera@test.local', itemCount: 3, permanent: false, attempts: 1,
        subject: `【招商通】${TODAY} 每日提醒：跟进到期 1 项，长期未跟进 1 项，签约未开工 1 项`, messageId: `<digest-${TODAY}-${w.officerA.id}@zhaoshang>`,
      });
      const summary = mine.items[0].summary as { own: { projectId: number }[] };
      expect([...new Set(summary.own.map((i) => i.projectId))].sort()).toEqual([f.battery, f.solar].sort());
      const manager = await notifications(w.managerA);
      expect(manager.items.map((n) => n.toAddress)).toEqual(['managera@test.local']);
      expect((await notifications(w.admin)).total).toBe(0);
      expect((await notifications(w.officerB, '?status=failed')).total).toBe(0);
    });

    it('records a permanently refused address (550) as failed and permanent; the rest still go out, and it is not retried', async () => {
      const day = ago(-1);
      t.clock.set(at(day)); // a later day is today: a digest is never sent ahead of its day
      sink.rejectRecipients.add('bounce@test.local');
      await runDaily(t, driver, w.admin, day);
      expect(await countsFor(day)).toEqual({ 'officera@test.local': 1, 'managera@test.local': 1, 'officerb@test.local': 1 });
      const [failed] = (await notifications(f.bounce, '?status=failed')).items;
      expect(failed).toMatchObject({ period: day, status: 'failed', permanent: true, attempts: 1, toAddress: 'bounce@test.local' });
      expect(String(failed.error)).toMatch(/^邮件服务器拒收，不再重试：.*550/s);
      const [run] = await dailyRuns(t, w.admin);
      expect(run).toMatchObject({ status: 'succeeded', attempt: 1, result: expect.objectContaining({ date: day, sent: 3, failedPermanently: 1, failed: 0 }) });

      // the address works again, but a permanent failure is not sent again that day
      sink.rejectRecipients.clear();
      await runDaily(t, driver, w.admin, day);
      expect((await countsFor(day))['bounce@test.local']).toBeUndefined();
      expect((await notifications(f.bounce, '?status=failed')).items[0]).toMatchObject({ period: day, attempts: 1 });
    });

    it('fails the attempt on a transient refusal (451) and delivers that digest exactly once on the retry', async () => {
      const day = ago(-2);
      t.clock.set(at(day)); // a later day is today: a digest is never sent ahead of its day
      sink.deferOnce.add('officerb@test.local');
      await runDaily(t, driver, w.admin, day);
      expect(sink.deferred).toEqual(['officerb@test.local']);
      expect(await countsFor(day)).toEqual({
        'officera@test.local': 1, 'managera@test.local': 1, 'officerb@test.local': 1, 'bounce@test.local': 1,
      });
      const runs = await dailyRuns(t, w.admin);
      const [second, first] = runs;
      expect(first.jobId).toBe(second.jobId);
      expect(first).toMatchObject({ attempt: 1, status: 'failed', result: expect.objectContaining({ sent: 3, failed: 1 }) });
      expect(first.error).toBe('有 1 封邮件未能发出，任务将自动重试');
      expect(second).toMatchObject({ attempt: 2, status: 'succeeded', result: expect.objectContaining({ sent: 1, alreadyDone: 3, failed: 0 }) });
      const mine = (await notifications(w.officerB)).items.find((n) => n.period === day);
      expect(mine).toMatchObject({ status: 'sent', attempts: 2, error: null });
    });

    it('skips and records someone whose address is not deliverable, without failing the job', async () => {
      const day = ago(-3);
      t.clock.set(at(day)); // a later day is today: a digest is never sent ahead of its day
      // the API refuses such an address; an account from before that rule can still have one
      await t.ds.query(`UPDATE users SET email = 'bounce-at-nowhere' WHERE id = ${Number(f.bounce.id)}`);
      try {
        await runDaily(t, driver, w.admin, day);
      } finally {
        await t.ds.query(`UPDATE users SET email = 'bounce@test.local' WHERE id = ${Number(f.bounce.id)}`);
      }
      expect(await countsFor(day)).toEqual({ 'officera@test.local': 1, 'managera@test.local': 1, 'officerb@test.local': 1 });
      expect(sink.received.some((m) => m.to.includes('bounce-at-nowhere'))).toBe(false);
      const [run] = await dailyRuns(t, w.admin);
      expect(run).toMatchObject({ status: 'succeeded', attempt: 1, result: expect.objectContaining({ date: day, sent: 3, skipped: 1, failed: 0 }) });
      const skipped = (await notifications(f.bounce, '?status=skipped')).items;
      expect(skipped).toEqual([expect.objectContaining({ period: day, status: 'skipped', toAddress: 'bounce-at-nowhere' })]);
      expect(skipped[0].error).toBe('邮箱地址无效（bounce-at-nowhere），未发送');
    });

    it('GET /jobs shows admins both jobs with the next run and the last runs; others get 403', async () => {
      const res = await t.http().get('/api/v1/jobs').set(bearer(w.admin)).expect(200);
      const items = res.body.items as { name: string; cron: string; timezone: string; nextRunAt: string; registered: boolean; driver: string; lastRuns: JobRunView[]; failures30d: number }[];
      expect(items.map((i) => i.name).sort()).toEqual(['reminders.daily', 'reminders.retry', 'reports.monthly-rollup']);
      const daily = items.find((i) => i.name === 'reminders.daily')!;
      expect(daily).toMatchObject({ cron: '30 8 * * *', timezone: 'Asia/Shanghai', registered: true, driver });
      // 08:30 in Shanghai is 00:30 UTC, and the next one is ahead of the real clock
      expect(shanghai(daily.nextRunAt)).toMatch(/ 08:30$/);
      expect(new Date(daily.nextRunAt).getTime()).toBeGreaterThan(Date.now());
      expect(daily.lastRuns.length).toBeGreaterThanOrEqual(5);
      expect(daily.failures30d).toBe(1);
      const rollup = items.find((i) => i.name === 'reports.monthly-rollup')!;
      // the 1st of a month, 01:00 in Shanghai
      expect(shanghai(rollup.nextRunAt)).toMatch(/^\d{4}-\d{2}-01 01:00$/);
      expect(rollup.lastRuns).toEqual([]);
      expect(res.body.health).toMatchObject({ status: 'up', driver, worker: true });

      for (const who of [w.officerA, w.managerA, w.leader]) await t.http().get('/api/v1/jobs').set(bearer(who)).expect(403);
      await t.http().post('/api/v1/jobs/reminders.daily/run').set(bearer(w.managerA)).send({}).expect(403);
    });

    it('POST /jobs/:name/run refuses an unknown job and a bad date with 400, running nothing', async () => {
      const runsBefore = (await dailyRuns(t, w.admin)).length;
      const unknown = await t.http().post('/api/v1/jobs/unknown/run').set(bearer(w.admin)).send({});
      expect(unknown.status).toBe(400);
      expect(JSON.stringify(unknown.body)).toContain('reminders.daily');
      await t.http().post('/api/v1/jobs/reminders.daily/run').set(bearer(w.admin)).send({ date: '2026-02-30' }).expect(400);
      await settle(t);
      expect((await dailyRuns(t, w.admin)).length).toBe(runsBefore);
    });
  });
});

describeEachDatabase('daily digest without SMTP_URL: the outbox', (db) => {
  let t: TestApp;
  let dir: string;
  let w: World;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'zs-outbox-'));
    t = await startTestApp(db, { now: NOW, env: { SMTP_URL: `file:${dir}`, APP_URL } });
    w = await seedWorld(t);
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes each digest as an .eml file a mail client can read', async () => {
    const p = await makeProjectOn(t, '2024-01-02', w.officerA, { name: '氢能装备项目' });
    await logActivity(t, w.officerA, p.id, { kind: 'call', occurredOn: ago(3), summary: '电话沟通', nextFollowUpOn: TODAY }).expect(201);
    await runDaily(t, 'in-process', w.admin);
    const files = readdirSync(dir).filter((n) => n.endsWith('.eml'));
    expect(files).toHaveLength(1);
    const mail = await parseMail(readFileSync(join(dir, files[0])));
    expect(mail.to).toEqual([expect.objectContaining({ address: 'officera@test.local' })]);
    expect(mail.subject).toBe(`【招商通】${TODAY} 每日提醒：跟进到期 1 项`);
    expect(mail.text).toContain(`- 氢能装备项目（拜访接洽，负责人 officerA）：今日应跟进（约定 ${TODAY}）\n  ${APP_URL}/#/projects/${p.id}`);
    expect(mail.html).toContain(`<a href="${APP_URL}/#/projects/${p.id}">氢能装备项目</a>`);
    expect((await t.http().get('/api/v1/notifications').set(bearer(w.officerA)).expect(200)).body.items[0]).toMatchObject({ status: 'sent', period: TODAY });

    await runDaily(t, 'in-process', w.admin);
    expect(readdirSync(dir).filter((n) => n.endsWith('.eml'))).toHaveLength(1);
  });
});
