import { type MigrationInterface, type QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';
import { rebuildPipeline } from '../src/projects/pipeline-history';

/**
 * Reports without replaying the history (issue 4, the benchmark): each stay
 * in a stage carries its end, length and the furthest stage reached
 * (src/projects/pipeline-history.ts), the district's month-end pipeline is
 * kept as a monthly ledger, and the report scans get covering indexes.
 * The columns and the ledger are filled from the existing history.
 */
export class PipelineStays1763942400000 implements MigrationInterface {
  name = 'PipelineStays1763942400000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('project_transitions', [
      new TableColumn({ name: 'endedOn', type: 'varchar', length: '10', isNullable: true }),
      new TableColumn({ name: 'stayDays', type: 'integer', isNullable: true }),
      new TableColumn({ name: 'reachedRank', type: 'integer', isNullable: true }),
    ]);
    await q.createTable(new Table({
      name: 'pipeline_ledger',
      columns: [
        { name: 'month', type: 'varchar', length: '7', isPrimary: true },
        { name: 'stage', type: 'varchar', length: '20', isPrimary: true },
        { name: 'reachedRank', type: 'integer', isPrimary: true },
        { name: 'projects', type: 'integer', isNullable: false, default: 0 },
        { name: 'plannedInvestment', type: 'bigint', isNullable: false, default: 0 },
      ],
    }));
    // Stays that ended in a period, by stage and length (median days in stage), and their project for a scope.
    await q.createIndex('project_transitions', new TableIndex({ name: 'idx_transitions_stays', columnNames: ['endedOn', 'toStage', 'stayDays', 'projectId'] }));
    // Replaced: the month-end stage is now read from the stays, not by scanning each project's moves by date.
    await q.dropIndex('project_transitions', 'idx_transitions_project_effective');
    await q.dropIndex('project_transitions', 'idx_transitions_effective');
    // The district's activity figures of a period: each one a range of an index.
    await q.createIndex('activities', new TableIndex({ name: 'idx_activities_kind_date', columnNames: ['kind', 'occurredOn', 'guestCount'] }));
    await q.createIndex('activities', new TableIndex({ name: 'idx_activities_leader_date', columnNames: ['leaderLed', 'occurredOn'] }));
    // Funds in place of a period, summed per project from the index.
    await q.dropIndex('funds_reports', 'idx_funds_month');
    await q.createIndex('funds_reports', new TableIndex({ name: 'idx_funds_month', columnNames: ['month', 'projectId', 'amount'] }));
    // Projects could not be deleted yet (1764200000000 adds projects.deletedAt).
    await rebuildPipeline(q.manager, { deletions: false });
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('funds_reports', 'idx_funds_month');
    await q.createIndex('funds_reports', new TableIndex({ name: 'idx_funds_month', columnNames: ['month'] }));
    await q.dropIndex('activities', 'idx_activities_leader_date');
    await q.dropIndex('activities', 'idx_activities_kind_date');
    await q.createIndex('project_transitions', new TableIndex({ name: 'idx_transitions_effective', columnNames: ['effectiveOn'] }));
    await q.createIndex('project_transitions', new TableIndex({ name: 'idx_transitions_project_effective', columnNames: ['projectId', 'effectiveOn', 'seq'] }));
    await q.dropIndex('project_transitions', 'idx_transitions_stays');
    await q.dropTable('pipeline_ledger');
    await q.dropColumns('project_transitions', ['reachedRank', 'stayDays', 'endedOn']);
  }
}
