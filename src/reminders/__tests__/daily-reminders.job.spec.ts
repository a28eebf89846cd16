import { FixedClock } from '../../core/clock';
import { isPermanentFailure, type JobContext } from '../../queue/jobs';
import { DailyRemindersJob } from '../daily-reminders.job';
import type { DigestRunResult, DigestSender } from '../digest-sender.service';

/** 10:00 on 2026-06-16 in Shanghai */
const clock = new FixedClock('2026-06-16T02:00:00Z');

function setup() {
  const sentFor: string[] = [];
  const sender = {
    sendDaily: async (date: string): Promise<DigestRunResult> => {
      sentFor.push(date);
      return { date, recipients: 0, sent: 0, alreadyDone: 0, skipped: 0, failed: 0, failedPermanently: 0 };
    },
  } as unknown as DigestSender;
  return { job: new DailyRemindersJob(sender, clock), sentFor };
}

const manual = (at = clock.now()): JobContext => ({ name: 'reminders.daily', jobId: 'j1', attempt: 1, trigger: 'manual', scheduledFor: at });

describe(DailyRemindersJob.name, () => {
  it('refuses a date after today with in_future, before any digest is sent', async () => {
    const { job, sentFor } = setup();
    const refused = job.refuse({ date: '2026-06-17' });
    expect(refused).toMatchObject({ kind: 'bad_input', code: 'in_future', details: [{ field: 'date', code: 'in_future' }] });
    expect(refused!.message).toContain('提醒日期（2026-06-17）不能晚于今天（2026-06-16）');
    await expect(job.run({ date: '2026-06-17' }, manual())).rejects.toMatchObject({ code: 'in_future' });
    expect(isPermanentFailure(refused)).toBe(true);
    expect(sentFor).toEqual([]);
  });

  it('refuses a date that does not exist', () => {
    expect(setup().job.refuse({ date: '2026-02-30' })).toMatchObject({ code: 'bad_date' });
  });

  it('sends today, a past day, or the day a scheduled run was due', async () => {
    const { job, sentFor } = setup();
    expect(job.refuse({ date: '2026-06-16' })).toBeNull();
    expect(job.refuse({})).toBeNull();
    await job.run({ date: '2026-06-16' }, manual());
    await job.run({ date: '2026-06-01' }, manual());
    await job.run({}, manual());
    // a scheduled run delayed past midnight still sends the day it was due
    await job.run({}, { ...manual(), trigger: 'schedule', scheduledFor: new Date('2026-06-15T00:30:00Z') });
    expect(sentFor).toEqual(['2026-06-16', '2026-06-01', '2026-06-16', '2026-06-15']);
  });
});
