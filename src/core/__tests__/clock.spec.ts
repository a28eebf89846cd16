import { FixedClock } from '../clock';
import { addDays, daysBetween, isRealDate, isRealMonth } from '../dates';

describe(FixedClock.name, () => {
  it('a signing at 00:30 on 1 April in Shanghai is in April, whatever UTC says', () => {
    const clock = new FixedClock('2025-03-31T16:30:00Z', 'Asia/Shanghai');
    expect(clock.today()).toBe('2025-04-01');
    expect(clock.currentMonth()).toBe('2025-04');
  });

  it('23:59 on 31 March in Shanghai is still March', () => {
    expect(new FixedClock('2025-03-31T15:59:00Z', 'Asia/Shanghai').today()).toBe('2025-03-31');
  });

  it('follows the configured zone', () => {
    expect(new FixedClock('2025-03-31T16:30:00Z', 'UTC').today()).toBe('2025-03-31');
  });

  it('moves when set', () => {
    const clock = new FixedClock('2026-01-01T00:00:00Z');
    clock.set('2026-07-01T00:00:00Z');
    expect(clock.today()).toBe('2026-07-01');
    expect(clock.daysAgo(1)).toBe('2026-06-30');
  });
});

describe('the instant a day begins', () => {
  it('a Shanghai day begins at 16:00 UTC the day before', () => {
    expect(new FixedClock('2026-11-28T00:00:00Z', 'Asia/Shanghai').startOfDay('2026-11-28').toISOString()).toBe('2026-11-27T16:00:00.000Z');
  });
  it('a UTC day begins at midnight UTC, and a New York winter day at 05:00 UTC', () => {
    expect(new FixedClock('2026-01-01T00:00:00Z', 'UTC').startOfDay('2026-01-01').toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(new FixedClock('2026-01-01T00:00:00Z', 'America/New_York').startOfDay('2026-01-15').toISOString()).toBe('2026-01-15T05:00:00.000Z');
  });
});

describe('business dates', () => {
  it.each(['2024-02-29', '2026-12-31', '2026-01-01'])('%s is a real date', (d) => expect(isRealDate(d)).toBe(true));
  it.each(['2026-02-29', '2026-02-30', '2026-13-01', '2026-00-10', '2026-1-01', '20260101', '', null, 20260101])(
    '%p is not',
    (d) => expect(isRealDate(d)).toBe(false),
  );
  it.each([['2026-12', true], ['2026-13', false], ['2026-1', false], ['26-01', false]])('month %s → %s', (m, ok) => {
    expect(isRealMonth(m)).toBe(ok);
  });
  it('adds days across months and leap years', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysBetween('2026-01-01', '2026-12-31')).toBe(364);
  });
});
