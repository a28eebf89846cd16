import { InProcessJobQueue } from '../../src/queue/in-process-job-queue';
import { JobQueue } from '../../src/queue/job-queue';
import { MISSED_DIGEST } from '../../src/reminders/digest-sender.service';
import {
  ago, buildDigestFixture, dailyRuns, DIGEST_APP_URL, DIGEST_NOW, DIGEST_RECIPIENTS, DIGEST_TODAY, type DigestFixture, digestCounts, type JobRunView,
} from '../helpers/digest-fixture';
import { type Account, bearer } from '../helpers/fixtures';
import { SmtpSink } from '../helpers/smtp-sink';
import { at, describeEachDatabase, startTestApp, type TestApp } from '../helpers/test-app';

interface NotificationView {
  period: string;
  status: string;
  attempts: number;
  error: string | null;
  summary: { own: { projectId: number; kind: string }[]; team: { projectId: number }[] };
}

/**
 * Digests the SMTP server would not take for the whole of the daily job's
 * retries (three attempts, 20 ms apart): reminders.retry sends them again
 * through the day, each once; a digest whose day ended unsent is recorded
 * missed (GET /notifications, GET /jobs), and the next day's digest lists its
 * items anyway. The in-process driver; the clock is moved from day to day.
 */
describeEachDatabase('digests retried until their day ends', (db) => {
  let t: TestApp;
  let sink: SmtpSink;
  let f: DigestFixture;
  let admin: Account;

  beforeAll(async () => {
    sink = await new SmtpSink().start();
    t = await startTestApp(db, {
      now: DIGEST_NOW, env: { SMTP_URL: sink.url, WORKER: 'true', JOB_ATTEMPTS: '3', JOB_RETRY_DELAY_MS: '20', APP_URL: DIGEST_APP_URL },
    });
    f = await buildDigestFixture(t);
    admin = f.w.admin;
  });
  afterAll(async () => {
    await t?.close();
    await sink?.stop();
  });
  afterEach(() => {
    sink.deferAll = false;
    t.clock.set(DIGEST_NOW);
  });

  async function run(name: 'reminders.daily' | 'reminders.retry', body: Record<string, unknown> = {}): Promise<void> {
    await t.http().post(`/api/v1/jobs/${name}/run`).set(bearer(admin)).send(body).expect(202);
    const queue = t.app.get(JobQueue);
    if (!(queue instanceof InProcessJobQueue)) throw new Error(`expected the in-process driver, got ${queue.driver}`);
    await queue.drain();
  }
  async function jobs(): Promise<{ name: string; lastRuns: JobRunView[]; missed30d: number }[]> {
    return (await t.http().get('/api/v1/jobs').set(bearer(admin)).expect(200)).body.items;
  }
  const retryRuns = async () => (await jobs()).find((j) => j.name === 'reminders.retry')!.lastRuns;
  const digestOf = async (who: Account, period: string): Promise<NotificationView | undefined> =>
    ((await t.http().get('/api/v1/notifications?kind=daily_digest').set(bearer(who)).expect(200)).body.items as NotificationView[]).find(
      (n) => n.period === period,
    );
  const everyone = (n: number) => Object.fromEntries(DIGEST_RECIPIENTS.map((r) => [r, n]));

  it('refuses to send a future day’s digests, on "run now" and in the run itself, so that day still gets them', async () => {
    const tomorrow = ago(-1);
    const runsBefore = (await dailyRuns(t, admin)).length;
    const res = await t.http().post('/api/v1/jobs/reminders.daily/run').set(bearer(admin)).send({ date: tomorrow }).expect(400);
    expect(res.body).toMatchObject({ code: 'in_future', details: [expect.objectContaining({ field: 'date', code: 'in_future' })] });
    expect(res.body.message).toContain(`提醒日期（${tomorrow}）不能晚于今天（${DIGEST_TODAY}）`);
    expect((await dailyRuns(t, admin)).length).toBe(runsBefore);

    // a run that gets one anyway (queued past the API) fails once, recorded, and sends nothing
    const queue = t.app.get(JobQueue) as InProcessJobQueue;
    await queue.runNow('reminders.daily', { date: tomorrow });
    await queue.drain();
    const [refused, ...older] = await dailyRuns(t, admin);
    expect(older).toHaveLength(runsBefore);
    expect(refused).toMatchObject({ attempt: 1, status: 'failed' });
    expect(refused.error).toContain('不能晚于今天');
    expect(sink.received).toHaveLength(0);
    expect(await digestOf(f.w.officerA, tomorrow)).toBeUndefined();

    // when tomorrow comes, its digests go out
    t.clock.set(at(tomorrow));
    await run('reminders.daily');
    expect(await digestCounts(sink, tomorrow)).toEqual(everyone(1));
    sink.reset();
  });

  it('keeps a digest the daily job gave up on failed, and the retry job sends it, once, when the mail server is back', async () => {
    sink.deferAll = true;
    await run('reminders.daily');
    const daily = (await dailyRuns(t, admin)).slice(0, 3);
    expect(daily.map((r) => [r.attempt, r.status, r.result?.date])).toEqual([[3, 'failed', DIGEST_TODAY], [2, 'failed', DIGEST_TODAY], [1, 'failed', DIGEST_TODAY]]);
    expect(await digestOf(f.w.officerA, DIGEST_TODAY)).toMatchObject({ status: 'failed', attempts: 3 });

    // still down at the next retry: still failed, one more attempt, not missed (the day is not over)
    await run('reminders.retry');
    expect((await retryRuns())[0]).toMatchObject({ status: 'succeeded', result: expect.objectContaining({ date: DIGEST_TODAY, recipients: 4, failed: 4, missed: 0 }) });
    expect(await digestOf(f.w.officerA, DIGEST_TODAY)).toMatchObject({ status: 'failed', attempts: 4 });
    expect(sink.received).toHaveLength(0);

    sink.deferAll = false;
    await run('reminders.retry');
    expect((await retryRuns())[0]).toMatchObject({ result: expect.objectContaining({ recipients: 4, sent: 4, failed: 0 }) });
    expect(await digestCounts(sink, DIGEST_TODAY)).toEqual(everyone(1));
    expect(await digestOf(f.w.officerA, DIGEST_TODAY)).toMatchObject({ status: 'sent', attempts: 5, error: null });

    // nothing left: a further retry, or the daily job again, sends nothing
    await run('reminders.retry');
    await run('reminders.daily');
    expect((await retryRuns())[0]).toMatchObject({ result: expect.objectContaining({ recipients: 0, sent: 0 }) });
    expect(await digestCounts(sink, DIGEST_TODAY)).toEqual(everyone(1));
  });

  it('records a digest still unsent when its day ends as missed, sends it no more, and the next day’s digest lists its items', async () => {
    const missedDay = ago(-3);
    const nextDay = ago(-4);
    t.clock.set(at(missedDay));
    sink.deferAll = true;
    await run('reminders.daily');
    await run('reminders.retry');
    const failed = (await digestOf(f.w.officerA, missedDay))!;
    expect(failed).toMatchObject({ status: 'failed', attempts: 4 });

    // the day is over; the mail server is back
    t.clock.set(at(nextDay));
    sink.deferAll = false;
    await run('reminders.retry');
    expect((await retryRuns())[0]).toMatchObject({ status: 'succeeded', result: expect.objectContaining({ date: nextDay, missed: 4, recipients: 0 }) });
    expect(await digestCounts(sink, missedDay)).toEqual({});
    const missed = (await digestOf(f.w.officerA, missedDay))!;
    expect(missed).toMatchObject({ status: 'missed', attempts: 4, error: MISSED_DIGEST });

    // the person sees it among their notifications, the admin counts it in GET /jobs
    const mine = (await t.http().get('/api/v1/notifications?status=missed').set(bearer(f.w.managerA)).expect(200)).body;
    expect(mine.items.map((n: NotificationView) => [n.period, n.status])).toEqual([[missedDay, 'missed']]);
    expect((await jobs()).map((j) => [j.name, j.missed30d])).toEqual([['reminders.daily', 4], ['reminders.retry', 0], ['reports.monthly-rollup', 0]]);
    const labels = (await t.http().get('/api/v1/labels').set(bearer(admin)).expect(200)).body;
    expect(JSON.stringify(labels)).toContain('已错过');

    // a rerun of the missed day sends nothing: missed is final
    await run('reminders.daily', { date: missedDay });
    expect(await digestCounts(sink, missedDay)).toEqual({});

    // the next day's digest carries what the missed one listed
    await run('reminders.daily');
    expect(await digestCounts(sink, nextDay)).toMatchObject(everyone(1)); // and managerB's team has a light by then
    for (const who of [f.w.officerA, f.w.managerA, f.w.officerB, f.bounce]) {
      const before = (await digestOf(who, missedDay))!;
      const after = (await digestOf(who, nextDay))!;
      expect(after.status).toBe('sent');
      const items = (n: NotificationView) => [...n.summary.own.map((i) => `${i.kind}:${i.projectId}`), ...n.summary.team.map((i) => `team:${i.projectId}`)];
      expect(items(before).length).toBeGreaterThan(0);
      expect(items(after)).toEqual(expect.arrayContaining(items(before)));
    }
  });
});
