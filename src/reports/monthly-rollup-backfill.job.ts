import { Injectable } from '@nestjs/common';
import { badField, type DomainError } from '../core/errors';
import { HandlesJob, type JobHandler } from '../queue/jobs';
import { MonthlyRollupBackfillService } from './monthly-rollup-backfill.service';

/**
 * reports.backfill, never scheduled: queued by POST /reports/monthly/backfills
 * (the same code on BullMQ and in-process). Its data names the backfill row
 * that the page polls.
 */
@Injectable()
@HandlesJob('reports.backfill')
export class MonthlyRollupBackfillJob implements JobHandler<{ backfillId?: unknown }> {
  constructor(private readonly backfills: MonthlyRollupBackfillService) {}

  refuse(data: { backfillId?: unknown }): DomainError | null {
    const id = data.backfillId;
    return typeof id === 'number' && Number.isInteger(id) && id > 0
      ? null
      : badField('backfillId', 'backfill_required', '补齐任务请在「月报」页面点「补齐全年」发起', id);
  }

  async run(data: { backfillId?: unknown }): Promise<Record<string, unknown>> {
    const refused = this.refuse(data);
    if (refused) throw refused;
    return this.backfills.run(data.backfillId as number);
  }
}
