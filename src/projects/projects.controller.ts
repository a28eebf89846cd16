import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser, PROJECT_WRITERS, Roles } from '../core/auth/auth-user';
import { IdPipe } from '../core/http/id.pipe';
import { CORRECTOR_ROLES, describePipeline } from './pipeline';
import { CreateProjectDto, ProjectQuery, RevertDto, TransitionDto, UpdateProjectDto } from './projects.dto';
import { ProjectsService } from './projects.service';
import { TransitionsService } from './transitions.service';

@ApiTags('projects')
@ApiBearerAuth()
@Controller()
export class ProjectsController {
  constructor(
    private readonly projects: ProjectsService,
    private readonly transitions: TransitionsService,
  ) {}

  /** The state machine itself: stages, labels, edges and the data each target needs; every `to` is a stage POST …/transitions accepts. */
  @Get('pipeline')
  pipeline() {
    return describePipeline();
  }

  @Get('projects')
  list(@CurrentUser() user: AuthUser, @Query() q: ProjectQuery) {
    return this.projects.list(user, q);
  }

  @Roles(...PROJECT_WRITERS)
  @Post('projects')
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateProjectDto) {
    return this.projects.create(user, dto);
  }

  /** Includes allowedTransitions for the caller, the supervision light and possible duplicates. */
  @Get('projects/:id')
  get(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: number) {
    return this.projects.detail(user, id);
  }

  @Roles(...PROJECT_WRITERS)
  @Patch('projects/:id')
  update(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: number, @Body() dto: UpdateProjectDto) {
    return this.projects.update(user, id, dto);
  }

  @Get('projects/:id/transitions')
  history(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: number) {
    return this.transitions.history(user, id);
  }

  @Roles(...PROJECT_WRITERS)
  @Post('projects/:id/transitions')
  @HttpCode(201)
  transition(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: number, @Body() dto: TransitionDto) {
    return this.transitions.transition(user, id, dto);
  }

  @Roles(...CORRECTOR_ROLES)
  @Post('projects/:id/transitions/revert')
  @HttpCode(201)
  revert(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: number, @Body() dto: RevertDto) {
    return this.transitions.revert(user, id, dto);
  }
}
