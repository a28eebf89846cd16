/**
 * Text cells of every Excel file we write (the 项目台账, the monthly report,
 * the leaders' attachment), neutralised against formula injection as OWASP
 * advises for CSV and spreadsheets: a cell whose text starts with `=`, `+`,
 * `-`, `@`, a tab or a carriage return is prefixed with a single quote, so
 * that a project named `=HYPERLINK(…)` is shown as text, never evaluated
 * when the file is opened or re-saved as CSV.
 *
 * A text that already starts with a quote before such a character gets one
 * more, so that `unneutralise` (for the import, when it comes) gives back
 * every original text exactly: `safeText` and `unneutralise` are inverse.
 */

const TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r']);

/** Whether Excel could read `text` as a formula, or it is a quote before such a text. */
function needsQuote(text: string): boolean {
  let i = 0;
  while (text[i] === "'") i++;
  return i < text.length && TRIGGERS.has(text[i]);
}

/** A cell's value as written: text neutralised, numbers, dates, null and the rest as they are. */
export function safeText(value: string): string;
export function safeText<T>(value: T): T;
export function safeText(value: unknown): unknown {
  return typeof value === 'string' && needsQuote(value) ? `'${value}` : value;
}

/** The original text of a cell `safeText` wrote (what an import reads back). */
export function unneutralise(text: string): string {
  return text.startsWith("'") && needsQuote(text.slice(1)) ? text.slice(1) : text;
}

/**
 * A business date `YYYY-MM-DD` as a real Excel date (it sorts and filters as
 * one): midnight UTC, which exceljs writes as the whole day's serial number.
 */
export function excelDate(date: string): Date {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d));
}

/**
 * An instant as the district's wall-clock time, for a date-time cell: Excel
 * has no time zones, so the cell holds the time as read on a clock in
 * `timeZone` (Asia/Shanghai), never UTC.
 */
export function excelDateTime(instant: string | Date, timeZone: string): Date {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
  }).formatToParts(new Date(instant));
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)!.value);
  return new Date(Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')));
}
