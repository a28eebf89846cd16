import { Injectable } from '@nestjs/common';
import { Clock } from '../core/clock';
import { UnitOfWork } from '../core/database/unit-of-work';
import { ImportsRepository } from './imports.repository';

/**
 * The commit of an import (I2 writes it): publishes the staged rows of an
 * import whose status is 'committing' — every row whose action
 * (`decision ?? proposed`, never an 'error' row) is create or update —
 * set-based in one short transaction with their backdated history, the funds
 * rows, and the audit rows; records each row's project in
 * import_rows.matchProjectId (GET /imports/:id/results reads it), sets the
 * import 'done' with counts created/updated/skipped and committedAt, and
 * keeps `progress` ({phase:'committing', done, total, rowsPerSecond})
 * current. Run again after a crash, it completes the import once.
 */
@Injectable()
export class ImportCommitService {
  constructor(
    private readonly repo: ImportsRepository,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  /** Placeholder until I2's commit lands: ends the import without writing a project. */
  async commit(importId: number): Promise<Record<string, unknown>> {
    await this.uow.run((em) => this.repo.set(em, importId, { status: 'done', committedAt: this.clock.now() }, true));
    return { importId, note: 'not implemented yet' };
  }
}
