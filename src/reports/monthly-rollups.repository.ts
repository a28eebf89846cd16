import { Injectable } from '@nestjs/common';
import { InjectReadDataSource } from '../core/database/read-data-source';
import { DataSource, type EntityManager } from 'typeorm';
import { MonthlyRollup } from './monthly-rollup.entity';

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
