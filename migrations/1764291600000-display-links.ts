import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';

/**
 * Issue 11, the 大屏: read-only display links for the meeting-room screen.
 * Only the SHA-256 of a link's key is stored (the key is shown once, when
 * the link is made), unique so that a key finds its link by one index read;
 * a revoked link keeps its row (who made it, when it was revoked) for the audit.
 */
export class DisplayLinks1764291600000 implements MigrationInterface {
  name = 'DisplayLinks1764291600000';

  async up(q: QueryRunner): Promise<void> {
    const d = q.connection.driver.mappedDataTypes;
    await q.createTable(
      new Table({
        name: 'display_links',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'name', type: 'varchar', length: '100', isNullable: false },
          { name: 'keyHash', type: 'varchar', length: '64', isNullable: false },
          { name: 'createdById', type: 'integer', isNullable: true },
          { name: 'createdAt', type: d.createDate as string, default: d.createDateDefault, isNullable: false },
          { name: 'revokedAt', type: d.createDate as string, isNullable: true },
          { name: 'lastUsedAt', type: d.createDate as string, isNullable: true },
        ],
        foreignKeys: [{ columnNames: ['createdById'], referencedTableName: 'users', referencedColumnNames: ['id'], onDelete: 'SET NULL' }],
      }),
    );
    await q.createIndex('display_links', new TableIndex({ name: 'uq_display_links_key_hash', columnNames: ['keyHash'], isUnique: true }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('display_links');
  }
}
