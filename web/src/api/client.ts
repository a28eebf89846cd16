import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';

/** The contract's types, generated from ../openapi.json (`npm run api-types`): never written by hand. */
export type Schemas = components['schemas'];
export type ErrorBody = Schemas['ErrorResponse'];

/** A refused call: the server's coded Chinese error, with the fields it names. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
  ) {
    super(body.message);
  }
  get code(): string {
    return this.body.code;
  }
  /** Field name → Chinese message, for mapping onto form items. */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const d of this.body.details ?? []) if (d.field && !out[d.field]) out[d.field] = d.message;
    return out;
  }
}

type Hooks = { token: () => string | null; onUnauthorized: () => void };
let hooks: Hooks = { token: () => null, onUnauthorized: () => undefined };
/** Wired once by the session store (token) and the router (401 → login and back). */
export function configureApi(h: Hooks): void {
  hooks = h;
}

export function authHeader(): Record<string, string> {
  const t = hooks.token();
  return t ? { Authorization: `Bearer ${t}` } : {};
}

const auth: Middleware = {
  onRequest({ request }) {
    const t = hooks.token();
    if (t) request.headers.set('Authorization', `Bearer ${t}`);
    return request;
  },
  onResponse({ request, response }) {
    if (response.status === 401 && !request.url.endsWith('/auth/login')) hooks.onUnauthorized();
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: '' });
api.use(auth);

function networkError(err: unknown): ApiError {
  return new ApiError(0, {
    statusCode: 0,
    error: 'Network Error',
    code: 'network_error',
    message: `网络连接失败，请检查网络后重试（${err instanceof Error ? err.message : String(err)}）`,
  } as ErrorBody);
}

/** Awaits an openapi-fetch call and returns its data, or throws ApiError with the server's message. */
export async function call<T>(pending: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let res;
  try {
    res = await pending;
  } catch (err) {
    throw networkError(err);
  }
  if (res.response.ok) return res.data as T;
  const body = (res.error && typeof res.error === 'object' ? res.error : null) as ErrorBody | null;
  throw new ApiError(res.response.status, body ?? ({ statusCode: res.response.status, error: res.response.statusText, code: 'http_error', message: `服务器返回 ${res.response.status}` } as ErrorBody));
}

/** Downloads a file (xlsx) with the token: fetch + blob, named by the server's Content-Disposition. */
export async function download(url: string, fallbackName: string): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, { headers: authHeader() });
  } catch (err) {
    throw networkError(err);
  }
  if (response.status === 401) hooks.onUnauthorized();
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as ErrorBody | null;
    throw new ApiError(response.status, body ?? ({ statusCode: response.status, code: 'http_error', message: `下载失败（${response.status}）` } as ErrorBody));
  }
  const disposition = response.headers.get('Content-Disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  const name = star ? decodeURIComponent(star[1]) : plain ? plain[1] : fallbackName;
  const blob = await response.blob();
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
  return name;
}
