import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser, PROJECT_WRITERS, Roles } from '../core/auth/auth-user';
import { IdPipe } from '../core/http/id.pipe';
import { ActivityQuery, CreateActivityDto } from './activities.dto';
import { ActivitiesService } from './activities.service';

@ApiTags('activities')
@ApiBearerAuth()
@Controller()
export class ActivitiesController {
  constructor(private readonly activities: ActivitiesService) {}

  @Get('activities')
  list(@CurrentUser() user: AuthUser, @Query() q: ActivityQuery) {
    return this.activities.list(user, q);
  }

  @Get('projects/:id/activities')
  listForProject(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: number, @Query() q: ActivityQuery) {
    return this.activities.listForProject(user, id, q);
  }

  /** Officers log on any project of their team; managers and admins on any in scope. */
  @Roles(...PROJECT_WRITERS)
  @Post('projects/:id/activities')
  create(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: number, @Body() dto: CreateActivityDto) {
    return this.activities.create(user, id, dto);
  }
}
