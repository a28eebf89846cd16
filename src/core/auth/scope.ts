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

/** The same rule as a WHERE clause on a query that has the project as `alias`. */
export function whereInScope<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, user: AuthUser, alias: string): SelectQueryBuilder<T> {
  if (user.dataScope === 'all') return qb;
  if (user.dataScope === 'team' && user.teamId !== null) {
    return qb.andWhere(`(${alias}."teamId" = :scopeTeam OR ${alias}."ownerId" = :scopeUser)`, {
      scopeTeam: user.teamId,
      scopeUser: user.id,
    });
  }
  return qb.andWhere(`${alias}."ownerId" = :scopeUser`, { scopeUser: user.id });
}
