import type { AuthUser } from './auth-user';

/**
 * The port through which the auth guard reads the caller. The users module
 * implements it, so the ground floor never imports a domain module.
 */
export abstract class AuthUserSource {
  /** The user with this id if it exists and is active; otherwise null. */
  abstract findActive(id: number): Promise<AuthUser | null>;
}
