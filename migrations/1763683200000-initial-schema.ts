import { type MigrationInterface, type QueryRunner, Table, TableIndex, type TableColumnOptions } from 'typeorm';

/**
 * The first schema: accounts, dictionaries, companies, projects and what hangs
 * off them, and the audit log. Written with the Table API so that it runs
 * unchanged on SQLite and PostgreSQL; timestamp types come from the driver.
 */
export class InitialSchema1763683200000 implements MigrationInterface {
  name = 'InitialSchema1763683200000';

  async up(q: QueryRunner): Promise<void> {
    const d = q.connection.driver.mappedDataTypes;
    const id: TableColumnOptions = { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' };
    const str = (name: string, length: number, nullable = true): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isNullable: nullable });
    const int = (name: string, nullable = true): TableColumnOptions => ({ name, type: 'integer', isNullable: nullable });
    const big = (name: string, nullable = true): TableColumnOptions => ({ name, type: 'bigint', isNullable: nullable });
    const bool = (name: string, dflt: boolean): TableColumnOptions => ({ name, type: 'boolean', isNullable: false, default: dflt });
    const date = (name: string, nullable = true) => str(name, 10, nullable);
    const json = (name: string): TableColumnOptions => ({ name, type: 'text', isNullable: true });
    const created: TableColumnOptions = { name: 'createdAt', type: d.createDate as string, default: d.createDateDefault, isNullable: false };
    const updated: TableColumnOptions = { name: 'updatedAt', type: d.updateDate as string, default: d.updateDateDefault, isNullable: false };
    const fk = (col: string, table: string, onDelete: 'CASCADE' | 'RESTRICT' | 'SET NULL' = 'RESTRICT') => ({
      columnNames: [col], referencedTableName: table, referencedColumnNames: ['id'], onDelete,
    });

    await q.createTable(new Table({
      name: 'teams',
      columns: [id, { ...str('name', 100, false), isUnique: true }, str('description', 500), bool('active', true), created, updated],
    }));

    await q.createTable(new Table({
      name: 'users',
      columns: [
        id, { ...str('email', 254, false), isUnique: true }, str('name', 50, false), str('passwordHash', 100, false),
        str('role', 20, false), str('dataScope', 10, false), int('teamId'), str('phone', 30), bool('active', true), created, updated,
      ],
      foreignKeys: [fk('teamId', 'teams', 'SET NULL')],
    }));

    await q.createTable(new Table({
      name: 'dictionary_entries',
      columns: [
        id, str('kind', 40, false), str('code', 50, false), str('label', 100, false), str('category', 50),
        { name: 'sortOrder', type: 'integer', isNullable: false, default: 0 }, bool('active', true), created, updated,
      ],
      uniques: [{ name: 'uq_dictionary_kind_code', columnNames: ['kind', 'code'] }],
    }));

    await q.createTable(new Table({
      name: 'companies',
      columns: [
        id, str('name', 200, false), str('normalizedName', 200, false), { ...str('creditCode', 18), isUnique: true },
        str('tier', 50), str('region', 50), str('address', 300), str('industry', 100), str('description', 2000),
        int('createdById'), { name: 'version', type: 'integer', isNullable: false, default: 1 }, created, updated,
      ],
      indices: [{ name: 'idx_companies_normalized_name', columnNames: ['normalizedName'] }],
    }));

    await q.createTable(new Table({
      name: 'contacts',
      columns: [
        id, int('companyId', false), str('name', 50, false), str('title', 100), str('phone', 30), str('normalizedPhone', 30),
        str('email', 254), int('createdById'), created,
      ],
      foreignKeys: [fk('companyId', 'companies', 'CASCADE')],
      indices: [
        { name: 'idx_contacts_company', columnNames: ['companyId'] },
        { name: 'idx_contacts_normalized_phone', columnNames: ['normalizedPhone'] },
      ],
    }));

    await q.createTable(new Table({
      name: 'projects',
      columns: [
        id, str('name', 200, false), int('companyId', false), str('stage', 20, false), str('pausedFromStage', 20),
        str('droppedFromStage', 20), date('stageEnteredOn'), str('industryChain', 50, false), str('park', 50),
        str('sourceChannel', 50), str('sourceRegion', 50), big('plannedInvestment'), big('expectedAnnualOutput'),
        big('expectedAnnualTax'), int('landAreaCentimu'), int('jobs'), int('ownerId', false), int('teamId'),
        str('leaderInCharge', 50), bool('isKeyProject', false), str('keyProjectLevel', 20), str('description', 4000),
        date('signedOn'), big('contractInvestment'), str('agreementType', 20), str('contractNo', 100),
        date('constructionStartedOn'), date('productionStartedOn'), str('onHoldReason', 1000), date('expectedResumeOn'),
        str('dropReasonCode', 50), str('dropReasonText', 1000), date('createdOn', false), date('lastActivityOn'),
        { name: 'version', type: 'integer', isNullable: false, default: 1 }, int('createdById'), created, updated,
      ],
      foreignKeys: [fk('companyId', 'companies'), fk('ownerId', 'users'), fk('teamId', 'teams', 'SET NULL')],
      indices: [
        { name: 'idx_projects_company', columnNames: ['companyId'] },
        { name: 'idx_projects_stage', columnNames: ['stage'] },
        { name: 'idx_projects_owner', columnNames: ['ownerId'] },
        { name: 'idx_projects_team', columnNames: ['teamId'] },
        { name: 'idx_projects_last_activity', columnNames: ['lastActivityOn'] },
      ],
    }));

    await q.createTable(new Table({
      name: 'project_transitions',
      columns: [
        id, int('projectId', false), int('seq', false), str('kind', 20, false), str('fromStage', 20), str('toStage', 20, false),
        date('effectiveOn', false), int('actorId', false), str('note', 1000), json('data'), json('before'),
        int('revertsId'), int('revertedById'), int('version', false), created,
      ],
      foreignKeys: [fk('projectId', 'projects', 'CASCADE'), fk('actorId', 'users')],
      uniques: [{ name: 'uq_transition_project_seq', columnNames: ['projectId', 'seq'] }],
      indices: [{ name: 'idx_transitions_project', columnNames: ['projectId'] }],
    }));

    await q.createTable(new Table({
      name: 'activities',
      columns: [
        id, int('projectId', false), str('kind', 20, false), date('occurredOn', false), str('summary', 2000, false),
        str('participants', 500), str('location', 200), int('guestCount'), bool('leaderLed', false), str('leaderName', 100),
        date('nextFollowUpOn'), int('createdById', false), created,
      ],
      foreignKeys: [fk('projectId', 'projects', 'CASCADE'), fk('createdById', 'users')],
      indices: [
        { name: 'idx_activities_project_date', columnNames: ['projectId', 'occurredOn'] },
        { name: 'idx_activities_occurred', columnNames: ['occurredOn'] },
        { name: 'idx_activities_follow_up', columnNames: ['nextFollowUpOn'] },
        { name: 'idx_activities_created_by', columnNames: ['createdById'] },
      ],
    }));

    await q.createTable(new Table({
      name: 'milestones',
      columns: [
        id, int('projectId', false), str('name', 100, false), date('plannedOn', false), date('completedOn'),
        str('note', 1000), int('createdById'), created, updated,
      ],
      foreignKeys: [fk('projectId', 'projects', 'CASCADE')],
      indices: [
        { name: 'idx_milestones_project', columnNames: ['projectId'] },
        { name: 'idx_milestones_planned', columnNames: ['plannedOn'] },
      ],
    }));

    await q.createTable(new Table({
      name: 'funds_reports',
      columns: [
        id, int('projectId', false), str('month', 7, false), big('amount', false), str('note', 1000),
        int('reportedById', false), created, updated,
      ],
      foreignKeys: [fk('projectId', 'projects', 'CASCADE')],
      uniques: [{ name: 'uq_funds_project_month', columnNames: ['projectId', 'month'] }],
    }));

    await q.createTable(new Table({
      name: 'audit_logs',
      columns: [
        id, str('entity', 30, false), str('entityId', 60, false), str('action', 40, false), int('actorId'),
        json('before'), json('after'), created,
      ],
      indices: [{ name: 'idx_audit_entity', columnNames: ['entity', 'entityId'] }],
    }));
    await q.createIndex('audit_logs', new TableIndex({ name: 'idx_audit_created', columnNames: ['createdAt'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['audit_logs', 'funds_reports', 'milestones', 'activities', 'project_transitions', 'projects',
      'contacts', 'companies', 'dictionary_entries', 'users', 'teams']) {
      await q.dropTable(t);
    }
  }
}
