import { Injectable } from '@nestjs/common';
import { Clock } from '../core/clock';
import { isRealDate } from '../core/dates';
import { HandlesJob, type JobContext, type JobHandler, PermanentJobError } from '../queue/jobs';
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
    if (data.date !== undefined && !isRealDate(data.date)) throw new PermanentJobError(`date ${JSON.stringify(data.date)} is not a real date`);
    const date = data.date ?? (ctx.trigger === 'manual' ? this.clock.today() : this.clock.dateOf(ctx.scheduledFor));
    return { ...(await this.sender.sendDaily(date)) };
  }
}
