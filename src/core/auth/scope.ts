import type { SelectQueryBuilder, ObjectLiteral } from 'typeorm';
import type { AuthUser } from './auth-user';

/** The fields of a project that decide who sees it. */
export interface Scoped {
  ownerId: number;
  teamId: number | null;
}

/**
 * DOMAIN.md "Who sees what": `all` sees everything; `team` sees the projects
 * of the caller's team and their own; `own` sees the projects they own.
 */
export function inScope(user: AuthUser, p: Scoped): boolean {
  if (user.dataScope === 'all') return true;
  if (p.ownerId === user.id) return true;
  return user.dataScope === 'team' && user.teamId !== null && p.teamId === user.teamId;
}

/** The same rule as SQL on a query that has the project as `alias`: a condition and its parameters (null: everything). */
export function scopeCondition(user: AuthUser, alias: string): { sql: string; params: Record<string, unknown> } | null {
  if (user.dataScope === 'all') return null;
  if (user.dataScope === 'team' && user.teamId !== null) {
    return { sql: `(${alias}."teamId" = :scopeTeam OR ${alias}."ownerId" = :scopeUser)`, params: { scopeTeam: user.teamId, scopeUser: user.id } };
  }
  return { sql: `${alias}."ownerId" = :scopeUser`, params: { scopeUser: user.id } };
}

/** The same rule as a WHERE clause on a query builder that has the project as `alias`. */
export function whereInScope<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, user: AuthUser, alias: string): SelectQueryBuilder<T> {
  const c = scopeCondition(user, alias);
  return c ? qb.andWhere(c.sql, c.params) : qb;
}
