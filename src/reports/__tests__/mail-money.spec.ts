import { mailMoney } from '../monthly-report-template';
import { excelDate, excelDateTime } from '../excel-cells';

describe(mailMoney.name, () => {
  it('writes 亿元 with two decimals from 1 亿元 up: 250,000.5 万元 is 25.00 亿元, not 25.00005', () => {
    expect(mailMoney(250_000.5)).toBe('25.00 亿元');
    expect(mailMoney(3_000_000)).toBe('300.00 亿元');
    expect(mailMoney(90_000.6234)).toBe('9.00 亿元');
    expect(mailMoney(12_345_678.9)).toBe('1,234.57 亿元');
  });

  it('writes 万元 with two decimals below 1 亿元, rounding half up on the exact 元', () => {
    expect(mailMoney(8000)).toBe('8,000.00 万元');
    expect(mailMoney(8000.455)).toBe('8,000.46 万元'); // 80,004,550 元: the half goes up (a float would say 8000.45)
    expect(mailMoney(8000.4549)).toBe('8,000.45 万元');
    expect(mailMoney(0.0049)).toBe('0.00 万元');
    expect(mailMoney(0)).toBe('0.00 万元');
  });

  it('moves to 亿元 when the 万元 figure would round up to 10,000.00', () => {
    expect(mailMoney(9_999.99)).toBe('9,999.99 万元');
    expect(mailMoney(9_999.995)).toBe('1.00 亿元');
  });

  it('signs adjustments when asked, and never writes -0.00 or +0.00', () => {
    expect(mailMoney(12_000.5, { sign: true })).toBe('+1.20 亿元');
    expect(mailMoney(-500.125, { sign: true })).toBe('-500.13 万元');
    expect(mailMoney(-500.125)).toBe('-500.13 万元');
    expect(mailMoney(0.0001, { sign: true })).toBe('0.00 万元');
  });
});

describe('Excel date cells', () => {
  it('a business date is midnight UTC: Excel shows that very day', () => {
    expect(excelDate('2026-03-31').toISOString()).toBe('2026-03-31T00:00:00.000Z');
  });

  it('a timestamp is written as the wall clock in the district, not UTC', () => {
    expect(excelDateTime('2026-05-31T20:53:40.000Z', 'Asia/Shanghai').toISOString()).toBe('2026-06-01T04:53:40.000Z');
    expect(excelDateTime('2026-01-15T00:00:00.000Z', 'Europe/Berlin').toISOString()).toBe('2026-01-15T01:00:00.000Z');
  });
});
