import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../core/config/app-config';
import { pingRedis } from '../core/redis';
import { JobQueue, type QueueHealth } from '../queue/job-queue';
import { HealthRepository } from './health.repository';

export type Check = { status: 'up' | 'down' | 'not_configured'; detail?: string; ms?: number };

export interface HealthReport {
  status: 'ok' | 'degraded' | 'down';
  database: Check & { driver: string };
  redis: Check;
  queue: QueueHealth;
}

async function timed(fn: () => Promise<unknown>, timeoutMs = 2000): Promise<Check> {
  const t0 = Date.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([fn(), new Promise((_, rej) => (timer = setTimeout(() => rej(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs)))]);
    return { status: 'up', ms: Date.now() - t0 };
  } catch (err) {
    return { status: 'down', detail: err instanceof Error ? err.message : String(err), ms: Date.now() - t0 };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Liveness and readiness: "ok" when everything answers; "degraded" when only
 * Redis or the queue is down (the API still serves, jobs wait); "down" when
 * the database is.
 */
@Injectable()
export class HealthService {
  constructor(
    private readonly db: HealthRepository,
    private readonly jobs: JobQueue,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'redisUrl'>,
  ) {}

  async check(): Promise<HealthReport> {
    const database = await timed(() => this.db.ping());
    const redis: Check = this.config.redisUrl ? await timed(() => pingRedis(this.config.redisUrl!)) : { status: 'not_configured' };
    const queue = await this.jobs.health();
    const status = database.status !== 'up' ? 'down' : redis.status === 'down' || queue.status === 'down' ? 'degraded' : 'ok';
    return { status, database: { ...database, driver: this.db.driver() }, redis, queue };
  }
}
