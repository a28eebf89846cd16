import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../core/auth/auth-user';
import { Clock } from '../core/clock';
import { UnitOfWork } from '../core/database/unit-of-work';
import { badInput, checks, type Problem } from '../core/errors';
import { paging, sorting } from '../core/http/list';
import { assertCanLogActivity } from '../projects/project-access';
import { ProjectsRepository } from '../projects/projects.repository';
import { ProjectsService } from '../projects/projects.service';
import { UsersRepository } from '../users/users.repository';
import type { ActivityQuery, CreateActivityDto } from './activities.dto';
import { ACTIVITY_SORT_COLUMNS, ActivitiesRepository } from './activities.repository';
import { type ActivityView, toActivityView } from './activity.view';

/** What is wrong with an activity as entered (empty: nothing); `today` is the business date now. */
export function activityProblems(dto: CreateActivityDto, today: string): Problem[] {
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
  return problems;
}

@Injectable()
export class ActivitiesService {
  constructor(
    private readonly activities: ActivitiesRepository,
    private readonly users: UsersRepository,
    private readonly projects: ProjectsService,
    private readonly projectRows: ProjectsRepository,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Activities across the caller's scope: by kind, date range, who logged them, leaderLed. */
  async list(user: AuthUser, q: ActivityQuery) {
    const reversed = checks.rangeOrder('to', '发生日期', q.from, q.to);
    if (reversed) throw badInput([reversed]);
    const { page, pageSize, skip } = paging(q);
    const order = sorting(q.sort, ACTIVITY_SORT_COLUMNS, ['a.occurredOn', 'DESC']);
    const { rows, total } = await this.activities.listInScope(
      user,
      { kinds: q.kind, from: q.from, to: q.to, createdById: q.userId, projectId: q.projectId, teamId: q.teamId, leaderLed: q.leaderLed },
      { skip, take: pageSize, order },
    );
    const names = await this.users.namesByIds([...new Set(rows.map((r) => r.activity.createdById))]);
    const items = rows.map((r) => toActivityView(r.activity, r.projectName, names.get(r.activity.createdById) ?? null));
    return { items, total, page, pageSize };
  }

  async listForProject(user: AuthUser, projectId: number, q: ActivityQuery) {
    await this.projects.findInScope(user, projectId);
    return this.list(user, { ...q, projectId });
  }

  /** Logs an activity and moves the project's last-activity date forward in the same transaction. */
  create(user: AuthUser, projectId: number, dto: CreateActivityDto): Promise<ActivityView> {
    const problems = activityProblems(dto, this.clock.today());
    if (problems.length) throw badInput(problems);

    return this.uow.run(async (em) => {
      const p = await this.projects.findWritable(user, projectId, { may: assertCanLogActivity }, em);
      const a = await this.activities.insert(em, {
        projectId, kind: dto.kind, occurredOn: dto.occurredOn, summary: dto.summary, participants: dto.participants ?? null,
        location: dto.location ?? null, guestCount: dto.guestCount ?? null, leaderLed: dto.leaderLed ?? false,
        leaderName: dto.leaderName ?? null, nextFollowUpOn: dto.nextFollowUpOn ?? null, createdById: user.id,
      });
      await this.projectRows.recordActivity(em, projectId, dto.occurredOn);
      // The caller is the author: the guard read their name from the users table for this request.
      const view = toActivityView(a, p.name, user.name);
      await this.audit.record(em, { entity: 'project', entityId: projectId, action: 'activity.create', actorId: user.id, after: { ...view } });
      return view;
    });
  }
}
