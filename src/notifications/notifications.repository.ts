import { Injectable } from '@nestjs/common';
import { InjectReadDataSource } from '../core/database/read-data-source';
import { DataSource, type EntityManager } from 'typeorm';
import { Notification, type NotificationKind, type NotificationStatus } from './notification.entity';

/** The fields a sender records when it claims a message. */
export type ClaimFields = Partial<Pick<Notification, 'toAddress' | 'subject' | 'itemCount' | 'summary'>>;

/** How a claimed send ended. */
export type Outcome = Partial<Pick<Notification, 'status' | 'error' | 'messageId' | 'permanent'>>;

/**
 * The `notifications` table: one row per (person, kind, period), which is
 * both the record of what was sent and the claim that makes it go out once.
 */
@Injectable()
export class NotificationsRepository {
  constructor(@InjectReadDataSource() private readonly ds: DataSource) {}

  /** One person's messages, newest period first, a page at a time; with the total. */
  listForUser(
    userId: number,
    filter: { status?: NotificationStatus; kind?: NotificationKind },
    page: { skip: number; take: number },
    em: EntityManager = this.ds.manager,
  ): Promise<[Notification[], number]> {
    const qb = em.getRepository(Notification).createQueryBuilder('n').where('n."userId" = :u', { u: userId });
    if (filter.status) qb.andWhere('n.status = :st', { st: filter.status });
    if (filter.kind) qb.andWhere('n.kind = :k', { k: filter.kind });
    return qb.orderBy('n.periodKey', 'DESC').addOrderBy('n.id', 'DESC').skip(page.skip).take(page.take).getManyAndCount();
  }

  findForPeriod(userId: number, kind: NotificationKind, periodKey: string, em: EntityManager = this.ds.manager): Promise<Notification | null> {
    return em.findOne(Notification, { where: { userId, kind, periodKey } });
  }

  /** Messages of `kind` not done yet (failed or being sent), for one period or for every period before `before`. */
  unfinished(kind: NotificationKind, period: { is: string } | { before: string }, em: EntityManager = this.ds.manager): Promise<Notification[]> {
    const qb = em
      .getRepository(Notification)
      .createQueryBuilder('n')
      .where('n.kind = :kind AND n.status IN (:...open)', { kind, open: ['failed', 'sending'] satisfies NotificationStatus[] });
    if ('is' in period) qb.andWhere('n."periodKey" = :p', { p: period.is });
    else qb.andWhere('n."periodKey" < :p', { p: period.before });
    return qb.orderBy('n."userId"', 'ASC').getMany();
  }

  /** Records a message as missed, only if it is still as it was read (another worker may have taken it over since). */
  async markMissed(em: EntityManager, seen: Pick<Notification, 'id' | 'status' | 'claimedAt'>, error: string): Promise<boolean> {
    const res = await em
      .createQueryBuilder()
      .update(Notification)
      .set({ status: 'missed', claimedAt: null, error })
      .where('id = :id AND status = :st AND ("claimedAt" IS NULL OR "claimedAt" = :at)', { id: seen.id, st: seen.status, at: seen.claimedAt })
      .updateEntity(false)
      .execute();
    return res.affected === 1;
  }

  /**
   * How many messages of each kind were recorded missed for periods from
   * `fromDay` on (a month key `YYYY-MM` counts when the month is after
   * `fromDay`'s: keys compare as text).
   */
  async countMissed(fromDay: string, em: EntityManager = this.ds.manager): Promise<Map<NotificationKind, number>> {
    const rows = await em
      .getRepository(Notification)
      .createQueryBuilder('n')
      .select('n.kind', 'kind')
      .addSelect('COUNT(*)', 'n')
      .where('n.status = :st AND n."periodKey" >= :from', { st: 'missed' satisfies NotificationStatus, from: fromDay })
      .groupBy('n.kind')
      .getRawMany<{ kind: NotificationKind; n: unknown }>();
    return new Map(rows.map((r) => [r.kind, Number(r.n)]));
  }

  /** Inserts the row as claimed (`sending`, first attempt); a unique violation means someone else inserted it first. */
  async insertClaim(em: EntityManager, key: { userId: number; kind: NotificationKind; periodKey: string }, fields: ClaimFields, claimedAt: number): Promise<number> {
    const row = em.create(Notification, { ...key, status: 'sending', attempts: 1, claimedAt, permanent: false, ...fields });
    await em.save(row);
    return row.id;
  }

  /**
   * Claims an existing row again, counting one more attempt, only if it is
   * still as it was read (same status and claim time): of two workers taking
   * over one row, one wins.
   */
  async reclaim(em: EntityManager, seen: Pick<Notification, 'id' | 'status' | 'claimedAt'>, fields: ClaimFields, claimedAt: number): Promise<boolean> {
    const res = await em
      .createQueryBuilder()
      .update(Notification)
      .set({ status: 'sending', claimedAt, attempts: () => '"attempts" + 1', toAddress: fields.toAddress, subject: fields.subject, itemCount: fields.itemCount })
      .where('id = :id AND status = :st AND ("claimedAt" IS NULL OR "claimedAt" = :at)', { id: seen.id, st: seen.status, at: seen.claimedAt })
      .updateEntity(false)
      .execute();
    return res.affected === 1;
  }

  /** Records how a claimed send ended and releases the claim. */
  async finish(em: EntityManager, id: number, outcome: Outcome): Promise<void> {
    await em.update(Notification, { id }, { ...outcome, claimedAt: null });
  }
}
