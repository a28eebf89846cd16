/**
 * The cockpit's (and the display's) chart options, built from the API's figures: what a leader reads off
 * the drawing — the running total at a month is the sum of the months to it, the 序时 target line reaches
 * the annual target in December, nothing is drawn after the last month with figures, a team without a
 * target gets no target line, and a breakdown keeps the API's rows top-down, clickable back to the row.
 */
import { breakdownBars, cumulativeLines, funnel, monthlyBars, type MonthFigures } from '../../web/src/charts/options';

const month = (m: number, signedInvestment: number): MonthFigures => ({ month: m, signedInvestment, fundsInPlace: 0, signings: 0, constructionStarts: 0, productionStarts: 0 });
const thisYear = [month(1, 100), month(2, 0), month(3, 250.5)];
const lastYear = Array.from({ length: 12 }, (_, i) => month(i + 1, 10));
type Series = { name: string; data: (number | null)[]; markLine?: { data: { yAxis: number }[] } };

describe('chart options', () => {
  it('running totals: the sum of the months so far, nothing after the last month, the 序时 line ending on the target', () => {
    const o = cumulativeLines({ year: 2026, key: 'signedInvestment', unit: '万元', thisYear, lastYear, target: 1200 });
    const s = o.series as Series[];
    expect(s[0].name).toBe('2026年累计');
    expect(s[0].data).toEqual([100, 100, 350.5, null, null, null, null, null, null, null, null, null]);
    expect(s[1].data[11]).toBe(120);
    expect(s[2].name).toBe('序时目标');
    expect(s[2].data[2]).toBe(300);
    expect(s[2].data[11]).toBe(1200);
    expect(s[2].markLine?.data[0].yAxis).toBe(1200);
  });

  it('a team without a target: no target line at all', () => {
    const o = cumulativeLines({ year: 2026, key: 'signedInvestment', unit: '万元', thisYear, lastYear, target: null });
    expect((o.series as Series[]).map((x) => x.name)).toEqual(['2026年累计', '2025年累计']);
  });

  it('per month: this year against last year, a month without figures left empty (not zero)', () => {
    const o = monthlyBars({ year: 2026, key: 'signedInvestment', unit: '万元', thisYear, lastYear });
    const s = o.series as Series[];
    expect(s.map((x) => x.name)).toEqual(['2026年', '2025年']);
    expect(s[0].data.slice(0, 4)).toEqual([100, 0, 250.5, null]);
    expect(s[1].data).toHaveLength(12);
  });

  it('a breakdown keeps the rows in the given order from the top, and the funnel keeps the pipeline order', () => {
    const o = breakdownBars({ rows: [{ label: '新材料', value: 30 }, { label: '电子信息', value: 50 }], name: '签约投资', unit: '万元' });
    const y = o.yAxis as { inverse: boolean; data: string[] };
    expect(y.inverse).toBe(true);
    expect(y.data).toEqual(['新材料', '电子信息']);
    expect((o.series as Series[])[0].data).toEqual([30, 50]);
    const f = funnel({ stages: [{ stage: 'visit', label: '拜访接洽', count: 2 }, { stage: 'negotiation', label: '洽谈', count: 5 }] });
    const fs = (f.series as unknown as { sort: string; data: { name: string; value: number }[] }[])[0];
    expect(fs.sort).toBe('none');
    expect(fs.data).toEqual([{ name: '拜访接洽', value: 2 }, { name: '洽谈', value: 5 }]);
  });
});
