import { type CanActivate, type ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request } from 'express';
import { DataSource } from 'typeorm';
import { User, type Role } from '../../users/user.entity';
import { type AuthUser, IS_PUBLIC, ROLES_KEY } from './auth-user';

/**
 * Global guard: a valid bearer token of an active user (401 otherwise), then
 * the route's roles (403). The user is read from the database on every
 * request, so a deactivation or a role change takes effect at once.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    @InjectDataSource() private readonly ds: DataSource,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const req = ctx.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    const header = req.headers.authorization ?? '';
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m) throw new UnauthorizedException({ message: 'missing bearer token: send Authorization: Bearer <accessToken> from POST /api/v1/auth/login' });

    let sub: number;
    try {
      const payload = await this.jwt.verifyAsync<{ sub: number }>(m[1]);
      sub = Number(payload.sub);
    } catch {
      throw new UnauthorizedException({ message: 'invalid or expired token; log in again' });
    }
    const user = await this.ds.getRepository(User).findOne({ where: { id: sub } });
    if (!user || !user.active) throw new UnauthorizedException({ message: 'account is unknown or deactivated' });
    req.user = {
      id: user.id, email: user.email, name: user.name, role: user.role, dataScope: user.dataScope, teamId: user.teamId,
    };

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.includes(user.role)) {
      throw new ForbiddenException({ message: `role ${user.role} may not do this; allowed roles: ${roles.join(', ')}` });
    }
    return true;
  }
}
