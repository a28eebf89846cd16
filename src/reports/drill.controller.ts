import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser } from '../core/auth/auth-user';
import { ApiErrors } from '../core/http/api-docs';
import { DrillQuery, SeriesQuery } from './drill.dto';
import { DrillPageResponse, SeriesResponse } from './drill.responses';
import { DrillService } from './drill.service';
import { SeriesService } from './series.service';

/** The cockpit's reads beside the summary: the year by month, and every figure down to its projects. */
@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
export class DrillController {
  constructor(
    private readonly series: SeriesService,
    private readonly drills: DrillService,
  ) {}

  @Get('series')
  @ApiOperation({
    summary: '逐月数据',
    description: '调用者数据范围内一年各月的五项指标（今年至本月，及上年 12 个月），各年按各自的统计口径；前 m 个月之和等于该年 m 月的统计汇总累计。',
  })
  @ApiOkResponse({ type: SeriesResponse })
  @ApiErrors(400, 401)
  year(@CurrentUser() user: AuthUser, @Query() q: SeriesQuery): Promise<SeriesResponse> {
    return this.series.year(user, q.year);
  }

  @Get('drill')
  @ApiOperation({
    summary: '数字下钻',
    description: '统计汇总中某个数字（指标、分项行、签约后终止、漏斗阶段、比率的分子或分母）背后的项目，逐个说明是否按统计口径计入及原因；计入的在前，value 等于该数字。',
  })
  @ApiOkResponse({ type: DrillPageResponse })
  @ApiErrors(400, 401)
  drill(@CurrentUser() user: AuthUser, @Query() q: DrillQuery): Promise<DrillPageResponse> {
    return this.drills.drill(user, q);
  }
}
