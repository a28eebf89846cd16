process.env.TZ = 'UTC';
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { ConfigError, loadConfig } from '../core/config/app-config';
import { dataSourceOptions } from '../core/database/data-source-options';
import { runMigrations } from '../core/database/migrate';

/** `npm run migration:run`: applies pending migrations to the configured database and exits. */
async function main() {
  const config = loadConfig(process.env);
  const ds = await new DataSource(dataSourceOptions(config.database)).initialize();
  try {
    const applied = await runMigrations(ds);
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'the database is up to date');
  } finally {
    await ds.destroy();
  }
}

main().catch((err) => {
  console.error(err instanceof ConfigError ? `cannot migrate: ${err.message}` : err);
  process.exit(1);
});
