import { type MigrationInterface, type QueryRunner, Table, TableIndex, type TableColumnOptions } from 'typeorm';

/** Annual targets with their 统计口径, per-project exclusions, and the monthly rollups. */
export class TargetsAndRollups1763856000000 implements MigrationInterface {
  name = 'TargetsAndRollups1763856000000';

  async up(q: QueryRunner): Promise<void> {
    const d = q.connection.driver.mappedDataTypes;
    const int = (name: string, nullable = false, extra: Partial<TableColumnOptions> = {}): TableColumnOptions => ({ name, type: 'integer', isNullable: nullable, ...extra });
    const big = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'bigint', isNullable: nullable });
    const created: TableColumnOptions = { name: 'createdAt', type: d.createDate as string, default: d.createDateDefault, isNullable: false };
    const updated: TableColumnOptions = { name: 'updatedAt', type: d.updateDate as string, default: d.updateDateDefault, isNullable: false };

    await q.createTable(new Table({
      name: 'annual_targets',
      columns: [
        int('year', false, { isPrimary: true }), big('signedInvestment'), big('fundsInPlace'), int('signings'), int('constructionStarts'),
        int('productionStarts'), big('minContractAmount', true), { name: 'frameworkAgreementsCount', type: 'boolean', isNullable: false, default: true },
        int('version', false, { default: 1 }), created, updated,
      ],
    }));
    await q.createTable(new Table({
      name: 'target_exclusions',
      columns: [
        int('year', false, { isPrimary: true }), int('projectId', false, { isPrimary: true }),
        { name: 'reason', type: 'varchar', length: '500', isNullable: false }, created,
      ],
      foreignKeys: [{ columnNames: ['projectId'], referencedTableName: 'projects', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
    }));
    await q.createTable(new Table({
      name: 'monthly_rollups',
      columns: [
        { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
        int('year'), int('month'), int('revision'), { name: 'figures', type: 'text', isNullable: false },
        { name: 'hash', type: 'varchar', length: '64', isNullable: false }, { name: 'trigger', type: 'varchar', length: '20', isNullable: false },
        int('computedById', true), created,
      ],
      uniques: [{ name: 'uq_rollup_year_month_revision', columnNames: ['year', 'month', 'revision'] }],
    }));
    // Report queries filter by business dates.
    await q.createIndex('projects', new TableIndex({ name: 'idx_projects_signed_on', columnNames: ['signedOn'] }));
    await q.createIndex('projects', new TableIndex({ name: 'idx_projects_construction_on', columnNames: ['constructionStartedOn'] }));
    await q.createIndex('projects', new TableIndex({ name: 'idx_projects_production_on', columnNames: ['productionStartedOn'] }));
    await q.createIndex('funds_reports', new TableIndex({ name: 'idx_funds_month', columnNames: ['month'] }));
    await q.createIndex('project_transitions', new TableIndex({ name: 'idx_transitions_effective', columnNames: ['effectiveOn'] }));
    // The month-end pipeline: a project's latest move on or before a date.
    await q.createIndex('project_transitions', new TableIndex({ name: 'idx_transitions_project_effective', columnNames: ['projectId', 'effectiveOn', 'seq'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [t, i] of [['project_transitions', 'idx_transitions_project_effective'], ['project_transitions', 'idx_transitions_effective'], ['funds_reports', 'idx_funds_month'], ['projects', 'idx_projects_production_on'], ['projects', 'idx_projects_construction_on'], ['projects', 'idx_projects_signed_on']]) {
      await q.dropIndex(t, i);
    }
    await q.dropTable('monthly_rollups');
    await q.dropTable('target_exclusions');
    await q.dropTable('annual_targets');
  }
}
