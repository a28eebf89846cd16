import { Injectable } from '@nestjs/common';
import { InjectReadDataSource } from '../core/database/read-data-source';
import { DataSource, type EntityManager } from 'typeorm';
import { insertValues, sql } from '../core/database/dialect';

/** The kinds of row the demo data creates and records; their children (follow-ups, contacts …) go with them. */
export type DemoEntity = 'team' | 'user' | 'company' | 'project';

export interface DemoCounts {
  teams: number;
  users: number;
  companies: number;
  projects: number;
}

/** The ids the demo data recorded of one kind, as a subquery. */
const demoIds = (entity: DemoEntity) => `(SELECT "entityId" FROM demo_records WHERE entity = '${entity}')`;
/** The same ids as text, for the audit trail's entityId column. */
const demoIdTexts = (entity: DemoEntity) => `(SELECT CAST("entityId" AS TEXT) FROM demo_records WHERE entity = '${entity}')`;

const count = async (em: EntityManager, text: string): Promise<number> => Number((await sql<{ n: number | string }>(em, text))[0]?.n ?? 0);

/**
 * demo_records: which teams, accounts, companies and projects the demo data
 * created (seeds/demo.ts writes them, migration 1764298800000 found those of
 * older installs), and the one statement list that removes them.
 */
@Injectable()
export class DemoDataRepository {
  constructor(@InjectReadDataSource() private readonly ds: DataSource) {}

  /** Records rows the demo data has just created (a write: on the writing connection's manager). */
  async mark(em: EntityManager, entity: DemoEntity, ids: number[]): Promise<void> {
    await insertValues(em, 'demo_records', ['entity', 'entityId'], ids.map((id) => [entity, id]));
  }

  /** How many demo rows of each kind are still there. */
  async counts(em: EntityManager = this.ds.manager): Promise<DemoCounts> {
    const n = (table: string, entity: DemoEntity) => count(em, `SELECT COUNT(*) AS n FROM ${table} WHERE id IN ${demoIds(entity)}`);
    return { teams: await n('teams', 'team'), users: await n('users', 'user'), companies: await n('companies', 'company'), projects: await n('projects', 'project') };
  }

  /** The bureau's own work: projects (deleted ones too) and companies that the demo data did not create. */
  async realWork(em: EntityManager = this.ds.manager): Promise<{ projects: number; companies: number }> {
    return {
      projects: await count(em, `SELECT COUNT(*) AS n FROM projects WHERE id NOT IN ${demoIds('project')}`),
      companies: await count(em, `SELECT COUNT(*) AS n FROM companies WHERE id NOT IN ${demoIds('company')}`),
    };
  }

  /** Demo teams that real (non-demo) accounts now belong to: the bureau adopted them. */
  async adoptedTeams(em: EntityManager = this.ds.manager): Promise<{ id: number; name: string }[]> {
    return sql<{ id: number; name: string }>(em, `SELECT t.id, t.name FROM teams t WHERE t.id IN ${demoIds('team')}
      AND EXISTS (SELECT 1 FROM users u WHERE u."teamId" = t.id AND u.id NOT IN ${demoIds('user')}) ORDER BY t.id`);
  }

  /** The demo accounts still there, for the record of their removal. */
  async demoUsers(em: EntityManager = this.ds.manager): Promise<{ id: number; email: string }[]> {
    return sql<{ id: number; email: string }>(em, `SELECT id, email FROM users WHERE id IN ${demoIds('user')} ORDER BY id`);
  }

  /** The password hashes of the active admins (to tell whether one still opens with the published default). */
  async activeAdminHashes(em: EntityManager = this.ds.manager): Promise<{ id: number; email: string; hash: string }[]> {
    return sql<{ id: number; email: string; hash: string }>(em,
      `SELECT id, email, "passwordHash" AS hash FROM users WHERE role = 'admin' AND active = :yes ORDER BY id`, { yes: true });
  }

  /** A demo team is the bureau's from now on: it is no longer removed with the demo data. */
  async unmark(em: EntityManager, entity: DemoEntity, id: number): Promise<void> {
    await sql(em, 'DELETE FROM demo_records WHERE entity = :entity AND "entityId" = :id', { entity, id });
  }

  /**
   * Deletes every recorded demo row and what hangs off it, children first
   * (explicitly: SQLite may run without foreign-key cascades), then the audit
   * trail of those rows and by those accounts, and the records themselves.
   */
  async removeAll(em: EntityManager): Promise<void> {
    const projects = demoIds('project');
    for (const child of ['target_exclusions', 'funds_reports', 'milestones', 'activities', 'project_transitions', 'project_team_spans']) {
      await sql(em, `DELETE FROM ${child} WHERE "projectId" IN ${projects}`);
    }
    await sql(em, `DELETE FROM projects WHERE id IN ${projects}`);
    await sql(em, `DELETE FROM contacts WHERE "companyId" IN ${demoIds('company')}`);
    await sql(em, `DELETE FROM companies WHERE id IN ${demoIds('company')}`);
    await sql(em, `DELETE FROM audit_logs WHERE "actorId" IN ${demoIds('user')}
      OR (entity = 'project' AND "entityId" IN ${demoIdTexts('project')}) OR (entity = 'company' AND "entityId" IN ${demoIdTexts('company')})
      OR (entity = 'user' AND "entityId" IN ${demoIdTexts('user')}) OR (entity = 'team' AND "entityId" IN ${demoIdTexts('team')})`);
    await sql(em, `DELETE FROM notifications WHERE "userId" IN ${demoIds('user')}`);
    await sql(em, `DELETE FROM users WHERE id IN ${demoIds('user')}`);
    await sql(em, `DELETE FROM team_targets WHERE "teamId" IN ${demoIds('team')}`);
    await sql(em, `DELETE FROM teams WHERE id IN ${demoIds('team')}`);
    await sql(em, 'DELETE FROM demo_records');
  }

  /** The monthly reports stored so far (all their revisions): before real work they are the demo's figures. Answers how many months. */
  async removeMonthlyRollups(em: EntityManager): Promise<number> {
    const n = await count(em, 'SELECT COUNT(*) AS n FROM (SELECT DISTINCT year, month FROM monthly_rollups) m');
    await sql(em, 'DELETE FROM monthly_rollups');
    return n;
  }
}
