import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthUser } from '../core/auth/auth-user';
import { whereInScope } from '../core/auth/scope';
import { notFound } from '../core/errors';
import { paging } from '../core/http/list';
import { Project } from '../projects/project.entity';
import { type AuditAction, AuditLog, type AuditEntity } from './audit-log.entity';
import type { AuditQuery } from './audit.dto';

export interface AuditEntry {
  entity: AuditEntity;
  entityId: string | number;
  action: AuditAction;
  actorId: number | null;
  before?: object | null;
  after?: object | null;
}

/** Keeps only what changed between two snapshots (both sides), so the log says what changed. */
export function diff(before: object, after: object): { before: Record<string, unknown>; after: Record<string, unknown> } {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  const bo = before as Record<string, unknown>;
  const ao = after as Record<string, unknown>;
  for (const k of new Set([...Object.keys(bo), ...Object.keys(ao)])) {
    if (k === 'updatedAt' || k === 'createdAt') continue;
    if (JSON.stringify(bo[k]) !== JSON.stringify(ao[k])) {
      b[k] = bo[k] ?? null;
      a[k] = ao[k] ?? null;
    }
  }
  return { before: b, after: a };
}

@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Writes one audit row inside the caller's transaction: the change and its record commit together. */
  async record(em: EntityManager, e: AuditEntry): Promise<void> {
    // An update that changed nothing leaves no row.
    if (e.before && e.after && !Object.keys(e.before).length && !Object.keys(e.after).length) return;
    const row = em.create(AuditLog, {
      entity: e.entity,
      entityId: String(e.entityId),
      action: e.action,
      actorId: e.actorId,
    });
    row.before = (e.before as Record<string, unknown>) ?? null;
    row.after = (e.after as Record<string, unknown>) ?? null;
    await em.save(row);
  }

  async list(user: AuthUser, q: AuditQuery) {
    const { page, pageSize, skip } = paging(q);
    const qb = this.ds.getRepository(AuditLog).createQueryBuilder('a');
    if (q.entity) qb.andWhere('a.entity = :entity', { entity: q.entity });
    if (q.id !== undefined) qb.andWhere('a."entityId" = :id', { id: String(q.id) });
    if (q.actorId !== undefined) qb.andWhere('a."actorId" = :actor', { actor: q.actorId });

    if (user.dataScope !== 'all') {
      // A scoped manager sees the trail of the projects in scope only.
      if (q.entity === 'project' && q.id !== undefined) {
        // An id that cannot be a project id is not found (never handed to the database as NaN or out of range).
        const pid = /^[1-9]\d{0,9}$/.test(q.id) && Number(q.id) <= 2_147_483_647 ? Number(q.id) : null;
        const p = pid === null ? null : await whereInScope(this.ds.getRepository(Project).createQueryBuilder('p'), user, 'p')
          .andWhere('p.id = :pid', { pid })
          .getOne();
        if (!p) throw notFound('项目', q.id);
      } else {
        const sub = whereInScope(this.ds.getRepository(Project).createQueryBuilder('p').select('CAST(p.id AS VARCHAR(60))'), user, 'p');
        qb.andWhere(`a.entity = 'project' AND a."entityId" IN (${sub.getQuery()})`).setParameters(sub.getParameters());
      }
    }
    const [items, total] = await qb.orderBy('a.id', 'DESC').skip(skip).take(pageSize).getManyAndCount();
    return { items, total, page, pageSize };
  }
}
