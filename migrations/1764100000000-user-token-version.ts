import { type MigrationInterface, type QueryRunner, TableColumn } from 'typeorm';

/**
 * Issue 9, sessions: each user carries the version of the tokens that are
 * still valid for them. A password change or reset, a deactivation or
 * reactivation, or a role/scope/team change bumps it, and the auth guard
 * refuses a token whose `ver` claim is not the current one.
 */
export class UserTokenVersion1764100000000 implements MigrationInterface {
  name = 'UserTokenVersion1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('users', new TableColumn({ name: 'tokenVersion', type: 'integer', isNullable: false, default: 0 }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('users', 'tokenVersion');
  }
}
