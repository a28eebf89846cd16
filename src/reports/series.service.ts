import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../core/auth/auth-user';
import { Clock } from '../core/clock';
import { yuanToWan } from '../core/money';
import { TargetsService } from '../targets/targets.service';
import type { Series, SeriesMonth } from './drill.types';
import { assertReportable } from './report-period';
import { ReportsSeriesRepository } from './reports-series.repository';
import type { Totals } from './reports.repository';

const monthOf = (t: Totals, i: number): SeriesMonth => ({
  month: i + 1,
  signedInvestment: yuanToWan(t.signedInvestment),
  fundsInPlace: yuanToWan(t.fundsInPlace),
  signings: t.signings,
  constructionStarts: t.constructionStarts,
  productionStarts: t.productionStarts,
});

/**
 * GET /reports/series: the year by month, this year and last, in one call
 * (two statements, one a year), each year under its own 统计口径 and in the
 * caller's scope; months 1 … m add up to the summary of month m.
 */
@Injectable()
export class SeriesService {
  constructor(
    private readonly repo: ReportsSeriesRepository,
    private readonly targets: TargetsService,
    private readonly clock: Clock,
  ) {}

  async year(user: AuthUser, year: number): Promise<Series> {
    const current = this.clock.currentMonth();
    // January of the year must have begun: a later year has no figures yet (a 400, as the summary answers).
    assertReportable(year, 1, current);
    const throughMonth = year < Number(current.slice(0, 4)) ? 12 : Number(current.slice(5, 7));
    const [target, lastTarget] = await Promise.all([this.targets.get(year), this.targets.get(year - 1)]);
    const [thisYear, lastYear] = await Promise.all([
      this.repo.monthly(year, throughMonth, target, user),
      this.repo.monthly(year - 1, 12, lastTarget, user),
    ]);
    return {
      year, throughMonth,
      target: {
        signedInvestment: yuanToWan(target.signedInvestment), fundsInPlace: yuanToWan(target.fundsInPlace), signings: target.signings,
        constructionStarts: target.constructionStarts, productionStarts: target.productionStarts,
      },
      thisYear: thisYear.map(monthOf),
      lastYear: lastYear.map(monthOf),
    };
  }
}
