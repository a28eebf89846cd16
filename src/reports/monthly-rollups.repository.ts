import { Injectable } from '@nestjs/common';
import { InjectReadDataSource } from '../core/database/read-data-source';
import { DataSource, type EntityManager, In } from 'typeorm';
import { Notification, type NotificationStatus } from '../notifications/notification.entity';
import { MonthlyRollup } from './monthly-rollup.entity';

/** One leader's monthly report e-mail of one month, as the 月报 page shows it. */
export interface MonthlyMailRow {
  periodKey: string;
  userId: number;
  toAddress: string | null;
  status: NotificationStatus;
  error: string | null;
  updatedAt: Date;
}

/** The stored monthly rollups (月报): one row per revision of a month. */
@Injectable()
export class MonthlyRollupsRepository {
  constructor(@InjectReadDataSource() private readonly ds: DataSource) {}

  /** The month's latest revision, or null when it was never rolled up. */
  latestRevision(year: number, month: number, em: EntityManager = this.ds.manager): Promise<MonthlyRollup | null> {
    return em.findOne(MonthlyRollup, { where: { year, month }, order: { revision: 'DESC' } });
  }

  /** Every revision of the month, first reported first. */
  revisionsOf(year: number, month: number, em: EntityManager = this.ds.manager): Promise<MonthlyRollup[]> {
    return em.find(MonthlyRollup, { where: { year, month }, order: { revision: 'ASC' } });
  }

  /** Every revision of the year's months, by month and revision. */
  revisionsOfYear(year: number, em: EntityManager = this.ds.manager): Promise<MonthlyRollup[]> {
    return em.find(MonthlyRollup, { where: { year }, order: { month: 'ASC', revision: 'ASC' } });
  }

  /** The months of the year that have a rollup. */
  async monthsWithRollup(year: number, em: EntityManager = this.ds.manager): Promise<Set<number>> {
    const rows = await em.createQueryBuilder(MonthlyRollup, 'r').select('r.month', 'month').where('r.year = :year', { year }).groupBy('r.month').getRawMany<{ month: number }>();
    return new Set(rows.map((r) => Number(r.month)));
  }

  /** Every month that has a rollup, oldest first. */
  async reportedMonths(em: EntityManager = this.ds.manager): Promise<{ year: number; month: number }[]> {
    const rows = await em.createQueryBuilder(MonthlyRollup, 'r').select('r.year', 'year').addSelect('r.month', 'month')
      .groupBy('r.year').addGroupBy('r.month').orderBy('r.year').addOrderBy('r.month').getRawMany<{ year: unknown; month: unknown }>();
    return rows.map((r) => ({ year: Number(r.year), month: Number(r.month) }));
  }

  /** The monthly report e-mails of the given months (`YYYY-MM`): who was sent it and how that went. */
  async mailOf(periodKeys: string[], em: EntityManager = this.ds.manager): Promise<MonthlyMailRow[]> {
    if (!periodKeys.length) return [];
    const rows = await em.find(Notification, { where: { kind: 'monthly_report', periodKey: In(periodKeys) }, order: { periodKey: 'ASC', userId: 'ASC' } });
    return rows.map(({ periodKey, userId, toAddress, status, error, updatedAt }) => ({ periodKey, userId, toAddress, status, error, updatedAt }));
  }

  /** Writes a revision; a second writer of the same revision meets the unique key (year, month, revision). */
  async insertRevision(
    em: EntityManager,
    row: Pick<MonthlyRollup, 'year' | 'month' | 'revision' | 'hash' | 'trigger' | 'computedById' | 'figures'>,
  ): Promise<void> {
    const { figures, ...rest } = row;
    const entity = em.create(MonthlyRollup, rest);
    // assigned as it is: the figures are stored exactly as computed
    entity.figures = figures;
    await em.save(entity);
  }
}
