import { type MigrationInterface, type QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';

/**
 * Issue 12, importing the district's Excel 台账:
 * - projects.code (项目编号): the district's own project code, unique where
 *   given (NULLs never collide), so that importing the same ledger twice
 *   updates rather than duplicates;
 * - imports: one upload, its dry run's mapping, counts and progress, and its commit;
 * - import_rows: every parsed row staged by the dry run (normalised data,
 *   errors, warnings, duplicates, the proposed action and the user's
 *   decision), published set-based by the commit.
 */
export class Imports1764320000000 implements MigrationInterface {
  name = 'Imports1764320000000';

  async up(q: QueryRunner): Promise<void> {
    const d = q.connection.driver.mappedDataTypes;
    await q.addColumn('projects', new TableColumn({ name: 'code', type: 'varchar', length: '40', isNullable: true }));
    await q.createIndex('projects', new TableIndex({ name: 'uq_projects_code', columnNames: ['code'], isUnique: true }));
    await q.createTable(
      new Table({
        name: 'imports',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'status', type: 'varchar', length: '12', isNullable: false },
          { name: 'fileName', type: 'varchar', length: '255', isNullable: false },
          { name: 'fileHash', type: 'varchar', length: '64', isNullable: false },
          { name: 'fileSize', type: 'integer', isNullable: false },
          { name: 'createdById', type: 'integer', isNullable: false },
          { name: 'teamId', type: 'integer', isNullable: true },
          { name: 'mapping', type: 'text', isNullable: true },
          { name: 'counts', type: 'text', isNullable: true },
          { name: 'progress', type: 'text', isNullable: true },
          { name: 'error', type: 'text', isNullable: true },
          { name: 'createdAt', type: d.createDate as string, default: d.createDateDefault, isNullable: false },
          { name: 'updatedAt', type: d.updateDate as string, default: d.updateDateDefault, isNullable: false },
          { name: 'committedAt', type: d.createDate as string, isNullable: true },
          { name: 'version', type: 'integer', default: 1, isNullable: false },
        ],
        foreignKeys: [
          { columnNames: ['createdById'], referencedTableName: 'users', referencedColumnNames: ['id'] },
          { columnNames: ['teamId'], referencedTableName: 'teams', referencedColumnNames: ['id'], onDelete: 'SET NULL' },
        ],
      }),
    );
    await q.createIndex('imports', new TableIndex({ name: 'idx_imports_created_at', columnNames: ['createdAt'] }));
    await q.createTable(
      new Table({
        name: 'import_rows',
        columns: [
          { name: 'importId', type: 'integer', isPrimary: true },
          { name: 'sheet', type: 'varchar', length: '8', isPrimary: true },
          { name: 'rowNo', type: 'integer', isPrimary: true },
          { name: 'raw', type: 'text', isNullable: true },
          { name: 'data', type: 'text', isNullable: true },
          { name: 'errors', type: 'text', isNullable: true },
          { name: 'warnings', type: 'text', isNullable: true },
          { name: 'duplicates', type: 'text', isNullable: true },
          { name: 'matchProjectId', type: 'integer', isNullable: true },
          { name: 'proposed', type: 'varchar', length: '8', isNullable: false },
          { name: 'decision', type: 'varchar', length: '8', isNullable: true },
        ],
        foreignKeys: [{ columnNames: ['importId'], referencedTableName: 'imports', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      }),
    );
    await q.createIndex('import_rows', new TableIndex({ name: 'idx_import_rows_proposed', columnNames: ['importId', 'proposed'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('import_rows');
    await q.dropTable('imports');
    await q.dropIndex('projects', 'uq_projects_code');
    await q.dropColumn('projects', 'code');
  }
}
