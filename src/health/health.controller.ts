import { Controller, Get, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../core/auth/auth-user';
import { HealthService } from './health.service';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly checks: HealthService) {}

  /** 200 while the database answers (status "ok" or "degraded"), 503 when it does not. */
  @Public()
  @Get()
  async health(@Res({ passthrough: true }) res: Response) {
    const report = await this.checks.check();
    res.status(report.database.status === 'up' ? 200 : 503);
    return report;
  }
}
