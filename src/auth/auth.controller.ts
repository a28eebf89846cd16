import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import { type AuthUser, CurrentUser, Public } from '../core/auth/auth-user';
import { ApiErrors } from '../core/http/api-docs';
import { UsersService } from '../users/users.service';
import { UserResponse } from '../users/users.responses';
import { LoginDto } from './auth.dto';
import { LoginResponse } from './auth.responses';
import { AuthService } from './auth.service';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
  ) {}

  /** Rate-limited per client address (LOGIN_RATE_LIMIT_PER_MINUTE). */
  @Public()
  @UseGuards(ThrottlerGuard)
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: '登录', description: '以电子邮箱和密码换取访问令牌；同一地址每分钟尝试次数有限。' })
  @ApiOkResponse({ type: LoginResponse })
  @ApiErrors(400, 401, 429)
  login(@Body() dto: LoginDto): Promise<LoginResponse> {
    return this.auth.login(dto.email, dto.password);
  }

  @ApiBearerAuth()
  @Get('me')
  @ApiOperation({ summary: '当前用户' })
  @ApiOkResponse({ type: UserResponse })
  @ApiErrors(401)
  me(@CurrentUser() user: AuthUser): Promise<UserResponse> {
    return this.users.get(user.id);
  }
}
