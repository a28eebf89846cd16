import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { InjectReadDataSource } from '../core/database/read-data-source';
import { BACKFILL_LOCK, type BackfillFailure, MonthlyRollupBackfill } from './monthly-rollup-backfill.entity';

/** The backfills of missing monthly reports (补齐全年) and their progress. */
@Injectable()
export class MonthlyRollupBackfillsRepository {
  constructor(@InjectReadDataSource() private readonly ds: DataSource) {}

  findById(id: number, em: EntityManager = this.ds.manager): Promise<MonthlyRollupBackfill | null> {
    return em.findOne(MonthlyRollupBackfill, { where: { id } });
  }

  /** The backfill that holds the lock now, whatever its year; null when none runs. */
  running(em: EntityManager = this.ds.manager): Promise<MonthlyRollupBackfill | null> {
    return em.findOne(MonthlyRollupBackfill, { where: { runningLock: BACKFILL_LOCK } });
  }

  /** The year's latest backfill (running or not), for the page that opens while one runs. */
  latestOfYear(year: number, em: EntityManager = this.ds.manager): Promise<MonthlyRollupBackfill | null> {
    return em.findOne(MonthlyRollupBackfill, { where: { year }, order: { id: 'DESC' } });
  }

  /** Starts one, holding the lock: a second one meets the unique key (uq_rollup_backfill_running). */
  insertRunning(em: EntityManager, row: { year: number; months: number[]; startedById: number | null; heartbeatAt: number }): Promise<MonthlyRollupBackfill> {
    const entity = em.create(MonthlyRollupBackfill, { ...row, status: 'running', done: 0, produced: 0, currentMonth: null, failures: [], runningLock: BACKFILL_LOCK, finishedAt: null });
    return em.save(entity);
  }

  /** Records progress, with the heartbeat that says the backfill is alive. */
  async progress(em: EntityManager, id: number, p: { done: number; produced: number; currentMonth: number | null; failures: BackfillFailure[]; heartbeatAt: number }): Promise<void> {
    await em.update(MonthlyRollupBackfill, { id }, { ...p, failures: p.failures });
  }

  /** Ends it and releases the lock. */
  async finish(em: EntityManager, id: number, status: 'succeeded' | 'failed', finishedAt: number, failures?: BackfillFailure[]): Promise<void> {
    await em.update(MonthlyRollupBackfill, { id }, { status, runningLock: null, currentMonth: null, finishedAt, ...(failures ? { failures } : {}) });
  }
}
