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
