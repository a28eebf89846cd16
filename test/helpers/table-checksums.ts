/**
 * What every table of a database holds, as one checksum per table (row count
 * and a hash of the rows, in any order), read through the app's DataSource:
 * two readings that differ name the tables a request wrote to.
 */
import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { dialectOf } from '../../src/core/database/dialect';

export type TableChecksums = Map<string, string>;

/** The tables of the database, the migrations' own included (a write anywhere shows). */
async function tableNames(ds: DataSource): Promise<string[]> {
  const rows: { name: string }[] = dialectOf(ds) === 'postgres'
    ? await ds.query(`SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename`)
    : await ds.query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`);
  return rows.map((r) => r.name);
}

const canonical = (_key: string, v: unknown) => (v instanceof Date ? v.toISOString() : typeof v === 'bigint' ? v.toString() : v);

/**
 * `count:hash` of every table's rows. PostgreSQL hashes each table in the one
 * statement (rows as text, sorted); SQLite's rows are hashed here.
 */
export async function tableChecksums(ds: DataSource): Promise<TableChecksums> {
  const tables = await tableNames(ds);
  if (dialectOf(ds) === 'postgres') {
    const columns = tables.map((t, i) => `(SELECT count(*) || ':' || coalesce(md5(string_agg(x::text, E'\\n' ORDER BY x::text)), '') FROM "${t}" x) AS t${i}`);
    const [row] = (await ds.query(`SELECT ${columns.join(', ')}`)) as Record<string, string>[];
    return new Map(tables.map((t, i) => [t, row[`t${i}`]]));
  }
  const out: TableChecksums = new Map();
  for (const table of tables) {
    const rows: Record<string, unknown>[] = await ds.query(`SELECT * FROM "${table}"`);
    const lines = rows.map((r) => JSON.stringify(r, canonical)).sort();
    out.set(table, `${rows.length}:${createHash('sha1').update(lines.join('\n')).digest('hex')}`);
  }
  return out;
}

/** The tables whose checksum differs between two readings (a table that appeared or went counts too). */
export function changedTables(before: TableChecksums, after: TableChecksums): string[] {
  const names = new Set([...before.keys(), ...after.keys()]);
  return [...names].filter((n) => before.get(n) !== after.get(n)).sort();
}
