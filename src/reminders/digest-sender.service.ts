import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../core/config/app-config';
import { isDeliverableAddress, MailError, MailService } from '../mail/mail.service';
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
    const claim = await this.claims.claim(d.userId, kind, date, { toAddress: d.email, subject, itemCount: itemCount(d), summary });
    if (!claim) return 'alreadyDone';

    if (!isDeliverableAddress(d.email)) {
      await this.claims.finish(claim, { status: 'skipped', error: `no valid e-mail address (${JSON.stringify(d.email)})` });
      this.logger.warn({ msg: 'digest skipped: no valid e-mail address', userId: d.userId, email: d.email });
      return 'skipped';
    }
    try {
      const sent = await this.mail.send({ to: d.email, subject, text, html, messageId: `<digest-${date}-${d.userId}@zhaoshang>` });
      await this.claims.finish(claim, { status: 'sent', messageId: sent.messageId, error: null });
      return 'sent';
    } catch (err) {
      const permanent = err instanceof MailError && err.permanent;
      const message = err instanceof Error ? err.message : String(err);
      await this.claims.finish(claim, { status: 'failed', error: message.slice(0, 2000), permanent });
      this.logger.warn({ msg: 'digest not sent', userId: d.userId, to: d.email, permanent, err: message });
      return permanent ? 'failedPermanently' : 'failed';
    }
  }
}
