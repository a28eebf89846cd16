/**
 * Malformed requests generated from the OpenAPI document, for the fuzz suite
 * (test/e2e/fuzz.spec.ts): for every operation, a plausible request built
 * from its schemas (examples, enums, the records the suite made), then one
 * thing broken at a time — a body field of the wrong type, missing, null,
 * too long, with a control character or a lone surrogate, a number that is
 * NaN, 1e308, negative or beyond 32 bits, an impossible date; an unknown
 * field; a body that is not an object, not JSON, 20,000 levels deep, too
 * large or of another content type; a query parameter likewise; a path id
 * in another number syntax. A seeded PRNG picks which, so every run sends
 * the same requests.
 */
import { prng } from '../bench/generate';
import { type OpenApiDocument, operations, resolveRef, type Schema } from './openapi';

export type Caller = 'admin' | 'officer';

export interface FuzzRequest {
  /** `POST /api/v1/projects/{id}/transitions` */
  operation: string;
  method: string;
  /** the concrete URL, query included, percent-encoded */
  url: string;
  /** what is broken, e.g. `body.name: NUL` */
  what: string;
  /** the body exactly as sent, with its content type (and encoding) */
  body?: { text: string | Buffer; type: string; encoding?: string };
  as: Caller;
}

/** The records the suite made, which path parameters and id fields name so that a request gets past its first look-up. */
export interface FuzzWorld {
  /** a path parameter's value: `{id}` of /projects, /companies, /users, /teams; `{mid}`, `{year}`, `{month}`, `{kind}`, `{code}`, `{name}` */
  path(template: string, name: string): string;
  /** a body field that must name a real record or be unique (`companyId`, `ownerId`, `email` …), or undefined for the schema's own example */
  field(name: string): unknown;
}

interface Parameter {
  name: string;
  in: 'query' | 'path' | 'header';
  required?: boolean;
  schema: Schema & { maxLength?: number; minimum?: number; maximum?: number; example?: unknown };
}

type FullSchema = Schema & { maxLength?: number; minLength?: number; minimum?: number; maximum?: number; example?: unknown };

/** A value JSON cannot carry, spliced into the body text as it is (`NaN`, `Infinity`, `1e400`, `-0`). */
const raw = (token: string) => `\u0000raw:${token}\u0000`;
const RAW = /"\\u0000raw:([^\\]+)\\u0000"/g;
const json = (v: unknown) => JSON.stringify(v).replace(RAW, '$1');

const DEEP_ARRAYS = '['.repeat(20_000) + ']'.repeat(20_000);
const DEEP_OBJECTS = '{"a":'.repeat(20_000) + '1' + '}'.repeat(20_000);

/** Broken values for a field of `schema`'s type: [what, value]. */
function brokenValues(s: FullSchema): [string, unknown][] {
  const common: [string, unknown][] = [['null', null], ['object', { $gt: '' }], ['array', ['x']]];
  if (s.enum) return [...common, ['not in the list', 'not_a_code'], ['constructor', 'constructor'], ['number', 1], ['NUL', `${String(s.enum[0])}\u0000`]];
  switch (s.type) {
    case 'number':
    case 'integer':
      return [
        ...common, ['numeric text', '12'], ['boolean', true], ['1e308', 1e308], ['-1e308', -1e308], ['negative', -1], ['fraction', 1.5],
        ['tiny fraction', 1e-9], ['2^31', 2 ** 31], ['15 digits', 123456789012345], ['2^53 + 2', 2 ** 53 + 2], ['NaN', raw('NaN')],
        ['Infinity', raw('Infinity')], ['1e400', raw('1e400')], ['-0', raw('-0')], ['text', 'abc'],
      ];
    case 'boolean':
      return [...common, ['text', 'true'], ['number', 1], ['NaN', raw('NaN')]];
    case 'array':
      return [['null', null], ['text', 'x'], ['object', { 0: {} }], ['junk items', [1, 'x', null, [[]]]], ['10,001 items', Array.from({ length: 10_001 }, () => ({}))]];
    default: {
      const max = s.maxLength ?? 200;
      const values: [string, unknown][] = [
        ...common, ['number', 12345], ['boolean', true], ['empty', ''], ['blank', '   '], ['too long', '字'.repeat(max + 1)],
        ['NUL', 'a\u0000b'], ['ESC', 'a\u001bb'], ['DEL', 'a\u007fb'], ['C1', 'a\u0085b'], ['CR', 'a\rb'], ['lone surrogate', 'a\ud800b'],
        ['lone low surrogate', '\udfff'], ['__proto__', '__proto__'], ['formula', '=cmd|\' /C calc\'!A0'],
      ];
      if (s.format === 'date' || /^\d{4}-\d{2}(-\d{2})?$/.test(String(s.example ?? ''))) {
        values.push(['30 February', '2026-02-30'], ['month 13', '2026-13-01'], ['year 0', '0000-01-01'], ['unpadded', '2026-6-1'], ['year 99999', '99999-01-01'], ['timestamp', '2026-06-01T00:00:00Z']);
      }
      if (s.format === 'email') values.push(['no at', 'li.ming'], ['surrogate domain', 'a@b\ud800.cn'], ['NUL local part', 'a\u0000@b.cn']);
      return values;
    }
  }
}

/** A plausible value for a field: the world's record, the schema's example or first code, something of the right type. */
function plausible(doc: OpenApiDocument, name: string, s: FullSchema, world: FuzzWorld): unknown {
  const mine = world.field(name);
  if (mine !== undefined) return mine;
  if (s.$ref) return plausibleObject(doc, resolveRef(doc, s.$ref) as FullSchema, world);
  if (s.example !== undefined) return s.example;
  if (s.enum) return s.enum[0];
  switch (s.type) {
    case 'number':
    case 'integer':
      return s.minimum !== undefined ? Math.max(s.minimum, 1) : 1;
    case 'boolean':
      return false;
    case 'array':
      return s.items ? [plausible(doc, name, s.items as FullSchema, world)] : [];
    default:
      return s.format === 'date' ? '2026-06-01' : '模糊测试';
  }
}

function plausibleObject(doc: OpenApiDocument, s: FullSchema, world: FuzzWorld): Record<string, unknown> {
  return Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, p]) => [k, plausible(doc, k, p as FullSchema, world)]));
}

const NUMBER_PATH_VALUES = ['0', '-1', '0x1', '1e0', '01', '%201', '1%20', '1.0', '+1', '2147483648', '99999999999999999999', 'abc', '%00', '%ED%A0%80', '999999', 'NaN', 'Infinity'];
const TEXT_PATH_VALUES = ['not-a-kind', '%00', '%1B', '%ED%A0%80', 'constructor', '__proto__', 'x'.repeat(300), '2026-13', '2026-6', '1e3'];
const QUERY_NUMBER_VALUES = ['1e308', 'NaN', 'Infinity', '-1', '0', '1.5', '0x10', '%201', '', '2147483648', '123456789012345', 'abc', '%00'];
const QUERY_TEXT_VALUES = ['%00', '%1B', '%7F', '%C2%85', '%ED%A0%80', 'constructor', '__proto__', '2026-02-30', '%27%20OR%201%3D1--'];
const SORTS = ['constructor:asc', 'valueOf:desc', 'toString:asc', 'hasOwnProperty:asc', '__proto__:asc', 'isPrototypeOf:desc', 'id:sideways', 'id', ':asc'];

interface Draft {
  what: string;
  /** must be sent whatever the sample (the findings of issue 9) */
  always?: boolean;
  path?: Record<string, string>;
  query?: string;
  body?: FuzzRequest['body'];
}

/** Every broken request for one operation (before sampling). */
function draftsFor(doc: OpenApiDocument, path: string, op: { parameters?: Parameter[]; requestBody?: { content?: Record<string, { schema?: Schema }> } }, world: FuzzWorld): Draft[] {
  const drafts: Draft[] = [];
  const params = op.parameters ?? [];
  const bodyRef = op.requestBody?.content?.['application/json']?.schema?.$ref;
  const bodySchema = bodyRef ? (resolveRef(doc, bodyRef) as FullSchema) : undefined;
  const base = bodySchema ? plausibleObject(doc, bodySchema, world) : undefined;
  const jsonBody = (v: unknown) => ({ text: json(v), type: 'application/json' });

  for (const p of params.filter((x) => x.in === 'path')) {
    const isNumber = p.schema.type === 'number' || p.schema.type === 'integer';
    for (const v of isNumber ? NUMBER_PATH_VALUES : TEXT_PATH_VALUES) {
      drafts.push({ what: `path ${p.name}: ${v}`, path: { [p.name]: v }, always: isNumber && ['0x1', '1e0', '01', '%201'].includes(v), body: base && jsonBody(base) });
    }
  }
  for (const p of params.filter((x) => x.in === 'query')) {
    const s = p.schema;
    const values = p.name === 'sort' ? SORTS : s.type === 'number' || s.type === 'integer' ? QUERY_NUMBER_VALUES : s.type === 'boolean' ? ['maybe', '2', '', '%00'] : QUERY_TEXT_VALUES;
    for (const v of values) drafts.push({ what: `query ${p.name}=${v}`, query: `${p.name}=${v}`, always: p.name === 'sort' && v === 'constructor:asc' });
    if (s.maxLength) drafts.push({ what: `query ${p.name}: too long`, query: `${p.name}=${'x'.repeat(s.maxLength + 1)}` });
    drafts.push({ what: `query ${p.name}: repeated`, query: `${p.name}=1&${p.name}=2` });
  }
  if (!bodySchema) {
    drafts.push({ what: 'query: unknown parameter', query: 'evil=1' }, { what: 'query: __proto__', query: '__proto__%5Bx%5D=1' });
  }
  if (bodySchema && base) {
    for (const [name, prop] of Object.entries(bodySchema.properties ?? {}) as [string, FullSchema][]) {
      for (const [what, value] of brokenValues(prop)) drafts.push({ what: `body.${name}: ${what}`, body: jsonBody({ ...base, [name]: value }) });
      if (bodySchema.required?.includes(name)) {
        const { [name]: _gone, ...rest } = base;
        drafts.push({ what: `body.${name}: missing`, body: jsonBody(rest) });
      }
      const item = prop.items?.$ref ? (resolveRef(doc, prop.items.$ref) as FullSchema) : undefined;
      for (const [inner, innerProp] of Object.entries(item?.properties ?? {}) as [string, FullSchema][]) {
        const first = (base[name] as Record<string, unknown>[])[0];
        for (const [what, value] of brokenValues(innerProp)) drafts.push({ what: `body.${name}[0].${inner}: ${what}`, body: jsonBody({ ...base, [name]: [{ ...first, [inner]: value }] }) });
      }
    }
    const body = (what: string, text: string | Buffer, type = 'application/json', always = false, encoding?: string) =>
      drafts.push({ what: `body: ${what}`, body: { text, type, encoding }, always });
    body('20,000 nested arrays', DEEP_ARRAYS, 'application/json', true);
    body('20,000 nested objects', DEEP_OBJECTS, 'application/json', true);
    body('text/plain', json(base), 'text/plain', true);
    body('unknown field', json({ ...base, unexpected: 1 }));
    body('constructor field', json({ ...base, constructor: { name: 'x' } }));
    body('__proto__ field', `{"__proto__":{"isAdmin":true},${json(base).slice(1)}`);
    body('an array', '[]');
    body('a string', '"text"');
    body('a number', '123');
    body('null', 'null');
    body('empty', '');
    body('truncated JSON', json(base).slice(0, -1));
    body('single quotes', `{'name':'x'}`);
    body('trailing comma', '{"a":1,}');
    body('NaN literal', '{"x":NaN}');
    body('over 100 kB', json({ ...base, padding: 'x'.repeat(120_000) }));
    body('XML', '<project><name>x</name></project>', 'application/xml');
    body('form, nested keys', 'a[b][c][d][e][f][g][h]=1&name=x', 'application/x-www-form-urlencoded');
    body('multipart', '--x\r\nContent-Disposition: form-data; name="name"\r\n\r\nx\r\n--x--\r\n', 'multipart/form-data; boundary=x');
    body('UTF-16 charset', json(base), 'application/json; charset=utf-16');
    body('gzip that is not', 'not gzip at all', 'application/json', false, 'gzip');
    body('unknown encoding', json(base), 'application/json', false, 'br2');
    body('invalid UTF-8', Buffer.from([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xed, 0xa0, 0x80, 0x22, 0x7d]));
  }
  return drafts;
}

/** A path template with the world's records in it, or `over`'s raw (already percent-encoded) values. */
export function concretePath(template: string, world: FuzzWorld, over: Record<string, string> = {}): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => over[name] ?? encodeURIComponent(world.path(template, name)));
}

/**
 * The suite's requests: every operation's drafts, at most `perOperation` of
 * them (those marked `always` first, then a seeded sample), each sent as the
 * admin or, one time in `officerEvery`, as an officer.
 */
export function fuzzRequests(doc: OpenApiDocument, world: FuzzWorld, o: { seed: number; perOperation: number; officerEvery: number }): FuzzRequest[] {
  const rng = prng(o.seed);
  const out: FuzzRequest[] = [];
  for (const { name, method, path, op } of operations(doc)) {
    const drafts = draftsFor(doc, path, op as never, world);
    const always = drafts.filter((d) => d.always);
    const rest = drafts.filter((d) => !d.always);
    for (let i = rest.length - 1; i > 0; i--) {
      const j = rng.int(0, i);
      [rest[i], rest[j]] = [rest[j], rest[i]];
    }
    for (const d of [...always, ...rest].slice(0, Math.max(o.perOperation, always.length))) {
      out.push({
        operation: name,
        method,
        url: concretePath(path, world, d.path) + (d.query ? `?${d.query}` : ''),
        what: d.what,
        body: d.body,
        as: rng.int(1, o.officerEvery) === 1 ? 'officer' : 'admin',
      });
    }
  }
  return out;
}
