import type { DataSource } from 'typeorm';

/** An arbitrary constant: the PostgreSQL advisory lock that serializes migration runs. */
const MIGRATION_LOCK = 7_306_202_611;

/**
 * Applies pending migrations. `migrationsRun` has no cross-process lock, so on
 * PostgreSQL the run holds an advisory lock: two processes booting at once
 * apply each migration once.
 */
export async function runMigrations(ds: DataSource): Promise<string[]> {
  if (ds.options.type !== 'postgres') {
    return (await ds.runMigrations({ transaction: 'each' })).map((m) => m.name);
  }
  const runner = ds.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      return (await ds.runMigrations({ transaction: 'each' })).map((m) => m.name);
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    await runner.release();
  }
}
