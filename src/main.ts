// Timestamps are UTC everywhere (business dates are plain YYYY-MM-DD strings);
// this keeps PostgreSQL `timestamp` columns and SQLite text identical.
process.env.TZ = 'UTC';

import 'reflect-metadata';
import { createApp } from './app.bootstrap';
import { ConfigError, loadConfig } from './core/config/app-config';

async function main() {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`招商通 cannot start: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
  const app = await createApp(config);
  await app.listen(config.port);
  const url = `http://localhost:${config.port}`;
  const db = config.database.type === 'sqlite' ? `SQLite ${config.database.path}` : 'PostgreSQL (DATABASE_URL)';
  console.log(`招商通 is up: web UI ${url}/, API ${url}/api/v1, OpenAPI ${url}/api/docs, database ${db}`);
}

main().catch((err) => {
  console.error('招商通 failed to start:', err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
