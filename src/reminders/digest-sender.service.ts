import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../core/config/app-config';
import { isUniqueViolation } from '../core/database/db-errors';
import { UnitOfWork } from '../core/database/unit-of-work';
import { isDeliverableAddress, MailError, MailService } from '../mail/mail.service';
import { Notification, type NotificationKind } from '../notifications/notification.entity';
import { itemCount, renderDigest } from './digest-template';
import { type Digest, ReminderRulesService } from './reminder-rules.service';

/** A claim older than this is taken to belong to a worker that died mid-send. */
export const CLAIM_LEASE_MS = 10 * 60 * 1000;

export interface DigestRunResult {
  date: string;
  recipients: number;
  sent: number;
  alreadyDone: number;
  skipped: number;
  failed: number;
  failedPermanently: number;
}

/** Thrown at the end of a run in which some messages failed for a reason a retry may fix. */
export class TransientSendFailure extends Error {
  constructor(readonly result: DigestRunResult) {
    super(`${result.failed} digest(s) could not be sent; the job will retry them`);
    this.name = 'TransientSendFailure';
  }
}

/**
 * Sends one day's digests. Each message is claimed first through the unique
 * (user, kind, day) row of `notifications`: a second worker, a retry or a
 * restarted process finds the claim and does not send again. Only a claim
 * abandoned for longer than the lease (its worker died between claiming and
 * recording the result) is taken over.
 */
@Injectable()
export class DigestSender {
  private readonly logger = new Logger('Reminders');

  constructor(
    private readonly uow: UnitOfWork,
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
    if (result.failed > 0) throw new TransientSendFailure(result);
    return result;
  }

  private async sendOne(d: Digest, date: string): Promise<'sent' | 'alreadyDone' | 'skipped' | 'failed' | 'failedPermanently'> {
    const kind: NotificationKind = 'daily_digest';
    const { subject, text, html } = renderDigest(d, date, this.config.jobs.appUrl);
    const summary = {
      own: d.own.map((i) => ({ kind: i.kind, projectId: i.projectId, projectName: i.projectName, detail: i.detail })),
      team: d.team.map((i) => ({ kind: i.kind, projectId: i.projectId, projectName: i.projectName, light: i.light, detail: i.detail })),
    };
    const claim = await this.claim(d.userId, kind, date, { toAddress: d.email, subject, itemCount: itemCount(d), summary });
    if (!claim) return 'alreadyDone';

    if (!isDeliverableAddress(d.email)) {
      await this.finish(claim, { status: 'skipped', error: `no valid e-mail address (${JSON.stringify(d.email)})` });
      this.logger.warn({ msg: 'digest skipped: no valid e-mail address', userId: d.userId, email: d.email });
      return 'skipped';
    }
    try {
      const sent = await this.mail.send({ to: d.email, subject, text, html, messageId: `<digest-${date}-${d.userId}@zhaoshang>` });
      await this.finish(claim, { status: 'sent', messageId: sent.messageId, error: null });
      return 'sent';
    } catch (err) {
      const permanent = err instanceof MailError && err.permanent;
      const message = err instanceof Error ? err.message : String(err);
      await this.finish(claim, { status: 'failed', error: message.slice(0, 2000), permanent });
      this.logger.warn({ msg: 'digest not sent', userId: d.userId, to: d.email, permanent, err: message });
      return permanent ? 'failedPermanently' : 'failed';
    }
  }

  /**
   * Takes the right to send (user, kind, period): inserts the row, or takes
   * over a retryable failure or an abandoned claim. Null when someone else
   * has it or it is done.
   */
  private async claim(userId: number, kind: NotificationKind, periodKey: string, fields: Partial<Notification>): Promise<number | null> {
    const now = Date.now();
    return this.uow.run(async (em) => {
      const existing = await em.findOne(Notification, { where: { userId, kind, periodKey } });
      if (!existing) {
        try {
          const row = em.create(Notification, { userId, kind, periodKey, status: 'sending', attempts: 1, claimedAt: now, permanent: false, ...fields });
          await em.save(row);
          return row.id;
        } catch (err) {
          if (isUniqueViolation(err)) return null; // another worker claimed it between our read and insert
          throw err;
        }
      }
      const takeOver =
        (existing.status === 'failed' && !existing.permanent) ||
        (existing.status === 'sending' && (existing.claimedAt ?? 0) < now - CLAIM_LEASE_MS);
      if (!takeOver) return null;
      const res = await em
        .createQueryBuilder()
        .update(Notification)
        .set({ status: 'sending', claimedAt: now, attempts: () => '"attempts" + 1', toAddress: fields.toAddress, subject: fields.subject, itemCount: fields.itemCount })
        .where('id = :id AND status = :st AND ("claimedAt" IS NULL OR "claimedAt" = :at)', { id: existing.id, st: existing.status, at: existing.claimedAt })
        .updateEntity(false)
        .execute();
      return res.affected === 1 ? existing.id : null;
    });
  }

  private finish(id: number, fields: Partial<Pick<Notification, 'status' | 'error' | 'messageId' | 'permanent'>>) {
    return this.uow.run((em) => em.update(Notification, { id }, { ...fields, claimedAt: null }));
  }
}
