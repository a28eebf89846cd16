import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../core/auth/auth-user';
import { type ActiveCaller, AuthUserSource } from '../core/auth/auth-user-source';
import { ShortCache } from '../core/cache/short-cache';
import type { User } from './user.entity';
import { UsersRepository } from './users.repository';

/** The fields of an account the guard hands on as the caller. */
export function authUserOf(u: User): AuthUser {
  return { id: u.id, email: u.email, name: u.name, role: u.role, dataScope: u.dataScope, teamId: u.teamId };
}

/**
 * The auth guard's view of a user, read on every request through a cache
 * that keeps each account's row for at most TTL_MS.
 *
 * This process drops a user's entry whenever it writes that user
 * (UsersService calls `forget` once its unit of work has ended, committed or
 * not), so a deactivation or a change of role, scope or team applies to the
 * very next request, as if nothing were cached. Another API process on the
 * same database hears only its own writes: there the old row serves for at
 * most TTL_MS after the change was committed. If that ever matters, publish
 * the invalidations (e.g. Redis pub/sub) or set TTL_MS to 0.
 *
 * The whole row is kept (every column but the password hash, which no read
 * selects), so a rule that comes to need another of its fields (a token
 * version checked by the guard) finds it here, under the same invalidation.
 */
@Injectable()
export class UserAuthSource extends AuthUserSource {
  static readonly TTL_MS = 1000;
  private readonly rows: ShortCache<User>;

  constructor(users: UsersRepository) {
    super();
    this.rows = new ShortCache(UserAuthSource.TTL_MS, (ids) => users.byIds(ids));
  }

  async findActive(id: number): Promise<ActiveCaller | null> {
    if (!Number.isSafeInteger(id) || id <= 0) return null;
    const user = await this.rows.get(id);
    return user?.active ? { ...authUserOf(user), tokenVersion: user.tokenVersion } : null;
  }

  /** Drops the cached row of `id`: call once a unit of work that wrote that user has ended. */
  forget(id: number): void {
    this.rows.invalidate(id);
  }
}
