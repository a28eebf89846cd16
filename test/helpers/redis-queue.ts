import { randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { QUEUE_NAME } from '../../src/queue/jobs';

/** A QUEUE_PREFIX of this run's own, so that test runs sharing one Redis never meet. */
export function uniqueQueuePrefix(): string {
  return `zs-test-${Date.now()}-${randomBytes(4).toString('hex')}`;
}

/** Removes everything left under `prefix` (after the apps using it have closed). */
export async function obliterateQueue(redisUrl: string, prefix: string): Promise<void> {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  try {
    const queue = new Queue(QUEUE_NAME, { connection, prefix });
    await queue.obliterate({ force: true });
    await queue.close();
    const left = await connection.keys(`${prefix}:*`);
    if (left.length) await connection.del(...left);
  } finally {
    connection.disconnect();
  }
}

/** Polls until `probe` gives a value other than undefined. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
