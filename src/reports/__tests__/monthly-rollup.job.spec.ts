import { FixedClock } from '../../core/clock';
import type { UnitOfWork } from '../../core/database/unit-of-work';
import type { PipelineHistory } from '../../projects/pipeline-history';
import { isPermanentFailure, type JobContext } from '../../queue/jobs';
import type { MonthlyReportMailer } from '../monthly-report-mailer';
import { MonthlyRollupJob } from '../monthly-rollup.job';
import type { MonthlyRollupsRepository } from '../monthly-rollups.repository';
import type { MonthlyRollupBackfillsRepository } from '../monthly-rollup-backfills.repository';
import type { UsersRepository } from '../../users/users.repository';
import type { ReportsService } from '../reports.service';
import { RollupService } from '../rollup.service';

/** 10:00 on 15 May 2026 in Shanghai: April is the last closed month */
const clock = new FixedClock('2026-05-15T02:00:00Z');

function build() {
  const did: string[] = [];
  const history = {
    verify: async () => {
      did.push('verify');
      return [];
    },
    repair: async () => {
      did.push('repair');
    },
  } as unknown as PipelineHistory;
  // the real closed-month rule; its writes are not reached in these runs
  const rollups = new RollupService({} as MonthlyRollupsRepository, {} as UnitOfWork, {} as ReportsService, clock, {} as UsersRepository, {} as MonthlyRollupBackfillsRepository);
  rollups.rollup = async (year, month) => {
    did.push(`rollup ${year}-${month}`);
    return { year, month, revision: 1, changed: true, hash: 'h' };
  };
  const mailer = {
    send: async (year: number, month: number) => {
      did.push(`mail ${year}-${month}`);
      return { period: `${year}-${month}`, revision: 1, recipients: 0, sent: 0, alreadyDone: 0, skipped: 0, failed: 0, failedPermanently: 0 };
    },
  } as unknown as MonthlyReportMailer;
  const uow = { dataSource: { manager: {} } } as unknown as UnitOfWork;
  const job = new MonthlyRollupJob(uow, clock, rollups, mailer, history);
  return { job, did };
}

const manual: JobContext = { name: 'reports.monthly-rollup', jobId: 'j1', attempt: 1, trigger: 'manual', scheduledFor: clock.now() };

describe(MonthlyRollupJob.name, () => {
  it('rolls up the month just closed, then mails it, after checking the pipeline ledger', async () => {
    const { job, did } = build();
    const scheduled: JobContext = { ...manual, trigger: 'schedule', scheduledFor: new Date('2026-04-30T17:00:00Z') }; // 1 May 01:00 in Shanghai
    expect(await job.run({}, scheduled)).toMatchObject({ period: '2026-04', revision: 1, ledgerCellsRepaired: 0 });
    expect(did).toEqual(['verify', 'rollup 2026-4', 'mail 2026-4']);
  });

  it('refuses a month that is not over with a permanent error, before touching anything', async () => {
    const { job, did } = build();
    const err = await job.run({ month: '2026-05' }, manual).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'bad_input', code: 'month_not_closed', details: [{ field: 'month' }] });
    expect(isPermanentFailure(err)).toBe(true);
    expect(did).toEqual([]);
  });

  it('refuses a month that is not YYYY-MM with a permanent error', async () => {
    const { job, did } = build();
    const err = await job.run({ month: '2026-13' }, manual).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'invalid_month', details: [{ field: 'month' }] });
    expect(isPermanentFailure(err)).toBe(true);
    expect(did).toEqual([]);
  });
});
