import type { SelectQueryBuilder, ObjectLiteral } from 'typeorm';
import type { AuthUser } from './auth-user';
import type { DataScope } from './roles';

/** The fields of a project that decide who sees it. */
export interface Scoped {
  ownerId: number;
  teamId: number | null;
}

/**
 * The fields of a person that decide what they see: a request's caller, or
 * the recipient of an e-mail or a reminder (jobs apply the rule for them).
 */
export type Viewer = Pick<AuthUser, 'id' | 'dataScope' | 'teamId'>;

/** The scope that sees the whole district: the only one that may read district-wide figures (rollups, the monthly report e-mail). */
export const DISTRICT_SCOPE: DataScope = 'all';

/** Whether the person sees the whole district. */
export function seesDistrict(user: Pick<Viewer, 'dataScope'>): boolean {
  return user.dataScope === DISTRICT_SCOPE;
}

/**
 * DOMAIN.md "Who sees what": `all` sees everything; `team` sees the projects
 * of the caller's team and their own; `own` sees the projects they own.
 */
export function inScope(user: Viewer, p: Scoped): boolean {
  if (seesDistrict(user)) return true;
  if (p.ownerId === user.id) return true;
  return user.dataScope === 'team' && user.teamId !== null && p.teamId === user.teamId;
}

/** The same rule as SQL on a query that has the project as `alias`: a condition and its parameters (null: everything). */
export function scopeCondition(user: Viewer, alias: string): { sql: string; params: Record<string, unknown> } | null {
  if (seesDistrict(user)) return null;
  if (user.dataScope === 'team' && user.teamId !== null) {
    return { sql: `(${alias}."teamId" = :scopeTeam OR ${alias}."ownerId" = :scopeUser)`, params: { scopeTeam: user.teamId, scopeUser: user.id } };
  }
  return { sql: `${alias}."ownerId" = :scopeUser`, params: { scopeUser: user.id } };
}

/** The same rule as a WHERE clause on a query builder that has the project as `alias`. */
export function whereInScope<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, user: Viewer, alias: string): SelectQueryBuilder<T> {
  const c = scopeCondition(user, alias);
  return c ? qb.andWhere(c.sql, c.params) : qb;
}
