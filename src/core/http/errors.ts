import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  NotFoundException,
  ServiceUnavailableException,
  UnprocessableEntityException,
} from '@nestjs/common';
import type { ValidationError } from 'class-validator';

/** One bad field: which, what was wrong, what was expected. */
export interface FieldProblem {
  field: string;
  message: string;
}

/** 400 naming each bad field. */
export function badInput(details: FieldProblem[], message?: string): BadRequestException {
  return new BadRequestException({
    message: message ?? details.map((d) => `${d.field}: ${d.message}`).join('; '),
    details,
  });
}

export function badField(field: string, message: string, value?: unknown): BadRequestException {
  const shown = value === undefined ? '' : ` (got ${JSON.stringify(value)})`;
  return badInput([{ field, message: `${message}${shown}` }]);
}

/** 404 that says nothing about whether the record exists outside the caller's scope. */
export function notFound(what: string, id: unknown): NotFoundException {
  return new NotFoundException({ message: `${what} ${String(id)} not found` });
}

export function forbidden(message: string): ForbiddenException {
  return new ForbiddenException({ message });
}

/** 409 for a stale version: says which version is current. */
export function staleVersion(what: string, sent: number, current: number | null): ConflictException {
  return new ConflictException({
    message: `${what} was changed by someone else: version ${sent} is stale${current !== null ? `, current version is ${current}` : ''}; reload and try again`,
    details: [{ field: 'version', message: `expected ${current ?? 'the current version'}, got ${sent}` }],
    currentVersion: current,
  });
}

export function conflict(message: string, extra: Record<string, unknown> = {}): ConflictException {
  return new ConflictException({ message, ...extra });
}

/** 422: a transition or rule the state machine does not allow; lists what is allowed. */
export function notAllowed(message: string, allowed: string[]): UnprocessableEntityException {
  return new UnprocessableEntityException({ message, allowed });
}

export function unprocessable(message: string, details?: FieldProblem[]): UnprocessableEntityException {
  return new UnprocessableEntityException({ message, ...(details ? { details } : {}) });
}

/** Flattens class-validator's tree into `{ field: 'a.b[0].c', message }` rows. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const e of errors) {
    const field = parent ? (/^\d+$/.test(e.property) ? `${parent}[${e.property}]` : `${parent}.${e.property}`) : e.property;
    for (const msg of Object.values(e.constraints ?? {})) {
      const value = e.value === undefined ? '' : ` (got ${truncate(JSON.stringify(e.value))})`;
      out.push({ field, message: `${msg}${value}` });
    }
    if (e.children?.length) out.push(...flattenValidationErrors(e.children, field));
  }
  return out;
}

function truncate(s: string | undefined): string {
  if (s === undefined) return 'undefined';
  return s.length > 80 ? s.slice(0, 77) + '...' : s;
}

export function serviceUnavailable(message: string): ServiceUnavailableException {
  return new ServiceUnavailableException({ message });
}
