import { type MigrationInterface, type QueryRunner, TableColumn, TableIndex } from 'typeorm';

/**
 * Issue 10, follow-ups can be corrected: each activity carries a version (an
 * edit made on a stale copy is refused with 409), and the key its author's
 * client sent with it, unique per author, so that a retried POST (the phone
 * draft sent again) answers the activity already recorded instead of a second one.
 */
export class ActivityCorrections1764230400000 implements MigrationInterface {
  name = 'ActivityCorrections1764230400000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('activities', [
      new TableColumn({ name: 'version', type: 'integer', isNullable: false, default: 1 }),
      new TableColumn({ name: 'clientKey', type: 'varchar', length: '64', isNullable: true }),
    ]);
    // NULLs are distinct in a unique index on both databases: activities logged without a key never collide.
    await q.createIndex('activities', new TableIndex({ name: 'uq_activities_client_key', columnNames: ['createdById', 'clientKey'], isUnique: true }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('activities', 'uq_activities_client_key');
    await q.dropColumn('activities', 'clientKey');
    await q.dropColumn('activities', 'version');
  }
}
