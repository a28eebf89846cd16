import { Injectable } from '@nestjs/common';
import { InjectReadDataSource } from '../core/database/read-data-source';
import { DataSource, type EntityManager } from 'typeorm';
import { FundsReport } from './funds-report.entity';

export type MonthFunds = Pick<FundsReport, 'amount' | 'note' | 'reportedById'>;

/** The funds_reports table: every read and write of it. */
@Injectable()
export class FundsRepository {
  constructor(@InjectReadDataSource() private readonly ds: DataSource) {}

  /** A project's monthly reports, oldest month first. */
  listForProject(projectId: number, em: EntityManager = this.ds.manager): Promise<FundsReport[]> {
    return em.find(FundsReport, { where: { projectId }, order: { month: 'ASC' } });
  }

  findMonth(projectId: number, month: string, em: EntityManager = this.ds.manager): Promise<FundsReport | null> {
    return em.findOne(FundsReport, { where: { projectId, month } });
  }

  /**
   * Writes the month's report: replaces `existing` (read in the same unit),
   * or adds the month's one row.
   */
  saveMonth(em: EntityManager, existing: FundsReport | null, projectId: number, month: string, values: MonthFunds): Promise<FundsReport> {
    const row = existing ?? em.create(FundsReport, { projectId, month });
    Object.assign(row, values);
    return em.save(row);
  }
}
