import { Injectable } from '@nestjs/common';
import { Clock } from '../core/clock';
import type { JobName } from '../queue/jobs';
import { MissedMessages } from '../queue/missed-messages.port';
import type { NotificationKind } from './notification.entity';
import { NotificationsRepository } from './notifications.repository';

/** The job that sends each kind of message. */
const SENT_BY: Record<NotificationKind, JobName> = {
  daily_digest: 'reminders.daily',
  monthly_report: 'reports.monthly-rollup',
};

/** GET /jobs's count of missed messages, read from `notifications`. */
@Injectable()
export class MissedNotifications extends MissedMessages {
  constructor(
    private readonly repo: NotificationsRepository,
    private readonly clock: Clock,
  ) {
    super();
  }

  async countForLastDays(days: number): Promise<Partial<Record<JobName, number>>> {
    const out: Partial<Record<JobName, number>> = {};
    for (const [kind, n] of await this.repo.countMissed(this.clock.daysAgo(days))) out[SENT_BY[kind]] = (out[SENT_BY[kind]] ?? 0) + n;
    return out;
  }
}
