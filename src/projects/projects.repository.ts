import { Injectable } from '@nestjs/common';
import { InjectReadDataSource } from '../core/database/read-data-source';
import { DataSource, type EntityManager, In } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { AuthUser } from '../core/auth/auth-user';
import { scopeCondition, type Viewer, whereInScope } from '../core/auth/scope';
import { compareAndSet } from '../core/database/compare-and-set';
import { inChunks, rowToEntity, sql } from '../core/database/dialect';
import { containsPattern } from '../core/http/like';
import { liveProject } from './live-projects';
import { Project } from './project.entity';
import type { ProjectNames } from './project.view';
import type { ProjectQuery } from './projects.dto';
import { type LightCutoffs, type LightFacts, lightFactsSql, lightParams, lightSql } from './supervision';
import { revertibleSql } from './transitions.repository';

/** The list filters of GET /projects (and the Excel ledger). */
export type ProjectFilter = Omit<ProjectQuery, 'page' | 'pageSize' | 'sort'>;

/** The API's sort fields and the columns they sort by. */
export const PROJECT_SORT = {
  id: 'p.id', name: 'p.name', createdAt: 'p.createdAt', updatedAt: 'p.updatedAt', stage: 'p.stage',
  plannedInvestment: 'p.plannedInvestment', contractInvestment: 'p.contractInvestment', signedOn: 'p.signedOn',
  lastActivityOn: 'p.lastActivityOn', createdOn: 'p.createdOn',
} as const;

export type ProjectOrder = [column: string, direction: 'ASC' | 'DESC'];

/** The date-range filters: query name → column. */
export const DATE_RANGES = { signed: 'signedOn', created: 'createdOn', lastActivity: 'lastActivityOn' } as const;

/** A project as its views need it: the row, the names beside its ids, and the facts its 督办灯 is judged on. */
export interface ProjectRow {
  project: Project;
  names: ProjectNames;
  light: LightFacts;
}

const FACTS = lightFactsSql();
const NAMES = 'c.name AS "companyName", u.name AS "ownerName", t.name AS "teamName"';
const NAMES_JOIN = 'LEFT JOIN companies c ON c.id = p."companyId" LEFT JOIN users u ON u.id = p."ownerId" LEFT JOIN teams t ON t.id = p."teamId"';
/** What a view reads of a project `p` (with NAMES_JOIN; parameters from lightParams): its columns under their own names, the names, the light's facts. */
const VIEW_COLUMNS = `p.*, ${NAMES}, ${FACTS.since} AS "lightSince", ${FACTS.overdueMilestones} AS "overdueMilestones", ${FACTS.oldestOverdueOn} AS "oldestOverdueOn"`;

type Names = { companyName: string | null; ownerName: string | null; teamName: string | null };
type RawRow = Record<string, unknown> & Names & { lightSince: string; overdueMilestones: unknown; oldestOverdueOn: string | null };

const namesOf = (r: Names): ProjectNames => ({ companyName: r.companyName ?? null, ownerName: r.ownerName ?? null, teamName: r.teamName ?? null });

function toRow(em: EntityManager, r: RawRow): ProjectRow {
  const project = rowToEntity(em, Project, r);
  return {
    project,
    names: namesOf(r),
    // COUNT comes back as text on PostgreSQL
    light: { stage: project.stage, since: r.lightSince, overdueMilestones: Number(r.overdueMilestones), oldestOverdueOn: r.oldestOverdueOn ?? null },
  };
}

/** A whole number written into the statement (LIMIT, OFFSET): never text from outside. */
function int(n: number): number {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`expected a whole number, got ${n}`);
  return n;
}

const SORT_COLUMNS = new Set<string>(Object.values(PROJECT_SORT));

/**
 * ORDER BY for a PROJECT_SORT column (`p.signedOn` → `p."signedOn"`), missing
 * values last either way, ties by id `tie` — or, sorting by id itself, in
 * the direction asked for.
 */
function orderSql([column, direction]: ProjectOrder, tie: 'ASC' | 'DESC'): string {
  if (!SORT_COLUMNS.has(column)) throw new Error(`not a project sort column: ${column}`);
  const dir = direction === 'ASC' ? 'ASC' : 'DESC';
  if (column === 'p.id') return `p.id ${dir}`;
  return `p."${column.slice(2)}" ${dir} NULLS LAST, p.id ${tie === 'ASC' ? 'ASC' : 'DESC'}`;
}

/**
 * The WHERE of GET /projects on `p`: the caller's scope and the list filters
 * (date ranges checked by the service), with its named parameters; the 督办灯
 * filter takes lightParams too.
 */
function matching(user: AuthUser, f: ProjectFilter): { where: string; params: Record<string, unknown> } {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  const and = (condition: string, values: Record<string, unknown> = {}) => {
    where.push(condition);
    Object.assign(params, values);
  };
  and(liveProject('p'));
  const scope = scopeCondition(user, 'p');
  if (scope) and(scope.sql, scope.params);
  if (f.stage?.length) and('p.stage IN (:...stages)', { stages: f.stage });
  for (const k of ['industryChain', 'park', 'sourceChannel', 'sourceRegion'] as const) {
    if (f[k]) and(`p."${k}" = :${k}`, { [k]: f[k] });
  }
  for (const k of ['ownerId', 'teamId', 'companyId'] as const) {
    if (f[k] !== undefined) and(`p."${k}" = :${k}`, { [k]: f[k] });
  }
  if (f.isKeyProject !== undefined) and('p."isKeyProject" = :key', { key: f.isKeyProject });
  for (const [name, column] of Object.entries(DATE_RANGES)) {
    const from = f[`${name}From` as keyof ProjectFilter];
    const to = f[`${name}To` as keyof ProjectFilter];
    if (from) and(`p."${column}" >= :${name}From`, { [`${name}From`]: from });
    if (to) and(`p."${column}" <= :${name}To`, { [`${name}To`]: to });
  }
  if (f.q) {
    and(
      `(LOWER(p.name) LIKE :q ESCAPE '\\' OR LOWER(p.code) LIKE :q ESCAPE '\\' OR EXISTS (SELECT 1 FROM companies qc WHERE qc.id = p."companyId" AND LOWER(qc.name) LIKE :q ESCAPE '\\'))`,
      { q: containsPattern(f.q) },
    );
  }
  if (f.light?.length) and(`(${f.light.map(lightSql).join(' OR ')})`);
  return { where: where.join(' AND '), params };
}

/**
 * The projects table: every read and write of it goes through here (the
 * other modules included), so that its SQL lives in one place. Names of the
 * company, owner and team and the open milestone dates are read by SQL, so
 * that projects imports neither the entities nor the modules above it.
 */
@Injectable()
export class ProjectsRepository {
  constructor(@InjectReadDataSource() private readonly ds: DataSource) {}

  findById(id: number, em: EntityManager = this.ds.manager): Promise<Project | null> {
    return em.findOne(Project, { where: { id } });
  }

  /** The project holding this 项目编号, deleted ones included (the unique index keeps theirs too). */
  findByCode(code: string, em: EntityManager = this.ds.manager): Promise<Pick<Project, 'id' | 'name' | 'deletedAt'> | null> {
    return em.findOne(Project, { where: { code }, withDeleted: true, select: { id: true, name: true, deletedAt: true } });
  }

  /**
   * Which of these ids are projects the viewer sees (a list that names
   * projects is checked against it: one outside the scope is not there, as
   * GET /projects/:id answers 404).
   */
  async idsInScope(viewer: Viewer, ids: number[], em: EntityManager = this.ds.manager): Promise<number[]> {
    if (!ids.length) return [];
    const qb = em.getRepository(Project).createQueryBuilder('p').select('p.id', 'id').where('p.id IN (:...ids)', { ids });
    const rows = await whereInScope(qb, viewer, 'p').getRawMany<{ id: number | string }>();
    return rows.map((r) => Number(r.id));
  }

  /**
   * Moves the project's last-activity date forward to `occurredOn`, never
   * back, atomically. It does not touch the version, so logging a visit does
   * not make a colleague's open edit stale.
   */
  async recordActivity(em: EntityManager, projectId: number, occurredOn: string): Promise<void> {
    await em
      .createQueryBuilder()
      .update(Project)
      .set({ lastActivityOn: occurredOn })
      .where('id = :id AND ("lastActivityOn" IS NULL OR "lastActivityOn" < :d)', { id: projectId, d: occurredOn })
      .updateEntity(false)
      .execute();
  }

  /**
   * Sets the project's last-activity date to its latest remaining activity
   * (null when none is left: a registered project has none until the first
   * is logged), after an activity was corrected or removed. One statement,
   * so a concurrent log cannot be lost; like recordActivity it leaves the
   * version alone.
   */
  async recomputeLastActivity(em: EntityManager, projectId: number): Promise<void> {
    await em
      .createQueryBuilder()
      .update(Project)
      .set({ lastActivityOn: () => '(SELECT MAX(a."occurredOn") FROM activities a WHERE a."projectId" = :id)' })
      .where('id = :id', { id: projectId })
      .updateEntity(false)
      .execute();
  }

  /**
   * One page of the projects the filters match in the caller's scope, as
   * their views need them, and how many match in all: one statement (the
   * page's ids and the count by a window over the matching rows, then the
   * names and the light's facts for those ids only). Ties go to the newest.
   */
  async listPage(
    user: AuthUser,
    filter: ProjectFilter,
    cut: LightCutoffs,
    order: ProjectOrder,
    page: { skip: number; take: number },
    em: EntityManager = this.ds.manager,
  ): Promise<{ rows: ProjectRow[]; total: number }> {
    const m = matching(user, filter);
    const by = orderSql(order, 'DESC');
    const raw = await sql<RawRow & { total: unknown }>(
      em,
      `SELECT ${VIEW_COLUMNS}, pick.total
         FROM (SELECT p.id, COUNT(*) OVER () AS total FROM projects p WHERE ${m.where} ORDER BY ${by} LIMIT ${int(page.take)} OFFSET ${int(page.skip)}) pick
         JOIN projects p ON p.id = pick.id ${NAMES_JOIN}
        ORDER BY ${by}`,
      { ...m.params, ...lightParams(cut) },
    );
    // Past the last page there is no row to carry the count.
    const total = raw.length ? Number(raw[0].total) : page.skip === 0 ? 0 : await this.countMatching(user, filter, cut, em);
    return { rows: raw.map((r) => toRow(em, r)), total };
  }

  /** How many projects the filters match in the caller's scope. */
  async countMatching(user: AuthUser, filter: ProjectFilter, cut: LightCutoffs, em: EntityManager = this.ds.manager): Promise<number> {
    const m = matching(user, filter);
    const [r] = await sql<{ n: unknown }>(em, `SELECT COUNT(*) AS n FROM projects p WHERE ${m.where}`, { ...m.params, ...lightParams(cut) });
    return Number(r?.n ?? 0);
  }

  /**
   * The next `take` projects the filters match in the caller's scope after
   * the project `afterId` (null: from the start) in id order, as their views
   * need them: a long list read page by page without an OFFSET.
   */
  async listAfter(
    user: AuthUser,
    filter: ProjectFilter,
    cut: LightCutoffs,
    direction: 'ASC' | 'DESC',
    afterId: number | null,
    take: number,
    em: EntityManager = this.ds.manager,
  ): Promise<ProjectRow[]> {
    const m = matching(user, filter);
    const after = afterId === null ? '' : ` AND p.id ${direction === 'ASC' ? '>' : '<'} :afterId`;
    const raw = await sql<RawRow>(
      em,
      `SELECT ${VIEW_COLUMNS} FROM projects p ${NAMES_JOIN} WHERE ${m.where}${after} ORDER BY p.id ${direction} LIMIT ${int(take)}`,
      { ...m.params, ...lightParams(cut), afterId },
    );
    return raw.map((r) => toRow(em, r));
  }

  /** The ids of every project the filters match in the caller's scope, in `order`; ties by id in the same direction. */
  async matchingIds(user: AuthUser, filter: ProjectFilter, cut: LightCutoffs, order: ProjectOrder, em: EntityManager = this.ds.manager): Promise<number[]> {
    const m = matching(user, filter);
    const rows = await sql<{ id: unknown }>(em, `SELECT p.id FROM projects p WHERE ${m.where} ORDER BY ${orderSql(order, order[1])}`, {
      ...m.params,
      ...lightParams(cut),
    });
    return rows.map((r) => Number(r.id));
  }

  /** These projects as their views need them, in the order of `ids` (any number; the missing and the deleted are left out). */
  async rowsByIds(ids: readonly number[], cut: LightCutoffs, em: EntityManager = this.ds.manager): Promise<ProjectRow[]> {
    const byId = new Map<number, ProjectRow>();
    for (const part of inChunks(ids)) {
      const raw = await sql<RawRow>(em, `SELECT ${VIEW_COLUMNS} FROM projects p ${NAMES_JOIN} WHERE p.id IN (:...ids) AND ${liveProject('p')}`, { ids: part, ...lightParams(cut) });
      for (const r of raw) {
        const row = toRow(em, r);
        byId.set(row.project.id, row);
      }
    }
    return ids.map((id) => byId.get(id)).filter((r): r is ProjectRow => r !== undefined);
  }

  /**
   * A project as its page needs it, in one statement: its view's row, and
   * whether its latest standing move can be reverted. Null when there is no
   * such project, or it was deleted (scope is the caller's to check).
   */
  async detailRow(id: number, cut: LightCutoffs, em: EntityManager = this.ds.manager): Promise<(ProjectRow & { revertible: boolean }) | null> {
    const [r] = await sql<RawRow & { revertible: unknown }>(
      em,
      `SELECT ${VIEW_COLUMNS}, ${revertibleSql('p.id')} AS revertible FROM projects p ${NAMES_JOIN} WHERE p.id = :id AND ${liveProject('p')}`,
      { id, ...lightParams(cut) },
    );
    return r ? { ...toRow(em, r), revertible: Number(r.revertible) === 1 } : null;
  }

  /** The company, owner and team names of these projects, by project id. */
  async namesOf(ids: number[], em: EntityManager = this.ds.manager): Promise<Map<number, ProjectNames>> {
    if (!ids.length) return new Map();
    const rows = await sql<{ id: number; companyName: string | null; ownerName: string | null; teamName: string | null }>(
      em,
      `SELECT p.id, ${NAMES} FROM projects p ${NAMES_JOIN} WHERE p.id IN (:...ids)`,
      { ids },
    );
    return new Map(rows.map((r) => [Number(r.id), namesOf(r)]));
  }

  /** The projects with these ids that exist and are not deleted, by id (any number of ids). */
  async byIds(ids: readonly number[], em: EntityManager = this.ds.manager): Promise<Map<number, Project>> {
    const out = new Map<number, Project>();
    for (const part of inChunks(ids)) for (const p of await em.find(Project, { where: { id: In(part) } })) out.set(p.id, p);
    return out;
  }

  /** The ids of a company's projects, deleted ones included (they move with a merge, for the audit). */
  async idsOfCompany(companyId: number, em: EntityManager = this.ds.manager): Promise<number[]> {
    const rows = await sql<{ id: unknown }>(em, 'SELECT p.id FROM projects p WHERE p."companyId" = :companyId ORDER BY p.id', { companyId });
    return rows.map((r) => Number(r.id));
  }

  /** How many of a company's projects (not deleted) the viewer does not see. */
  async countOutsideScope(viewer: Viewer, companyId: number, em: EntityManager = this.ds.manager): Promise<number> {
    const scope = scopeCondition(viewer, 'p');
    if (!scope) return 0;
    const [r] = await sql<{ n: unknown }>(
      em,
      `SELECT COUNT(*) AS n FROM projects p WHERE p."companyId" = :companyId AND ${liveProject('p')} AND NOT ${scope.sql}`,
      { companyId, ...scope.params },
    );
    return Number(r?.n ?? 0);
  }

  /**
   * Moves every project of one company (deleted ones too) to another, each a
   * new version: an edit opened before the merge is refused (409) rather than
   * shown with the old investor.
   */
  async moveToCompany(em: EntityManager, fromCompanyId: number, toCompanyId: number): Promise<void> {
    await sql(em, 'UPDATE projects SET "companyId" = :to, version = version + 1, "updatedAt" = CURRENT_TIMESTAMP WHERE "companyId" = :from', { from: fromCompanyId, to: toCompanyId });
  }

  /** Inserts a new project; returns it with its id. */
  insert(em: EntityManager, values: Partial<Project>): Promise<Project> {
    return em.save(em.create(Project, values));
  }

  /**
   * Writes `values` if the project is still at `version` (409 otherwise);
   * returns the new version.
   */
  updateIfVersion(em: EntityManager, id: number, version: number, values: QueryDeepPartialEntity<Project>): Promise<number> {
    return compareAndSet(em, Project, '项目', id, version, values);
  }
}
