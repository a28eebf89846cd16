import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser, Roles } from '../core/auth/auth-user';
import { ApiErrors } from '../core/http/api-docs';
import { IdPipe } from '../core/http/id.pipe';
import { CreateTeamDto, UpdateTeamDto } from './teams.dto';
import { TeamPage, TeamResponse } from './teams.responses';
import { TeamsService } from './teams.service';

@ApiTags('teams')
@ApiBearerAuth()
@Controller('teams')
export class TeamsController {
  constructor(private readonly teams: TeamsService) {}

  @Get()
  @ApiOperation({ summary: '团队列表' })
  @ApiOkResponse({ type: TeamPage })
  @ApiErrors(401)
  list(): Promise<TeamPage> {
    return this.teams.list();
  }

  @Roles('admin')
  @Post()
  @ApiOperation({ summary: '新建团队', description: '团队名称已被使用时答 409。' })
  @ApiCreatedResponse({ type: TeamResponse })
  @ApiErrors(400, 401, 403, 409)
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateTeamDto): Promise<TeamResponse> {
    return this.teams.create(user, dto);
  }

  @Roles('admin')
  @Patch(':id')
  @ApiOperation({ summary: '修改团队' })
  @ApiOkResponse({ type: TeamResponse })
  @ApiErrors(400, 401, 403, 404, 409)
  update(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: number, @Body() dto: UpdateTeamDto): Promise<TeamResponse> {
    return this.teams.update(user, id, dto);
  }
}
