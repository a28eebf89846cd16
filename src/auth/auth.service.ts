import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { AuthUser } from '../core/auth/auth-user';
import { JWT_ALGORITHM } from '../core/auth/token-claims';
import { APP_CONFIG, type AppConfig } from '../core/config/app-config';
import { badInput, unauthenticated } from '../core/errors';
import { LoginAttempts } from '../users/login-attempts';
import { dummyHash, verifyPassword } from '../users/passwords';
import type { User } from '../users/user.entity';
import { UsersRepository } from '../users/users.repository';
import { UsersService } from '../users/users.service';

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersRepository,
    private readonly accounts: UsersService,
    private readonly attempts: LoginAttempts,
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** `address`: the client's, as express names it (TRUSTED_PROXY decides whether X-Forwarded-For counts). */
  async login(email: string, password: string, address: string) {
    this.attempts.assertMayTry(email, address);
    const user = await this.users.findForLogin(email);
    // An unknown e-mail costs a hash check too, so timing does not tell which accounts exist.
    const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyHash()));
    if (!user || !ok || !user.active) {
      this.attempts.recordFailure(email, address);
      throw unauthenticated('bad_credentials', '邮箱或密码错误，或账号已停用');
    }
    this.attempts.recordSuccess(email, address);
    return this.session(user);
  }

  /**
   * The caller changes their own password. The old one is required, and a
   * wrong one counts as a failed login. Every token issued before is
   * revoked; the answer carries a fresh one so this session stays logged in.
   */
  async changePassword(caller: AuthUser, currentPassword: string, newPassword: string, address: string) {
    this.attempts.assertMayTry(caller.email, address);
    if (!(await this.accounts.passwordMatches(caller.id, currentPassword))) {
      this.attempts.recordFailure(caller.email, address);
      throw badInput([{ field: 'currentPassword', code: 'wrong_password', message: '当前密码不正确' }]);
    }
    const user = await this.accounts.setPassword(caller, caller.id, newPassword, 'own', 'newPassword');
    return this.session(user);
  }

  /** A token for the user's current token version, and the user as the API shows them. */
  private async session(user: User) {
    const accessToken = await this.jwt.signAsync({ sub: user.id, role: user.role, ver: user.tokenVersion }, { algorithm: JWT_ALGORITHM });
    return { accessToken, expiresIn: this.config.jwtExpiresInSeconds, user: await this.accounts.viewOf(user) };
  }
}
