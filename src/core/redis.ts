import { Redis } from 'ioredis';

/** One PING on a fresh connection that gives up quickly: for health checks, never for work. */
export async function pingRedis(url: string, timeoutMs = 1500): Promise<void> {
  const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: timeoutMs, enableOfflineQueue: false, retryStrategy: () => null });
  r.on('error', () => undefined);
  try {
    await r.connect();
    await r.ping();
  } finally {
    r.disconnect();
  }
}
