/**
 * The medium tier (STYLE.md "three tiers"): repositories run on a real,
 * migrated database, SQLite file or PostgreSQL, without Nest or HTTP.
 *
 *   describeEachDatabase('ProjectsRepository', (kind) => {
 *     const db = useMediumDatabase(kind);
 *     it('…', async () => {
 *       const repo = new ProjectsRepository(db().ds);
 *       await db().uow.run((em) => repo.recordActivity(em, id, '2026-06-01'));
 *     });
 *   });
 */
import { DataSource, type EntityManager } from 'typeorm';
import { appDataSourceOptions } from '../../src/app.entities';
import type { DatabaseConfig } from '../../src/core/config/app-config';
import { dialectOf, sql } from '../../src/core/database/dialect';
import { runMigrations } from '../../src/core/database/migrate';
import { UnitOfWork } from '../../src/core/database/unit-of-work';
import { type DbKind, freshDatabase } from './test-app';

export interface MediumDatabase {
  kind: DbKind;
  /** a migrated, otherwise empty database */
  ds: DataSource;
  /** the app's unit of work on it: write methods of repositories take its `em` */
  uow: UnitOfWork;
  /** closes the connection and deletes the database */
  close: () => Promise<void>;
}

/** A fresh database of the kind with every migration applied. */
export async function openMediumDatabase(kind: DbKind): Promise<MediumDatabase> {
  const db = await freshDatabase(kind);
  const config: DatabaseConfig = kind === 'postgres' ? { type: 'postgres', url: db.env.DATABASE_URL } : { type: 'sqlite', path: db.env.DATABASE_PATH };
  const ds = new DataSource(appDataSourceOptions(config));
  try {
    await ds.initialize();
    await runMigrations(ds);
  } catch (err) {
    if (ds.isInitialized) await ds.destroy();
    await db.drop();
    throw err;
  }
  return {
    kind,
    ds,
    uow: new UnitOfWork(ds),
    close: async () => {
      if (ds.isInitialized) await ds.destroy();
      await db.drop();
    },
  };
}

/**
 * One database for the enclosing `describe`: opened in beforeAll, dropped in
 * afterAll. Call the returned function inside tests (not at collection time).
 */
export function useMediumDatabase(kind: DbKind): () => MediumDatabase {
  let db: MediumDatabase | undefined;
  beforeAll(async () => {
    db = await openMediumDatabase(kind);
  });
  afterAll(async () => {
    await db?.close();
    db = undefined;
  });
  return () => {
    if (!db) throw new Error('useMediumDatabase: the database is opened in beforeAll; call db() inside a test or hook');
    return db;
  };
}

/**
 * Inserts one row and returns its id, on either driver: for arranging the
 * rows a test needs (users, teams, companies …) without going through the
 * services that own them. Column names are quoted as written.
 */
export async function insertRow(em: EntityManager, table: string, row: Record<string, unknown>): Promise<number> {
  const cols = Object.keys(row);
  const params = Object.fromEntries(cols.map((c, i) => [`v${i}`, row[c]]));
  const text = `INSERT INTO ${table} (${cols.map((c) => `"${c}"`).join(', ')}) VALUES (${cols.map((_, i) => `:v${i}`).join(', ')})`;
  // TypeORM's SQLite runner answers an INSERT with the new rowid; PostgreSQL needs RETURNING.
  if (dialectOf(em) === 'sqlite') return Number(await sql(em, text, params));
  const [r] = await sql<{ id: number | string }>(em, `${text} RETURNING id`, params);
  return Number(r.id);
}
