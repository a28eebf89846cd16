import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { Request } from 'express';
import { forbidden, unauthenticated } from '../errors';
import { type AuthUser, IS_PUBLIC, ROLES_KEY } from './auth-user';
import { AuthUserSource } from './auth-user-source';
import { type Role, ROLE_LABELS } from './roles';
import { JWT_ALGORITHM, readClaims, type TokenClaims } from './token-claims';

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
    private readonly users: AuthUserSource,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const req = ctx.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    const header = req.headers.authorization ?? '';
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m) throw unauthenticated('missing_token', '请先登录（缺少访问令牌）');

    let claims: TokenClaims | null;
    try {
      claims = readClaims(await this.jwt.verifyAsync<object>(m[1], { algorithms: [JWT_ALGORITHM] }));
    } catch {
      claims = null;
    }
    if (!claims) throw unauthenticated('invalid_token', '登录已失效，请重新登录');
    const found = await this.users.findActive(claims.sub);
    if (!found) throw unauthenticated('account_inactive', '账号不存在或已停用，请联系管理员');
    // A password change, a reset, a (de)activation or a role/scope/team change bumps the version: older tokens are revoked.
    const { tokenVersion, ...user } = found;
    if (claims.ver !== tokenVersion) throw unauthenticated('token_revoked', '登录已失效，请重新登录');
    req.user = user;

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.includes(user.role)) {
      throw forbidden('role_not_allowed', `${ROLE_LABELS[user.role]}无权执行此操作（限${roles.map((r) => ROLE_LABELS[r]).join('、')}）`);
    }
    return true;
  }
}
