import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../core/clock';
import { isUniqueViolation } from '../core/database/db-errors';
import { UnitOfWork } from '../core/database/unit-of-work';
import { checks, notFound } from '../core/errors';
import type { MonthlyRollup } from './monthly-rollup.entity';
import { MonthlyRollupsRepository } from './monthly-rollups.repository';
import type { MonthlyRollupView, SummaryReport } from './report.types';
import { assertClosed, monthKey } from './report-period';
import { ReportsService } from './reports.service';

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

  async rollup(year: number, month: number, trigger: 'scheduled' | 'recompute', actorId: number | null = null): Promise<RollupOutcome> {
    this.assertClosed(year, month);
    // Computed outside the write unit (reads only); the write compares with the latest revision.
    const figures = await this.reports.summary(null, year, month);
    const hash = createHash('sha256').update(canonical(figures)).digest('hex');
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

  async get(year: number, month: number): Promise<MonthlyRollupView> {
    const rows = await this.rollups.revisionsOf(year, month);
    if (!rows.length) throw notFound('月报', monthKey(year, month));
    return this.view(rows);
  }

  async list(year: number): Promise<{ year: number; items: MonthlyRollupView[] }> {
    const badYear = checks.year('year', year);
    if (badYear) throw badYear;
    const rows = await this.rollups.revisionsOfYear(year);
    const months = [...new Set(rows.map((r) => r.month))];
    return { year, items: months.map((m) => this.view(rows.filter((r) => r.month === m))) };
  }

  private view(rows: MonthlyRollup[]): MonthlyRollupView {
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
    };
  }
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
