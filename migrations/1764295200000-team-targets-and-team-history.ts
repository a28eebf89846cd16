import { type MigrationInterface, type QueryRunner, Table, TableIndex, type TableColumnOptions } from 'typeorm';

/**
 * Issue 11, targets per team and credit to the team that held the project:
 * - `team_targets`: a team's five annual figures (money in integer 元), per
 *   (year, team), stored beside the district's `annual_targets` and
 *   versioned with it;
 * - `project_team_spans`: which team held each project from when until when
 *   (`fromOn` ≤ day < `untilOn`, dates as `YYYY-MM-DD` text like every
 *   business date), so that a signing, start or fund keeps counting for the
 *   team that held the project on its date after a 移交. Each existing
 *   project gets one open span with its current team from the beginning.
 */
export class TeamTargetsAndTeamHistory1764295200000 implements MigrationInterface {
  name = 'TeamTargetsAndTeamHistory1764295200000';

  async up(q: QueryRunner): Promise<void> {
    const d = q.connection.driver.mappedDataTypes;
    const int = (name: string, nullable = false, extra: Partial<TableColumnOptions> = {}): TableColumnOptions => ({ name, type: 'integer', isNullable: nullable, ...extra });
    const big = (name: string): TableColumnOptions => ({ name, type: 'bigint', isNullable: false });
    const day = (name: string): TableColumnOptions => ({ name, type: 'varchar', length: '10', isNullable: false });
    const created: TableColumnOptions = { name: 'createdAt', type: d.createDate as string, default: d.createDateDefault, isNullable: false };
    const updated: TableColumnOptions = { name: 'updatedAt', type: d.updateDate as string, default: d.updateDateDefault, isNullable: false };

    await q.createTable(new Table({
      name: 'team_targets',
      columns: [
        int('year', false, { isPrimary: true }), int('teamId', false, { isPrimary: true }), big('signedInvestment'), big('fundsInPlace'),
        int('signings'), int('constructionStarts'), int('productionStarts'), created, updated,
      ],
      foreignKeys: [{ columnNames: ['teamId'], referencedTableName: 'teams', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
    }));
    await q.createTable(new Table({
      name: 'project_team_spans',
      columns: [
        { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
        int('projectId'), int('teamId', true), day('fromOn'), day('untilOn'), created,
      ],
      foreignKeys: [
        { columnNames: ['projectId'], referencedTableName: 'projects', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
        { columnNames: ['teamId'], referencedTableName: 'teams', referencedColumnNames: ['id'], onDelete: 'SET NULL' },
      ],
    }));
    // "the team holding project X on day D": one project's spans, by end
    await q.createIndex('project_team_spans', new TableIndex({ name: 'idx_team_spans_project_until', columnNames: ['projectId', 'untilOn'] }));
    await q.query(`INSERT INTO project_team_spans ("projectId", "teamId", "fromOn", "untilOn") SELECT id, "teamId", '0001-01-01', '9999-12-31' FROM projects`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('project_team_spans');
    await q.dropTable('team_targets');
  }
}
