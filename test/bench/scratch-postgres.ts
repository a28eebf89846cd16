import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** The PostgreSQL server the benches use (BENCH_PG_URL). */
export const BENCH_PG_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * Runs `fn` on a fresh PostgreSQL database made for it and dropped afterwards.
 * When the server cannot be reached the bench says so and skips that part.
 */
export async function onScratchPostgres(bench: string, fn: (url: string) => Promise<void>): Promise<void> {
  const admin = new Client({ connectionString: BENCH_PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await admin.connect();
  } catch (err) {
    console.log(`\nPostgreSQL not reachable at ${BENCH_PG_URL} (${(err as Error).message}): ${bench} bench skipped there`);
    return;
  }
  const dbName = `zs_bench_${randomBytes(4).toString('hex')}`;
  try {
    await admin.query(`CREATE DATABASE ${dbName}`);
    const url = new URL(BENCH_PG_URL);
    url.pathname = `/${dbName}`;
    await fn(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
  }
}
