import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../core/clock';
import { isUniqueViolation } from '../core/database/db-errors';
import { UnitOfWork } from '../core/database/unit-of-work';
import { checks, conflict, notFound } from '../core/errors';
import { NOTIFICATION_STATUS_LABELS } from '../notifications/notification.entity';
import { UsersRepository } from '../users/users.repository';
import { backfillView } from './monthly-rollup-backfill.entity';
import { MonthlyRollupBackfillsRepository } from './monthly-rollup-backfills.repository';
import { type MonthlyRollup, ROLLUP_TRIGGER_LABELS, type RollupTrigger } from './monthly-rollup.entity';
import { type MonthlyMailRow, MonthlyRollupsRepository } from './monthly-rollups.repository';
import type { MonthlyMailView, MonthlyRollupView, MonthlyYearView, SummaryReport } from './report.types';
import { assertClosed, monthKey } from './report-period';
import { INDICATORS, ReportsService } from './reports.service';

/** The months of `year` that are over when the current month is `currentMonth` (`YYYY-MM`). */
export function closedMonthsOf(year: number, currentMonth: string): number[] {
  return Array.from({ length: 12 }, (_, i) => i + 1).filter((m) => monthKey(year, m) < currentMonth);
}

/** The report's five indicators as a revision lists them: month and year to date. */
const indicatorsOf = (figures: Record<string, unknown>) =>
  (figures as unknown as SummaryReport).indicators.map(({ key, month, ytd }) => ({ key, month, ytd }));

/** JSON with sorted keys: equal figures give equal text, whichever driver produced them. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value as object).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export interface RollupOutcome {
  year: number;
  month: number;
  revision: number;
  /** false when the figures equal the latest revision: nothing was written */
  changed: boolean;
  hash: string;
}

/**
 * 月度汇总 of closed months. The first rollup of a month is what was
 * reported; a recompute writes a new revision only when the figures differ
 * from the latest one, so recomputing unchanged data changes nothing.
 */
@Injectable()
export class RollupService {
  private readonly logger = new Logger('Reports');

  constructor(
    private readonly rollups: MonthlyRollupsRepository,
    private readonly uow: UnitOfWork,
    private readonly reports: ReportsService,
    private readonly clock: Clock,
    private readonly users: UsersRepository,
    private readonly backfills: MonthlyRollupBackfillsRepository,
  ) {}

  /**
   * Refuses a month that is not over yet with a domain error (bad input,
   * 'month_not_closed'): the job runner treats it as permanent, so a
   * scheduled or "run now" rollup of such a month fails once, recorded, and
   * is not retried.
   */
  assertClosed(year: number, month: number): void {
    assertClosed(year, month, this.clock.currentMonth());
  }

  /** The district's figures of a closed month (GET /reports/summary, unscoped) and their hash. */
  private async figuresOf(year: number, month: number): Promise<{ figures: SummaryReport; hash: string }> {
    this.assertClosed(year, month);
    // Computed outside the write unit (reads only); the write compares with the latest revision.
    const figures = await this.reports.summary(null, year, month);
    return { figures, hash: createHash('sha256').update(canonical(figures)).digest('hex') };
  }

  /**
   * Produces the first report of a closed month that has none (an admin's
   * 生成, or one month of a 补齐全年). A month that has one is refused with
   * 409 'already_reported': what was first reported is never overwritten.
   */
  async produce(year: number, month: number, trigger: 'manual' | 'backfill', actorId: number | null): Promise<RollupOutcome> {
    const key = monthKey(year, month);
    const exists = () => conflict('already_reported', `${key} 的月报已生成，首报数不能覆盖；如数据有变化，请重算生成新版本`);
    if (await this.rollups.latestRevision(year, month)) throw exists();
    const { figures, hash } = await this.figuresOf(year, month);
    try {
      const outcome = await this.uow.run(async (em): Promise<RollupOutcome> => {
        if (await this.rollups.latestRevision(year, month, em)) throw exists();
        await this.rollups.insertRevision(em, { year, month, revision: 1, hash, trigger, computedById: actorId, figures: figures as unknown as Record<string, unknown> });
        return { year, month, revision: 1, changed: true, hash };
      });
      this.logger.log({ msg: 'monthly rollup produced', trigger, ...outcome });
      return outcome;
    } catch (err) {
      // Produced meanwhile by another writer (the unique key): the same refusal.
      if (isUniqueViolation(err)) throw exists();
      throw err;
    }
  }

  async rollup(year: number, month: number, trigger: 'scheduled' | 'recompute' | 'import', actorId: number | null = null): Promise<RollupOutcome> {
    const { figures, hash } = await this.figuresOf(year, month);
    for (let attempt = 1; ; attempt++) {
      try {
        const outcome = await this.uow.run(async (em): Promise<RollupOutcome> => {
          const latest = await this.rollups.latestRevision(year, month, em);
          if (latest && latest.hash === hash) return { year, month, revision: latest.revision, changed: false, hash };
          const revision = (latest?.revision ?? 0) + 1;
          await this.rollups.insertRevision(em, {
            year, month, revision, hash, trigger, computedById: actorId, figures: figures as unknown as Record<string, unknown>,
          });
          return { year, month, revision, changed: true, hash };
        });
        this.logger.log({ msg: outcome.changed ? 'monthly rollup written' : 'monthly rollup unchanged', ...outcome });
        return outcome;
      } catch (err) {
        // Two recomputes of one month at once: the loser reads the winner's revision and compares again.
        if (isUniqueViolation(err) && attempt < 3) continue;
        throw err;
      }
    }
  }

  /**
   * After an import: each month already reported from `fromMonth` (`YYYY-MM`,
   * the import's earliest date) on gets a new revision, trigger 'import'
   * (导入调整), where its figures changed — so a reported month shows the
   * import as its own line, not as a correction. Returns the months revised.
   */
  async reviseForImport(fromMonth: string, actorId: number | null): Promise<RollupOutcome[]> {
    const current = this.clock.currentMonth();
    const months = (await this.rollups.reportedMonths()).filter((m) => monthKey(m.year, m.month) >= fromMonth && monthKey(m.year, m.month) < current);
    const out: RollupOutcome[] = [];
    for (const m of months) {
      const outcome = await this.rollup(m.year, m.month, 'import', actorId);
      if (outcome.changed) out.push(outcome);
    }
    return out;
  }

  async get(year: number, month: number): Promise<MonthlyRollupView> {
    const rows = await this.rollups.revisionsOf(year, month);
    if (!rows.length) throw notFound('月报', monthKey(year, month));
    return this.view(rows, await this.users.namesByIds(this.actorsOf(rows)));
  }

  /** The year's months: each stored month with its revisions and e-mails, the closed months still missing, the latest backfill. */
  async list(year: number): Promise<MonthlyYearView> {
    const badYear = checks.year('year', year);
    if (badYear) throw badYear;
    const rows = await this.rollups.revisionsOfYear(year);
    const months = [...new Set(rows.map((r) => r.month))];
    const mail = await this.rollups.mailOf(months.map((m) => monthKey(year, m)));
    const names = await this.users.namesByIds([...new Set([...this.actorsOf(rows), ...mail.map((m) => m.userId)])]);
    const closedMonths = closedMonthsOf(year, this.clock.currentMonth());
    const latest = await this.backfills.latestOfYear(year);
    return {
      year,
      indicators: INDICATORS.map(({ key, label, unit }) => ({ key, label, unit })),
      closedMonths,
      missingMonths: closedMonths.filter((m) => !months.includes(m)),
      items: months.map((m) => ({
        ...this.view(rows.filter((r) => r.month === m), names),
        mail: mail.filter((x) => x.periodKey === monthKey(year, m)).map((x) => mailView(x, names)),
      })),
      backfill: latest ? backfillView(latest) : null,
    };
  }

  private actorsOf(rows: MonthlyRollup[]): number[] {
    return [...new Set(rows.map((r) => r.computedById).filter((id): id is number => id !== null))];
  }

  private view(rows: MonthlyRollup[], names: Map<number, string>): MonthlyRollupView {
    const first = rows[0];
    const last = rows[rows.length - 1];
    const reported = frozenReport(first.figures);
    const current = frozenReport(last.figures);
    return {
      year: first.year,
      month: first.month,
      reported,
      reportedAt: first.createdAt.toISOString(),
      current,
      currentRevision: last.revision,
      currentAt: last.createdAt.toISOString(),
      adjustments: current.indicators.map((c) => {
        const r = reported.indicators.find((i) => i.key === c.key)!;
        // Differences of exact 万元 decimals, kept exact by going through integer 元.
        const diff = (a: number, b: number) => (c.unit === '万元' ? Math.round(a * 10_000 - b * 10_000) / 10_000 : a - b);
        return { key: c.key, month: diff(c.month, r.month), ytd: diff(c.ytd, r.ytd) };
      }),
      revisions: rows.map((r) => ({
        revision: r.revision, trigger: r.trigger as RollupTrigger, triggerLabel: ROLLUP_TRIGGER_LABELS[r.trigger as RollupTrigger] ?? r.trigger,
        computedById: r.computedById, computedByName: r.computedById === null ? null : (names.get(r.computedById) ?? null),
        computedAt: r.createdAt.toISOString(), hash: r.hash, indicators: indicatorsOf(r.figures),
      })),
    };
  }
}

function mailView(x: MonthlyMailRow, names: Map<number, string>): MonthlyMailView {
  return {
    userId: x.userId, name: names.get(x.userId) ?? null, toAddress: x.toAddress, status: x.status,
    statusLabel: NOTIFICATION_STATUS_LABELS[x.status], error: x.error, at: x.updatedAt.toISOString(),
  };
}

/**
 * A frozen report as today's shape: rollups frozen before issue 11 have no
 * `target` (they were the district's, compared with the district's target)
 * and team rows without their own target.
 */
function frozenReport(figures: Record<string, unknown>): SummaryReport {
  const r = figures as unknown as SummaryReport;
  return {
    ...r,
    target: r.target ?? { kind: 'district', teamId: null, teamName: null, note: null },
    breakdowns: { ...r.breakdowns, team: r.breakdowns.team.map((t) => ({ ...t, target: t.target ?? null, completionRate: t.completionRate ?? null })) },
  };
}
