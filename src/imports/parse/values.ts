/**
 * One cell's value read as what a field needs, the way people really type
 * it: dates as date cells, serial numbers or text (2024/3/5, 2024.3.5,
 * 2024年3月5日, 2024-03), money with 万元/亿元 suffixes, thousands separators
 * or full-width digits, labels instead of codes. Each parser gives
 * `{ value }` (null for a blank cell: whether the field may be blank is the
 * caller's rule), `{ value, guess }` when it had to guess (a warning the
 * user sees), or `{ error }` with a Chinese message naming what was expected.
 */
import { canonicalCreditCode, creditCodeProblem } from '../../companies/company-identity';
import { MAX_WAN } from '../../core/money';
import type { Stage } from '../../projects/pipeline';
import type { MoneyUnit } from './fields';
import { compactKey, dateOfCell, fold, isNothing, normText, pad } from './text';

export interface ParseError {
  code: string;
  message: string;
  /** the nearest label, when a label was nearly right */
  suggestion?: string;
}

export type Result<T> =
  | { value: T | null; guess?: string; error?: undefined }
  | { value?: undefined; guess?: undefined; error: ParseError };

const ok = <T>(value: T | null, guess?: string): Result<T> => (guess ? { value, guess } : { value });
const fail = <T>(code: string, message: string, suggestion?: string): Result<T> =>
  ({ error: suggestion === undefined ? { code, message } : { code, message, suggestion } });

/** How a value is quoted in a message: 「“2024/13/5”」. */
const q = (v: unknown): string => `“${normText(v) ?? ''}”`;

export { normText } from './text';

// ---------------------------------------------------------------- dates

const MIN_YEAR = 1900;
const MAX_YEAR = 2100;
const SERIAL_1950 = 18_264;
const SERIAL_2100 = 73_415;

function realDate(y: number, m: number, d: number): string | null {
  if (y < MIN_YEAR || y > MAX_YEAR || m < 1 || m > 12 || d < 1) return null;
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCMonth() !== m - 1) return null;
  return `${y}-${pad(m)}-${pad(d)}`;
}

/** Excel's day number (1900 system: day 1 = 1900-01-01, with its phantom 1900-02-29) → date. */
function serialDate(serial: number): string | null {
  // from 1950 on: a smaller number in a date column is a year (2024) or a slip, not a day of 1905
  if (!Number.isFinite(serial) || serial < SERIAL_1950 || serial > SERIAL_2100) return null;
  return dateOfCell(new Date(Date.UTC(1899, 11, 30) + Math.floor(serial + 1e-9) * 86_400_000));
}

const DATE_TEXT = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$/;
const MONTH_TEXT = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?(?:份)?$/;
const COMPACT_DATE = /^(\d{4})(\d{2})(\d{2})$/;
const DATE_HINT = '应为日期，如 2024-03-05、2024/3/5 或 2024年3月5日';

/** A date: YYYY-MM-DD. A month alone (2024-03, 2024年3月) is taken as its 1st, with a guess. */
export function parseDate(v: unknown): Result<string> {
  if (isNothing(v)) return ok(null);
  if (v instanceof Date) {
    const d = dateOfCell(v);
    return d && Number(d.slice(0, 4)) >= MIN_YEAR && Number(d.slice(0, 4)) <= MAX_YEAR ? ok(d) : fail('invalid_date', `${DATE_HINT}`);
  }
  if (typeof v === 'number') return numberDate(v);
  const t = fold(normText(v)!);
  let m = DATE_TEXT.exec(t);
  if (m) {
    const d = realDate(+m[1], +m[2], +m[3]);
    return d ? ok(d) : fail('invalid_date', `${q(v)}不是有效的日期，${DATE_HINT}`);
  }
  m = MONTH_TEXT.exec(t);
  if (m) {
    const d = realDate(+m[1], +m[2], 1);
    return d ? ok(d, `${q(v)}只有月份，按当月1日（${d}）计`) : fail('invalid_date', `${q(v)}不是有效的日期，${DATE_HINT}`);
  }
  if (/^\d+(\.\d+)?$/.test(t)) return numberDate(Number(t), v);
  return fail('invalid_date', `${q(v)}不是日期，${DATE_HINT}`);
}

/** A number in a date column: 20240305, or an Excel serial day number (a date cell whose format was lost). */
function numberDate(n: number, original: unknown = n): Result<string> {
  if (Number.isInteger(n) && n >= 1950 && n <= MAX_YEAR) return fail('invalid_date', `${q(original)}只有年份，请写明月和日，如 ${n}-03-05`);
  const c = COMPACT_DATE.exec(String(n));
  if (c) {
    const d = realDate(+c[1], +c[2], +c[3]);
    if (d) return ok(d);
  }
  const d = serialDate(n);
  if (d) return ok(d);
  return fail('invalid_date', `${q(original)}不是日期，${DATE_HINT}`);
}

const MONTH_HINT = '应为月份，如 2024-03 或 2024年3月';

/** A month: YYYY-MM, from a month text, a date (cell or text) or a serial number. */
export function parseMonth(v: unknown): Result<string> {
  if (isNothing(v)) return ok(null);
  if (typeof v === 'number' && /^\d{4}\.\d{1,2}$/.test(String(v))) {
    // 2024.3 typed into a number cell; 2024.10 arrives as 2024.1
    const [y, mm] = String(v).split('.');
    const month = realDate(+y, +mm, 1)?.slice(0, 7) ?? null;
    if (!month) return fail('invalid_month', `${q(v)}不是有效的月份，${MONTH_HINT}`);
    return mm === '1' ? ok(month, `${q(v)}按 ${month} 计（若为10月请写作 ${y}-10）`) : ok(month);
  }
  if (typeof v === 'string') {
    const t = fold(normText(v) ?? '');
    const m = MONTH_TEXT.exec(t) ?? /^(\d{4})(\d{2})$/.exec(t);
    if (m) {
      const d = realDate(+m[1], +m[2], 1);
      return d ? ok(d.slice(0, 7)) : fail('invalid_month', `${q(v)}不是有效的月份，${MONTH_HINT}`);
    }
  }
  const d = parseDate(v);
  if (d.error) return fail('invalid_month', `${q(v)}不是月份，${MONTH_HINT}`);
  return ok(d.value === null ? null : d.value.slice(0, 7));
}

// ---------------------------------------------------------------- numbers

/** Decimal digits of a finite non-negative number without exponent. */
function decimalText(n: number): string {
  const s = String(n);
  return /e/i.test(s) ? n.toFixed(20).replace(/\.?0+$/, '') : s;
}

/** Digits, separators and a unit as typed: full-width folded, thousands separators and spaces removed. */
function numberText(v: unknown): string {
  return fold(normText(v) ?? '').replace(/[,，、\s']/g, '').replace(/^[¥￥]/, '');
}

const UNIT_YUAN: Record<MoneyUnit, number> = { 元: 1, 万元: 10_000, 亿元: 100_000_000 };
const MONEY_TEXT = /^([+-]?)(\d+(?:\.\d+)?|\.\d+)(元|万元|万|亿元|亿|千元|千)?$/;
const MONEY_HINT = '应为金额（万元），如 1200、1,200.5、3亿元 或 500万';

/** Exact integer 元 of `digits` (a decimal text) times `perUnit`, rounded half up to the 元. */
function scaled(digits: string, perUnit: number): number {
  const [int, frac = ''] = digits.replace(/^\./, '0.').split('.');
  const places = Math.round(Math.log10(perUnit));
  const whole = BigInt(int + frac.slice(0, places).padEnd(places, '0'));
  const roundUp = frac.length > places && frac[places] >= '5' ? 1n : 0n;
  return Number(whole + roundUp);
}

/**
 * Money as integer 元. A number is in the column's `unit` (万元 unless its
 * header said 元 or 亿元); a text may say its own unit (12.5万元, 3亿, 500万,
 * 8000元). Negative amounts, or above 1 万亿元, are errors.
 */
export function parseMoney(v: unknown, unit: MoneyUnit = '万元'): Result<number> {
  if (isNothing(v)) return ok(null);
  let sign = '';
  let digits: string;
  let perUnit = UNIT_YUAN[unit];
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return fail('invalid_money', MONEY_HINT);
    sign = v < 0 ? '-' : '';
    digits = decimalText(Math.abs(v));
  } else {
    const m = MONEY_TEXT.exec(numberText(v));
    if (!m) return fail('invalid_money', `${q(v)}不是金额，${MONEY_HINT}`);
    sign = m[1];
    digits = m[2];
    if (m[3]) perUnit = { 元: 1, 千元: 1000, 千: 1000, 万元: 10_000, 万: 10_000, 亿元: 100_000_000, 亿: 100_000_000 }[m[3]]!;
  }
  const yuan = scaled(digits, perUnit);
  if (sign === '-' && yuan !== 0) return fail('negative', `金额不能为负数（${q(v)}）`);
  if (yuan > MAX_WAN * 10_000) return fail('too_large', `金额${q(v)}过大，不能超过 ${MAX_WAN} 万元`);
  return ok(yuan);
}

const COUNT_TEXT = /^(\d+)(?:\.0+)?(人|个|名)?$/;

/** A count (就业人数): a non-negative whole number; 「1,200人」 is read. */
export function parseCount(v: unknown): Result<number> {
  if (isNothing(v)) return ok(null);
  if (typeof v === 'number') {
    if (Number.isSafeInteger(v) && v >= 0) return ok(v);
    return fail(v < 0 ? 'negative' : 'invalid_count', `${q(v)}应为不小于 0 的整数`);
  }
  const m = COUNT_TEXT.exec(numberText(v));
  if (!m || !Number.isSafeInteger(Number(m[1]))) return fail('invalid_count', `${q(v)}应为不小于 0 的整数`);
  return ok(Number(m[1]));
}

const AREA_TEXT = /^(\d+(?:\.\d+)?|\.\d+)(亩)?$/;

/** An area in 亩, rounded to 0.01 亩; 「120亩」 is read. */
export function parseArea(v: unknown): Result<number> {
  if (isNothing(v)) return ok(null);
  let digits: string;
  if (typeof v === 'number') {
    if (!Number.isFinite(v) || v < 0) return fail(v < 0 ? 'negative' : 'invalid_area', `${q(v)}应为不小于 0 的面积（亩）`);
    digits = decimalText(v);
  } else {
    const m = AREA_TEXT.exec(numberText(v));
    if (!m) return fail('invalid_area', `${q(v)}应为面积（亩），如 120 或 35.5`);
    digits = m[1];
  }
  return ok(scaled(digits, 100) / 100);
}

const TRUE = new Set(['是', 'y', 'yes', 'true', '√', '✓', '✔', '1', '有', '对', '重点', '是的']);
const FALSE = new Set(['否', 'n', 'no', 'false', '×', '✗', '✘', 'x', '0', '不是', '非', '非重点']);

/** Yes or no: 是/否, Y/N, √/×, 1/0, TRUE/FALSE. 「是（市级）」 is yes (see parseKeyProject for the level). */
export function parseBool(v: unknown): Result<boolean> {
  if (typeof v === 'boolean') return ok(v);
  const t = normText(v);
  if (t === null) return ok(null);
  const k = compactKey(t).replace(/[(（].*$/, '');
  if (TRUE.has(k)) return ok(true);
  if (FALSE.has(k) || isNothing(v)) return ok(false);
  return fail('invalid_bool', `${q(v)}应为“是”或“否”`);
}

// ---------------------------------------------------------------- texts

/** A text of at most `maxLength` characters (a name, a 项目编号, a reason); a number is read as its digits. */
export function parseText(v: unknown, maxLength: number): Result<string> {
  const t = normText(v);
  if (t === null) return ok(null);
  const length = [...t].length;
  return length > maxLength ? fail('too_long', `${q(v)}过长：最多 ${maxLength} 个字，实为 ${length} 个字`) : ok(t);
}

/** A 统一社会信用代码: full-width folded, spaces removed, upper-cased, then checked (GB 32100-2015, as the companies module does). */
export function parseCreditCode(v: unknown): Result<string> {
  if (isNothing(v)) return ok(null);
  const code = canonicalCreditCode(normText(v)!).replace(/[-－—]/g, '');
  const problem = creditCodeProblem(code);
  return problem ? fail(problem.code, `${q(v)}：${problem.message}`) : ok(code);
}

export * from './labels';
export type { Stage };
