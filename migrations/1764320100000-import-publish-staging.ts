import { type MigrationInterface, type QueryRunner, Table, type TableColumnOptions, TableIndex } from 'typeorm';

/**
 * Issue 12, publishing an import in one short transaction: the rows the
 * commit will insert (companies, projects, history rows) are built before
 * the write, in these staging tables, a few thousand at a time, and the
 * write copies them with one INSERT … SELECT each. A row's `ord` numbers it
 * within its import; the new row's id is `id` where the ids were taken from
 * the sequence beforehand (PostgreSQL), else the highest id + ord (SQLite,
 * whose single writer holds the file during the write), so that projects
 * point at new companies and history rows at new projects without reading
 * anything back. Emptied once the import is published.
 */
export class ImportPublishStaging1764320100000 implements MigrationInterface {
  name = 'ImportPublishStaging1764320100000';

  async up(q: QueryRunner): Promise<void> {
    const int = (name: string, nullable = true, extra: Partial<TableColumnOptions> = {}): TableColumnOptions => ({ name, type: 'integer', isNullable: nullable, ...extra });
    const text = (name: string, length: number, nullable = true): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isNullable: nullable });
    const big = (name: string): TableColumnOptions => ({ name, type: 'bigint', isNullable: true });
    const day = (name: string, nullable = true): TableColumnOptions => text(name, 10, nullable);
    const key = [int('importId', false, { isPrimary: true })];
    const cascade = [{ columnNames: ['importId'], referencedTableName: 'imports', referencedColumnNames: ['id'], onDelete: 'CASCADE' }];

    await q.createTable(new Table({
      name: 'import_publish_companies',
      columns: [...key, int('ord', false, { isPrimary: true }), int('id'), text('name', 200, false), text('normalizedName', 200, false), text('creditCode', 18), text('tier', 50), text('region', 50)],
      foreignKeys: cascade,
    }));
    await q.createTable(new Table({
      name: 'import_publish_projects',
      columns: [
        ...key, int('ord', false, { isPrimary: true }), int('id'), int('rowNo', false), int('companyId'), int('companyOrd'), text('code', 40), text('name', 200, false),
        text('stage', 20, false), text('pausedFromStage', 20), text('droppedFromStage', 20), day('stageEnteredOn'), text('industryChain', 50, false),
        text('park', 50), text('sourceChannel', 50), text('sourceRegion', 50), big('plannedInvestment'), big('expectedAnnualOutput'), big('expectedAnnualTax'),
        int('landAreaCentimu'), int('jobs'), int('ownerId', false), int('teamId'), text('leaderInCharge', 50), { name: 'isKeyProject', type: 'boolean', isNullable: false },
        text('keyProjectLevel', 20), day('signedOn'), big('contractInvestment'), text('agreementType', 20), text('contractNo', 100), day('constructionStartedOn'),
        day('productionStartedOn'), text('onHoldReason', 1000), text('dropReasonCode', 50), text('dropReasonText', 1000), day('createdOn', false), day('lastActivityOn'),
        int('version', false), { name: 'auditAfter', type: 'text', isNullable: true },
      ],
      foreignKeys: cascade,
    }));
    // the row a staged project came from: the commit records its new id there (import_rows.matchProjectId)
    await q.createIndex('import_publish_projects', new TableIndex({ name: 'idx_import_publish_projects_row', columnNames: ['importId', 'rowNo'] }));
    await q.createTable(new Table({
      name: 'import_publish_transitions',
      columns: [
        ...key, int('ord', false, { isPrimary: true }), int('projectId'), int('projectOrd'), int('seq', false), text('fromStage', 20), text('toStage', 20, false),
        day('effectiveOn', false), text('note', 1000), { name: 'data', type: 'text', isNullable: true }, { name: 'before', type: 'text', isNullable: true },
        day('endedOn'), int('stayDays'), int('reachedRank'), int('version', false),
      ],
      foreignKeys: cascade,
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('import_publish_transitions');
    await q.dropTable('import_publish_projects');
    await q.dropTable('import_publish_companies');
  }
}
