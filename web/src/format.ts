/** How figures and dates read, in one place: money in 万元 (亿元 when large), dates YYYY-MM-DD. */

const wan = new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const int = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 0 });

/**
 * The API speaks money in 万元 (up to 4 decimals, i.e. exact to the 元; stored as integer 元).
 * Shown as "1,234.50 万元", or "12.35 亿元" from 1 亿 (10,000 万元) up; rounded only for display.
 */
export function money(wanYuan: number | string | null | undefined, opts: { unit?: boolean } = {}): string {
  if (wanYuan === null || wanYuan === undefined || wanYuan === '') return '—';
  const n = typeof wanYuan === 'string' ? Number(wanYuan) : wanYuan;
  if (!Number.isFinite(n)) return '—';
  const unit = opts.unit ?? true;
  if (Math.abs(n) >= 10_000) return `${wan.format(n / 10_000)}${unit ? ' 亿元' : ''}`;
  return `${wan.format(n)}${unit ? ' 万元' : ''}`;
}

/** 万元 with two decimals and separators, no unit (for a column whose header says 万元). */
export function wanFigure(wanYuan: number | null | undefined): string {
  if (wanYuan === null || wanYuan === undefined) return '—';
  return wan.format(wanYuan);
}

export function count(n: number | null | undefined): string {
  return n === null || n === undefined ? '—' : int.format(n);
}

export function date(value: string | null | undefined): string {
  if (!value) return '—';
  return value.slice(0, 10);
}

/** A timestamp (UTC ISO) shown in the district's time: YYYY-MM-DD HH:mm. */
export function dateTime(value: string | null | undefined): string {
  if (!value) return '—';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  const parts = new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false,
  }).formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

/** Today in Asia/Shanghai as YYYY-MM-DD (the server's Clock decides what counts; this only pre-fills forms). */
export function today(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
}

export function percent(rate: number | null | undefined, digits = 1): string {
  if (rate === null || rate === undefined) return '—';
  return `${(rate * 100).toFixed(digits)}%`;
}

/** A date picker's Date (local midnight) as YYYY-MM-DD. */
export function ymd(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** For el-date-picker's disabled-date: days after today cannot be picked. */
export const afterToday = (d: Date): boolean => ymd(d) > today();
