import { Body, Controller, Get, HttpCode, Ip, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser, Public } from '../core/auth/auth-user';
import { ApiErrors } from '../core/http/api-docs';
import { UsersService } from '../users/users.service';
import { UserResponse } from '../users/users.responses';
import { ChangePasswordDto, LoginDto } from './auth.dto';
import { LoginResponse } from './auth.responses';
import { AuthService } from './auth.service';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({
    summary: '登录',
    description: '以电子邮箱和密码换取访问令牌。只有失败的尝试计数：同一账号在同一地址连续失败过多，或在各处失败过多，须等待（429 too_many_attempts，Retry-After 头给出秒数）；系统管理员可解除锁定。',
  })
  @ApiOkResponse({ type: LoginResponse })
  @ApiErrors(400, 401, 429)
  login(@Body() dto: LoginDto, @Ip() ip: string): Promise<LoginResponse> {
    return this.auth.login(dto.email, dto.password, ip);
  }

  @ApiBearerAuth()
  @Get('me')
  @ApiOperation({ summary: '当前用户' })
  @ApiOkResponse({ type: UserResponse })
  @ApiErrors(401)
  me(@CurrentUser() user: AuthUser): Promise<UserResponse> {
    return this.users.get(user.id);
  }

  @ApiBearerAuth()
  @Post('password')
  @HttpCode(200)
  @ApiOperation({
    summary: '修改本人密码',
    description: '须提供当前密码（错误时 400 wrong_password，并计入登录失败次数）。修改后此前签发的全部令牌失效；应答附带新令牌，本次会话保持登录。记入审计（不含密码）。',
  })
  @ApiOkResponse({ type: LoginResponse })
  @ApiErrors(400, 401, 429)
  changePassword(@CurrentUser() user: AuthUser, @Body() dto: ChangePasswordDto, @Ip() ip: string): Promise<LoginResponse> {
    return this.auth.changePassword(user, dto.currentPassword, dto.newPassword, ip);
  }
}
