import { type MigrationInterface, type QueryRunner, Table, type TableColumnOptions } from 'typeorm';

/** Job runs (GET /jobs) and notifications (the once-per-day claim and GET /notifications). */
export class JobsAndNotifications1763769600000 implements MigrationInterface {
  name = 'JobsAndNotifications1763769600000';

  async up(q: QueryRunner): Promise<void> {
    const d = q.connection.driver.mappedDataTypes;
    const id: TableColumnOptions = { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' };
    const str = (name: string, length: number, nullable = true): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isNullable: nullable });
    const int = (name: string, nullable = true, dflt?: number): TableColumnOptions => ({ name, type: 'integer', isNullable: nullable, ...(dflt !== undefined && { default: dflt }) });
    const big = (name: string, nullable = true): TableColumnOptions => ({ name, type: 'bigint', isNullable: nullable });
    const created: TableColumnOptions = { name: 'createdAt', type: d.createDate as string, default: d.createDateDefault, isNullable: false };
    const updated: TableColumnOptions = { name: 'updatedAt', type: d.updateDate as string, default: d.updateDateDefault, isNullable: false };

    await q.createTable(new Table({
      name: 'job_runs',
      columns: [
        id, str('name', 60, false), str('jobId', 120), str('trigger', 20, false), int('attempt', false), str('status', 20, false),
        str('runner', 120, false), big('startedAt', false), big('finishedAt'), { name: 'result', type: 'text', isNullable: true },
        str('error', 2000), created,
      ],
      indices: [{ name: 'idx_job_runs_name_started', columnNames: ['name', 'startedAt'] }],
    }));

    await q.createTable(new Table({
      name: 'notifications',
      columns: [
        id, int('userId', false), str('kind', 30, false), str('periodKey', 10, false), str('status', 20, false),
        str('toAddress', 254), str('subject', 300), int('itemCount', false, 0), { name: 'summary', type: 'text', isNullable: true },
        str('error', 2000), { name: 'permanent', type: 'boolean', isNullable: false, default: false }, int('attempts', false, 0),
        big('claimedAt'), str('messageId', 300), created, updated,
      ],
      foreignKeys: [{ columnNames: ['userId'], referencedTableName: 'users', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      uniques: [{ name: 'uq_notification_user_kind_period', columnNames: ['userId', 'kind', 'periodKey'] }],
      indices: [{ name: 'idx_notifications_user_created', columnNames: ['userId', 'createdAt'] }],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('notifications');
    await q.dropTable('job_runs');
  }
}
