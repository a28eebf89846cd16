import { Injectable } from '@nestjs/common';
import { InjectReadDataSource } from '../core/database/read-data-source';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthUser } from '../core/auth/auth-user';
import { scopeCondition } from '../core/auth/scope';
import { sql } from '../core/database/dialect';
import { AuditLog, type AuditEntity } from './audit-log.entity';

export type NewAuditLog = Pick<AuditLog, 'entity' | 'entityId' | 'action' | 'actorId' | 'before' | 'after'>;

/**
 * A row of the trail as GET /audit lists it: the row, the actor's name (null for the system or a missing account)
 * and what the record is called now (a project's or company's name, a dictionary entry's label; null when gone or nameless).
 */
export type AuditLogWithActor = AuditLog & { actorName: string | null; entityName: string | null };

export interface AuditFilter {
  entity?: AuditEntity;
  entityId?: string;
  actorId?: number;
  /** Rows written at or after this instant. */
  since?: Date;
  /** Rows written before this instant. */
  until?: Date;
  /**
   * Only the trail of the projects this user sees (DOMAIN.md "Who sees
   * what"); a user who sees everything sees every row.
   */
  projectsSeenBy?: AuthUser;
}

/** What each kind of record is called, read by its table's name for the page's rows only (a target is its year: no name). */
const ENTITY_NAME_SQL = `CASE a.entity
  WHEN 'project' THEN (SELECT x.name FROM projects x WHERE CAST(x.id AS VARCHAR(60)) = a."entityId")
  WHEN 'company' THEN (SELECT x.name FROM companies x WHERE CAST(x.id AS VARCHAR(60)) = a."entityId")
  WHEN 'user' THEN (SELECT x.name FROM users x WHERE CAST(x.id AS VARCHAR(60)) = a."entityId")
  WHEN 'team' THEN (SELECT x.name FROM teams x WHERE CAST(x.id AS VARCHAR(60)) = a."entityId")
  WHEN 'dictionary' THEN (SELECT x.label FROM dictionary_entries x WHERE x.kind || '/' || x.code = a."entityId")
  WHEN 'import' THEN (SELECT x."fileName" FROM imports x WHERE CAST(x.id AS VARCHAR(60)) = a."entityId")
  END`;

/**
 * The audit_logs table. The scope filter reads the projects table by name
 * with the one scope rule of core/auth/scope.ts: audit sits below projects
 * and imports nothing of it. The actor's name is joined from the users table
 * by name too (users record into the audit log: audit imports nothing of it).
 */
@Injectable()
export class AuditRepository {
  constructor(@InjectReadDataSource() private readonly ds: DataSource) {}

  async insert(em: EntityManager, row: NewAuditLog): Promise<void> {
    const log = em.create(AuditLog, { entity: row.entity, entityId: row.entityId, action: row.action, actorId: row.actorId });
    // The snapshots are assigned as they are: create() would treat them as entity data, not JSON.
    log.before = row.before;
    log.after = row.after;
    await em.save(log);
  }

  /** One page of the trail, newest first, with each actor's name, and how many rows match in all. */
  async list(f: AuditFilter, page: { skip: number; take: number }, em: EntityManager = this.ds.manager): Promise<[AuditLogWithActor[], number]> {
    const qb = em.getRepository(AuditLog).createQueryBuilder('a');
    if (f.entity) qb.andWhere('a.entity = :entity', { entity: f.entity });
    if (f.entityId !== undefined) qb.andWhere('a."entityId" = :id', { id: f.entityId });
    if (f.actorId !== undefined) qb.andWhere('a."actorId" = :actor', { actor: f.actorId });
    if (f.since) qb.andWhere('a."createdAt" >= :since', { since: f.since });
    if (f.until) qb.andWhere('a."createdAt" < :until', { until: f.until });
    const scope = f.projectsSeenBy && scopeCondition(f.projectsSeenBy, 'p');
    if (scope) {
      qb.andWhere(`a.entity = 'project' AND a."entityId" IN (SELECT CAST(p.id AS VARCHAR(60)) FROM projects p WHERE ${scope.sql})`, scope.params);
    }
    const total = await qb.getCount();
    // offset/limit, not skip/take: the join is one row per log, so the plain LIMIT is right (skip/take would add a query).
    const { entities, raw } = await qb
      .leftJoin('users', 'u', 'u.id = a."actorId"')
      .addSelect('u.name', 'actorName')
      .addSelect(ENTITY_NAME_SQL, 'entityName')
      .orderBy('a.id', 'DESC')
      .offset(page.skip)
      .limit(page.take)
      .getRawAndEntities<{ actorName: string | null; entityName: string | null }>();
    return [entities.map((e, i) => Object.assign(e, { actorName: raw[i]?.actorName ?? null, entityName: raw[i]?.entityName ?? null })), total];
  }

  /** Whether the project exists and the user sees it. */
  async projectInScope(user: AuthUser, projectId: number, em: EntityManager = this.ds.manager): Promise<boolean> {
    const scope = scopeCondition(user, 'p');
    const rows = await sql(em, `SELECT 1 AS found FROM projects p WHERE p.id = :pid${scope ? ` AND ${scope.sql}` : ''}`, { pid: projectId, ...scope?.params });
    return rows.length > 0;
  }
}
