import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser, PROJECT_WRITERS, Roles } from '../core/auth/auth-user';
import { ApiErrors } from '../core/http/api-docs';
import { IdPipe } from '../core/http/id.pipe';
import { CORRECTOR_ROLES, describePipeline } from './pipeline';
import { CreateProjectDto, DeleteProjectDto, HandoverDto, ProjectQuery, RevertDto, TransitionDto, UpdateProjectDto } from './projects.dto';
import { HandoverResponse, ProjectDeletedResponse } from './corrections.responses';
import {
  ProjectCreatedResponse,
  ProjectDetailResponse,
  ProjectPage,
  ProjectResponse,
  TransitionRecordPage,
  TransitionResultResponse,
} from './projects.responses';
import { PipelineResponse } from './pipeline.responses';
import { HANDOVER_ROLES } from './project-access';
import { ProjectCorrectionsService } from './project-corrections.service';
import { ProjectsService } from './projects.service';
import { TransitionsService } from './transitions.service';

@ApiTags('projects')
@ApiBearerAuth()
@Controller()
export class ProjectsController {
  constructor(
    private readonly projects: ProjectsService,
    private readonly transitions: TransitionsService,
    private readonly corrections: ProjectCorrectionsService,
  ) {}

  /** The state machine itself: stages, labels, edges and the data each target needs; every `to` is a stage POST …/transitions accepts. */
  @Get('pipeline')
  @ApiOperation({ summary: '项目阶段流程', description: '各阶段的中文名、可推进的方向、每个方向所需的数据。' })
  @ApiOkResponse({ type: PipelineResponse })
  @ApiErrors(401)
  pipeline(): PipelineResponse {
    return describePipeline();
  }

  @Get('projects')
  @ApiOperation({ summary: '项目列表', description: '调用者数据范围内的项目，可按阶段、产业链、督办灯等筛选。' })
  @ApiOkResponse({ type: ProjectPage })
  @ApiErrors(400, 401)
  list(@CurrentUser() user: AuthUser, @Query() q: ProjectQuery): Promise<ProjectPage> {
    return this.projects.list(user, q);
  }

  @Roles(...PROJECT_WRITERS)
  @Post('projects')
  @ApiOperation({ summary: '新建项目', description: '项目从「拜访接洽」开始；疑似重复照常登记，并在 possibleDuplicates 中列出。' })
  @ApiCreatedResponse({ type: ProjectCreatedResponse })
  @ApiErrors(400, 401, 403, 409)
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateProjectDto): Promise<ProjectCreatedResponse> {
    return this.projects.create(user, dto);
  }

  /** Includes allowedTransitions for the caller, the supervision light and possible duplicates. */
  /** Declared before projects/:id, so that `handover` is never read as an id. */
  @Roles(...HANDOVER_ROLES)
  @Post('projects/handover')
  @HttpCode(200)
  @ApiOperation({
    summary: '批量移交项目',
    description: '团队负责人（本团队项目、本团队人员）或系统管理员把 1 至 500 个项目一次移交给同一人，项目随之归入其团队；全部成功或全部不变。'
      + '有项目不存在或不在数据范围内时答 403 并列出 projectIds；接收人停用或角色不符答 400。每个项目记入审计（移交）。',
  })
  @ApiOkResponse({ type: HandoverResponse })
  @ApiErrors(400, 401, 403, 409)
  handover(@CurrentUser() user: AuthUser, @Body() dto: HandoverDto): Promise<HandoverResponse> {
    return this.corrections.handover(user, dto);
  }

  @Get('projects/:id')
  @ApiOperation({ summary: '项目详情', description: '含调用者可推进的阶段（allowedTransitions）、督办灯和疑似重复。' })
  @ApiOkResponse({ type: ProjectDetailResponse })
  @ApiErrors(400, 401, 404)
  get(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: number): Promise<ProjectDetailResponse> {
    return this.projects.detail(user, id);
  }

  @Roles(...PROJECT_WRITERS)
  @Patch('projects/:id')
  @ApiOperation({ summary: '修改项目', description: '须带回读到的 version；已被他人修改时答 409。阶段数据只能更正，不能借此进入新阶段。' })
  @ApiOkResponse({ type: ProjectResponse })
  @ApiErrors(400, 401, 403, 404, 409)
  update(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: number, @Body() dto: UpdateProjectDto): Promise<ProjectResponse> {
    return this.projects.update(user, id, dto);
  }

  @Roles(...CORRECTOR_ROLES)
  @Delete('projects/:id')
  @ApiOperation({
    summary: '删除误登记的项目',
    description: '团队负责人（本团队项目）或系统管理员，须带版本号和原因。删除后项目不再出现在列表、详情（404）、导出、报表、提醒和重复研判中，审计记录保留；已冻结的月报不改写，重算某月时生成新修订。',
  })
  @ApiOkResponse({ type: ProjectDeletedResponse })
  @ApiErrors(400, 401, 403, 404, 409)
  remove(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: number, @Body() dto: DeleteProjectDto): Promise<ProjectDeletedResponse> {
    return this.corrections.remove(user, id, dto);
  }

  @Get('projects/:id/transitions')
  @ApiOperation({ summary: '项目阶段历史' })
  @ApiOkResponse({ type: TransitionRecordPage })
  @ApiErrors(400, 401, 404)
  history(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: number): Promise<TransitionRecordPage> {
    return this.transitions.history(user, id);
  }

  @Roles(...PROJECT_WRITERS)
  @Post('projects/:id/transitions')
  @HttpCode(201)
  @ApiOperation({ summary: '推进项目阶段', description: '所需数据见 GET /pipeline；流程不允许时答 422 并列出 allowed。' })
  @ApiCreatedResponse({ type: TransitionResultResponse })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  transition(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: number, @Body() dto: TransitionDto): Promise<TransitionResultResponse> {
    return this.transitions.transition(user, id, dto);
  }

  @Roles(...CORRECTOR_ROLES)
  @Post('projects/:id/transitions/revert')
  @HttpCode(201)
  @ApiOperation({ summary: '撤回最近一次阶段变更', description: '团队负责人或管理员，须说明原因；撤回本身也记入历史。' })
  @ApiCreatedResponse({ type: TransitionResultResponse })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  revert(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: number, @Body() dto: RevertDto): Promise<TransitionResultResponse> {
    return this.transitions.revert(user, id, dto);
  }
}
