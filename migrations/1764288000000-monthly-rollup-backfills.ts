import { type MigrationInterface, type QueryRunner, Table, type TableColumnOptions } from 'typeorm';

/**
 * Issue 11, 补齐全年: the progress of a backfill of a year's missing monthly
 * reports, polled by the page. The unique `runningLock` (set only while one
 * runs; NULLs never collide on either database) refuses a second backfill.
 */
export class MonthlyRollupBackfills1764288000000 implements MigrationInterface {
  name = 'MonthlyRollupBackfills1764288000000';

  async up(q: QueryRunner): Promise<void> {
    const d = q.connection.driver.mappedDataTypes;
    const int = (name: string, nullable = false, dflt?: number): TableColumnOptions => ({ name, type: 'integer', isNullable: nullable, ...(dflt !== undefined && { default: dflt }) });
    await q.createTable(new Table({
      name: 'monthly_rollup_backfills',
      columns: [
        { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
        int('year'), { name: 'status', type: 'varchar', length: '20', isNullable: false },
        { name: 'months', type: 'text', isNullable: false }, int('done', false, 0), int('produced', false, 0), int('currentMonth', true),
        { name: 'failures', type: 'text', isNullable: false }, { name: 'runningLock', type: 'varchar', length: '20', isNullable: true },
        int('startedById', true), { name: 'finishedAt', type: 'bigint', isNullable: true }, { name: 'heartbeatAt', type: 'bigint', isNullable: false },
        { name: 'createdAt', type: d.createDate as string, default: d.createDateDefault, isNullable: false },
        { name: 'updatedAt', type: d.updateDate as string, default: d.updateDateDefault, isNullable: false },
      ],
      uniques: [{ name: 'uq_rollup_backfill_running', columnNames: ['runningLock'] }],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('monthly_rollup_backfills');
  }
}
