/**
 * The read connection (core/database/read-data-source.ts) on a real,
 * migrated database: on a SQLite file it is a second, read-only connection
 * that sees committed rows only; on PostgreSQL the pool already gives every
 * read its own connection, so it is the app's one DataSource. And every
 * repository reads through it by default.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { DataSource } from 'typeorm';
import { openReadDataSource } from '../../src/core/database/read-data-source';
import { insertRow, useMediumDatabase } from '../helpers/medium';
import { describeEachDatabase } from '../helpers/test-app';

const SRC = resolve(__dirname, '../../src');

function repositoryFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === '__tests__' ? [] : repositoryFiles(path);
    return e.name.endsWith('.repository.ts') ? [path] : [];
  });
}

describe('repositories', () => {
  it('all take the read connection as the DataSource their reads default to', () => {
    const files = repositoryFiles(SRC);
    expect(files.length).toBeGreaterThan(10);
    const offenders = files.filter((f) => {
      const text = readFileSync(f, 'utf8');
      return /@InjectDataSource\(/.test(text) || (/this\.ds\b/.test(text) && !/@InjectReadDataSource\(\)/.test(text));
    });
    expect(offenders.map((f) => relative(SRC, f))).toEqual([]);
  });
});

describeEachDatabase('the read connection', (kind) => {
  const db = useMediumDatabase(kind);
  let read: DataSource;
  let separate = false;

  beforeAll(async () => {
    read = await openReadDataSource(db().ds);
    separate = read !== db().ds;
  });
  afterAll(async () => {
    if (separate && read.isInitialized) await read.destroy();
  });

  const teamNames = async () => ((await read.manager.query('SELECT name FROM teams ORDER BY id')) as { name: string }[]).map((r) => r.name);

  it(kind === 'sqlite' ? 'is a second connection to the same file' : 'is the pooled DataSource itself', () => {
    if (kind === 'sqlite') expect(read).not.toBe(db().ds);
    else expect(read).toBe(db().ds);
  });

  it('does not see a row an open unit has written, and sees it once the unit commits', async () => {
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let written!: () => void;
    const inside = new Promise<void>((r) => (written = r));
    const unit = db().uow.run(async (em) => {
      await insertRow(em, 'teams', { name: '未提交的团队' });
      written();
      await released;
    });
    await inside;
    try {
      expect(await teamNames()).not.toContain('未提交的团队');
    } finally {
      release();
      await unit;
    }
    expect(await teamNames()).toContain('未提交的团队');
  });

  // Only SQLite has a separate read-only connection; on PostgreSQL the pool is the read side.
  if (kind === 'sqlite') {
    it('refuses a write: every write goes through the unit of work', async () => {
      await expect(read.manager.query(`INSERT INTO teams (name) VALUES ('绕过工作单元')`)).rejects.toThrow(/readonly/i);
    });
  }
});
