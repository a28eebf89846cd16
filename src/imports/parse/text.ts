/**
 * Text as people type it into a spreadsheet, made comparable: full-width
 * letters, digits and brackets folded to half-width (NFKC), the ideographic
 * space and the no-break space treated as spaces, ends trimmed. Pure
 * functions; nothing here knows of the database.
 */
import { unneutralise } from '../../reports/excel-cells';

/** Spaces people meet in cells: ASCII, NBSP, the ideographic (full-width) space, zero-width ones. */
const SPACES = /[\s\u00a0\u3000\u200b\u200c\u200d\ufeff]+/g;

/** Full-width → half-width (NFKC), every kind of space → one ASCII space, trimmed. */
export function fold(text: string): string {
  return text.normalize('NFKC').replace(SPACES, ' ').trim();
}

/** `fold` with every space removed and Latin letters lower-cased: the key two texts are compared by. */
export function compactKey(text: string): string {
  return fold(text).replace(/ /g, '').toLowerCase();
}

/** A Date as the calendar day Excel shows (exceljs gives midnight UTC; a time of day is dropped). */
export function dateOfCell(d: Date): string | null {
  const ms = d.getTime();
  if (!Number.isFinite(ms)) return null;
  // A serial read back through floats can land a hair before midnight: round to the minute.
  const r = new Date(Math.round(ms / 60_000) * 60_000);
  return `${r.getUTCFullYear()}-${pad(r.getUTCMonth() + 1)}-${pad(r.getUTCDate())}`;
}

export const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * A cell's value as trimmed text, or null when it is blank. Text keeps its
 * inner spaces (full-width and no-break spaces become plain ones); a text the
 * 台账 export neutralised (`'=…`) is read back as the text it was, and a
 * formula-like text is never evaluated: it stays text. Numbers print as
 * JavaScript does, booleans as 是/否, dates as YYYY-MM-DD.
 */
export function normText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') {
    const t = v.replace(SPACES, ' ').trim();
    return t === '' ? null : unneutralise(t);
  }
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : null;
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (v instanceof Date) return dateOfCell(v);
  return null;
}

/** Texts that mean "nothing here" in a ledger cell (a dash, a slash, 无). */
const NOTHING = new Set(['-', '--', '—', '——', '/', '\\', '无', '暂无', 'n/a', 'na', '#n/a', 'null', '空']);

/** Whether a cell is blank or says "nothing" (a dash, a slash, 无). */
export function isNothing(v: unknown): boolean {
  if (v === null || v === undefined) return true;
  if (typeof v !== 'string') return normText(v) === null; // a number, a date, a boolean says something
  if (v.length > 8 && v.trim().length > 4) return false; // longer than any of the words
  const t = normText(v);
  return t === null || NOTHING.has(compactKey(t));
}

/** Whether every cell of a row is blank. */
export function isBlankRow(cells: readonly unknown[]): boolean {
  return cells.every((c) => normText(c) === null);
}
