import type { EntityManager } from 'typeorm';
import type { AuditEntry } from '../../audit/audit.service';
import type { AuthUser } from '../../core/auth/auth-user';
import { FixedClock } from '../../core/clock';
import type { Project } from '../../projects/project.entity';
import type { ProjectsRepository } from '../../projects/projects.repository';
import type { UsersRepository } from '../../users/users.repository';
import type { CreateActivityDto } from '../activities.dto';
import type { ActivitiesRepository, NewActivity } from '../activities.repository';
import { immediateUnitOfWork, projectAccess, recordingAudit, refusal } from '../../../test/helpers/unit';
import { ActivitiesService } from '../activities.service';

const TODAY = '2026-06-15';
const officer: AuthUser = { id: 5, email: 'officer@test.local', name: '刘专员', role: 'officer', dataScope: 'team', teamId: 7 };

/** The service over fakes that remember what was written. */
function setup() {
  const em = {} as EntityManager;
  const written = { activities: [] as NewActivity[], lastActivity: [] as { projectId: number; occurredOn: string }[], audit: [] as AuditEntry[] };
  const activities: Pick<ActivitiesRepository, 'insert' | 'listInScope'> = {
    insert: async (_em, a) => {
      written.activities.push(a);
      return { ...a, id: written.activities.length, version: 1, createdAt: new Date('2026-06-15T02:00:00Z') };
    },
    listInScope: async () => ({ rows: [], total: 0, guests: 0 }),
  };
  const users: Pick<UsersRepository, 'namesByIds'> = { namesByIds: async () => new Map() };
  // Every project is team 7's, owned by someone else than the officer.
  const projects = projectAccess((id) => ({ id, name: '储能电池项目', ownerId: 9, teamId: 7 }) as Project);
  const projectRows: Pick<ProjectsRepository, 'recordActivity'> = {
    recordActivity: async (_em, projectId, occurredOn) => {
      written.lastActivity.push({ projectId, occurredOn });
    },
  };
  const service = new ActivitiesService(
    activities as ActivitiesRepository, users as UsersRepository, projects, projectRows as ProjectsRepository,
    immediateUnitOfWork(em), recordingAudit(written.audit), new FixedClock('2026-06-15T02:00:00Z'),
  );
  return { service, written };
}

const visit = (over: Partial<CreateActivityDto> = {}): CreateActivityDto => ({ kind: 'visit_out', occurredOn: '2026-06-10', summary: '拜访', ...over });

/** The fields a refusal names (fails the test if the call succeeds or fails otherwise). */
async function refusedFields(call: () => Promise<unknown>): Promise<string[]> {
  return ((await refusal(call)).details ?? []).map((d) => `${d.field}:${d.code}`);
}

describe(ActivitiesService.name, () => {
  it('refuses a reception without the number of guests, and writes nothing', async () => {
    const { service, written } = setup();
    expect(await refusedFields(() => service.create(officer, 1, visit({ kind: 'reception' })))).toEqual(['guestCount:required']);
    expect(written.activities).toEqual([]);
  });

  it('accepts a reception with the number of guests, and refuses a guest count on any other kind', async () => {
    const { service } = setup();
    await expect(service.create(officer, 1, visit({ kind: 'reception', guestCount: 3 }))).resolves.toMatchObject({ guestCount: 3, kindLabel: '来访接待' });
    expect(await refusedFields(() => service.create(officer, 1, visit({ guestCount: 3 })))).toEqual(['guestCount:not_applicable']);
  });

  it('refuses a leader-led activity without the leader’s name', async () => {
    const { service, written } = setup();
    expect(await refusedFields(() => service.create(officer, 1, visit({ leaderLed: true })))).toEqual(['leaderName:required']);
    await service.create(officer, 1, visit({ leaderLed: true, leaderName: '王区长' }));
    expect(written.activities).toHaveLength(1);
  });

  it('refuses a next follow-up before the activity happened; the same day is fine', async () => {
    const { service, written } = setup();
    expect(await refusedFields(() => service.create(officer, 1, visit({ nextFollowUpOn: '2026-06-09' })))).toEqual(['nextFollowUpOn:before_occurred']);
    await service.create(officer, 1, visit({ nextFollowUpOn: '2026-06-10' }));
    expect(written.activities.map((a) => a.nextFollowUpOn)).toEqual(['2026-06-10']);
  });

  it('refuses an activity dated after today; today is fine', async () => {
    const { service, written } = setup();
    expect(await refusedFields(() => service.create(officer, 1, visit({ occurredOn: '2026-06-16' })))).toEqual(['occurredOn:in_future']);
    await service.create(officer, 1, visit({ occurredOn: TODAY }));
    expect(written.activities.map((a) => a.occurredOn)).toEqual([TODAY]);
  });

  it('names every bad field at once', async () => {
    const { service } = setup();
    const fields = await refusedFields(() => service.create(officer, 1, visit({ kind: 'reception', occurredOn: '2026-07-01', leaderLed: true })));
    expect(fields).toEqual(['occurredOn:in_future', 'guestCount:required', 'leaderName:required']);
  });

  it('records the activity’s date as the project’s last activity, and audits it under the project', async () => {
    const { service, written } = setup();
    const view = await service.create(officer, 42, visit({ occurredOn: '2026-06-12' }));
    expect(written.lastActivity).toEqual([{ projectId: 42, occurredOn: '2026-06-12' }]);
    expect(written.activities[0]).toMatchObject({ projectId: 42, createdById: officer.id, leaderLed: false, guestCount: null });
    expect(view).toMatchObject({ projectId: 42, projectName: '储能电池项目', kindLabel: '外出拜访', createdByName: '刘专员' });
    expect(written.audit).toEqual([expect.objectContaining({ entity: 'project', entityId: 42, action: 'activity.create', actorId: officer.id })]);
  });

  it('refuses a viewer with 403 and records nothing', async () => {
    const { service, written } = setup();
    const viewer: AuthUser = { ...officer, role: 'viewer' };
    await expect(service.create(viewer, 1, visit())).rejects.toMatchObject({ kind: 'forbidden', code: 'read_only_role' });
    expect(written).toEqual({ activities: [], lastActivity: [], audit: [] });
  });

  it('refuses a list whose date range runs backwards', async () => {
    const { service } = setup();
    expect(await refusedFields(() => service.list(officer, { from: '2026-06-10', to: '2026-06-01' }))).toEqual(['to:range_reversed']);
  });
});
