import { Injectable } from '@nestjs/common';
import { Clock } from '../core/clock';
import { HandlesJob, type JobHandler } from '../queue/jobs';
import { DigestSender } from './digest-sender.service';

/**
 * reminders.retry, scheduled through the day (REMINDER_RETRY_CRON): sends
 * again today's digests that failed after the daily job's own attempts, and
 * records earlier days' still unsent ones as missed. A failure here is not
 * thrown: the next run in half an hour is the retry, and the run's result
 * (GET /jobs) says what is still failing.
 */
@Injectable()
@HandlesJob('reminders.retry')
export class RetryRemindersJob implements JobHandler {
  constructor(
    private readonly sender: DigestSender,
    private readonly clock: Clock,
  ) {}

  async run(): Promise<Record<string, unknown>> {
    // Today by the clock, not the day the run was due: a run that starts late, past midnight,
    // must see that yesterday is over.
    return { ...(await this.sender.retryFailed(this.clock.today())) };
  }
}
