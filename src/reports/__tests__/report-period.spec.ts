import { DomainError } from '../../core/errors';
import { assertClosed, assertReportable, periodOf, samePeriodLastYear, timeProgressOf } from '../report-period';

/** The error a check throws, or null. */
function thrown(fn: () => void): DomainError | null {
  try {
    fn();
    return null;
  } catch (err) {
    if (err instanceof DomainError) return err;
    throw err;
  }
}

describe('report periods', () => {
  it('runs from 1 January to the last day of the month, leap years included', () => {
    expect(periodOf(2024, 2)).toEqual({
      year: 2024, month: 2, start: '2024-01-01', monthStart: '2024-02-01', end: '2024-02-29', startMonth: '2024-01', endMonth: '2024-02',
    });
    expect(periodOf(2026, 2).end).toBe('2026-02-28');
    expect(periodOf(2026, 12)).toMatchObject({ monthStart: '2026-12-01', end: '2026-12-31', endMonth: '2026-12' });
  });

  it('compares with the same months of the previous year', () => {
    expect(samePeriodLastYear(periodOf(2025, 2))).toEqual(periodOf(2024, 2));
  });

  it('序时进度 is month / 12 to four decimals', () => {
    expect([1, 3, 4, 6, 12].map(timeProgressOf)).toEqual([0.0833, 0.25, 0.3333, 0.5, 1]);
  });

  it('reports any month up to the current one, and refuses later months, bad months and years out of range', () => {
    expect(thrown(() => assertReportable(2026, 6, '2026-06'))).toBeNull();
    expect(thrown(() => assertReportable(2019, 1, '2026-06'))).toBeNull();
    expect(thrown(() => assertReportable(2026, 7, '2026-06'))).toMatchObject({
      kind: 'bad_input', code: 'in_future', details: [{ field: 'month', code: 'in_future', message: '2026-07 尚未开始（本月为 2026-06）' }],
    });
    expect(thrown(() => assertReportable(2026, 13, '2026-06'))).toMatchObject({ code: 'month_out_of_range', details: [{ field: 'month' }] });
    expect(thrown(() => assertReportable(1999, 5, '2026-06'))).toMatchObject({ code: 'year_out_of_range', details: [{ field: 'year' }] });
  });

  it('freezes only months that are over: the current month is refused as not closed, permanently', () => {
    expect(thrown(() => assertClosed(2026, 5, '2026-06'))).toBeNull();
    const open = thrown(() => assertClosed(2026, 6, '2026-06'));
    expect(open).toMatchObject({ kind: 'bad_input', code: 'month_not_closed', details: [{ field: 'month' }] });
    expect(open?.message).toContain('2026-06 尚未结束');
    expect(open?.permanent).toBe(true);
    expect(thrown(() => assertClosed(2026, 7, '2026-06'))).toMatchObject({ code: 'in_future' });
  });
});
