import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../core/clock';
import { isRealMonth } from '../core/dates';
import { HandlesJob, type JobContext, type JobHandler, PermanentJobError } from '../queue/jobs';

/** The month before the one `date` falls in: the month a rollup on the 1st closes. */
export function closedMonthOf(date: string): string {
  const [y, m] = date.split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/**
 * reports.monthly-rollup, scheduled for the 1st of each month at 01:00. It
 * resolves which month closed; the rollup itself (figures frozen per month,
 * revisions, the leaders' e-mail) is issue 4's, which replaces the body of
 * `rollup()`. Until then a run records the month and that no rollup exists.
 */
@Injectable()
@HandlesJob('reports.monthly-rollup')
export class MonthlyRollupJob implements JobHandler<{ month?: string }> {
  private readonly logger = new Logger('Reports');

  constructor(private readonly clock: Clock) {}

  async run(data: { month?: string }, ctx: JobContext): Promise<Record<string, unknown>> {
    if (data.month !== undefined && !isRealMonth(data.month)) throw new PermanentJobError(`month ${JSON.stringify(data.month)} is not YYYY-MM`);
    const day = ctx.trigger === 'manual' ? this.clock.today() : this.clock.dateOf(ctx.scheduledFor);
    const month = data.month ?? closedMonthOf(day);
    return this.rollup(month);
  }

  private async rollup(month: string): Promise<Record<string, unknown>> {
    this.logger.warn({ msg: 'monthly rollup: the reports module is not installed yet (issue 4); nothing frozen', month });
    return { month, rolledUp: false, reason: 'reports module not installed yet' };
  }
}
