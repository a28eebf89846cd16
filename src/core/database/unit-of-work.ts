import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

const SQLITE_BUSY_RETRIES = 5;

function isSqliteBusy(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return e?.code === 'SQLITE_BUSY' || /SQLITE_BUSY/.test(String(e?.message ?? ''));
}

/**
 * Every write goes through here, as one transaction.
 *
 * On SQLite one DataSource is one shared connection, and TypeORM does not
 * serialize transactions on it: two concurrent `transaction()` calls
 * interleave and roll each other back (STACK.md). So on SQLite the units run
 * one after another through an in-process queue, and a unit that meets
 * SQLITE_BUSY (another process wrote the file) is retried whole. On
 * PostgreSQL each unit gets its own pooled connection and row locks do the
 * rest. Never await network I/O (mail, Redis) inside a unit.
 */
@Injectable()
export class UnitOfWork {
  private readonly logger = new Logger(UnitOfWork.name);
  private tail: Promise<unknown> = Promise.resolve();
  readonly driver: 'sqlite' | 'postgres';

  constructor(@InjectDataSource() readonly dataSource: DataSource) {
    this.driver = dataSource.options.type === 'postgres' ? 'postgres' : 'sqlite';
  }

  run<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    if (this.driver === 'postgres') return this.dataSource.transaction(work);
    const next = this.tail.then(() => this.runSqlite(work));
    // The queue continues whether this unit succeeds or not.
    this.tail = next.catch(() => undefined);
    return next;
  }

  private async runSqlite<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.dataSource.transaction(work);
      } catch (err) {
        if (!isSqliteBusy(err) || attempt >= SQLITE_BUSY_RETRIES) throw err;
        this.logger.warn({ attempt, err: String(err) }, 'SQLite busy; retrying the whole unit');
        await new Promise((r) => setTimeout(r, 20 * attempt));
      }
    }
  }
}
