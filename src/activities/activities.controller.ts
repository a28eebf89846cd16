import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser, PROJECT_WRITERS, Roles } from '../core/auth/auth-user';
import { ApiErrors } from '../core/http/api-docs';
import { IdPipe } from '../core/http/id.pipe';
import { ActivityQuery, CreateActivityDto } from './activities.dto';
import { ActivityPage, ActivityResponse } from './activities.responses';
import { ActivitiesService } from './activities.service';

@ApiTags('activities')
@ApiBearerAuth()
@Controller()
export class ActivitiesController {
  constructor(private readonly activities: ActivitiesService) {}

  @Get('activities')
  @ApiOperation({ summary: '跟进记录列表', description: '调用者数据范围内的跟进记录，可按方式、日期、记录人、领导带队筛选。' })
  @ApiOkResponse({ type: ActivityPage })
  @ApiErrors(400, 401)
  list(@CurrentUser() user: AuthUser, @Query() q: ActivityQuery): Promise<ActivityPage> {
    return this.activities.list(user, q);
  }

  @Get('projects/:id/activities')
  @ApiOperation({ summary: '项目的跟进记录' })
  @ApiOkResponse({ type: ActivityPage })
  @ApiErrors(400, 401, 404)
  listForProject(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: number, @Query() q: ActivityQuery): Promise<ActivityPage> {
    return this.activities.listForProject(user, id, q);
  }

  /** Officers log on any project of their team; managers and admins on any in scope. */
  @Roles(...PROJECT_WRITERS)
  @Post('projects/:id/activities')
  @ApiOperation({ summary: '新增跟进记录', description: '招商专员可为本团队任一项目记录跟进；项目的最近跟进日期随之更新。' })
  @ApiCreatedResponse({ type: ActivityResponse })
  @ApiErrors(400, 401, 403, 404)
  create(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: number, @Body() dto: CreateActivityDto): Promise<ActivityResponse> {
    return this.activities.create(user, id, dto);
  }
}
