/**
 * Reading the OpenAPI document in tests: its operations, `$ref`s, and whether
 * a body the app answered is exactly what the document says (types, enums,
 * nullability, required fields, and no field the document leaves out).
 */

/** The part of an OpenAPI 3.0 schema these checks read. */
export interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  nullable?: boolean;
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
}

export interface MediaType {
  schema?: Schema;
}

export interface Operation {
  operationId?: string;
  summary?: string;
  responses: Record<string, { description?: string; content?: Record<string, MediaType> }>;
}

export interface OpenApiDocument {
  info: { title: string; description?: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** Every operation of the document, as `GET /api/v1/projects` and the operation. */
export function operations(doc: OpenApiDocument): { name: string; method: string; path: string; op: Operation }[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => HTTP_METHODS.includes(method))
      .map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, method, path, op })),
  );
}

/** The operation a concrete request hits (`/api/v1/projects/7/funds/2026-05`); literal paths win over templated ones. */
export function operationFor(doc: OpenApiDocument, method: string, url: string): Operation | undefined {
  const path = url.split('?')[0];
  const candidates = Object.keys(doc.paths)
    .filter((template) => doc.paths[template][method.toLowerCase()])
    .filter((template) => new RegExp(`^${template.replace(/[.]/g, '\\.').replace(/\{[^}]+\}/g, '[^/]+')}$`).test(path))
    .sort((a, b) => (a.match(/\{/g)?.length ?? 0) - (b.match(/\{/g)?.length ?? 0));
  return candidates.length ? doc.paths[candidates[0]][method.toLowerCase()] : undefined;
}

/** Follows a local `$ref` (`#/components/schemas/X`); undefined when it points nowhere. */
export function resolveRef(doc: OpenApiDocument, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = doc;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object' || !(key in node)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** Every `$ref` in the document, with where it sits. */
export function allRefs(value: unknown, at = '$'): { at: string; ref: string }[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => allRefs(v, `${at}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
    k === '$ref' && typeof v === 'string' ? [{ at, ref: v }] : allRefs(v, `${at}.${k}`),
  );
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** What is wrong with `value` against `schema` (empty when it conforms). Fields the schema does not declare are wrong too. */
export function conformance(doc: OpenApiDocument, schema: Schema, value: unknown, path = '$'): string[] {
  if (schema.$ref) {
    const target = resolveRef(doc, schema.$ref) as Schema | undefined;
    return target ? conformance(doc, target, value, path) : [`${path}: unresolved ${schema.$ref}`];
  }
  if (value === null) return schema.nullable ? [] : [`${path}: null, but the schema is not nullable`];
  if (schema.allOf) return schema.allOf.flatMap((s) => conformance(doc, s, value, path));
  if (schema.oneOf) {
    return schema.oneOf.some((s) => conformance(doc, s, value, path).length === 0) ? [] : [`${path}: matches none of its oneOf schemas`];
  }
  const problems: string[] = [];
  if (schema.enum && !schema.enum.includes(value)) problems.push(`${path}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  const type = schema.type ?? (schema.properties ? 'object' : undefined);
  switch (type) {
    case 'string':
      if (typeof value !== 'string') return [...problems, `${path}: ${JSON.stringify(value)} is not a string`];
      if (schema.format === 'date' && !DATE.test(value)) problems.push(`${path}: ${value} is not YYYY-MM-DD`);
      if (schema.format === 'date-time' && !DATE_TIME.test(value)) problems.push(`${path}: ${value} is not an ISO 8601 UTC timestamp`);
      break;
    case 'integer':
      if (!Number.isInteger(value)) problems.push(`${path}: ${JSON.stringify(value)} is not a whole number`);
      break;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) problems.push(`${path}: ${JSON.stringify(value)} is not a number`);
      break;
    case 'boolean':
      if (typeof value !== 'boolean') problems.push(`${path}: ${JSON.stringify(value)} is not a boolean`);
      break;
    case 'array':
      if (!Array.isArray(value)) return [...problems, `${path}: not an array`];
      if (schema.items) value.forEach((v, i) => problems.push(...conformance(doc, schema.items!, v, `${path}[${i}]`)));
      break;
    case 'object': {
      if (typeof value !== 'object' || Array.isArray(value)) return [...problems, `${path}: not an object`];
      const obj = value as Record<string, unknown>;
      for (const key of schema.required ?? []) if (!(key in obj)) problems.push(`${path}.${key}: required, but missing`);
      for (const [key, v] of Object.entries(obj)) {
        const declared = schema.properties?.[key];
        if (declared) problems.push(...conformance(doc, declared, v, `${path}.${key}`));
        else if (typeof schema.additionalProperties === 'object') problems.push(...conformance(doc, schema.additionalProperties, v, `${path}.${key}`));
        else if (schema.additionalProperties !== true) problems.push(`${path}.${key}: not in the document`);
      }
      break;
    }
  }
  return problems;
}
