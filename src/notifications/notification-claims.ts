import { Injectable, Logger } from '@nestjs/common';
import { isUniqueViolation } from '../core/database/db-errors';
import { UnitOfWork } from '../core/database/unit-of-work';
import { DomainError } from '../core/errors';
import { isDeliverableAddress, MailError, type SentMail } from '../mail/mail.service';
import type { Notification, NotificationKind } from './notification.entity';
import { type ClaimFields, NotificationsRepository, type Outcome } from './notifications.repository';

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
 * only what is still missing. Not permanent: the job runner retries it, and
 * GET /jobs shows its message.
 */
export class TransientSendFailure<R extends SendCounts = SendCounts> extends DomainError {
  constructor(
    readonly result: R,
    /** what the messages were, for the logs ('digest(s)') */
    readonly what = 'message(s)',
  ) {
    super('unavailable', 'mail_send_failed', `有 ${result.failed} 封邮件未能发出，任务将自动重试`);
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

  constructor(
    private readonly repo: NotificationsRepository,
    private readonly uow: UnitOfWork,
  ) {}

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
      await this.finish(claim, { status: 'skipped', error: m.to ? `邮箱地址无效（${m.to}），未发送` : '未设置邮箱地址，未发送' });
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
      // the server's own words stay, after a line saying what they mean for this message
      const error = `${permanent ? '邮件服务器拒收，不再重试' : '发送失败，任务重试时再发'}：${message}`;
      await this.finish(claim, { status: 'failed', error: error.slice(0, 2000), permanent });
      this.logger.warn({ msg: `${m.what} not sent`, userId: m.userId, to: m.to, permanent, err: message });
      return permanent ? 'failedPermanently' : 'failed';
    }
  }

  /**
   * Takes the right to send (user, kind, period): inserts the row, or takes
   * over a retryable failure or an abandoned claim. Null when someone else
   * has it or it is done.
   */
  async claim(userId: number, kind: NotificationKind, periodKey: string, fields: ClaimFields): Promise<number | null> {
    const now = Date.now();
    return this.uow.run(async (em) => {
      const existing = await this.repo.findForPeriod(userId, kind, periodKey, em);
      if (!existing) {
        try {
          return await this.repo.insertClaim(em, { userId, kind, periodKey }, fields, now);
        } catch (err) {
          if (isUniqueViolation(err)) return null; // another worker claimed it between our read and insert
          throw err;
        }
      }
      if (!mayTakeOver(existing, now)) return null;
      return (await this.repo.reclaim(em, existing, fields, now)) ? existing.id : null;
    });
  }

  /** Records how a claimed send ended and releases the claim. */
  async finish(id: number, outcome: Outcome): Promise<void> {
    await this.uow.run((em) => this.repo.finish(em, id, outcome));
  }

  /** Who may be sent (kind, period) again now: a failure a retry may fix, or a claim abandoned mid-send. */
  async retryable(kind: NotificationKind, periodKey: string): Promise<number[]> {
    const now = Date.now();
    return (await this.repo.unfinished(kind, { is: periodKey })).filter((n) => mayTakeOver(n, now)).map((n) => n.userId);
  }

  /**
   * Records as missed, with `why`, every message of `kind` for a period
   * before `periodKey` that is still unsent and that no worker is sending:
   * its period is over. Returns how many.
   */
  async recordMissed(kind: NotificationKind, periodKey: string, why: string): Promise<number> {
    const now = Date.now();
    const over = (await this.repo.unfinished(kind, { before: periodKey })).filter((n) => mayTakeOver(n, now));
    if (!over.length) return 0;
    let missed = 0;
    await this.uow.run(async (em) => {
      for (const n of over) if (await this.repo.markMissed(em, n, why)) missed++;
    });
    this.logger.warn({ msg: 'messages not sent within their period; recorded as missed', kind, before: periodKey, missed, userIds: over.map((n) => n.userId) });
    return missed;
  }

  /** Closes a message that may be retried without sending it, recorded skipped with `why` (e.g. nothing is due any more). */
  async closeUnsent(userId: number, kind: NotificationKind, periodKey: string, why: string): Promise<boolean> {
    const id = await this.claim(userId, kind, periodKey, {});
    if (id === null) return false;
    await this.finish(id, { status: 'skipped', error: why });
    return true;
  }
}

/** A failure a retry may fix, or a claim whose worker is taken to have died mid-send. */
export function mayTakeOver(n: Pick<Notification, 'status' | 'permanent' | 'claimedAt'>, now: number): boolean {
  return (n.status === 'failed' && !n.permanent) || (n.status === 'sending' && (n.claimedAt ?? 0) < now - CLAIM_LEASE_MS);
}
