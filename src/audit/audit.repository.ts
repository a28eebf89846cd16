import { Injectable } from '@nestjs/common';
import { InjectReadDataSource } from '../core/database/read-data-source';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthUser } from '../core/auth/auth-user';
import { scopeCondition } from '../core/auth/scope';
import { sql } from '../core/database/dialect';
import { AuditLog, type AuditEntity } from './audit-log.entity';

export type NewAuditLog = Pick<AuditLog, 'entity' | 'entityId' | 'action' | 'actorId' | 'before' | 'after'>;

/** A row of the trail as GET /audit lists it: the row and the actor's name (null for the system or a missing account). */
export type AuditLogWithActor = AuditLog & { actorName: string | null };

export interface AuditFilter {
  entity?: AuditEntity;
  entityId?: string;
  actorId?: number;
  /**
   * Only the trail of the projects this user sees (DOMAIN.md "Who sees
   * what"); a user who sees everything sees every row.
   */
  projectsSeenBy?: AuthUser;
}

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
    const scope = f.projectsSeenBy && scopeCondition(f.projectsSeenBy, 'p');
    if (scope) {
      qb.andWhere(`a.entity = 'project' AND a."entityId" IN (SELECT CAST(p.id AS VARCHAR(60)) FROM projects p WHERE ${scope.sql})`, scope.params);
    }
    const total = await qb.getCount();
    // offset/limit, not skip/take: the join is one row per log, so the plain LIMIT is right (skip/take would add a query).
    const { entities, raw } = await qb
      .leftJoin('users', 'u', 'u.id = a."actorId"')
      .addSelect('u.name', 'actorName')
      .orderBy('a.id', 'DESC')
      .offset(page.skip)
      .limit(page.take)
      .getRawAndEntities<{ actorName: string | null }>();
    return [entities.map((e, i) => Object.assign(e, { actorName: raw[i]?.actorName ?? null })), total];
  }

  /** Whether the project exists and the user sees it. */
  async projectInScope(user: AuthUser, projectId: number, em: EntityManager = this.ds.manager): Promise<boolean> {
    const scope = scopeCondition(user, 'p');
    const rows = await sql(em, `SELECT 1 AS found FROM projects p WHERE p.id = :pid${scope ? ` AND ${scope.sql}` : ''}`, { pid: projectId, ...scope?.params });
    return rows.length > 0;
  }
}
