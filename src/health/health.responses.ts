import { ApiProperty } from '@nestjs/swagger';
import { type AllAnswered, type Answers, OutInt, OutObject, OutText } from '../core/http/api-docs';
import { QueueHealthResponse } from '../queue/jobs.responses';
import type { HealthController } from './health.controller';

const CHECK_STATUSES = ['up', 'down', 'not_configured'] as const;

/** One dependency: does it answer, and how fast. */
export class CheckResponse {
  @ApiProperty({ enum: CHECK_STATUSES, description: 'not_configured：未配置（如未设 REDIS_URL）' })
  status: (typeof CHECK_STATUSES)[number];

  @OutText({ optional: true, description: '出错时的说明' })
  detail?: string;

  @OutInt({ optional: true, description: '耗时（毫秒）' })
  ms?: number;
}

export class DatabaseCheckResponse extends CheckResponse {
  @OutText({ description: '数据库类型', example: 'sqlite' })
  driver: string;
}

/** Liveness and readiness. */
export class HealthResponse {
  @ApiProperty({ enum: ['ok', 'degraded', 'down'], description: 'ok 全部正常；degraded 仅 Redis 或队列不可用，或 Redis 中缺少定时任务（接口照常，定时任务等待自动恢复）；down 数据库不可用（503）' })
  status: string;

  @OutObject(() => DatabaseCheckResponse)
  database: DatabaseCheckResponse;

  @OutObject(() => CheckResponse)
  redis: CheckResponse;

  @OutObject(() => QueueHealthResponse)
  queue: QueueHealthResponse;
}

/** Compile-time: the classes above fit what the controller answers and name every field of it. */
export type HealthResponsesMatch = AllAnswered<[Answers<HealthResponse, Awaited<ReturnType<HealthController['health']>>>]>;
