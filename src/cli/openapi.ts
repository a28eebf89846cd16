process.env.TZ = 'UTC';
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from '../app.module';
import { setApiPrefix } from '../app.setup';
import { loadConfig } from '../core/config/app-config';
import { buildOpenApiDocument } from '../core/http/openapi-document';

/** The repository root: the nearest folder above this file with a package.json (from src/cli or dist/src/cli). */
function repoRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

/**
 * `npm run openapi`: writes the OpenAPI document to openapi.json at the
 * repository root. The app is built in Nest's preview mode: the module graph
 * and routes are there, but no provider runs, so nothing listens and no
 * database is opened (the temporary SQLite path is only there to satisfy
 * the configuration, and is removed in case anything created it).
 */
async function main() {
  const dbPath = join(tmpdir(), `zs-openapi-${process.pid}-${randomBytes(4).toString('hex')}.sqlite`);
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_PATH: dbPath,
    JWT_SECRET: randomBytes(48).toString('base64url'),
    DEMO_DATA: 'false',
    LOG_LEVEL: 'silent',
    WORKER: 'false',
  });
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { preview: true, logger: false, abortOnError: false });
  try {
    setApiPrefix(app);
    const document = buildOpenApiDocument(app);
    const file = join(repoRoot(__dirname), 'openapi.json');
    writeFileSync(file, JSON.stringify(document, null, 2) + '\n');
    const operations = Object.values(document.paths).reduce((n, item) => n + Object.keys(item).length, 0);
    console.log(`wrote ${file}: ${operations} operations, ${Object.keys(document.components?.schemas ?? {}).length} schemas`);
  } finally {
    await app.close();
    for (const f of [dbPath, `${dbPath}-wal`, `${dbPath}-shm`]) rmSync(f, { force: true });
  }
}

main().catch((err) => {
  console.error('cannot write openapi.json:', err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
