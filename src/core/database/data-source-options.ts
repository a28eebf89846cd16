import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import type { DatabaseConfig } from '../config/app-config';

/** What the app brings: its entities and migrations. */
export type Schema = Required<Pick<DataSourceOptions, 'entities' | 'migrations'>>;

/** TypeORM options for either driver; the app names its entities and migrations. Schema changes come from migrations only. */
export function dataSourceOptions(db: DatabaseConfig, schema: Schema): DataSourceOptions {
  const common = {
    ...schema,
    synchronize: false,
    migrationsRun: false,
    logging: false,
  } as const;
  if (db.type === 'postgres') {
    return { ...common, type: 'postgres', url: db.url, extra: { max: 20, connectionTimeoutMillis: 5000 } };
  }
  const path = db.path === ':memory:' ? db.path : resolve(db.path);
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  return { ...common, type: 'sqlite', database: path, enableWAL: true, busyTimeout: 5000, driver: quietSqlite3() };
}

/**
 * node-sqlite3 without its long stack traces. TypeORM calls `verbose()` on
 * the driver, which wraps every Database and Statement call to capture an
 * Error and util.inspect() each argument (the SQL and its parameters), on
 * the main thread, for every query: about a tenth of an authenticated read's
 * time in the reads bench. Errors keep their message and SQLITE_* code.
 * Loaded here, as TypeORM would, only when the database is SQLite.
 */
function quietSqlite3(): typeof import('sqlite3') {
  const sqlite3 = require('sqlite3') as typeof import('sqlite3');
  return Object.assign(Object.create(sqlite3) as typeof sqlite3, { verbose: () => sqlite3 });
}
