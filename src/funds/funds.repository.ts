import { Injectable } from '@nestjs/common';
import { InjectReadDataSource } from '../core/database/read-data-source';
import { DataSource, type EntityManager } from 'typeorm';
import { inChunks, sql } from '../core/database/dialect';
import { parseDbInteger } from '../core/money';
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

  /** The funds in place to date of these projects, integer 元, by project id (a project with no report is absent); any number of ids. */
  async totalsByProject(projectIds: readonly number[], em: EntityManager = this.ds.manager): Promise<Map<number, number>> {
    const out = new Map<number, number>();
    for (const ids of inChunks(projectIds)) {
      // SUM of integer 元 is exact on both databases (PostgreSQL answers it as text)
      const rows = await sql<{ projectId: unknown; total: unknown }>(
        em,
        'SELECT "projectId", SUM(amount) AS total FROM funds_reports WHERE "projectId" IN (:...ids) GROUP BY "projectId"',
        { ids },
      );
      for (const r of rows) out.set(Number(r.projectId), parseDbInteger(r.total, 'funds sum') ?? 0);
    }
    return out;
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
