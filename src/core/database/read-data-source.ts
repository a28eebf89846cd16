import { Inject, Injectable, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { getDataSourceToken, InjectDataSource } from '@nestjs/typeorm';
import { OPEN_READONLY } from 'sqlite3';
import { DataSource } from 'typeorm';

/** DI token of the DataSource that reads outside units of work (see openReadDataSource). */
export const READ_DATA_SOURCE = Symbol('READ_DATA_SOURCE');

/**
 * Injects the read DataSource. Repositories take it as their `ds`: their
 * read methods default to `this.ds.manager`, so a read that no unit of work
 * hands an `em` sees committed data only. Writes always get the unit's `em`.
 */
export const InjectReadDataSource = (): ParameterDecorator => Inject(READ_DATA_SOURCE);

/**
 * The connection reads use outside units of work.
 *
 * SQLite: one DataSource is one connection, so a read made while a write
 * unit is open ran inside that unit's transaction and saw rows that were
 * later rolled back (STACK.md "SQLite reads"). A second connection to the
 * same file, read-only, under WAL, only ever sees committed data, and a
 * writer never blocks it. Read-only also makes a write that bypasses the
 * unit of work fail loudly instead of racing it.
 *
 * PostgreSQL: every query takes a pooled connection of its own and sees
 * committed data already; the one DataSource serves both. So does an
 * in-memory SQLite database, which a second connection could not share.
 */
export async function openReadDataSource(write: DataSource): Promise<DataSource> {
  const o = write.options;
  if (o.type !== 'sqlite' || o.database === ':memory:') return write;
  // The writer opened (and created) the file and set WAL, which the file keeps.
  const read = new DataSource({ ...o, enableWAL: false, flags: OPEN_READONLY, migrations: [], migrationsRun: false, synchronize: false });
  await read.initialize();
  return read;
}

/** Opens the read DataSource after the app's (writing) one. */
export const readDataSourceProvider: Provider = {
  provide: READ_DATA_SOURCE,
  inject: [getDataSourceToken()],
  useFactory: openReadDataSource,
};

/** Closes the read connection with the app (TypeOrmModule closes the writing one). */
@Injectable()
export class ReadDataSourceCloser implements OnApplicationShutdown {
  constructor(
    @InjectReadDataSource() private readonly read: DataSource,
    @InjectDataSource() private readonly write: DataSource,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.read !== this.write && this.read.isInitialized) await this.read.destroy();
  }
}
