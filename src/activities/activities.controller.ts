import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser, PROJECT_WRITERS, Roles } from '../core/auth/auth-user';
import { ApiErrors } from '../core/http/api-docs';
import { IdPipe } from '../core/http/id.pipe';
import { ActivityQuery, CreateActivityDto, DeleteActivityQuery, UpdateActivityDto } from './activities.dto';
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
  @ApiOperation({
    summary: '新增跟进记录',
    description: '招商专员可为本团队任一项目记录跟进；项目的最近跟进日期随之更新。带 clientKey 时，同一记录人以同一键重复提交返回首次记录的跟进（同一编号），不会重复记录；该键已用于另一项目时答 409 client_key_reused。',
  })
  @ApiCreatedResponse({ type: ActivityResponse })
  @ApiErrors(400, 401, 403, 404, 409)
  create(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: number, @Body() dto: CreateActivityDto): Promise<ActivityResponse> {
    return this.activities.create(user, id, dto);
  }

  /** The author, or a manager or admin who sees the project. */
  @Roles(...PROJECT_WRITERS)
  @Patch('activities/:id')
  @ApiOperation({
    summary: '修改跟进记录',
    description: '记录人本人，或数据范围内的团队负责人、系统管理员可修改；只改所带字段（null 清空）。带读到的 version，已被他人修改答 409 stale_version。项目的最近跟进日期、提醒和督办灯随之更新。',
  })
  @ApiOkResponse({ type: ActivityResponse })
  @ApiErrors(400, 401, 403, 404, 409)
  update(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: number, @Body() dto: UpdateActivityDto): Promise<ActivityResponse> {
    return this.activities.update(user, id, dto);
  }

  @Roles(...PROJECT_WRITERS)
  @Delete('activities/:id')
  @HttpCode(204)
  @ApiOperation({
    summary: '删除跟进记录',
    description: '权限同修改。可带读到的 version，已被他人修改答 409。项目的最近跟进日期回到剩余记录中最晚的一条（无记录时为空），提醒和督办灯随之更新。',
  })
  @ApiNoContentResponse({ description: '已删除' })
  @ApiErrors(400, 401, 403, 404, 409)
  async remove(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: number, @Query() q: DeleteActivityQuery): Promise<void> {
    await this.activities.remove(user, id, q.version);
  }
}
