import { Injectable } from '@nestjs/common';
import { isUniqueViolation } from '../core/database/db-errors';
import { UnitOfWork } from '../core/database/unit-of-work';
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
  constructor(private readonly uow: UnitOfWork) {}

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
