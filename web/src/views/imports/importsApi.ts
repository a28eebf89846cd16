import { api, ApiError, authHeader, call, type ErrorBody } from '../../api/client';
import type { RowAction, RowKind, SheetName } from './importTypes';

const BASE = '/api/v1/imports';
const path = (id: number) => ({ params: { path: { id } } });

/** POST /imports is multipart: the file goes as FormData (the browser sets the boundary). */
async function upload(file: File) {
  const form = new FormData();
  form.append('file', file, file.name);
  let res: Response;
  try {
    res = await fetch(BASE, { method: 'POST', headers: authHeader(), body: form });
  } catch (err) {
    throw new ApiError(0, { statusCode: 0, error: 'Network Error', code: 'network_error', message: `网络连接失败，请检查网络后重试（${err instanceof Error ? err.message : String(err)}）` } as ErrorBody);
  }
  const body = (await res.json().catch(() => null)) as unknown;
  if (!res.ok) throw new ApiError(res.status, (body && typeof body === 'object' ? body : { statusCode: res.status, code: 'http_error', message: `上传失败（${res.status}）` }) as ErrorBody);
  return body as { id: number; status: string };
}

/** The calls of the import wizard and 导入记录 (GET/PUT/POST /imports…). */
export const importsApi = {
  list: (page: number, pageSize: number) => call(api.GET('/api/v1/imports', { params: { query: { page, pageSize } } })),
  get: (id: number) => call(api.GET('/api/v1/imports/{id}', path(id))),
  upload,
  remap: (id: number, mapping: { column: number; field: string | null }[], version: number) =>
    call(api.PUT('/api/v1/imports/{id}/mapping', { ...path(id), body: { mapping, version } })),
  rows: (id: number, q: { kind: RowKind; sheet: SheetName; page: number; pageSize: number }) =>
    call(api.GET('/api/v1/imports/{id}/rows', { params: { path: { id }, query: q } })),
  decide: (id: number, body: { rows: { sheet?: SheetName; rowNo: number; action: RowAction }[]; acceptAll?: boolean; version: number }) =>
    call(api.PUT('/api/v1/imports/{id}/decisions', { ...path(id), body })),
  commit: (id: number, version: number) => call(api.POST('/api/v1/imports/{id}/commit', { ...path(id), body: { version } })),
  results: (id: number, page: number, pageSize: number) => call(api.GET('/api/v1/imports/{id}/results', { params: { path: { id }, query: { page, pageSize } } })),
  templateUrl: `${BASE}/template.xlsx`,
  errorsUrl: (id: number) => `${BASE}/${id}/errors.xlsx`,
};
