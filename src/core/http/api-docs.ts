/**
 * OpenAPI helpers for controllers and response classes: the documented error
 * statuses, one-line property decorators for response fields, typed pages,
 * and a compile-time check that a response class names every field its
 * service answers (so the committed openapi.json cannot silently fall behind
 * the services).
 */
import { applyDecorators, type Type } from '@nestjs/common';
import { ApiProperty, type ApiPropertyOptions, ApiResponse } from '@nestjs/swagger';
import { ErrorResponse } from './error-response';

/** The error statuses a route may answer, with what each means to a person. */
export const ERROR_DESCRIPTIONS = {
  400: '输入有误',
  401: '未登录或登录已失效',
  403: '无权执行',
  404: '不存在或不在数据范围内',
  409: '版本冲突或重复',
  422: '业务规则不允许',
  429: '请求过于频繁',
  503: '依赖的服务不可用',
} as const satisfies Record<number, string>;
export type ErrorStatus = keyof typeof ERROR_DESCRIPTIONS;

/**
 * Documents the error statuses an operation can really answer, each with the
 * ErrorResponse body: `@ApiErrors(400, 401, 403, 404, 409)`.
 */
export function ApiErrors(...statuses: ErrorStatus[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...statuses.map((status) => ApiResponse({ status, description: ERROR_DESCRIPTIONS[status], type: ErrorResponse })),
  );
}

/** How a response field may be missing: `nullable` (present, may be null), `optional` (key may be absent). */
export interface OutOptions {
  nullable?: boolean;
  optional?: boolean;
  description?: string;
  example?: unknown;
}

function out(o: OutOptions, schema: ApiPropertyOptions): PropertyDecorator {
  return ApiProperty({
    ...schema,
    required: !o.optional,
    ...(o.nullable ? { nullable: true } : {}),
    ...(o.description ? { description: o.description } : {}),
    ...(o.example !== undefined ? { example: o.example } : {}),
  } as ApiPropertyOptions);
}

/** A whole number (ids, counts, days, versions). */
export const OutInt = (o: OutOptions = {}) => out(o, { type: 'integer' });
/** A number that may have decimals. */
export const OutNumber = (o: OutOptions = {}) => out(o, { type: 'number' });
export const OutText = (o: OutOptions = {}) => out(o, { type: String });
export const OutBool = (o: OutOptions = {}) => out(o, { type: Boolean });
/** A business date `YYYY-MM-DD`. */
export const OutDay = (o: OutOptions = {}) => out(o, { type: String, format: 'date', example: o.example ?? '2026-03-31' });
/** A month `YYYY-MM`. */
export const OutMonth = (o: OutOptions = {}) => out(o, { type: String, pattern: '^\\d{4}-\\d{2}$', example: o.example ?? '2026-03' });
/** A moment, ISO 8601 in UTC. */
export const OutTimestamp = (o: OutOptions = {}) => out(o, { type: String, format: 'date-time' });
/** Money in 万元, an exact decimal with at most 4 places. */
export const OutWan = (o: OutOptions = {}) =>
  out({ ...o, description: `${o.description ?? '金额'}（万元，最多 4 位小数）` }, { type: 'number', example: o.example ?? 12500.5 });
/** A ratio rounded to 4 decimals (0.25 = 25%). */
export const OutRate = (o: OutOptions = {}) =>
  out({ ...o, description: `${o.description ?? '比率'}（小数，保留 4 位，0.25 即 25%）` }, { type: 'number', example: o.example ?? 0.25 });

/** A fixed list of codes, its schema name, and its labels when it has them. */
export interface NamedEnum<T extends string> {
  name: string;
  values: readonly T[];
  labels?: Record<T, string>;
}

function enumText<T extends string>(e: NamedEnum<T>, description?: string): string | undefined {
  const labels = e.labels ? e.values.map((v) => `${v} ${e.labels![v]}`).join('；') : undefined;
  return [description, labels].filter(Boolean).join('。') || undefined;
}

/**
 * One of a fixed list of codes, as a named schema the generated client turns
 * into one union type. The field's description lists the labels (the named
 * schema itself carries none: the document builder drops the description
 * Nest copies from whichever field it met first).
 */
export function OutEnum<T extends string>(e: NamedEnum<T>, o: OutOptions = {}) {
  return out({ ...o, description: enumText(e, o.description) }, { enum: [...e.values], enumName: e.name });
}

/** A list of codes from a fixed list. */
export function OutEnumList<T extends string>(e: NamedEnum<T>, o: OutOptions = {}) {
  return out({ ...o, description: enumText(e, o.description) }, { enum: [...e.values], enumName: e.name, isArray: true });
}

// Swagger recognises a lazy type by its function name `type`, which only an arrow written as `{ type: () => … }` gets.
/** A nested object described by a class. */
export const OutObject = (lazy: () => Type<unknown>, o: OutOptions = {}) => out(o, { type: () => lazy() });
/** A list of objects described by a class. */
export const OutList = (lazy: () => Type<unknown>, o: OutOptions = {}) => out(o, { type: () => lazy(), isArray: true });
export const OutTextList = (o: OutOptions = {}) => out(o, { type: [String] });
/**
 * A JSON object whose keys are not fixed (a snapshot of changed fields, a
 * job's result): documented as an open object, never guessed.
 */
export const OutFreeForm = (o: OutOptions = {}) => out(o, { type: 'object', additionalProperties: true });

/** `{ items, total, page, pageSize }` of one item type. */
export interface PageShape<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/**
 * The base class of a typed page: `export class ProjectPage extends
 * PageOf(ProjectResponse) {}` (the subclass names the schema).
 */
export function PageOf<T>(item: Type<T>): Type<PageShape<T>> {
  class PageOfItems implements PageShape<T> {
    @ApiProperty({ type: () => item, isArray: true })
    items: T[];

    @OutInt({ description: '符合条件的总数' })
    total: number;

    @OutInt({ description: '页码，从 1 开始' })
    page: number;

    @OutInt({ description: '每页条数' })
    pageSize: number;
  }
  return PageOfItems;
}

type Scalar = string | number | boolean | bigint | symbol | Date | null | undefined;
type ItemOf<T> = NonNullable<T> extends readonly (infer I)[] ? I : never;

/**
 * The paths (`.supervision.reasons`, `.items[].name`) of the fields in
 * `Actual` that `Doc` does not declare; never when it declares them all.
 */
export type Undocumented<Doc, Actual, Path extends string = ''> = Actual extends Scalar
  ? never
  : Actual extends readonly (infer A)[]
    ? Undocumented<ItemOf<Doc>, A, `${Path}[]`>
    : {
        [K in keyof Actual & string]-?: K extends keyof NonNullable<Doc>
          ? Undocumented<NonNullable<Doc>[K], Actual[K], `${Path}.${K}`>
          : `${Path}.${K}`;
      }[keyof Actual & string];

/**
 * `true` when what a service answers (`Actual`) fits the response class
 * (`Doc`) and has no field the class leaves out; otherwise a type naming the
 * undocumented fields, which `AllAnswered` refuses to compile.
 */
export type Answers<Doc, Actual extends Doc> = [Undocumented<Doc, Actual>] extends [never]
  ? true
  : { undocumented: Undocumented<Doc, Actual> };

/** Compiles only when every check is `true`. */
export type AllAnswered<T extends true[]> = T;
