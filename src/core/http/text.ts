/**
 * What every piece of text the API takes in must be, wherever it arrives
 * (a body field, a query string, a path segment): well-formed UTF-16, and
 * free of control characters. PostgreSQL refuses NUL in text and neither
 * database can store a lone surrogate, so either would fail deep in a write
 * as a 500; and no name, code or note has a use for them.
 *
 * Tab and line feed may appear anywhere; a carriage return only in multi-line
 * text (a textarea sends CR LF).
 */

/** A lone surrogate: in `u` mode a well-formed pair is one code point and does not match (String.prototype.isWellFormed, which our ES2023 lib does not type). */
const LONE_SURROGATE = /\p{Cs}/u;

/** C0 controls but tab, LF and CR; DEL; C1 controls. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const CONTROL_OR_CR = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;

export type TextProblemCode = 'control_character' | 'malformed_text';

/** The Chinese wording of each problem, after the field's label. */
export const TEXT_WORDING: Record<TextProblemCode, (label: string) => string> = {
  control_character: (label) => `${label}不能包含控制字符`,
  malformed_text: (label) => `${label}含有无效的字符（不成对的代理项）`,
};

/** What is wrong with `value` as text, or null. */
export function textProblem(value: string, o: { multiline?: boolean } = {}): TextProblemCode | null {
  if (LONE_SURROGATE.test(value)) return 'malformed_text';
  if ((o.multiline ? CONTROL : CONTROL_OR_CR).test(value)) return 'control_character';
  return null;
}
