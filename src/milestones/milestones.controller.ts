import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser, PROJECT_WRITERS, Roles } from '../core/auth/auth-user';
import { IdPipe } from '../core/http/id.pipe';
import { CreateMilestoneDto, UpdateMilestoneDto } from './milestones.dto';
import { MilestonesService } from './milestones.service';

@ApiTags('milestones')
@ApiBearerAuth()
@Controller('projects/:id/milestones')
export class MilestonesController {
  constructor(private readonly milestones: MilestonesService) {}

  @Get()
  list(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: number) {
    return this.milestones.list(user, id);
  }

  @Roles(...PROJECT_WRITERS)
  @Post()
  create(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: number, @Body() dto: CreateMilestoneDto) {
    return this.milestones.create(user, id, dto);
  }

  @Roles(...PROJECT_WRITERS)
  @Patch(':mid')
  update(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: number, @Param('mid', IdPipe) mid: number, @Body() dto: UpdateMilestoneDto) {
    return this.milestones.update(user, id, mid, dto);
  }
}
