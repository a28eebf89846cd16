/**
 * Everything that differs between SQLite and PostgreSQL, in one file, and the
 * one way to run SQL with named parameters. Repositories write portable SQL
 * and ask here for the few fragments that are not.
 */
import type { DataSource, EntityManager } from 'typeorm';

export type Dialect = 'sqlite' | 'postgres';

export function dialectOf(db: EntityManager | DataSource): Dialect {
  const options = 'connection' in db ? db.connection.options : db.options;
  return options.type === 'postgres' ? 'postgres' : 'sqlite';
}

/**
 * Runs SQL with named parameters (`:name`, `:...list` for a list) on either
 * driver: TypeORM turns them into `$1` or `?` placeholders.
 */
export function sql<T = Record<string, unknown>>(em: EntityManager, text: string, params: Record<string, unknown> = {}): Promise<T[]> {
  const [q, p] = em.connection.driver.escapeQueryWithParameters(text, params, {});
  return em.query(q, p) as Promise<T[]>;
}

/** Whole days from date text `from` to date text `to` (both `YYYY-MM-DD` expressions). */
export function daysBetweenSql(d: Dialect, from: string, to: string): string {
  return d === 'postgres'
    ? `(TO_DATE(${to}, 'YYYY-MM-DD') - TO_DATE(${from}, 'YYYY-MM-DD'))`
    : `CAST(julianday(${to}) - julianday(${from}) AS INTEGER)`;
}

/**
 * `WITH x AS MATERIALIZED (…)`: PostgreSQL inlines a CTE used more than once
 * unless told; SQLite (≥ 3.35) accepts the same words.
 */
export const MATERIALIZED = 'MATERIALIZED';
