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

export interface DigestRetryResult extends DigestRunResult {
  /** digests of earlier days recorded missed by this run */
  missed: number;
}

/** Why a digest is recorded missed: what GET /notifications shows its recipient. */
export const MISSED_DIGEST = '当天未能发出：发送失败后重试至当天结束仍未成功，记为已错过；其中的事项由次日的提醒照常列出';
/** Why a failed digest is closed unsent on a retry. */
const NOTHING_DUE_ON_RETRY = '补发时已没有到期事项（已处理），未再发送';

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

  /**
   * The day's digests whose send failed for a reason a retry may fix (or
   * whose worker died mid-send) go out again, each at most once; a digest
   * whose day has ended unsent is recorded missed. Run through the day
   * (reminders.retry), so a digest is retried until its day ends and no
   * longer. The next day's digest lists the same items: the rules select
   * projects by their state, not by what was sent.
   */
  async retryFailed(today: string): Promise<DigestRetryResult> {
    const missed = await this.claims.recordMissed('daily_digest', today, MISSED_DIGEST);
    const due = await this.claims.retryable('daily_digest', today);
    const result: DigestRetryResult = { date: today, missed, recipients: due.length, sent: 0, alreadyDone: 0, skipped: 0, failed: 0, failedPermanently: 0 };
    if (due.length) {
      const digests = await this.rules.digests(today);
      for (const userId of due) {
        const d = digests.get(userId);
        if (d) result[await this.sendOne(d, today)]++;
        else result[(await this.claims.closeUnsent(userId, 'daily_digest', today, NOTHING_DUE_ON_RETRY)) ? 'skipped' : 'alreadyDone']++;
      }
    }
    if (missed || due.length) this.logger.log({ msg: 'daily digests retried', ...result });
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
