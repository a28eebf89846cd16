import { Injectable } from '@nestjs/common';
import { InjectReadDataSource } from '../core/database/read-data-source';
import { DataSource, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import type { AuthUser } from '../core/auth/auth-user';
import { type Viewer, whereInScope } from '../core/auth/scope';
import { compareAndSet } from '../core/database/compare-and-set';
import { sql } from '../core/database/dialect';
import { containsPattern } from '../core/http/like';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { Project } from './project.entity';
import type { ProjectNames } from './project.view';
import type { ProjectQuery } from './projects.dto';
import { type LightCutoffs, lightParams, lightSql } from './supervision';

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

  /** One page of the projects the filters match in the caller's scope, and how many match in all. */
  async listPage(
    user: AuthUser,
    filter: ProjectFilter,
    cut: LightCutoffs,
    order: ProjectOrder,
    page: { skip: number; take: number },
    em: EntityManager = this.ds.manager,
  ): Promise<{ rows: Project[]; total: number }> {
    const [rows, total] = await this.filtered(user, filter, cut, em)
      .orderBy(order[0], order[1], 'NULLS LAST')
      .addOrderBy('p.id', 'DESC')
      .skip(page.skip)
      .take(page.take)
      .getManyAndCount();
    return { rows, total };
  }

  /** Every project the filters match in the caller's scope, without paging; ties by id in the same direction. */
  listAll(user: AuthUser, filter: ProjectFilter, cut: LightCutoffs, order: ProjectOrder, em: EntityManager = this.ds.manager): Promise<Project[]> {
    return this.filtered(user, filter, cut, em).orderBy(order[0], order[1], 'NULLS LAST').addOrderBy('p.id', order[1]).getMany();
  }

  /** The query of GET /projects: the caller's scope and the list filters (date ranges checked by the service). */
  private filtered(user: AuthUser, f: ProjectFilter, cut: LightCutoffs, em: EntityManager): SelectQueryBuilder<Project> {
    const qb = whereInScope(em.getRepository(Project).createQueryBuilder('p'), user, 'p');
    if (f.stage?.length) qb.andWhere('p.stage IN (:...stages)', { stages: f.stage });
    for (const k of ['industryChain', 'park', 'sourceChannel', 'sourceRegion'] as const) {
      if (f[k]) qb.andWhere(`p."${k}" = :${k}`, { [k]: f[k] });
    }
    for (const k of ['ownerId', 'teamId', 'companyId'] as const) {
      if (f[k] !== undefined) qb.andWhere(`p."${k}" = :${k}`, { [k]: f[k] });
    }
    if (f.isKeyProject !== undefined) qb.andWhere('p."isKeyProject" = :key', { key: f.isKeyProject });
    for (const [name, column] of Object.entries(DATE_RANGES)) {
      const from = f[`${name}From` as keyof ProjectFilter];
      const to = f[`${name}To` as keyof ProjectFilter];
      if (from) qb.andWhere(`p."${column}" >= :${name}From`, { [`${name}From`]: from });
      if (to) qb.andWhere(`p."${column}" <= :${name}To`, { [`${name}To`]: to });
    }
    if (f.q) {
      qb.andWhere(
        `(LOWER(p.name) LIKE :q ESCAPE '\\' OR EXISTS (SELECT 1 FROM companies c WHERE c.id = p."companyId" AND LOWER(c.name) LIKE :q ESCAPE '\\'))`,
        { q: containsPattern(f.q) },
      );
    }
    if (f.light?.length) qb.andWhere(`(${f.light.map(lightSql).join(' OR ')})`, lightParams(cut));
    return qb;
  }

  /** The company, owner and team names of these projects, by project id. */
  async namesOf(ids: number[], em: EntityManager = this.ds.manager): Promise<Map<number, ProjectNames>> {
    if (!ids.length) return new Map();
    const rows = await sql<{ id: number; companyName: string | null; ownerName: string | null; teamName: string | null }>(
      em,
      `SELECT p.id, c.name AS "companyName", u.name AS "ownerName", t.name AS "teamName"
         FROM projects p
         LEFT JOIN companies c ON c.id = p."companyId"
         LEFT JOIN users u ON u.id = p."ownerId"
         LEFT JOIN teams t ON t.id = p."teamId"
        WHERE p.id IN (:...ids)`,
      { ids },
    );
    return new Map(rows.map((r) => [Number(r.id), { companyName: r.companyName, ownerName: r.ownerName, teamName: r.teamName }]));
  }

  /** Planned dates of the milestones not yet completed, by project id (for the 督办灯). */
  async openMilestoneDates(ids: number[], em: EntityManager = this.ds.manager): Promise<Map<number, string[]>> {
    const out = new Map<number, string[]>(ids.map((id) => [id, []]));
    if (!ids.length) return out;
    const rows = await sql<{ projectId: number; plannedOn: string }>(
      em,
      'SELECT "projectId", "plannedOn" FROM milestones WHERE "projectId" IN (:...ids) AND "completedOn" IS NULL ORDER BY id',
      { ids },
    );
    for (const r of rows) out.get(Number(r.projectId))?.push(r.plannedOn);
    return out;
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
