import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { Public } from '../core/auth/auth-user';
import { APP_CONFIG, type AppConfig } from '../core/config/app-config';

type Check = { status: 'up' | 'down' | 'not_configured'; detail?: string; ms?: number };

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

/** Liveness and readiness: 200 when every configured dependency answers, 503 otherwise. */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Get()
  async health(@Res({ passthrough: true }) res: Response) {
    const database = await timed(() => this.ds.query('SELECT 1'));
    const redis: Check = this.config.redisUrl ? await timed(() => this.pingRedis(this.config.redisUrl!)) : { status: 'not_configured' };
    const queue: Check = this.config.redisUrl
      ? { status: redis.status, detail: 'BullMQ on Redis' }
      : { status: 'up', detail: 'in-process (no REDIS_URL)' };
    const ok = database.status === 'up' && redis.status !== 'down';
    res.status(ok ? 200 : 503);
    return { status: ok ? 'ok' : 'degraded', database: { ...database, driver: this.ds.options.type }, redis, queue };
  }

  private async pingRedis(url: string) {
    const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 1500, enableOfflineQueue: false });
    r.on('error', () => undefined);
    try {
      await r.connect();
      await r.ping();
    } finally {
      r.disconnect();
    }
  }
}
