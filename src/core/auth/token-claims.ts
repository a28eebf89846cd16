/**
 * The access token's claims and how they are checked: one place for what
 * the login signs and the auth guard accepts.
 */

/** The only algorithm we sign with and accept: `none`, HS512 or RS256 tokens are refused whatever they claim. */
export const JWT_ALGORITHM = 'HS256' as const;

/** What a valid token says: whose it is, and the version of that user's tokens it was issued under. */
export interface TokenClaims {
  sub: number;
  ver: number;
}

/** The largest id the users table's integer column holds (PostgreSQL refuses a larger one with an error, not a miss). */
const MAX_ID = 2_147_483_647;

const isWhole = (v: unknown, min: number, max = Number.MAX_SAFE_INTEGER): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= min && v <= max;

/**
 * The claims of a verified payload, or null when it is not one of ours:
 * `sub` a whole number within the id column's range (so `"1 OR 1=1"` or
 * 123456789012345 never reaches a query),
 * `ver` a whole number, and an `exp` (a token that never expires is refused).
 */
export function readClaims(payload: unknown): TokenClaims | null {
  if (payload === null || typeof payload !== 'object') return null;
  const p = payload as Record<string, unknown>;
  if (!isWhole(p.sub, 1, MAX_ID) || !isWhole(p.ver, 0) || typeof p.exp !== 'number' || !Number.isFinite(p.exp)) return null;
  return { sub: p.sub, ver: p.ver };
}
