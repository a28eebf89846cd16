/**
 * Everything that differs between SQLite and PostgreSQL, in one file, and the
 * one way to run SQL with named parameters. Repositories write portable SQL
 * and ask here for the few fragments that are not.
 */
import type { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

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

/** Bound parameters per statement of insertValues: under SQLite's 32,766 and PostgreSQL's 65,535. */
const PARAMS_PER_INSERT = 30_000;

/**
 * Multi-row INSERT of `rows` (values in `columns` order) with positional
 * placeholders (`$n` or `?`), in statements of at most PARAMS_PER_INSERT
 * parameters: for bulk loads (an import's thousands of rows), where naming
 * and then re-escaping tens of thousands of `:name` parameters cost more
 * than the statement. Booleans are bound as SQLite stores them (1/0).
 */
export async function insertValues(em: EntityManager, table: string, columns: readonly string[], rows: readonly (readonly unknown[])[]): Promise<void> {
  const pg = dialectOf(em) === 'postgres';
  const per = Math.max(1, Math.floor(PARAMS_PER_INSERT / columns.length));
  const head = `INSERT INTO ${table} (${columns.map((c) => `"${c}"`).join(', ')}) VALUES `;
  for (let i = 0; i < rows.length; i += per) {
    const part = rows.slice(i, i + per);
    const params: unknown[] = [];
    const tuples: string[] = [];
    for (const row of part) {
      if (row.length !== columns.length) throw new Error(`insertValues ${table}: ${row.length} values for ${columns.length} columns`);
      const marks: string[] = [];
      for (const v of row) {
        params.push(!pg && typeof v === 'boolean' ? (v ? 1 : 0) : v);
        marks.push(pg ? `$${params.length}` : '?');
      }
      tuples.push(`(${marks.join(', ')})`);
    }
    await em.query(head + tuples.join(', '), params);
  }
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

/**
 * How many values one `IN (:...list)` carries at most: SQLite binds at most
 * 32,766 parameters in a statement (999 before 3.32) and PostgreSQL 65,535;
 * 500 stays under both with room for the statement's other parameters.
 */
export const IN_LIST_LIMIT = 500;

/**
 * The IN list of a bulk job's reads (an import's lookups of thousands of
 * keys): every statement of a job waits its turn behind the requests on the
 * same connection (SQLite has one), so fewer, longer lists finish sooner;
 * still far under both limits on parameters.
 */
export const BULK_IN_LIST_LIMIT = 5_000;

/** `list` cut into pieces of at most IN_LIST_LIMIT, to read a long list of ids in several statements. */
export function inChunks<T>(list: readonly T[], size = IN_LIST_LIMIT): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/**
 * An entity from a row read with `sql` that selected its table's columns
 * under their own names (`SELECT p.*, …`): each value converted as TypeORM
 * would on a find (the driver's booleans and dates, the column's
 * transformer); the row's other columns are left out. Lets one hand-written
 * statement read an entity and what goes beside it.
 */
export function rowToEntity<T extends ObjectLiteral>(em: EntityManager, target: EntityTarget<T>, row: Record<string, unknown>): T {
  const meta = em.connection.getMetadata(target);
  const driver = em.connection.driver;
  const entity = meta.create() as T;
  for (const column of meta.columns) {
    const value = row[column.databaseName];
    if (value !== undefined) column.setEntityValue(entity, driver.prepareHydratedValue(value, column));
  }
  return entity;
}

/**
 * `n` new ids of `table` taken now, before a write that inserts rows with
 * them (so that the rows that refer to them are built beforehand): from the
 * sequence on PostgreSQL (taken for good, rolled back or not). null on
 * SQLite, where the write itself numbers its rows from the highest id (its
 * one writer holds the file meanwhile).
 */
export async function reserveIds(em: EntityManager, table: string, n: number): Promise<number[] | null> {
  if (dialectOf(em) !== 'postgres') return null;
  if (n === 0) return [];
  const rows = await em.query(`SELECT nextval(pg_get_serial_sequence('${table}', 'id')) AS id FROM generate_series(1, ${Math.floor(n)})`) as { id: unknown }[];
  return rows.map((r) => Number(r.id));
}
