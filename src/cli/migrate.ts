process.env.TZ = 'UTC';
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { ConfigError, loadConfig } from '../core/config/app-config';
import { appDataSourceOptions } from '../app.entities';
import { runMigrations } from '../core/database/migrate';

/** `npm run migration:run`: applies pending migrations to the configured database and exits. */
async function main() {
  const config = loadConfig(process.env);
  const ds = await new DataSource(appDataSourceOptions(config.database)).initialize();
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
