import { Injectable, Logger } from '@nestjs/common';
import { isUniqueViolation } from '../core/database/db-errors';
import { UnitOfWork } from '../core/database/unit-of-work';
import { isDeliverableAddress, MailError, type SentMail } from '../mail/mail.service';
import { Notification, type NotificationKind } from './notification.entity';

/** A claim older than this is taken to belong to a worker that died mid-send. */
export const CLAIM_LEASE_MS = 10 * 60 * 1000;

/** What happened to one message of a run. */
export type SendOutcome = 'sent' | 'alreadyDone' | 'skipped' | 'failed' | 'failedPermanently';

/** The counts of a run that sends one message per person. */
export interface SendCounts {
  recipients: number;
  sent: number;
  alreadyDone: number;
  skipped: number;
  failed: number;
  failedPermanently: number;
}

/**
 * Thrown at the end of a run in which some messages failed for a reason a
 * retry may fix, so that the job runs again; the claims make the retry send
 * only what is still missing.
 */
export class TransientSendFailure<R extends SendCounts = SendCounts> extends Error {
  constructor(
    readonly result: R,
    what = 'message(s)',
  ) {
    super(`${result.failed} ${what} could not be sent; the job will retry them`);
    this.name = 'TransientSendFailure';
  }
}

/**
 * Exactly-once sending through the unique (user, kind, period) row of
 * `notifications`: a sender claims the row before it sends, and records the
 * result after. A second worker, a retry or a restarted process finds the
 * claim and does not send again; only a retryable failure, or a claim
 * abandoned for longer than the lease (its worker died between claiming and
 * recording), is taken over.
 */
@Injectable()
export class NotificationClaims {
  private readonly logger = new Logger('Notifications');

  constructor(private readonly uow: UnitOfWork) {}

  /**
   * One message to one person, at most once: claim, skip an address that
   * cannot receive mail, send, and record how it ended (a 5xx as permanent).
   */
  async deliver(m: {
    userId: number;
    kind: NotificationKind;
    periodKey: string;
    to: string | null;
    subject: string;
    itemCount: number;
    summary: Record<string, unknown>;
    /** what the message is, for the log: 'digest', 'monthly report' */
    what: string;
    send: (to: string) => Promise<SentMail>;
  }): Promise<SendOutcome> {
    const claim = await this.claim(m.userId, m.kind, m.periodKey, { toAddress: m.to, subject: m.subject, itemCount: m.itemCount, summary: m.summary });
    if (!claim) return 'alreadyDone';
    if (!isDeliverableAddress(m.to)) {
      await this.finish(claim, { status: 'skipped', error: `no valid e-mail address (${JSON.stringify(m.to)})` });
      this.logger.warn({ msg: `${m.what} skipped: no valid e-mail address`, userId: m.userId, email: m.to });
      return 'skipped';
    }
    try {
      const sent = await m.send(m.to);
      await this.finish(claim, { status: 'sent', messageId: sent.messageId, error: null });
      return 'sent';
    } catch (err) {
      const permanent = err instanceof MailError && err.permanent;
      const message = err instanceof Error ? err.message : String(err);
      await this.finish(claim, { status: 'failed', error: message.slice(0, 2000), permanent });
      this.logger.warn({ msg: `${m.what} not sent`, userId: m.userId, to: m.to, permanent, err: message });
      return permanent ? 'failedPermanently' : 'failed';
    }
  }

  /**
   * Takes the right to send (user, kind, period): inserts the row, or takes
   * over a retryable failure or an abandoned claim. Null when someone else
   * has it or it is done.
   */
  async claim(userId: number, kind: NotificationKind, periodKey: string, fields: Partial<Notification>): Promise<number | null> {
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

  /** Records how a claimed send ended and releases the claim. */
  async finish(id: number, fields: Partial<Pick<Notification, 'status' | 'error' | 'messageId' | 'permanent'>>): Promise<void> {
    await this.uow.run((em) => em.update(Notification, { id }, { ...fields, claimedAt: null }));
  }
}
