import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../core/config/app-config';
import { unauthenticated } from '../core/errors';
import { User } from '../users/user.entity';
import { toUserView } from '../users/user.view';
import { dummyHash, verifyPassword } from '../users/passwords';


@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async login(email: string, password: string) {
    const user = await this.ds
      .getRepository(User)
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('LOWER(u.email) = :email', { email: email.toLowerCase() })
      .getOne();
    const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyHash()));
    if (!user || !ok || !user.active) {
      throw unauthenticated('bad_credentials', '邮箱或密码错误，或账号已停用');
    }
    const accessToken = await this.jwt.signAsync({ sub: user.id, role: user.role });
    return { accessToken, expiresIn: this.config.jwtExpiresInSeconds, user: toUserView(user) };
  }
}
