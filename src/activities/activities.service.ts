import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../core/auth/auth-user';
import { whereInScope } from '../core/auth/scope';
import { Clock } from '../core/clock';
import { UnitOfWork } from '../core/database/unit-of-work';
import { badField, badInput, checks, type Problem } from '../core/errors';
import { paging, sorting } from '../core/http/list';
import { assertCanLogActivity } from '../projects/project-access';
import { Project } from '../projects/project.entity';
import { ProjectsService } from '../projects/projects.service';
import { User } from '../users/user.entity';
import type { ActivityQuery, CreateActivityDto } from './activities.dto';
import { Activity, ACTIVITY_KIND_LABELS } from './activity.entity';

@Injectable()
export class ActivitiesService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly projects: ProjectsService,
    private readonly clock: Clock,
  ) {}

  /** Activities across the caller's scope: by kind, date range, who logged them, leaderLed. */
  async list(user: AuthUser, q: ActivityQuery) {
    if (q.from && q.to && q.from > q.to) throw badField('to', 'range_reversed', `结束日期（${q.to}）不能早于开始日期（${q.from}）`);
    const { page, pageSize, skip } = paging(q);
    const [col, dir] = sorting(q.sort, { occurredOn: 'a.occurredOn', createdAt: 'a.createdAt', id: 'a.id' }, ['a.occurredOn', 'DESC']);
    const qb = this.ds.getRepository(Activity).createQueryBuilder('a').innerJoin(Project, 'p', 'p.id = a."projectId"');
    whereInScope(qb, user, 'p');
    if (q.kind?.length) qb.andWhere('a.kind IN (:...kinds)', { kinds: q.kind });
    if (q.from) qb.andWhere('a."occurredOn" >= :from', { from: q.from });
    if (q.to) qb.andWhere('a."occurredOn" <= :to', { to: q.to });
    if (q.userId !== undefined) qb.andWhere('a."createdById" = :uid', { uid: q.userId });
    if (q.projectId !== undefined) qb.andWhere('a."projectId" = :pid', { pid: q.projectId });
    if (q.teamId !== undefined) qb.andWhere('p."teamId" = :tid', { tid: q.teamId });
    if (q.leaderLed !== undefined) qb.andWhere('a."leaderLed" = :ll', { ll: q.leaderLed });
    const [rows, total] = await qb.orderBy(col, dir).addOrderBy('a.id', 'DESC').skip(skip).take(pageSize).getManyAndCount();
    return { items: await this.views(rows), total, page, pageSize };
  }

  async listForProject(user: AuthUser, projectId: number, q: ActivityQuery) {
    await this.projects.findInScope(user, projectId);
    return this.list(user, { ...q, projectId });
  }

  /** Logs an activity and moves the project's last-activity date forward in the same transaction. */
  create(user: AuthUser, projectId: number, dto: CreateActivityDto) {
    const today = this.clock.today();
    const problems: Problem[] = [];
    const future = checks.notInFuture('occurredOn', '发生日期', dto.occurredOn, today);
    if (future) problems.push(future);
    if (dto.kind === 'reception' && (dto.guestCount === undefined || dto.guestCount === null)) {
      problems.push({ field: 'guestCount', code: 'required', message: '来访接待须填写客商人次' });
    }
    if (dto.kind !== 'reception' && dto.guestCount != null) problems.push({ field: 'guestCount', code: 'not_applicable', message: '只有来访接待填写客商人次' });
    if (dto.leaderLed && !dto.leaderName) problems.push({ field: 'leaderName', code: 'required', message: '领导带队时须填写带队领导' });
    if (dto.nextFollowUpOn && dto.nextFollowUpOn < dto.occurredOn) {
      problems.push({ field: 'nextFollowUpOn', code: 'before_occurred', message: `下次跟进日期（${dto.nextFollowUpOn}）不能早于发生日期（${dto.occurredOn}）` });
    }
    if (problems.length) throw badInput(problems);

    return this.uow.run(async (em) => {
      const p = await this.projects.findInScope(user, projectId, em);
      assertCanLogActivity(user, p);
      const a = await em.save(em.create(Activity, {
        projectId, kind: dto.kind, occurredOn: dto.occurredOn, summary: dto.summary, participants: dto.participants ?? null,
        location: dto.location ?? null, guestCount: dto.guestCount ?? null, leaderLed: dto.leaderLed ?? false,
        leaderName: dto.leaderName ?? null, nextFollowUpOn: dto.nextFollowUpOn ?? null, createdById: user.id,
      }));
      // Atomic: never moves the date backwards, and does not touch the project's version,
      // so logging a visit does not make a colleague's open edit stale.
      await em
        .createQueryBuilder()
        .update(Project)
        .set({ lastActivityOn: dto.occurredOn })
        .where('id = :id AND ("lastActivityOn" IS NULL OR "lastActivityOn" < :d)', { id: projectId, d: dto.occurredOn })
        .updateEntity(false)
        .execute();
      const [view] = await this.views([a], em);
      await this.audit.record(em, { entity: 'project', entityId: projectId, action: 'activity.create', actorId: user.id, after: { ...view } });
      return view;
    });
  }

  private async views(rows: Activity[], em: EntityManager = this.ds.manager) {
    const ids = [...new Set(rows.map((r) => r.createdById))];
    const pids = [...new Set(rows.map((r) => r.projectId))];
    const who = ids.length ? await em.find(User, { where: { id: In(ids) } }) : [];
    const projects = pids.length ? await em.find(Project, { where: { id: In(pids) } }) : [];
    return rows.map((a) => ({
      id: a.id, projectId: a.projectId, projectName: projects.find((p) => p.id === a.projectId)?.name ?? null,
      kind: a.kind, kindLabel: ACTIVITY_KIND_LABELS[a.kind], occurredOn: a.occurredOn, summary: a.summary,
      participants: a.participants, location: a.location, guestCount: a.guestCount, leaderLed: a.leaderLed,
      leaderName: a.leaderName, nextFollowUpOn: a.nextFollowUpOn, createdById: a.createdById,
      createdByName: who.find((u) => u.id === a.createdById)?.name ?? null, createdAt: a.createdAt,
    }));
  }
}
