import type { MigrationInterface, QueryRunner } from 'typeorm';
import { registerNoLaterThanFirstMove } from '../src/projects/pipeline-history';

/**
 * Issue 10, 登记日期: a project's registration date can now be given and no
 * move may be dated before it. Projects entered before that were registered
 * on the day they were typed in, after moves backdated to their real dates,
 * which left every past month's pipeline without them (and the visit median
 * null). Each such project is registered on its earliest move's date (or an
 * earlier stage date), its registration row follows, and the stays and the
 * monthly ledger are rebuilt. No schema change; `down` keeps the dates (the
 * old ones were wrong).
 */
export class RegistrationDates1764201600000 implements MigrationInterface {
  name = 'RegistrationDates1764201600000';

  async up(q: QueryRunner): Promise<void> {
    await registerNoLaterThanFirstMove(q.manager);
  }

  async down(): Promise<void> {
    // Nothing to undo: the registration dates put back would be the wrong ones.
  }
}
