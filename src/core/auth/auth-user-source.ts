import type { AuthUser } from './auth-user';

/** The caller as the guard reads them, with the version their tokens must carry. */
export type ActiveCaller = AuthUser & { tokenVersion: number };

/**
 * The port through which the auth guard reads the caller. The users module
 * implements it, so the ground floor never imports a domain module.
 */
export abstract class AuthUserSource {
  /** The user with this id if it exists and is active, with their current token version; otherwise null. */
  abstract findActive(id: number): Promise<ActiveCaller | null>;
}
