/**
 * Field decorators for DTOs: each one validates (class-validator), converts
 * query strings where needed (class-transformer) and documents (swagger) in
 * one line, so that a DTO reads like the glossary.
 */
import { applyDecorators } from '@nestjs/common';
import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  isEmail,
  registerDecorator,
  type ValidationArguments,
} from 'class-validator';
import { isRealDate, isRealMonth } from '../dates';
import { formatWording } from '../errors';
import { wanProblem } from '../money';
import { fieldLabel, recordOf } from './field-labels';
import { TEXT_WORDING, textProblem } from './text';

/**
 * The range of every whole number the API takes unless a field says
 * otherwise: our integer columns (ids, versions, counts) are 32-bit, and a
 * value beyond them fails in PostgreSQL as a 500 (SQLite would store it).
 */
export const INT4_MIN = -2_147_483_648;
export const INT4_MAX = 2_147_483_647;

/** A Chinese message naming the field, and the machine code it reports under (read by `problemsOf`). */
function says(code: string, text: (label: string, a: ValidationArguments) => string) {
  return { message: (a: ValidationArguments) => text(fieldLabel(a.property, recordOf(a.object)), a), context: { code } };
}

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

/**
 * Text of at most `max` characters, free of control characters. A field that
 * allows more than 200 characters is free text (a note, a description, an
 * address) and may carry the CR LF of a textarea; shorter ones (names, codes,
 * phones) take only tab and line feed.
 */
export function Str(o: FieldOptions & { max: number; min?: number; pattern?: RegExp; patternMessage?: string; multiline?: boolean }) {
  const ds = [
    ...presence(o),
    IsString(says('not_string', (l) => `${l}应为文本`)),
    ...cleanText({ multiline: o.multiline ?? o.max > 200 }),
    MinLength(o.min ?? 1, o.min ? says('too_short', (l) => `${l}至少 ${o.min} 个字符`) : says('required', (l) => `${l}不能为空`)),
    MaxLength(o.max, says('too_long', (l) => `${l}不能超过 ${o.max} 个字符`)),
    doc(o, { type: String, maxLength: o.max, minLength: o.min ?? 1 }),
  ];
  if (!o.min) ds.push(custom('notBlank', 'blank', (v) => typeof v !== 'string' || v.trim().length > 0, (l) => `${l}不能全为空白`));
  if (o.pattern) {
    const re = o.pattern;
    const wording = o.patternMessage ?? '格式不正确';
    ds.push(custom('matches', 'bad_format', (v) => typeof v === 'string' && re.test(v), (l) => `${l}${wording}`));
  }
  return applyDecorators(...ds);
}

export function EmailField(o: FieldOptions = {}) {
  return applyDecorators(
    ...presence(o),
    ...cleanText({ multiline: false }),
    // validator's isEmail throws (URIError) on a lone surrogate: the text check above reports that one.
    custom('isEmail', 'bad_email', (v) => typeof v === 'string' && (textProblem(v) !== null || isEmail(v)), (l) => `${l}应为有效的电子邮箱地址`),
    MaxLength(254, says('too_long', (l) => `${l}不能超过 254 个字符`)),
    doc(o, { type: String, format: 'email' }),
  );
}

function custom(name: string, code: string, test: (v: unknown) => boolean, text: (label: string, a: ValidationArguments) => string) {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: String(propertyName),
      options: says(code, text),
      validator: { validate: (v: unknown) => test(v) },
    });
}

/** Refuses text with control characters or lone surrogates (core/http/text.ts), each under its own code. */
function cleanText(o: { multiline: boolean }): PropertyDecorator[] {
  return (['malformed_text', 'control_character'] as const).map((code) =>
    custom(`text_${code}`, code, (v) => typeof v !== 'string' || textProblem(v, o) !== code, TEXT_WORDING[code]),
  );
}

/** A calendar date `YYYY-MM-DD` that exists. */
export function DateField(o: FieldOptions = {}) {
  return applyDecorators(
    ...presence(o),
    custom('isRealDate', 'bad_date', isRealDate, formatWording.date),
    doc(o, { type: String, format: 'date', example: o.example ?? '2026-03-31' }),
  );
}

/** A month `YYYY-MM`. */
export function MonthField(o: FieldOptions = {}) {
  return applyDecorators(
    ...presence(o),
    custom('isRealMonth', 'bad_month', isRealMonth, formatWording.month),
    doc(o, { type: String, example: '2026-03' }),
  );
}

/** Money in 万元: a JSON number, ≥ 0 (or > 0), at most 4 decimals. */
export function Wan(o: FieldOptions & { positive?: boolean } = {}) {
  return applyDecorators(
    ...presence(o),
    custom(
      'isWan',
      'bad_amount',
      (v) => wanProblem(v, { allowZero: !o.positive }) === null,
      (l, a) => `${l}${wanProblem(a.value, { allowZero: !o.positive })}`,
    ),
    doc(o, { type: Number, description: `${o.description ?? '金额'}（万元，最多 4 位小数）`, example: o.example ?? 12500.5 }),
  );
}

/**
 * A whole number: a safe integer within `min`..`max`, by default the range of
 * a 32-bit column (ids, versions). In a query string only plain decimal
 * digits count (`?teamId=1e308`, `0x1`, `' 1'` or `''` are not numbers).
 */
export function Int(o: FieldOptions & { min?: number; max?: number; query?: boolean } = {}) {
  const min = o.min ?? INT4_MIN;
  const max = o.max ?? INT4_MAX;
  const ds = [
    ...presence(o),
    custom('isSafeInteger', 'not_integer', (v) => Number.isSafeInteger(v), (l) => `${l}应为整数`),
    Min(min, says('too_small', (l) => `${l}不能小于 ${min}`)),
    Max(max, says('too_large', (l) => `${l}不能大于 ${max}`)),
    doc(o, { type: Number, minimum: o.min, maximum: max }),
  ];
  if (o.query) ds.unshift(Transform(({ value }) => (typeof value === 'string' && /^-?\d{1,16}$/.test(value) ? Number(value) : value)));
  return applyDecorators(...ds);
}

/** A list of `min`..`max` distinct whole numbers of at least 1 (ids), in a body. */
export function IdList(o: FieldOptions & { min: number; max: number }) {
  const ids = (v: unknown): v is unknown[] => Array.isArray(v);
  return applyDecorators(
    ...presence(o),
    custom('isIdList', 'not_id_list', (v) => ids(v) && v.every((x) => Number.isSafeInteger(x) && (x as number) >= 1 && (x as number) <= INT4_MAX),
      (l) => `${l}应为编号（正整数）的列表`),
    custom('idListSize', 'bad_size', (v) => !ids(v) || (v.length >= o.min && v.length <= o.max), (l) => `${l}应有 ${o.min} 至 ${o.max} 项`),
    custom('idListUnique', 'repeated', (v) => !ids(v) || new Set(v).size === v.length, (l) => `${l}不能重复`),
    doc(o, { type: 'integer', isArray: true, minItems: o.min, maxItems: o.max, uniqueItems: true, minimum: 1 }),
  );
}

/** A decimal with at most `decimals` places (e.g. land in 亩). */
export function Decimal(o: FieldOptions & { decimals: number; max: number }) {
  const re = new RegExp(`^\\d+(\\.\\d{1,${o.decimals}})?$`);
  return applyDecorators(
    ...presence(o),
    custom(
      'isDecimal',
      'bad_number',
      (v) => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= o.max && re.test(String(v)),
      (l) => `${l}应为 0 至 ${o.max} 之间的数，最多 ${o.decimals} 位小数`,
    ),
    doc(o, { type: Number, minimum: 0, maximum: o.max }),
  );
}

export function Bool(o: FieldOptions & { query?: boolean } = {}) {
  const ds = [...presence(o), IsBoolean(says('not_boolean', (l) => `${l}应为 true 或 false`)), doc(o, { type: Boolean })];
  if (o.query) {
    ds.unshift(
      Transform(({ value }) => (value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value)),
    );
  }
  return applyDecorators(...ds);
}

/** Each code with its label (`visit_out 外出拜访；reception 来访接待`), when the list has labels. */
function codesWithLabels<T extends string>(values: readonly T[], labels: Record<T, string> | undefined): string | undefined {
  return labels ? values.map((v) => `${v} ${labels[v]}`).join('；') : undefined;
}

/** A field's description followed by its codes and their labels. */
function withCodes<T extends string>(values: readonly T[], labels: Record<T, string> | undefined, description: string | undefined): string | undefined {
  return [description, codesWithLabels(values, labels)].filter(Boolean).join('：') || undefined;
}

/** One of a fixed list of codes; `labels` puts each code's label in the description. */
export function OneOf<T extends string>(values: readonly T[], o: FieldOptions & { labels?: Record<T, string> } = {}) {
  return applyDecorators(
    ...presence(o),
    IsIn(values as unknown as T[], says('not_in_list', (l) => `${l}应为以下之一：${values.join('、')}`)),
    doc({ ...o, description: withCodes(values, o.labels, o.description) }, { enum: values as unknown as T[] }),
  );
}

/** A comma-separated list in a query string, each item one of `values`. */
export function OneOfList<T extends string>(values: readonly T[], o: FieldOptions & { labels?: Record<T, string> } = {}) {
  const codes = codesWithLabels(values, o.labels) ?? values.join(', ');
  return applyDecorators(
    Transform(({ value }) => (typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter(Boolean) : value)),
    ...presence({ ...o, optional: true }),
    IsIn(values as unknown as T[], { each: true, ...says('not_in_list', (l) => `${l}应为以下一项或多项（逗号分隔）：${values.join('、')}`) }),
    ApiProperty({ required: false, description: `${o.description ?? '可选值'}（可多选，以逗号分隔）：${codes}`, type: String }),
  );
}

export function Code(o: FieldOptions = {}) {
  return Str({ ...o, max: 50 });
}

