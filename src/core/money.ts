/**
 * Money is exact. People and the API speak 万元 with at most 4 decimals (1 元
 * precision); the database stores integer 元 in a bigint column. Conversion
 * goes through the decimal text of the number, never through float
 * multiplication, and sums use BigInt.
 */
export const YUAN_PER_WAN = 10_000;

/** Largest amount one field accepts: 1 万亿元 = 100,000,000 万元. */
export const MAX_WAN = 100_000_000;

const WAN_TEXT = /^(\d+)(?:\.(\d{1,4}))?$/;

/** Why a value is not a valid 万元 amount, or null when it is. */
export function wanProblem(value: unknown, { allowZero = true } = {}): string | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return '应为数字（万元）';
  if (value < 0) return '不能为负数';
  if (!allowZero && value === 0) return '应大于 0';
  if (value > MAX_WAN) return `不能超过 ${MAX_WAN} 万元`;
  if (!WAN_TEXT.test(decimalText(value))) return '最多 4 位小数（精确到元）';
  return null;
}

/** The shortest decimal text of a non-negative number, without exponent. */
function decimalText(value: number): string {
  const s = String(value);
  if (!/e/i.test(s)) return s;
  // Tiny numbers print as 1e-7; they have more than 4 decimals anyway.
  return value.toFixed(20).replace(/0+$/, '').replace(/\.$/, '');
}

/** 万元 (JSON number, ≤ 4 decimals) → integer 元. Throws on an invalid amount. */
export function wanToYuan(wan: number): number {
  const problem = wanProblem(wan);
  if (problem) throw new RangeError(`invalid 万元 amount ${wan}: ${problem}`);
  const m = WAN_TEXT.exec(decimalText(wan))!;
  const yuan = Number(m[1]) * YUAN_PER_WAN + Number((m[2] ?? '').padEnd(4, '0'));
  if (!Number.isSafeInteger(yuan)) throw new RangeError(`amount ${wan} 万元 is too large`);
  return yuan;
}

/** Integer 元 → 万元 as a JSON number (exact in decimal text). */
export function yuanToWan(yuan: number | bigint): number {
  const big = BigInt(yuan);
  const neg = big < 0n;
  const abs = neg ? -big : big;
  const int = abs / 10_000n;
  const frac = (abs % 10_000n).toString().padStart(4, '0').replace(/0+$/, '');
  return Number(`${neg ? '-' : ''}${int}${frac ? '.' + frac : ''}`);
}

/** Integer 元 → 亿元 text with 4 decimals, for reports. */
export function yuanToYiText(yuan: number | bigint): string {
  const big = BigInt(yuan);
  const neg = big < 0n;
  const abs = neg ? -big : big;
  // 1 亿元 = 10^8 元; round half up to 4 decimals (10^4 元 steps).
  const scaled = (abs + 5_000n) / 10_000n;
  const int = scaled / 10_000n;
  const frac = (scaled % 10_000n).toString().padStart(4, '0');
  return `${neg ? '-' : ''}${int}.${frac}`;
}

/** Exact sum of integer 元 amounts. */
export function sumYuan(amounts: Iterable<number | bigint | string | null | undefined>): bigint {
  let total = 0n;
  for (const a of amounts) if (a !== null && a !== undefined) total += BigInt(a);
  return total;
}

/**
 * Reads a 64-bit integer as the drivers return it (PostgreSQL: string,
 * SQLite: number) and insists it is a safe integer.
 */
export function parseDbInteger(value: unknown, what = 'value'): number | null {
  if (value === null || value === undefined) return null;
  const n = typeof value === 'string' ? Number(value) : (value as number);
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) {
    throw new RangeError(`${what} ${String(value)} is not a safe integer`);
  }
  return n;
}

/**
 * A SUM (or other integer aggregate) as the driver returns it, exactly: 0 for
 * NULL (no rows). PostgreSQL answers SUM(bigint) as numeric text, SQLite as a
 * number (exact up to 2^53, far above any district's yuan).
 */
export function dbSum(value: unknown): bigint {
  if (value === null || value === undefined) return 0n;
  if (typeof value === 'bigint') return value;
  return BigInt(typeof value === 'string' ? value.split('.')[0] : Math.round(value as number));
}

/** TypeORM transformer for bigint columns holding integer 元 (or any counts). */
export const bigintTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: unknown) => parseDbInteger(value, 'bigint column'),
};
