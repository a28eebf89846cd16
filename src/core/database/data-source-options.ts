import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../../migrations';
import type { DatabaseConfig } from '../config/app-config';
import { ENTITIES } from './entities';

/** TypeORM options for either driver. Schema changes come from migrations only. */
export function dataSourceOptions(db: DatabaseConfig): DataSourceOptions {
  const common = {
    entities: ENTITIES,
    migrations: MIGRATIONS,
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
