/**
 * Field decorators for DTOs: each one validates (class-validator), converts
 * query strings where needed (class-transformer) and documents (swagger) in
 * one line, so that a DTO reads like the glossary.
 */
import { applyDecorators } from '@nestjs/common';
import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  registerDecorator,
  type ValidationArguments,
} from 'class-validator';
import { isRealDate, isRealMonth } from '../dates';
import { wanProblem } from '../money';

export interface FieldOptions {
  /** may be absent */
  optional?: boolean;
  /** may be null (clears the value on update) */
  nullable?: boolean;
  description?: string;
  example?: unknown;
}

function presence(o: FieldOptions): PropertyDecorator[] {
  const decorators: PropertyDecorator[] = [];
  if (o.optional || o.nullable) {
    decorators.push(
      ValidateIf((obj: Record<string, unknown>, v: unknown) => {
        if (v === undefined) return !o.optional;
        if (v === null) return !o.nullable;
        return true;
      }),
    );
  }
  return decorators;
}

function doc(o: FieldOptions, extra: ApiPropertyOptions): PropertyDecorator {
  return ApiProperty({
    required: !o.optional,
    nullable: o.nullable,
    description: o.description,
    example: o.example,
    ...extra,
  } as ApiPropertyOptions);
}

export function Str(o: FieldOptions & { max: number; min?: number; pattern?: RegExp; patternMessage?: string }) {
  const ds = [
    ...presence(o),
    IsString({ message: '$property must be a string' }),
    MinLength(o.min ?? 1, { message: o.min ? `$property must be at least ${o.min} characters` : '$property must not be empty' }),
    MaxLength(o.max, { message: `$property must be at most ${o.max} characters` }),
    doc(o, { type: String, maxLength: o.max, minLength: o.min ?? 1 }),
  ];
  if (!o.min) ds.push(custom('notBlank', (v) => typeof v !== 'string' || v.trim().length > 0, '$property must not be blank'));
  if (o.pattern) {
    const re = o.pattern;
    ds.push(custom('matches', (v) => typeof v === 'string' && re.test(v), o.patternMessage ?? `$property must match ${re}`));
  }
  return applyDecorators(...ds);
}

export function EmailField(o: FieldOptions = {}) {
  return applyDecorators(
    ...presence(o),
    IsEmail({}, { message: '$property must be an e-mail address' }),
    MaxLength(254),
    doc(o, { type: String, format: 'email' }),
  );
}

function custom(name: string, test: (v: unknown) => boolean, message: string | ((a: ValidationArguments) => string)) {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message },
      validator: { validate: (v: unknown) => test(v) },
    });
}

/** A calendar date `YYYY-MM-DD` that exists. */
export function DateField(o: FieldOptions = {}) {
  return applyDecorators(
    ...presence(o),
    custom('isRealDate', isRealDate, '$property must be a real date YYYY-MM-DD'),
    doc(o, { type: String, format: 'date', example: o.example ?? '2026-03-31' }),
  );
}

/** A month `YYYY-MM`. */
export function MonthField(o: FieldOptions = {}) {
  return applyDecorators(
    ...presence(o),
    custom('isRealMonth', isRealMonth, '$property must be a month YYYY-MM'),
    doc(o, { type: String, example: '2026-03' }),
  );
}

/** Money in 万元: a JSON number, ≥ 0 (or > 0), at most 4 decimals. */
export function Wan(o: FieldOptions & { positive?: boolean } = {}) {
  return applyDecorators(
    ...presence(o),
    custom(
      'isWan',
      (v) => wanProblem(v, { allowZero: !o.positive }) === null,
      (a) => `$property ${wanProblem(a.value, { allowZero: !o.positive })}`.replace('$property', a.property),
    ),
    doc(o, { type: Number, description: (o.description ?? '') + ' (万元, ≤ 4 decimals)', example: o.example ?? 12500.5 }),
  );
}

export function Int(o: FieldOptions & { min?: number; max?: number; query?: boolean } = {}) {
  const ds = [
    ...presence(o),
    IsInt({ message: '$property must be a whole number' }),
    doc(o, { type: Number, minimum: o.min, maximum: o.max }),
  ];
  if (o.query) ds.unshift(Type(() => Number));
  if (o.min !== undefined) ds.push(Min(o.min, { message: `$property must be at least ${o.min}` }));
  if (o.max !== undefined) ds.push(Max(o.max, { message: `$property must be at most ${o.max}` }));
  return applyDecorators(...ds);
}

/** A decimal with at most `decimals` places (e.g. land in 亩). */
export function Decimal(o: FieldOptions & { decimals: number; max: number }) {
  const re = new RegExp(`^\\d+(\\.\\d{1,${o.decimals}})?$`);
  return applyDecorators(
    ...presence(o),
    custom(
      'isDecimal',
      (v) => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= o.max && re.test(String(v)),
      `$property must be a number from 0 to ${o.max} with at most ${o.decimals} decimals`,
    ),
    doc(o, { type: Number, minimum: 0, maximum: o.max }),
  );
}

export function Bool(o: FieldOptions & { query?: boolean } = {}) {
  const ds = [...presence(o), IsBoolean({ message: '$property must be true or false' }), doc(o, { type: Boolean })];
  if (o.query) {
    ds.unshift(
      Transform(({ value }) => (value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value)),
    );
  }
  return applyDecorators(...ds);
}

export function OneOf<T extends string>(values: readonly T[], o: FieldOptions = {}) {
  return applyDecorators(
    ...presence(o),
    IsIn(values as unknown as T[], { message: `$property must be one of: ${values.join(', ')}` }),
    doc(o, { enum: values as unknown as T[] }),
  );
}

/** A comma-separated list in a query string, each item one of `values`. */
export function OneOfList<T extends string>(values: readonly T[], o: FieldOptions = {}) {
  return applyDecorators(
    Transform(({ value }) => (typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter(Boolean) : value)),
    ...presence({ ...o, optional: true }),
    IsIn(values as unknown as T[], { each: true, message: `$property must be one or more of: ${values.join(', ')}` }),
    ApiProperty({ required: false, description: `${o.description ?? ''} comma-separated: ${values.join(', ')}`, type: String }),
  );
}

export function Code(o: FieldOptions = {}) {
  return Str({ ...o, max: 50 });
}

