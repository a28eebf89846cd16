import { ApiProperty } from '@nestjs/swagger';
import { badField } from '../errors';
import { Int, Str } from './fields';

export const MAX_PAGE_SIZE = 200;

/** `?page=1&pageSize=20` (API.md "Lists"): a list in the one order it documents. */
export class PageQuery {
  @Int({ optional: true, min: 1, max: 1_000_000, query: true, description: '页码，从 1 开始' })
  page?: number;

  @Int({ optional: true, min: 1, max: MAX_PAGE_SIZE, query: true, description: `每页条数，默认 20，最多 ${MAX_PAGE_SIZE}` })
  pageSize?: number;
}

/**
 * `?page=1&pageSize=20&sort=field:asc`: a list the caller may sort, by the
 * fields it allows (`sorting`). A list that does not sort takes PageQuery,
 * so that `sort` there is refused rather than ignored.
 */
export class ListQuery extends PageQuery {
  @Str({ optional: true, max: 60, pattern: /^[A-Za-z]+:(asc|desc)$/, patternMessage: '应形如 字段:asc 或 字段:desc', description: '排序，形如 字段:asc 或 字段:desc（可排序的字段因列表而异）' })
  sort?: string;
}

export class Page<T> {
  @ApiProperty({ isArray: true })
  items: T[];

  @ApiProperty()
  total: number;

  @ApiProperty()
  page: number;

  @ApiProperty()
  pageSize: number;
}

export function paging(q: PageQuery): { page: number; pageSize: number; skip: number } {
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 20;
  return { page, pageSize, skip: (page - 1) * pageSize };
}

/** A list that is never paged (it is short by nature), answered in the shape of a page: every item on page 1. */
export function onePage<T>(items: T[]): { items: T[]; total: number; page: number; pageSize: number } {
  return { items, total: items.length, page: 1, pageSize: items.length };
}

/**
 * Resolves `sort` against the fields a list allows; unknown fields are a 400
 * naming them. Only the list's own keys count: `constructor`, `toString` …
 * are on every object's prototype, and would reach ORDER BY as a function.
 */
export function sorting<K extends string>(
  sort: string | undefined,
  allowed: Record<K, string>,
  fallback: [string, 'ASC' | 'DESC'],
): [string, 'ASC' | 'DESC'] {
  if (!sort) return fallback;
  const [field, dir] = sort.split(':');
  const column = Object.hasOwn(allowed, field) ? (allowed as Record<string, string>)[field] : undefined;
  if (typeof column !== 'string') throw badField('sort', 'unknown_sort_field', `不能按“${field}”排序；可排序字段：${Object.keys(allowed).join('、')}`);
  return [column, dir === 'desc' ? 'DESC' : 'ASC'];
}
