/**
 * Domain errors: what the services throw. They know nothing of HTTP; one
 * filter (core/http/exception.filter.ts) maps each kind to a status, and the
 * job runner treats the permanent kinds as "failed once, recorded".
 *
 * Every error carries a stable English machine `code` and a Simplified
 * Chinese `message` a person can read as it is (API.md); each bad field is a
 * `Problem` with its own code and message, so that a form can put it beside
 * the input.
 */
import { isRealDate, isRealMonth } from './dates';

/** One bad field: which, a machine code, and a Chinese message. */
export interface Problem {
  field: string;
  code: string;
  message: string;
}

export type ErrorKind =
  | 'bad_input' // 400
  | 'unauthenticated' // 401
  | 'forbidden' // 403
  | 'not_found' // 404
  | 'conflict' // 409
  | 'rule' // 422: the domain's rules refuse it
  | 'too_many' // 429: too many failed attempts; `retryAfter` seconds (also the Retry-After header)
  | 'unavailable'; // 503: a service we depend on is away

export class DomainError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly details?: Problem[],
    /** further fields of the error body (`allowed`, `currentVersion`, `existingId` …) */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }

  /** A rule violation, bad input, a missing record or a refusal will fail the same way however often it is retried. */
  get permanent(): boolean {
    return this.kind !== 'unavailable' && this.kind !== 'conflict' && this.kind !== 'too_many';
  }
}

export function isDomainError(err: unknown): err is DomainError {
  return err instanceof DomainError;
}

const show = (value: unknown): string => {
  if (value === undefined) return '';
  const s = typeof value === 'string' ? value : JSON.stringify(value);
  return s === undefined ? '' : s.length > 80 ? s.slice(0, 77) + '…' : s;
};

/** 400 naming each bad field; the message lists them. */
export function badInput(details: Problem[], message?: string): DomainError {
  const code = details.length === 1 ? details[0].code : 'invalid_input';
  return new DomainError('bad_input', code, message ?? details.map((d) => d.message).join('；'), details);
}

/** Fields whose value is never repeated in an error (it would land in logs and on screens). */
const SECRET_FIELD = /password|secret|token/i;

/** 400 for one field: `badField('month', 'in_future', '月份不能晚于本月（2026-06）', '2026-07')`; a password's value is never shown. */
export function badField(field: string, code: string, message: string, value?: unknown): DomainError {
  const shown = SECRET_FIELD.test(field) ? '' : show(value);
  return badInput([{ field, code, message: shown && !message.includes(shown) ? `${message}（收到 ${shown}）` : message }]);
}

/** 404 that says nothing about whether the record exists outside the caller's scope. */
export function notFound(what: string, id: unknown): DomainError {
  return new DomainError('not_found', 'not_found', `${what} ${String(id)} 不存在或无权查看`);
}

export function forbidden(code: string, message: string): DomainError {
  return new DomainError('forbidden', code, message);
}

export function unauthenticated(code: string, message: string): DomainError {
  return new DomainError('unauthenticated', code, message);
}

/** 409 for a stale version: says which version is current. */
export function staleVersion(what: string, sent: number, current: number | null): DomainError {
  return new DomainError(
    'conflict',
    'stale_version',
    `该${what}已被他人修改，请刷新后重试`,
    [{ field: 'version', code: 'stale_version', message: `版本 ${sent} 已过期${current !== null ? `，当前版本为 ${current}` : ''}` }],
    { currentVersion: current },
  );
}

/** 409 unless the version the caller read (when sent) is still the record's: the check before a compare-and-set. */
export function assertCurrentVersion(what: string, sent: number | undefined, current: number): void {
  if (sent !== undefined && sent !== current) throw staleVersion(what, sent, current);
}

/** 409: the record would collide with another (a duplicate credit code, e-mail, name …). */
export function conflict(code: string, message: string, extra: Record<string, unknown> = {}, details?: Problem[]): DomainError {
  return new DomainError('conflict', code, message, details, extra);
}

/** 422: a transition the state machine does not allow; lists what is allowed. */
export function notAllowed(message: string, allowed: string[]): DomainError {
  return new DomainError('rule', 'transition_not_allowed', message, undefined, { allowed });
}

/** 422: a rule of the domain refuses the request as it stands. */
export function ruleViolation(code: string, message: string, details?: Problem[]): DomainError {
  return new DomainError('rule', code, message, details);
}

/** 429: too many failed attempts; the caller may try again after `retryAfterSeconds` (sent as Retry-After too). */
export function tooManyAttempts(code: string, message: string, retryAfterSeconds: number): DomainError {
  return new DomainError('too_many', code, message, undefined, { retryAfter: retryAfterSeconds });
}

/** 503: a service we depend on (Redis, SMTP) is away. */
export function unavailable(code: string, message: string): DomainError {
  return new DomainError('unavailable', code, message);
}

/** How a malformed date or month is worded wherever it is checked: DTO fields (core/http/fields.ts), path parameters, job input. */
export const formatWording = {
  date: (label: string) => `${label}应为有效日期，格式 YYYY-MM-DD`,
  month: (label: string) => `${label}应为有效月份，格式 YYYY-MM`,
};

/** The same problem for the shared checks every module makes: one wording each. */
export const checks = {
  /** a calendar date `YYYY-MM-DD` that exists (for input no DTO field checked) */
  realDate(field: string, label: string, value: unknown): DomainError | null {
    return isRealDate(value) ? null : badField(field, 'bad_date', formatWording.date(label), value);
  },
  /** a month `YYYY-MM` (for input no DTO field checked) */
  realMonth(field: string, label: string, value: unknown): DomainError | null {
    return isRealMonth(value) ? null : badField(field, 'bad_month', formatWording.month(label), value);
  },
  /** `YYYY` within the range the product supports */
  year(field: string, year: number): DomainError | null {
    return Number.isInteger(year) && year >= 2000 && year <= 2100 ? null : badField(field, 'year_out_of_range', '年份应在 2000 至 2100 之间', year);
  },
  /** a business date not after today */
  notInFuture(field: string, label: string, date: string, today: string): Problem | null {
    return date > today ? { field, code: 'in_future', message: `${label}（${date}）不能晚于今天（${today}）` } : null;
  },
  /** a date range (either end may be open) that does not end before it starts; `field` is the end's */
  rangeOrder(field: string, label: string, from: string | undefined, to: string | undefined): Problem | null {
    return from && to && from > to ? { field, code: 'range_reversed', message: `${label}的结束（${to}）不能早于开始（${from}）` } : null;
  },
};
