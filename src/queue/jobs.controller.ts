import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Roles } from '../core/auth/auth-user';
import { ApiErrors } from '../core/http/api-docs';
import { DateField, MonthField } from '../core/http/fields';
import { JOB_NAMES } from './jobs';
import { JobQueuedResponse, JobsResponse } from './jobs.responses';
import { JobsService } from './jobs.service';

export class RunJobDto {
  @DateField({ optional: true, description: 'reminders.daily（每日提醒）：为哪一天发送（默认今天）' })
  date?: string;

  @MonthField({ optional: true, description: 'reports.monthly-rollup（月度汇总）：汇总哪个月（默认刚结束的月份）' })
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
  @ApiOperation({ summary: '后台任务', description: '各定时任务的计划、最近运行和近 30 天失败次数，以及队列状态。' })
  @ApiOkResponse({ type: JobsResponse })
  @ApiErrors(401, 403)
  list(): Promise<JobsResponse> {
    return this.jobs.list();
  }

  /** Queues one run now (admin); 202, the run shows in GET /jobs. */
  @Roles('admin')
  @ApiParam({ name: 'name', enum: JOB_NAMES })
  @Post(':name/run')
  @HttpCode(202)
  @ApiOperation({ summary: '立即运行任务', description: '排入一次运行（202），结果见 GET /jobs；队列不可用时答 503。' })
  @ApiAcceptedResponse({ type: JobQueuedResponse })
  @ApiErrors(400, 401, 403, 503)
  run(@Param('name') name: string, @Body() dto: RunJobDto): Promise<JobQueuedResponse> {
    return this.jobs.runNow(name, { ...dto });
  }
}
