import { type MigrationInterface, type QueryRunner, TableColumn, TableIndex } from 'typeorm';

/**
 * Issue 10, mistakes and handovers: a project registered by mistake is
 * deleted softly (kept for the audit, with who deleted it and why; every read
 * but the audit leaves it out), and a duplicate company merged into another
 * keeps its row, marked with where it went.
 */
export class ProjectDeletionCompanyMerge1764200000000 implements MigrationInterface {
  name = 'ProjectDeletionCompanyMerge1764200000000';

  async up(q: QueryRunner): Promise<void> {
    const d = q.connection.driver.mappedDataTypes;
    const stamp = (name: string) => new TableColumn({ name, type: d.deleteDate as string, isNullable: true });
    await q.addColumns('projects', [
      stamp('deletedAt'),
      new TableColumn({ name: 'deletedById', type: 'integer', isNullable: true }),
      new TableColumn({ name: 'deleteReason', type: 'varchar', length: '1000', isNullable: true }),
    ]);
    // The few deleted ids, read by the reports that do not join projects (NOT IN a short list).
    await q.createIndex('projects', new TableIndex({ name: 'idx_projects_deleted', columnNames: ['deletedAt'] }));
    await q.addColumns('companies', [
      new TableColumn({ name: 'mergedIntoId', type: 'integer', isNullable: true }),
      stamp('mergedAt'),
      new TableColumn({ name: 'mergedById', type: 'integer', isNullable: true }),
    ]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumns('companies', ['mergedById', 'mergedAt', 'mergedIntoId']);
    await q.dropIndex('projects', 'idx_projects_deleted');
    await q.dropColumns('projects', ['deleteReason', 'deletedById', 'deletedAt']);
  }
}
