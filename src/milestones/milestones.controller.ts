import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser, PROJECT_WRITERS, Roles } from '../core/auth/auth-user';
import { ApiErrors } from '../core/http/api-docs';
import { IdPipe } from '../core/http/id.pipe';
import { CreateMilestoneDto, UpdateMilestoneDto } from './milestones.dto';
import { MilestonePage, MilestoneResponse } from './milestones.responses';
import { MilestonesService } from './milestones.service';

@ApiTags('milestones')
@ApiBearerAuth()
@Controller('projects/:id/milestones')
export class MilestonesController {
  constructor(private readonly milestones: MilestonesService) {}

  @Get()
  @ApiOperation({ summary: '项目节点计划' })
  @ApiOkResponse({ type: MilestonePage })
  @ApiErrors(400, 401, 404)
  list(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: number): Promise<MilestonePage> {
    return this.milestones.list(user, id);
  }

  @Roles(...PROJECT_WRITERS)
  @Post()
  @ApiOperation({ summary: '新增节点' })
  @ApiCreatedResponse({ type: MilestoneResponse })
  @ApiErrors(400, 401, 403, 404)
  create(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: number, @Body() dto: CreateMilestoneDto): Promise<MilestoneResponse> {
    return this.milestones.create(user, id, dto);
  }

  @Roles(...PROJECT_WRITERS)
  @Patch(':mid')
  @ApiOperation({ summary: '修改节点', description: '改计划日期、填完成日期（不能晚于今天），completedOn 置 null 即重新打开。' })
  @ApiOkResponse({ type: MilestoneResponse })
  @ApiErrors(400, 401, 403, 404)
  update(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: number,
    @Param('mid', IdPipe) mid: number,
    @Body() dto: UpdateMilestoneDto,
  ): Promise<MilestoneResponse> {
    return this.milestones.update(user, id, mid, dto);
  }
}
