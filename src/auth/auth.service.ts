import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { APP_CONFIG, type AppConfig } from '../core/config/app-config';
import { unauthenticated } from '../core/errors';
import { dummyHash, verifyPassword } from '../users/passwords';
import { UsersRepository } from '../users/users.repository';
import { UsersService } from '../users/users.service';

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersRepository,
    private readonly accounts: UsersService,
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async login(email: string, password: string) {
    const user = await this.users.findForLogin(email);
    // An unknown e-mail costs a hash check too, so timing does not tell which accounts exist.
    const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyHash()));
    if (!user || !ok || !user.active) {
      throw unauthenticated('bad_credentials', '邮箱或密码错误，或账号已停用');
    }
    const accessToken = await this.jwt.signAsync({ sub: user.id, role: user.role });
    return { accessToken, expiresIn: this.config.jwtExpiresInSeconds, user: await this.accounts.viewOf(user) };
  }
}
