import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService, diff } from '../audit/audit.service';
import type { AuthUser } from '../core/auth/auth-user';
import { Clock } from '../core/clock';
import { UnitOfWork } from '../core/database/unit-of-work';
import { inScope } from '../core/auth/scope';
import { isUniqueViolation } from '../core/database/db-errors';
import { assertCurrentVersion, badInput, checks, conflict, notFound, type Problem, staleVersion } from '../core/errors';
import { paging, sorting } from '../core/http/list';
import { assertCanLogActivity } from '../projects/project-access';
import { ProjectsRepository } from '../projects/projects.repository';
import { ProjectsService } from '../projects/projects.service';
import { UsersRepository } from '../users/users.repository';
import type { ActivityQuery, CreateActivityDto, UpdateActivityDto } from './activities.dto';
import { ACTIVITY_SORT_COLUMNS, ActivitiesRepository } from './activities.repository';
import { assertCanCorrectActivity } from './activity-access';
import type { Activity } from './activity.entity';
import { type ActivityReaderView, type ActivityView, forReader, toActivityView } from './activity.view';

/** What is wrong with an activity as entered (empty: nothing); `today` is the business date now. */
export function activityProblems(dto: Omit<CreateActivityDto, 'clientKey'>, today: string): Problem[] {
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
    const { rows, total, guests } = await this.activities.listInScope(
      user,
      { kinds: q.kind, from: q.from, to: q.to, createdById: q.userId, projectId: q.projectId, teamId: q.teamId, leaderLed: q.leaderLed },
      { skip, take: pageSize, order },
    );
    const names = await this.users.namesByIds([...new Set(rows.map((r) => r.activity.createdById))]);
    const items = rows.map((r) => forReader(toActivityView(r.activity, r.projectName, names.get(r.activity.createdById) ?? null), user));
    return { items, total, page, pageSize, guests };
  }

  async listForProject(user: AuthUser, projectId: number, q: ActivityQuery) {
    await this.projects.findInScope(user, projectId);
    return this.list(user, { ...q, projectId });
  }

  /**
   * Logs an activity and moves the project's last-activity date forward in
   * the same transaction. With a `clientKey`, a second POST of the same
   * author with that key (a retry) answers the activity already logged
   * instead of logging it again: looked up first, and the unique index
   * (author, key) settles two that race (the loser reads the winner's).
   */
  async create(user: AuthUser, projectId: number, dto: CreateActivityDto): Promise<ActivityReaderView> {
    const problems = activityProblems(dto, this.clock.today());
    if (problems.length) throw badInput(problems);
    const key = dto.clientKey ?? null;

    let outcome: { view: ActivityView } | { prior: Activity };
    try {
      outcome = await this.uow.run(async (em) => {
        const p = await this.projects.findWritable(user, projectId, { may: assertCanLogActivity }, em);
        const prior = key === null ? null : await this.activities.findByClientKey(user.id, key, em);
        if (prior) return { prior };
        const a = await this.activities.insert(em, {
          projectId, kind: dto.kind, occurredOn: dto.occurredOn, summary: dto.summary, participants: dto.participants ?? null,
          location: dto.location ?? null, guestCount: dto.guestCount ?? null, leaderLed: dto.leaderLed ?? false,
          leaderName: dto.leaderName ?? null, nextFollowUpOn: dto.nextFollowUpOn ?? null, createdById: user.id, clientKey: key,
        });
        await this.projectRows.recordActivity(em, projectId, dto.occurredOn);
        // The caller is the author: the guard read their name from the users table for this request.
        const view = toActivityView(a, p.name, user.name);
        await this.audit.record(em, { entity: 'project', entityId: projectId, action: 'activity.create', actorId: user.id, after: { ...view } });
        return { view };
      });
    } catch (err) {
      // A concurrent POST with the same key committed first (PostgreSQL): answer its activity.
      const prior = key !== null && isUniqueViolation(err) ? await this.activities.findByClientKey(user.id, key) : null;
      if (!prior) throw err;
      outcome = { prior };
    }
    if ('view' in outcome) return forReader(outcome.view, user);
    return this.replay(user, projectId, outcome.prior);
  }

  /** The activity a retried POST answers: the one logged with its key, on the same project. */
  private async replay(user: AuthUser, projectId: number, prior: Activity): Promise<ActivityReaderView> {
    if (prior.projectId !== projectId) {
      throw conflict('client_key_reused', `幂等键已用于另一项目的跟进记录（编号 ${prior.id}），请为新的跟进使用新的键`, {}, [
        { field: 'clientKey', code: 'client_key_reused', message: '该幂等键已用于另一项目的跟进记录' },
      ]);
    }
    const p = await this.projects.findInScope(user, projectId);
    return forReader(toActivityView(prior, p.name, user.name), user);
  }

  /**
   * Corrects an activity: its author, or a manager or admin who sees the
   * project. The project's last-activity date (and with it the reminders and
   * the 督办灯) follows the activities that remain. Nothing changed: no new
   * version, no audit row.
   */
  async update(user: AuthUser, id: number, dto: UpdateActivityDto): Promise<ActivityReaderView> {
    const { version, ...sent } = dto;
    // Only the fields sent: an absent one keeps its value, null clears it.
    const changes = Object.fromEntries(Object.entries(sent).filter(([, v]) => v !== undefined)) as Omit<UpdateActivityDto, 'version'>;
    const view = await this.uow.run(async (em) => {
      const { a, projectName } = await this.correctable(user, id, em);
      assertCurrentVersion('跟进记录', version, a.version);
      const merged = { ...a, ...changes };
      const problems = activityProblems(merged, this.clock.today());
      if (problems.length) throw badInput(problems);
      const names = await this.users.namesByIds([a.createdById], em);
      const authorName = names.get(a.createdById) ?? null;
      const before = toActivityView(a, projectName, authorName);
      const { before: was, after: now } = diff(before, toActivityView({ ...merged, version: a.version }, projectName, authorName));
      if (!Object.keys(now).length) return before;
      await this.activities.updateIfVersion(em, id, a.version, {
        kind: merged.kind, occurredOn: merged.occurredOn, summary: merged.summary, participants: merged.participants ?? null,
        location: merged.location ?? null, guestCount: merged.guestCount ?? null, leaderLed: merged.leaderLed,
        leaderName: merged.leaderName ?? null, nextFollowUpOn: merged.nextFollowUpOn ?? null,
      });
      if (was.occurredOn !== undefined) await this.projectRows.recomputeLastActivity(em, a.projectId);
      const after = toActivityView((await this.activities.findById(id, em))!, projectName, authorName);
      // The activity's id with what changed: the project's trail says which follow-up was corrected.
      await this.audit.record(em, {
        entity: 'project', entityId: a.projectId, action: 'activity.update', actorId: user.id,
        before: { id, ...was }, after: { id, ...now, version: after.version },
      });
      return after;
    });
    return forReader(view, user);
  }

  /** Removes an activity (same rights as correcting it); the project's last-activity date falls back to the latest that remains. */
  async remove(user: AuthUser, id: number, version?: number): Promise<void> {
    await this.uow.run(async (em) => {
      const { a, projectName } = await this.correctable(user, id, em);
      assertCurrentVersion('跟进记录', version, a.version);
      if (!(await this.activities.deleteIfVersion(em, id, a.version))) throw staleVersion('跟进记录', version ?? a.version, null);
      await this.projectRows.recomputeLastActivity(em, a.projectId);
      const names = await this.users.namesByIds([a.createdById], em);
      await this.audit.record(em, {
        entity: 'project', entityId: a.projectId, action: 'activity.delete', actorId: user.id,
        before: toActivityView(a, projectName, names.get(a.createdById) ?? null), after: null,
      });
    });
  }

  /** The activity the caller is about to correct: on a project he sees (else 404 for the activity), his to correct (else 403). */
  private async correctable(user: AuthUser, id: number, em: EntityManager): Promise<{ a: Activity; projectName: string }> {
    const a = await this.activities.findById(id, em);
    const p = a ? await this.projectRows.findById(a.projectId, em) : null;
    if (!a || !p || !inScope(user, p)) throw notFound('跟进记录', id);
    assertCanCorrectActivity(user, a);
    return { a, projectName: p.name };
  }
}
