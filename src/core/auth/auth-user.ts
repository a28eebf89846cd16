import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { DataScope, Role } from './roles';

/** The caller, as the auth guard loaded it from the database for this request. */
export interface AuthUser {
  id: number;
  email: string;
  name: string;
  role: Role;
  dataScope: DataScope;
  teamId: number | null;
}

export const IS_PUBLIC = 'zs:isPublic';
export const ROLES_KEY = 'zs:roles';

/** No token needed (health, login, the OpenAPI page). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Only these roles may call the route; others get 403. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** Roles that may write to projects and what hangs off them. */
export const PROJECT_WRITERS: Role[] = ['admin', 'manager', 'officer'];

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => {
  return ctx.switchToHttp().getRequest().user as AuthUser;
});
