import { ApiError, authHeader, type ErrorBody } from '../../api/client';
import type { ImportDetail, ImportResult, ImportRow, Page, RowAction, RowKind, SheetName } from './importTypes';

const BASE = '/api/v1/imports';

/** A call to /imports with the token; a refusal becomes ApiError with the server's Chinese message. */
async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  let res: Response;
  const form = body instanceof FormData;
  try {
    res = await fetch(`${BASE}${path}`, {
      method,
      headers: { ...authHeader(), ...(body === undefined || form ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : form ? body : JSON.stringify(body),
    });
  } catch (err) {
    throw new ApiError(0, { statusCode: 0, error: 'Network Error', code: 'network_error', message: `网络连接失败，请检查网络后重试（${err instanceof Error ? err.message : String(err)}）` } as ErrorBody);
  }
  const text = await res.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  if (!res.ok) {
    const e = parsed && typeof parsed === 'object' ? (parsed as ErrorBody) : ({ statusCode: res.status, code: 'http_error', message: `服务器返回 ${res.status}` } as ErrorBody);
    throw new ApiError(res.status, e);
  }
  return parsed as T;
}

export const importsApi = {
  list: (page: number, pageSize: number) => request<Page<ImportDetail>>('GET', `?page=${page}&pageSize=${pageSize}`),
  get: (id: number) => request<ImportDetail>('GET', `/${id}`),
  upload(file: File) {
    const form = new FormData();
    form.append('file', file, file.name);
    return request<{ id: number; status: string }>('POST', '', form);
  },
  remap: (id: number, mapping: { column: number; field: string | null }[], version: number) => request<unknown>('PUT', `/${id}/mapping`, { mapping, version }),
  rows: (id: number, q: { kind: RowKind; sheet: SheetName; page: number; pageSize: number }) =>
    request<Page<ImportRow>>('GET', `/${id}/rows?kind=${q.kind}&sheet=${q.sheet}&page=${q.page}&pageSize=${q.pageSize}`),
  decide: (id: number, body: { rows: { sheet?: SheetName; rowNo: number; action: RowAction }[]; acceptAll?: boolean; version: number }) =>
    request<ImportDetail>('PUT', `/${id}/decisions`, body),
  commit: (id: number, version: number) => request<unknown>('POST', `/${id}/commit`, { version }),
  results: (id: number, page: number, pageSize: number) => request<Page<ImportResult>>('GET', `/${id}/results?page=${page}&pageSize=${pageSize}`),
  templateUrl: `${BASE}/template.xlsx`,
  errorsUrl: (id: number) => `${BASE}/${id}/errors.xlsx`,
};
