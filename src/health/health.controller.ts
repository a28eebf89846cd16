import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../core/auth/auth-user';
import { HealthResponse } from './health.responses';
import { HealthService } from './health.service';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly checks: HealthService) {}

  /** 200 while the database answers (status "ok" or "degraded"), 503 when it does not. */
  @Public()
  @Get()
  @ApiOperation({ summary: '健康检查', description: '数据库、Redis（如已配置）和任务队列的状态；无需登录。' })
  @ApiOkResponse({ type: HealthResponse, description: '可以服务（ok 或 degraded）' })
  // The body of a 503 here is the same report, not the error shape: it says which dependency is down.
  @ApiServiceUnavailableResponse({ type: HealthResponse, description: '数据库不可用' })
  async health(@Res({ passthrough: true }) res: Response) {
    const report = await this.checks.check();
    res.status(report.database.status === 'up' ? 200 : 503);
    return report;
  }
}
