import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../core/clock';
import { isUniqueViolation } from '../core/database/db-errors';
import { UnitOfWork } from '../core/database/unit-of-work';
import { badField, checks, conflict, isDomainError, notFound } from '../core/errors';
import { JobQueue } from '../queue/job-queue';
import { type BackfillFailure, type BackfillView, backfillView, type MonthlyRollupBackfill } from './monthly-rollup-backfill.entity';
import { MonthlyRollupBackfillsRepository } from './monthly-rollup-backfills.repository';
import { MonthlyRollupsRepository } from './monthly-rollups.repository';
import { closedMonthsOf, RollupService } from './rollup.service';

/**
 * A running backfill untouched this long was cut off (its process died, or
 * every retry failed): the next backfill may take its place. A month takes
 * seconds, so a live one touches its row far more often.
 */
export const BACKFILL_STALE_MS = 15 * 60 * 1000;

/**
 * 补齐全年: produces, in the background, the first report of every closed
 * month of a year that has none (figures = GET /reports/summary of that month,
 * district). It never touches a month that has a report. One at a time: a
 * second one while one runs is refused (409). The leaders' e-mail is not sent
 * for backfilled months: they are history, not this month's report.
 */
@Injectable()
export class MonthlyRollupBackfillService {
  private readonly logger = new Logger('Reports');

  constructor(
    private readonly backfills: MonthlyRollupBackfillsRepository,
    private readonly rollups: MonthlyRollupsRepository,
    private readonly rollup: RollupService,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly queue: JobQueue,
  ) {}

  /** Starts a backfill of `year` and queues its job; answers its progress at the start. */
  async start(year: number, actorId: number): Promise<BackfillView> {
    const badYear = checks.year('year', year);
    if (badYear) throw badYear;
    const closed = closedMonthsOf(year, this.clock.currentMonth());
    if (!closed.length) throw badField('year', 'no_closed_month', `${year} 年还没有已结束的月份，无需补齐`, year);
    const have = await this.rollups.monthsWithRollup(year);
    const months = closed.filter((m) => !have.has(m));
    const started = await this.claim(year, months, actorId);
    if (!months.length) {
      // Nothing is missing: the backfill is done as it starts, no job needed.
      await this.uow.run((em) => this.backfills.finish(em, started.id, 'succeeded', this.clock.now().getTime()));
    } else {
      try {
        await this.queue.runNow('reports.backfill', { backfillId: started.id });
      } catch (err) {
        // Not queued (Redis away: 503): release the lock so that a later try may start.
        await this.uow.run((em) => this.backfills.finish(em, started.id, 'failed', this.clock.now().getTime(), [{ month: 0, message: '任务队列不可用，未能开始' }]));
        throw err;
      }
    }
    return this.get(started.id);
  }

  async get(id: number): Promise<BackfillView> {
    const row = await this.backfills.findById(id);
    if (!row) throw notFound('补齐任务', id);
    return backfillView(row);
  }

  /** Takes the lock with a new backfill; a live one refuses (409), a cut-off one is ended first. */
  private async claim(year: number, months: number[], actorId: number): Promise<MonthlyRollupBackfill> {
    try {
      return await this.uow.run(async (em) => {
        const running = await this.backfills.running(em);
        if (running && this.clock.now().getTime() - running.heartbeatAt > BACKFILL_STALE_MS) {
          this.logger.warn({ msg: 'a cut-off backfill released', backfillId: running.id, year: running.year, done: running.done });
          await this.backfills.finish(em, running.id, 'failed', this.clock.now().getTime(), [
            ...running.failures, { month: running.currentMonth ?? 0, message: '补齐中断（进程停止），未完成的月份可再次补齐' },
          ]);
        } else if (running) {
          throw this.busy(running);
        }
        return this.backfills.insertRunning(em, { year, months, startedById: actorId, heartbeatAt: this.clock.now().getTime() });
      });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      const running = await this.backfills.running();
      throw running ? this.busy(running) : conflict('backfill_running', '已有补齐任务正在进行，请稍后再试');
    }
  }

  private busy(running: MonthlyRollupBackfill) {
    return conflict('backfill_running', `已有补齐任务正在进行（${running.year} 年，已完成 ${running.done}/${running.months.length} 个月），请等待其完成`, {
      backfillId: running.id,
    });
  }

  /**
   * The job's work: each month of the backfill that still has no report is
   * produced; one produced meanwhile (the 1st-of-month job, an admin's 生成)
   * is left as it is. A retry of the job picks up where it stopped.
   */
  async run(id: number): Promise<Record<string, unknown>> {
    const row = await this.backfills.findById(id);
    if (!row) throw notFound('补齐任务', id);
    if (row.status !== 'running') return { backfillId: id, year: row.year, status: row.status, note: 'already finished' };
    const failures: BackfillFailure[] = row.failures.filter((f) => !row.months.includes(f.month));
    let { produced } = row;
    let done = 0;
    for (const month of row.months) {
      await this.uow.run((em) => this.backfills.progress(em, id, { done, produced, currentMonth: month, failures, heartbeatAt: this.clock.now().getTime() }));
      try {
        await this.rollup.produce(row.year, month, 'backfill', row.startedById);
        produced++;
      } catch (err) {
        if (!(isDomainError(err) && err.code === 'already_reported')) {
          failures.push({ month, message: isDomainError(err) ? err.message : '生成失败，请查看服务器日志' });
          this.logger.error({ msg: 'backfill: a month failed', backfillId: id, year: row.year, month, err: err instanceof Error ? err.message : String(err) });
        }
      }
      done++;
    }
    const status = failures.length ? 'failed' : 'succeeded';
    await this.uow.run(async (em) => {
      await this.backfills.progress(em, id, { done, produced, currentMonth: null, failures, heartbeatAt: this.clock.now().getTime() });
      await this.backfills.finish(em, id, status, this.clock.now().getTime());
    });
    return { backfillId: id, year: row.year, status, months: row.months.length, produced, failed: failures.length };
  }
}
