import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../core/clock';
import { UnitOfWork } from '../core/database/unit-of-work';
import { isRealMonth } from '../core/dates';
import { badField } from '../core/errors';
import { PipelineHistory } from '../projects/pipeline-history';
import { HandlesJob, type JobContext, type JobHandler } from '../queue/jobs';
import { MonthlyReportMailer } from './monthly-report-mailer';
import { RollupService } from './rollup.service';

/** The month before the one `date` falls in: the month a rollup on the 1st closes. */
export function closedMonthOf(date: string): string {
  const [y, m] = date.split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/**
 * reports.monthly-rollup, scheduled for the 1st of each month at 01:00:
 * freezes the month just closed (or `month` when an admin asks) and then
 * sends the leaders their monthly report.
 *
 * A month that cannot be rolled up (not `YYYY-MM`, not over yet) is refused
 * with a domain error before anything is touched; the job runner treats those
 * as permanent (queue/jobs.ts isPermanentFailure): the run fails once, is
 * recorded, and is not retried.
 */
@Injectable()
@HandlesJob('reports.monthly-rollup')
export class MonthlyRollupJob implements JobHandler<{ month?: string }> {
  private readonly logger = new Logger('Reports');

  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly rollups: RollupService,
    private readonly mailer: MonthlyReportMailer,
    private readonly history: PipelineHistory,
  ) {}

  async run(data: { month?: string }, ctx: JobContext): Promise<Record<string, unknown>> {
    if (data.month !== undefined && !isRealMonth(data.month)) throw badField('month', 'invalid_month', '月份应为 YYYY-MM 格式', data.month);
    const day = ctx.trigger === 'manual' ? this.clock.today() : this.clock.dateOf(ctx.scheduledFor);
    const month = data.month ?? closedMonthOf(day);
    return this.rollup(month);
  }

  private async rollup(month: string): Promise<Record<string, unknown>> {
    const [y, m] = month.split('-').map(Number);
    this.rollups.assertClosed(y, m);
    // The rollup reads the month-end pipeline from the ledger: make sure it still agrees with the history.
    const drift = await this.history.verify();
    if (drift.length) {
      this.logger.error({ msg: 'pipeline ledger disagreed with the transition history; rebuilt from the history', cells: drift.length, first: drift.slice(0, 10) });
      await this.uow.run((em) => this.history.repair(em));
    }
    const outcome = await this.rollups.rollup(y, m, 'scheduled');
    // A retry after a failed send redoes the rollup (unchanged: nothing written) and mails only who is missing.
    const mail = await this.mailer.send(y, m);
    return { period: month, ...outcome, mail, ledgerCellsRepaired: drift.length };
  }
}
