import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '../core/auth/auth-user';
import { APP_CONFIG, type AppConfig } from '../core/config/app-config';
import { pingRedis } from '../core/redis';
import { JobQueue } from '../queue/job-queue';
import { HealthResponse } from './health.responses';

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

/**
 * Liveness and readiness. 200 "ok" when everything answers; 200 "degraded"
 * when only Redis/the queue is down (the API still serves, jobs wait);
 * 503 when the database is down.
 */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jobs: JobQueue,
  ) {}

  @Public()
  @Get()
  @ApiOperation({ summary: '健康检查', description: '数据库、Redis（如已配置）和任务队列的状态；无需登录。' })
  @ApiOkResponse({ type: HealthResponse, description: '可以服务（ok 或 degraded）' })
  // The body of a 503 here is the same report, not the error shape: it says which dependency is down.
  @ApiServiceUnavailableResponse({ type: HealthResponse, description: '数据库不可用' })
  async health(@Res({ passthrough: true }) res: Response) {
    const database = await timed(() => this.ds.query('SELECT 1'));
    const redis: Check = this.config.redisUrl ? await timed(() => pingRedis(this.config.redisUrl!)) : { status: 'not_configured' };
    const queue = await this.jobs.health();
    const status = database.status !== 'up' ? 'down' : redis.status === 'down' || queue.status === 'down' ? 'degraded' : 'ok';
    res.status(database.status === 'up' ? 200 : 503);
    return { status, database: { ...database, driver: this.ds.options.type }, redis, queue };
  }
}
