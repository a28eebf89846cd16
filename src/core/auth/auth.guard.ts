import { createSecretKey, type KeyObject } from 'node:crypto';
import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { Request } from 'express';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { forbidden, unauthenticated } from '../errors';
import { type AuthUser, IS_PUBLIC, ROLES_KEY } from './auth-user';
import { AuthUserSource } from './auth-user-source';
import { type Role, ROLE_LABELS } from './roles';
import { JWT_ALGORITHM, readClaims, type TokenClaims } from './token-claims';

/**
 * Global guard: a valid bearer token of an active user (401 otherwise), then
 * the route's roles (403). The user comes from AuthUserSource on every
 * request, which must make a deactivation or a role change apply to the
 * very next one (the users module's source caches a row until its next
 * write, a second at most).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  /** The HMAC key as a KeyObject: given the secret as a string, jsonwebtoken first tries (and fails) to parse it as a PEM key on every call. */
  private readonly key: KeyObject;

  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly users: AuthUserSource,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.key = createSecretKey(Buffer.from(config.jwtSecret, 'utf8'));
  }

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const req = ctx.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    const header = req.headers.authorization ?? '';
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m) throw unauthenticated('missing_token', '请先登录（缺少访问令牌）');

    let claims: TokenClaims | null;
    try {
      // Synchronous: HMAC-SHA256 over a short token, no I/O. JwtService types the key as string | Buffer; jsonwebtoken takes a KeyObject.
      claims = readClaims(this.jwt.verify<object>(m[1], { secret: this.key as unknown as Buffer, algorithms: [JWT_ALGORITHM] }));
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
