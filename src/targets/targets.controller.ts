import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser, Roles } from '../core/auth/auth-user';
import { ApiErrors } from '../core/http/api-docs';
import { IdPipe } from '../core/http/id.pipe';
import { PutTargetDto } from './targets.dto';
import { TargetResponse } from './targets.responses';
import { TargetsService, targetView } from './targets.service';

@ApiTags('targets')
@ApiBearerAuth()
@Controller('targets')
export class TargetsController {
  constructor(private readonly targets: TargetsService) {}

  /** The year's targets and 统计口径 (DOMAIN.md defaults when never set: `stored: false`). */
  @Get(':year')
  @ApiOperation({ summary: '年度目标', description: '含当年统计口径；从未设置的年份给出默认目标（stored 为 false）。剔除名单只列调用者数据范围内的项目。' })
  @ApiOkResponse({ type: TargetResponse })
  @ApiErrors(400, 401)
  async get(@CurrentUser() user: AuthUser, @Param('year', IdPipe) year: number): Promise<TargetResponse> {
    return targetView(await this.targets.seenBy(user, year));
  }

  @Roles('admin')
  @Put(':year')
  @ApiOperation({ summary: '设置年度目标', description: '已设置的年份须带回 version，过期答 409。' })
  @ApiOkResponse({ type: TargetResponse })
  @ApiErrors(400, 401, 403, 409)
  put(@CurrentUser() user: AuthUser, @Param('year', IdPipe) year: number, @Body() dto: PutTargetDto): Promise<TargetResponse> {
    return this.targets.put(user, year, dto);
  }
}
