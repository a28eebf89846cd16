import { Client } from 'pg';
import { Redis } from 'ioredis';

export const PG_BASE_URL = process.env.PG_TEST_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_BASE_URL = process.env.REDIS_TEST_URL ?? 'redis://127.0.0.1:6379';

async function probePostgres(): Promise<string | null> {
  const c = new Client({ connectionString: PG_BASE_URL, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    await c.query('SELECT 1');
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  } finally {
    await c.end().catch(() => undefined);
  }
}

async function probeRedis(): Promise<string | null> {
  const r = new Redis(REDIS_BASE_URL, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 3000, enableOfflineQueue: false });
  r.on('error', () => undefined);
  try {
    await r.connect();
    await r.ping();
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  } finally {
    r.disconnect();
  }
}

/**
 * Finds out once which services this run can reach. With REQUIRE_SERVICES=1
 * (CI) an unreachable one fails the run; otherwise the suites that need it
 * skip, and this prints one line saying what could not be reached.
 */
export default async function globalSetup(): Promise<void> {
  const [pg, redis] = await Promise.all([probePostgres(), probeRedis()]);
  const required = process.env.REQUIRE_SERVICES === '1';
  const missing: string[] = [];
  if (pg) missing.push(`PostgreSQL at ${PG_BASE_URL} (${pg})`);
  if (redis) missing.push(`Redis at ${REDIS_BASE_URL} (${redis})`);
  if (missing.length && required) {
    throw new Error(`REQUIRE_SERVICES=1 but cannot reach ${missing.join(' and ')}`);
  }
  for (const m of missing) console.log(`\n[services] cannot reach ${m}: its suites are skipped (REQUIRE_SERVICES=1 makes this a failure)`);
  process.env.ZS_PG_URL = pg ? '' : PG_BASE_URL;
  process.env.ZS_REDIS_URL = redis ? '' : REDIS_BASE_URL;
}
