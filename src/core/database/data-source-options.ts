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
  return { ...common, type: 'sqlite', database: path, enableWAL: true, busyTimeout: 5000 };
}
