/**
 * The OpenAPI document, built one way for the running app (/api/docs-json)
 * and for the committed openapi.json (npm run openapi), so that the two are
 * equal and the front-end client is generated from what the server serves.
 */
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

const DESCRIPTION = [
  '招商通：招商项目从首次拜访到签约、开工、投产的全过程管理。',
  '',
  '- **认证**：`POST /api/v1/auth/login` 取得 `accessToken`；除 `/api/v1/health` 外，每个接口都要带 `Authorization: Bearer <accessToken>`；大屏接口 `/api/v1/display/*` 只认大屏链接的密钥（请求头 `X-Display-Key`）。',
  '- **金额**以万元为单位，最多 4 位小数；**日期**为 `YYYY-MM-DD`，月份为 `YYYY-MM`；时间戳为 ISO 8601（UTC）。',
  '- **列表**：`?page=1&pageSize=20`（每页最多 200 条）、`sort=字段:asc|desc`，答 `{ items, total, page, pageSize }`。',
  '- **错误**：`{ statusCode, error, code, message, details? }`。`code` 是稳定的英文机器码（如 `stale_version`），`message` 是可直接显示的中文；`details` 逐个列出出错字段 `{ field, code, message }`。',
  '- **版本**：修改项目、企业和年度目标时带回读到的 `version`，已被他人修改时答 409。',
  '- **标签**：枚举值的中文标签见 `GET /labels`，阶段见 `GET /pipeline`，字典条目见 `GET /dictionaries/:kind`。',
].join('\n');

/** Builds the document of an app whose routes (and global prefix) are set; it need not be listening. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder().setTitle('招商通 API').setDescription(DESCRIPTION).setVersion('1').addBearerAuth()
    // The meeting-room screen's key (GET /display/summary only).
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-Display-Key', description: '大屏链接的密钥' }, 'display-key')
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    // `Projects_list` rather than `ProjectsController_list`: these names become the client's.
    operationIdFactory: (controller, method) => `${controller.replace(/Controller$/, '')}_${method}`,
  });
  return normalize(document);
}

/**
 * The same document with keys in a stable order (paths, schemas, every
 * object's keys sorted; the fields of a schema kept in declaration order),
 * so that a diff of openapi.json shows only what changed.
 */
function normalize(document: OpenAPIObject): OpenAPIObject {
  const plain = JSON.parse(JSON.stringify(document)) as OpenAPIObject;
  for (const schema of Object.values(plain.components?.schemas ?? {})) {
    // A named enum gets the description of whichever field Nest met first; the fields carry their own.
    if ('enum' in schema && !('properties' in schema)) delete schema.description;
  }
  return sortKeys(plain) as OpenAPIObject;
}

function sortKeys(value: unknown, keepOrder = false): unknown {
  if (Array.isArray(value)) return value.map((v) => sortKeys(v));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>);
  if (!keepOrder) entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([k, v]) => [k, sortKeys(v, k === 'properties')]));
}
