import { Injectable } from '@nestjs/common';
import { Clock } from '../core/clock';
import { checks } from '../core/errors';
import { HandlesJob, type JobContext, type JobHandler } from '../queue/jobs';
import { DigestSender } from './digest-sender.service';

/**
 * reminders.daily: the digest of the day the run was due (a run delayed past
 * midnight still sends the day it was for), or of `date` when an admin asks.
 */
@Injectable()
@HandlesJob('reminders.daily')
export class DailyRemindersJob implements JobHandler<{ date?: string }> {
  constructor(
    private readonly sender: DigestSender,
    private readonly clock: Clock,
  ) {}

  async run(data: { date?: string }, ctx: JobContext): Promise<Record<string, unknown>> {
    // bad input fails the run once (a permanent failure: the runner does not retry it)
    const bad = data.date === undefined ? null : checks.realDate('date', '日期', data.date);
    if (bad) throw bad;
    const date = data.date ?? (ctx.trigger === 'manual' ? this.clock.today() : this.clock.dateOf(ctx.scheduledFor));
    return { ...(await this.sender.sendDaily(date)) };
  }
}
