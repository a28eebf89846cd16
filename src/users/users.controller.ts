import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IdPipe } from '../core/http/id.pipe';
import { type AuthUser, CurrentUser, Roles } from '../core/auth/auth-user';
import { ApiErrors } from '../core/http/api-docs';
import { CreateUserDto, ResetPasswordDto, UpdateUserDto, UserQuery } from './users.dto';
import { LoginUnlockResponse, UserPage, UserResponse } from './users.responses';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Roles('admin', 'manager')
  @Get()
  @ApiOperation({ summary: '用户列表', description: '管理员看全部账号；团队负责人看本团队成员（用于分配项目）。' })
  @ApiOkResponse({ type: UserPage })
  @ApiErrors(400, 401, 403)
  list(@CurrentUser() user: AuthUser, @Query() q: UserQuery): Promise<UserPage> {
    return this.users.list(user, q);
  }

  @Roles('admin')
  @Get(':id')
  @ApiOperation({ summary: '用户详情' })
  @ApiOkResponse({ type: UserResponse })
  @ApiErrors(400, 401, 403, 404)
  get(@Param('id', IdPipe) id: number): Promise<UserResponse> {
    return this.users.get(id);
  }

  @Roles('admin')
  @Post()
  @ApiOperation({ summary: '新建用户', description: '电子邮箱已被使用时答 409。' })
  @ApiCreatedResponse({ type: UserResponse })
  @ApiErrors(400, 401, 403, 409)
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateUserDto): Promise<UserResponse> {
    return this.users.create(user, dto);
  }

  @Roles('admin')
  @Patch(':id')
  @ApiOperation({ summary: '修改用户', description: '最后一名在用的管理员不能降级或停用（422）。' })
  @ApiOkResponse({ type: UserResponse })
  @ApiErrors(400, 401, 403, 404, 422)
  update(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: number, @Body() dto: UpdateUserDto): Promise<UserResponse> {
    return this.users.update(user, id, dto);
  }

  @Roles('admin')
  @Post(':id/password')
  @HttpCode(200)
  @ApiOperation({ summary: '重置密码', description: '系统管理员为用户设置新密码；该用户此前签发的令牌随即失效。记入审计（不含密码）。' })
  @ApiOkResponse({ type: UserResponse })
  @ApiErrors(400, 401, 403, 404)
  resetPassword(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: number, @Body() dto: ResetPasswordDto): Promise<UserResponse> {
    return this.users.resetPassword(user, id, dto.password);
  }

  @Roles('admin')
  @Post(':id/unlock')
  @HttpCode(200)
  @ApiOperation({ summary: '解除登录锁定', description: '清除该账号的全部登录失败计数（各地址），此后可立即再试。记入审计。' })
  @ApiOkResponse({ type: LoginUnlockResponse })
  @ApiErrors(400, 401, 403, 404)
  unlock(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: number): Promise<LoginUnlockResponse> {
    return this.users.unlockLogin(user, id);
  }
}
