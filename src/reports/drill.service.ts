import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../core/auth/auth-user';
import { Clock } from '../core/clock';
import { badField } from '../core/errors';
import { yuanToWan } from '../core/money';
import { DictionariesService } from '../dictionaries/dictionaries.service';
import { STAGE_LABELS, type Stage } from '../projects/pipeline';
import { TargetsService } from '../targets/targets.service';
import { whyNotCounted } from './counting-rules';
import type { DrillQuery } from './drill.dto';
import {
  BREAKDOWN_LABELS, DRILL_FIGURE_LABELS, type DrillFigure, type DrillPage, type DrillPart, type DrillSpan, isIndicator, NONE_CODE,
} from './drill.types';
import type { BreakdownKey } from './report.types';
import { assertReportable, type Period, periodOf, samePeriodLastYear } from './report-period';
import { type DrillAsk, type DrillRow, type DrillRows, type DrillWindow, ReportsDrillRepository } from './reports-drill.repository';
import { BREAKDOWNS, INDICATORS } from './reports.service';
import { ReportsRepository } from './reports.repository';

type Rate = 'fundsRate' | 'constructionRate' | 'productionRate';
const RATES: readonly DrillFigure[] = ['fundsRate', 'constructionRate', 'productionRate'];

/** What each part of each rate is (summary.rates: over the year's signings to the month's end), and its rows. */
const RATE_PARTS: Record<Rate, Record<DrillPart, { label: string; rows: DrillRows; unit: '万元' | '个' }>> = {
  fundsRate: {
    numerator: { label: '当年签约项目的到位资金', rows: { kind: 'signedFunds' }, unit: '万元' },
    denominator: { label: '当年签约项目的协议引资', rows: { kind: 'signings' }, unit: '万元' },
  },
  constructionRate: {
    numerator: { label: '当年签约且已开工的项目', rows: { kind: 'signedStarted', column: 'constructionStartedOn' }, unit: '个' },
    denominator: { label: '当年签约的项目', rows: { kind: 'signings' }, unit: '个' },
  },
  productionRate: {
    numerator: { label: '当年签约且已投产的项目', rows: { kind: 'signedStarted', column: 'productionStartedOn' }, unit: '个' },
    denominator: { label: '当年签约的项目', rows: { kind: 'signings' }, unit: '个' },
  },
};

/** The rows of each indicator (the same the summary's periodTotals counts). */
const INDICATOR_ROWS: Record<string, DrillRows> = {
  signedInvestment: { kind: 'signings' }, signings: { kind: 'signings' }, fundsInPlace: { kind: 'funds' },
  constructionStarts: { kind: 'starts', column: 'constructionStartedOn' }, productionStarts: { kind: 'starts', column: 'productionStartedOn' },
};

const windowOf = (p: Period, span: 'month' | 'ytd'): DrillWindow => ({
  from: span === 'month' ? p.monthStart : p.start, to: p.end,
  fromMonth: span === 'month' ? p.endMonth : p.startMonth, toMonth: p.endMonth, end: p.end,
});

/** `2026年1—11月`, `2026年11月` (one month), `2026年11月末` (a month's end). */
const periodLabel = (p: Period, span: 'month' | 'ytd' | 'end') =>
  span === 'end' ? `${p.year}年${p.month}月末` : span === 'month' || p.month === 1 ? `${p.year}年${p.month}月` : `${p.year}年1—${p.month}月`;

/**
 * GET /reports/drill: one figure of GET /reports/summary down to the
 * projects that make it, under the year's 统计口径 (counting-rules.ts) and
 * in the caller's scope: the rows the figure's statement reads, those that
 * count first; the value is the count (or sum) of those that count, which is
 * the summary's figure.
 */
@Injectable()
export class DrillService {
  constructor(
    private readonly drills: ReportsDrillRepository,
    private readonly reports: ReportsRepository,
    private readonly targets: TargetsService,
    private readonly dictionaries: DictionariesService,
    private readonly clock: Clock,
  ) {}

  async drill(user: AuthUser, q: DrillQuery): Promise<DrillPage> {
    assertReportable(q.year, q.month, this.clock.currentMonth());
    const figure = q.figure;
    this.assertCombination(q);
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 50;
    const now = periodOf(q.year, q.month);
    const span: DrillSpan | null = isIndicator(figure) ? (q.span ?? 'ytd') : null;
    const part: DrillPart | null = RATES.includes(figure) ? (q.part ?? 'numerator') : null;
    const period = span === 'lastYearYtd' ? samePeriodLastYear(now) : now;
    const rules = await this.targets.get(period.year);
    const breakdown = q.breakdown ? { key: q.breakdown, code: q.code === NONE_CODE ? null : q.code! } : undefined;
    const rowLabel = breakdown ? await this.rowLabel(breakdown.key, breakdown.code) : null;

    let rows: DrillRows;
    let unit: '万元' | '个';
    let title: string;
    if (isIndicator(figure)) {
      const indicator = INDICATORS.find((i) => i.key === figure)!;
      rows = INDICATOR_ROWS[figure];
      unit = indicator.unit;
      title = `${periodLabel(period, span === 'month' ? 'month' : 'ytd')} ${indicator.label}`;
    } else if (figure === 'funnel') {
      rows = { kind: 'stage', stage: q.stage! };
      unit = '个';
      title = `${periodLabel(period, 'end')} ${DRILL_FIGURE_LABELS.funnel}（${STAGE_LABELS[q.stage as Stage]}）`;
    } else if (figure === 'signedThenDropped') {
      rows = { kind: 'dropped' };
      unit = '个';
      title = `${periodLabel(period, 'ytd')} ${DRILL_FIGURE_LABELS.signedThenDropped}`;
    } else {
      const p = RATE_PARTS[figure as Rate][part!];
      rows = p.rows;
      unit = p.unit;
      title = `${periodLabel(period, 'ytd')} ${DRILL_FIGURE_LABELS[figure]}${part === 'numerator' ? '分子' : '分母'}：${p.label}`;
    }
    if (breakdown) title += `（${BREAKDOWN_LABELS[breakdown.key]}：${rowLabel}）`;

    const ask: DrillAsk = { rows, window: windowOf(period, span === 'month' ? 'month' : 'ytd'), rules, user, breakdown };
    const { rows: items, ...sums } = await this.drills.read(ask, (page - 1) * pageSize, pageSize);
    const amount = yuanToWan(sums.amount);
    return {
      year: q.year, month: q.month, figure, span, part, title, unit,
      value: unit === '万元' ? amount : sums.counted,
      amount, total: sums.total, counted: sums.counted, notCounted: sums.total - sums.counted, page, pageSize,
      items: items.map((r) => itemOf(r, rules)),
    };
  }

  /** The query's parameters fit together: a 400 naming the field that does not. */
  private assertCombination(q: DrillQuery): void {
    const indicator = isIndicator(q.figure);
    const label = DRILL_FIGURE_LABELS[q.figure];
    if (q.span !== undefined && !indicator) throw badField('span', 'not_applicable', `时段只适用于五项指标，${label}不分时段`, q.span);
    if (q.breakdown !== undefined && !indicator) throw badField('breakdown', 'not_applicable', `分项只适用于五项指标，${label}没有分项`, q.breakdown);
    if (q.breakdown !== undefined && q.code === undefined) throw badField('code', 'required', '指定分项时须给出分项中的一行（code；未填写一行为 none）');
    if (q.code !== undefined && q.breakdown === undefined) throw badField('breakdown', 'required', '给出 code 时须指定分项（breakdown）', q.code);
    if (q.figure === 'funnel' && q.stage === undefined) throw badField('stage', 'required', '下钻项目漏斗须指定阶段（stage）');
    if (q.stage !== undefined && q.figure !== 'funnel') throw badField('stage', 'not_applicable', `阶段只适用于项目漏斗（figure=funnel），${label}不按阶段`, q.stage);
    if (q.part !== undefined && !RATES.includes(q.figure)) throw badField('part', 'not_applicable', `分子、分母只适用于到位率、开工率、投产率，${label}没有分子分母`, q.part);
  }

  /** The label of a breakdown's row (as the summary labels it); a code the breakdown does not have is a 400. */
  private async rowLabel(key: BreakdownKey, code: string | null): Promise<string> {
    if (code === null) return '未填写';
    const unknown = () => badField('code', 'unknown_code', `“${code}”不是${BREAKDOWN_LABELS[key]}中的一项`, code);
    if (key === 'team') {
      if (!/^[1-9]\d{0,9}$/.test(code) || Number(code) > 2_147_483_647) throw unknown();
      const name = (await this.reports.teamNames([Number(code)])).get(Number(code));
      if (name === undefined) throw unknown();
      return name;
    }
    const label = (await this.dictionaries.labels(BREAKDOWNS.find((b) => b.key === key)!.dict!)).get(code);
    if (label === undefined) throw unknown();
    return label;
  }
}

/** A row as the page lists it: why it does not count, from the 统计口径 (the first condition it fails). */
function itemOf(r: DrillRow, rules: Awaited<ReturnType<TargetsService['get']>>) {
  return {
    id: r.id, name: r.name, companyName: r.companyName, teamName: r.teamName, ownerName: r.ownerName, stage: r.stage, on: r.on,
    amount: r.amount === null ? null : yuanToWan(r.amount), counted: r.counted,
    reason: r.counted ? null : (whyNotCounted(rules, r) ?? '不符合统计口径'),
  };
}
