import { Injectable } from '@nestjs/common';
import { Clock } from '../core/clock';
import { badInput, checks, type DomainError } from '../core/errors';
import { HandlesJob, type JobContext, type JobHandler } from '../queue/jobs';
import { DigestSender } from './digest-sender.service';

/**
 * reminders.daily: the digest of the day the run was due (a run delayed past
 * midnight still sends the day it was for), or of `date` when an admin asks.
 * A date after today is refused: each digest goes out once per day, so a run
 * ahead of time would use up that day's digests with what is due today, and
 * the real run would then send nothing.
 */
@Injectable()
@HandlesJob('reminders.daily')
export class DailyRemindersJob implements JobHandler<{ date?: string }> {
  constructor(
    private readonly sender: DigestSender,
    private readonly clock: Clock,
  ) {}

  /** POST /jobs refuses such input with 400; a run that gets it fails once (a permanent failure: not retried). */
  refuse(data: { date?: string }): DomainError | null {
    if (data.date === undefined) return null;
    const bad = checks.realDate('date', '日期', data.date);
    if (bad) return bad;
    const future = checks.notInFuture('date', '提醒日期', data.date, this.clock.today());
    return future ? badInput([{ ...future, message: `${future.message}：提前发送会占用那一天的提醒，到期当天便不再发送` }]) : null;
  }

  async run(data: { date?: string }, ctx: JobContext): Promise<Record<string, unknown>> {
    const refused = this.refuse(data);
    if (refused) throw refused;
    const date = data.date ?? (ctx.trigger === 'manual' ? this.clock.today() : this.clock.dateOf(ctx.scheduledFor));
    return { ...(await this.sender.sendDaily(date)) };
  }
}
