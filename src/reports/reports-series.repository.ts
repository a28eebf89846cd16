import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthUser } from '../core/auth/auth-user';
import { sql } from '../core/database/dialect';
import { InjectReadDataSource } from '../core/database/read-data-source';
import { dbSum } from '../core/money';
import { liveProject, onLiveProject } from '../projects/live-projects';
import { type CountingRules, countingSql, projectColumns } from './counting-rules';
import { periodOf } from './report-period';
import { scopeOnDate } from './report-scope';
import type { Totals } from './reports.repository';

const LIVE = ` AND ${liveProject('p')}`;

/**
 * A year's five figures month by month, under the year's 统计口径 and in the
 * caller's scope: one statement, each figure grouped by the month of its
 * indexed date column (the same conditions as ReportsRepository.periodTotals,
 * so the months add up to its year to date).
 */
@Injectable()
export class ReportsSeriesRepository {
  constructor(@InjectReadDataSource() private readonly ds: DataSource) {}

  /** Months 1 … through of `year`: the totals of each (a month without events is all zero). */
  async monthly(year: number, through: number, rules: CountingRules, user: AuthUser | null, em: EntityManager = this.ds.manager): Promise<Totals[]> {
    const period = periodOf(year, through);
    const rule = countingSql(rules, projectColumns('p'));
    const funds = countingSql(rules, { ...projectColumns('p'), id: 'f."projectId"' });
    const dated = (col: string, key: string, kept: string) => {
      const scope = scopeOnDate(user, `p."${col}"`);
      return {
        text: `SELECT '${key}' AS k, SUBSTR(p."${col}", 1, 7) AS m, COUNT(*) AS n, SUM(p."contractInvestment") AS amount
          FROM projects p WHERE p."${col}" >= :d0 AND p."${col}" <= :end AND ${kept}${LIVE}${scope.and} GROUP BY SUBSTR(p."${col}", 1, 7)`,
        params: scope.params,
      };
    };
    const fundsScope = scopeOnDate(user, 'f.month');
    const parts = [
      dated('signedOn', 's', rule.counted),
      dated('constructionStartedOn', 'cs', rule.kept),
      dated('productionStartedOn', 'ps', rule.kept),
      {
        text: `SELECT 'f' AS k, f.month AS m, COUNT(*) AS n, SUM(f.amount) AS amount
          FROM funds_reports f${fundsScope.and ? ' JOIN projects p ON p.id = f."projectId"' : ''}
         WHERE f.month >= :m0 AND f.month <= :m1 AND ${funds.kept}
           AND ${fundsScope.and ? liveProject('p') : onLiveProject('f."projectId"')}${fundsScope.and} GROUP BY f.month`,
        params: fundsScope.params,
      },
    ];
    const rows = await sql(em, parts.map((p) => p.text).join('\n UNION ALL\n'), {
      d0: period.start, end: period.end, m0: period.startMonth, m1: period.endMonth,
      ...rule.params, ...funds.params, ...Object.assign({}, ...parts.map((p) => p.params)),
    });
    const months: Totals[] = Array.from({ length: through }, () => ({
      signedInvestment: 0n, fundsInPlace: 0n, signings: 0, constructionStarts: 0, productionStarts: 0,
    }));
    for (const r of rows) {
      const t = months[Number(String(r.m).slice(5, 7)) - 1];
      if (!t) continue;
      const n = Number(r.n ?? 0);
      if (r.k === 's') {
        t.signings = n;
        t.signedInvestment = dbSum(r.amount);
      } else if (r.k === 'cs') t.constructionStarts = n;
      else if (r.k === 'ps') t.productionStarts = n;
      else t.fundsInPlace = dbSum(r.amount);
    }
    return months;
  }
}
