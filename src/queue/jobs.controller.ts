import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiParam, ApiTags } from '@nestjs/swagger';
import { Roles } from '../core/auth/auth-user';
import { DateField, MonthField } from '../core/http/fields';
import { JOB_NAMES } from './jobs';
import { JobsService } from './jobs.service';

export class RunJobDto {
  @DateField({ optional: true, description: 'reminders.daily: the day to send for (default today)' })
  date?: string;

  @MonthField({ optional: true, description: 'reports.monthly-rollup: the month to roll up (default the month just closed)' })
  month?: string;
}

@ApiTags('jobs')
@ApiBearerAuth()
@Controller('jobs')
export class JobsController {
  constructor(private readonly jobs: JobsService) {}

  /** Each scheduled job, its next run, its last runs and failures (admin). */
  @Roles('admin')
  @Get()
  list() {
    return this.jobs.list();
  }

  /** Queues one run now (admin); 202, the run shows in GET /jobs. */
  @Roles('admin')
  @ApiParam({ name: 'name', enum: JOB_NAMES })
  @Post(':name/run')
  @HttpCode(202)
  run(@Param('name') name: string, @Body() dto: RunJobDto) {
    return this.jobs.runNow(name, { ...dto });
  }
}
