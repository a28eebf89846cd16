import { Injectable } from '@nestjs/common';
import { InjectReadDataSource } from '../core/database/read-data-source';
import { DataSource, type EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { compareAndSet } from '../core/database/compare-and-set';
import type { AuthUser } from '../core/auth/auth-user';
import { scopeCondition } from '../core/auth/scope';
import { Activity, type ActivityKind } from './activity.entity';
import { liveProject, onLiveProject } from '../projects/live-projects';

/** The fields a list may be sorted by, and the column each means. */
export const ACTIVITY_SORT_COLUMNS = { occurredOn: 'a.occurredOn', createdAt: 'a.createdAt', id: 'a.id' };

/** What the activity list may be narrowed to; every filter is optional. */
export interface ActivityFilter {
  kinds?: ActivityKind[];
  from?: string;
  to?: string;
  createdById?: number;
  projectId?: number;
  /** the project's team */
  teamId?: number;
  leaderLed?: boolean;
}

export interface ActivityPage {
  skip: number;
  take: number;
  order: [column: string, direction: 'ASC' | 'DESC'];
}

/** An activity with the name of its project (read in the same join that decides the scope). */
export interface ActivityRow {
  activity: Activity;
  projectName: string | null;
}

export type NewActivity = Omit<Activity, 'id' | 'createdAt' | 'version'>;

/** The activities table: every read and write of it. */
@Injectable()
export class ActivitiesRepository {
  constructor(@InjectReadDataSource() private readonly ds: DataSource) {}

  /**
   * One page of the activities on projects the user may see, newest first by
   * default, and how many match in all. The project is joined for its name,
   * and as a condition only when the scope rule or the team filter needs it:
   * every activity has its project (a foreign key), and counting a district's
   * million activities through the join took most of a second. The count is
   * COUNT(*) (one project per activity: the DISTINCT count TypeORM sends is
   * the same, and made SQLite sort every id), and not read at all when the
   * page itself tells it.
   */
  async listInScope(user: AuthUser, f: ActivityFilter, page: ActivityPage, em: EntityManager = this.ds.manager): Promise<{ rows: ActivityRow[]; total: number; guests: number }> {
    const scope = scopeCondition(user, 'p');
    const onProject = scope !== null || f.teamId !== undefined;
    const qb = em.getRepository(Activity).createQueryBuilder('a');
    if (onProject) qb.innerJoin('projects', 'p', 'p.id = a."projectId"');
    if (scope) qb.andWhere(scope.sql, scope.params);
    // A deleted project's follow-ups go with it (projects/live-projects.ts).
    qb.andWhere(onProject ? liveProject('p') : onLiveProject('a."projectId"'));
    if (f.kinds?.length) qb.andWhere('a.kind IN (:...kinds)', { kinds: f.kinds });
    if (f.from) qb.andWhere('a."occurredOn" >= :from', { from: f.from });
    if (f.to) qb.andWhere('a."occurredOn" <= :to', { to: f.to });
    if (f.createdById !== undefined) qb.andWhere('a."createdById" = :uid', { uid: f.createdById });
    if (f.projectId !== undefined) qb.andWhere('a."projectId" = :pid', { pid: f.projectId });
    if (f.teamId !== undefined) qb.andWhere('p."teamId" = :tid', { tid: f.teamId });
    if (f.leaderLed !== undefined) qb.andWhere('a."leaderLed" = :ll', { ll: f.leaderLed });
    // 客商人次 of every match: only receptions carry a guest count, as the summary's figure reads it.
    const count = qb.clone().select('COUNT(*)', 'n').addSelect('SUM(COALESCE(a."guestCount", 0))', 'guests');
    // Without a condition on it the project is a LEFT JOIN for its name: the activities stay the outer loop.
    if (!onProject) qb.leftJoin('projects', 'p', 'p.id = a."projectId"');
    qb.addSelect('p.name', 'projectName');
    // One project per activity: the join cannot repeat a row, so plain OFFSET/LIMIT pages it.
    qb.orderBy(page.order[0], page.order[1]);
    // The later id breaks ties; not when sorting by id itself (the same key would replace the caller's direction).
    if (page.order[0] !== 'a.id') qb.addOrderBy('a.id', 'DESC');
    const { entities, raw } = await qb
      .offset(page.skip)
      .limit(page.take)
      .getRawAndEntities<{ a_id: number; projectName: string | null }>();
    const names = new Map(raw.map((r) => [Number(r.a_id), r.projectName]));
    const rows = entities.map((activity) => ({ activity, projectName: names.get(activity.id) ?? null }));
    // A page that holds the whole list (short of full, from the start) tells the total and the guests itself.
    if (page.skip === 0 && rows.length < page.take) {
      return { rows, total: rows.length, guests: rows.reduce((a, r) => a + (r.activity.guestCount ?? 0), 0) };
    }
    const sums = await count.getRawOne<{ n: unknown; guests: unknown }>();
    return { rows, total: Number(sums?.n ?? 0), guests: Number(sums?.guests ?? 0) };
  }

  /** Saves a new activity; the answer has its id and creation time. */
  insert(em: EntityManager, a: NewActivity): Promise<Activity> {
    return em.save(em.create(Activity, a));
  }

  findById(id: number, em: EntityManager = this.ds.manager): Promise<Activity | null> {
    return em.findOne(Activity, { where: { id } });
  }

  /** The activity this author already logged with this idempotency key, if any. */
  findByClientKey(createdById: number, clientKey: string, em: EntityManager = this.ds.manager): Promise<Activity | null> {
    return em.findOne(Activity, { where: { createdById, clientKey } });
  }

  /** Writes `values` if the activity is still at `version` (409 otherwise); returns the new version. */
  updateIfVersion(em: EntityManager, id: number, version: number, values: QueryDeepPartialEntity<Activity>): Promise<number> {
    return compareAndSet(em, Activity, '跟进记录', id, version, values);
  }

  /** Removes the activity if it is still at `version`; false when it was changed or removed meanwhile. */
  async deleteIfVersion(em: EntityManager, id: number, version: number): Promise<boolean> {
    const res = await em.createQueryBuilder().delete().from(Activity).where('id = :id AND "version" = :v', { id, v: version }).execute();
    return res.affected === 1;
  }
}
