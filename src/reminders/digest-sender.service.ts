import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../core/config/app-config';
import { MailService } from '../mail/mail.service';
import { NotificationClaims, type SendCounts, type SendOutcome, TransientSendFailure } from '../notifications/notification-claims';
import type { NotificationKind } from '../notifications/notification.entity';
import { itemCount, renderDigest } from './digest-template';
import { type Digest, ReminderRulesService } from './reminder-rules.service';

export interface DigestRunResult extends SendCounts {
  date: string;
}

/**
 * Sends one day's digests. Each message is claimed first through the unique
 * (user, kind, day) row of `notifications` (NotificationClaims): a second
 * worker, a retry or a restarted process finds the claim and does not send
 * again.
 */
@Injectable()
export class DigestSender {
  private readonly logger = new Logger('Reminders');

  constructor(
    private readonly claims: NotificationClaims,
    private readonly rules: ReminderRulesService,
    private readonly mail: MailService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async sendDaily(date: string): Promise<DigestRunResult> {
    const digests = await this.rules.digests(date);
    const result: DigestRunResult = { date, recipients: digests.size, sent: 0, alreadyDone: 0, skipped: 0, failed: 0, failedPermanently: 0 };
    for (const d of [...digests.values()].sort((a, b) => a.userId - b.userId)) {
      const outcome = await this.sendOne(d, date);
      result[outcome]++;
    }
    this.logger.log({ msg: 'daily digests', ...result });
    if (result.failed > 0) throw new TransientSendFailure(result, 'digest(s)');
    return result;
  }

  private async sendOne(d: Digest, date: string): Promise<SendOutcome> {
    const kind: NotificationKind = 'daily_digest';
    const { subject, text, html } = renderDigest(d, date, this.config.jobs.appUrl);
    const summary = {
      own: d.own.map((i) => ({ kind: i.kind, projectId: i.projectId, projectName: i.projectName, detail: i.detail })),
      team: d.team.map((i) => ({ kind: i.kind, projectId: i.projectId, projectName: i.projectName, light: i.light, detail: i.detail })),
    };
    return this.claims.deliver({
      userId: d.userId, kind, periodKey: date, to: d.email, subject, itemCount: itemCount(d), summary, what: 'digest',
      send: (to) => this.mail.send({ to, subject, text, html, messageId: `<digest-${date}-${d.userId}@zhaoshang>` }),
    });
  }
}
