import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../core/auth/auth-user';
import { seesDistrict } from '../core/auth/scope';
import { Clock } from '../core/clock';
import { addDays } from '../core/dates';
import { badInput, checks, notFound } from '../core/errors';
import { fieldLabel } from '../core/http/field-labels';
import { paging } from '../core/http/list';
import { AUDIT_ACTION_LABELS, AUDIT_ENTITY_LABELS, type AuditAction, type AuditEntity } from './audit-log.entity';
import type { AuditQuery } from './audit.dto';
import { type AuditFilter, AuditRepository } from './audit.repository';

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

/** The project id an audit query names, or null when the text cannot be one (never handed to the database as NaN or out of range). */
function projectIdOf(id: string): number | null {
  return /^[1-9]\d{0,9}$/.test(id) && Number(id) <= 2_147_483_647 ? Number(id) : null;
}

/**
 * The Chinese name of every field a row's snapshots hold (the field itself where none is known);
 * a label served beside a code (stageLabel beside stage) is named as its code is.
 */
function fieldLabelsOf(entity: string, ...sides: (Record<string, unknown> | null)[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const side of sides) for (const k of Object.keys(side ?? {})) out[k] = fieldLabel(k !== 'label' && k.endsWith('Label') ? k.slice(0, -5) : k, entity);
  return out;
}

@Injectable()
export class AuditService {
  constructor(
    private readonly logs: AuditRepository,
    private readonly clock: Clock,
  ) {}

  /** Writes one audit row inside the caller's transaction: the change and its record commit together. */
  async record(em: EntityManager, e: AuditEntry): Promise<void> {
    // An update that changed nothing leaves no row.
    if (e.before && e.after && !Object.keys(e.before).length && !Object.keys(e.after).length) return;
    await this.logs.insert(em, {
      entity: e.entity,
      entityId: String(e.entityId),
      action: e.action,
      actorId: e.actorId,
      before: (e.before as Record<string, unknown>) ?? null,
      after: (e.after as Record<string, unknown>) ?? null,
    });
  }

  /** The trail; a scoped caller sees the trail of the projects in scope only. */
  async list(user: AuthUser, q: AuditQuery) {
    const reversed = checks.rangeOrder('to', '操作日期', q.from, q.to);
    if (reversed) throw badInput([reversed]);
    const { page, pageSize, skip } = paging(q);
    const filter: AuditFilter = {
      entity: q.entity, entityId: q.id, actorId: q.actorId,
      // Dates are the district's calendar days: 'to' includes the whole of its day.
      since: q.from ? this.clock.startOfDay(q.from) : undefined,
      until: q.to ? this.clock.startOfDay(addDays(q.to, 1)) : undefined,
    };
    if (!seesDistrict(user) && q.entity === 'project' && q.id !== undefined) {
      // One project's trail: a project out of scope is not found, as everywhere.
      const pid = projectIdOf(q.id);
      if (pid === null || !(await this.logs.projectInScope(user, pid))) throw notFound('项目', q.id);
    } else {
      filter.projectsSeenBy = user;
    }
    const [rows, total] = await this.logs.list(filter, { skip, take: pageSize });
    const items = rows.map((r) => ({
      id: r.id, entity: r.entity, entityLabel: AUDIT_ENTITY_LABELS[r.entity], entityId: r.entityId, entityName: r.entityName,
      action: r.action, actionLabel: AUDIT_ACTION_LABELS[r.action], actorId: r.actorId, actorName: r.actorName,
      before: r.before, after: r.after, fieldLabels: fieldLabelsOf(r.entity, r.before, r.after), createdAt: r.createdAt,
    }));
    return { items, total, page, pageSize };
  }
}
