import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../../core/auth/auth-user';
import type { TeamsRepository } from '../../teams/teams.repository';
import { TeamsService } from '../../teams/teams.service';
import type { UserAuthSource } from '../user-auth-source';
import type { User } from '../user.entity';
import type { UsersRepository } from '../users.repository';
import { immediateUnitOfWork, recordingAudit, refusal } from '../../../test/helpers/unit';
import { UsersService } from '../users.service';

const root: AuthUser = { id: 1, email: 'admin@test.local', name: '系统管理员', role: 'admin', dataScope: 'all', teamId: null };

const account = (over: Partial<User>): User => ({
  id: 1, email: 'admin@test.local', name: '系统管理员', passwordHash: 'x', role: 'admin', dataScope: 'all', teamId: null, phone: null,
  active: true, createdAt: new Date(), updatedAt: new Date(), ...over,
});

/** The service over an in-memory users table holding `accounts`. */
function setup(accounts: User[]) {
  const em = {} as EntityManager;
  const saved: User[] = [];
  const users: Pick<UsersRepository, 'findById' | 'findByEmail' | 'countActiveAdmins' | 'insert' | 'save'> = {
    // A copy, as a database read would be: the service's edits are not stored until save().
    findById: async (id) => {
      const u = accounts.find((a) => a.id === id);
      return u ? { ...u } : null;
    },
    findByEmail: async (email) => accounts.find((u) => u.email.toLowerCase() === email.toLowerCase()) ?? null,
    countActiveAdmins: async () => accounts.filter((u) => u.role === 'admin' && u.active).length,
    insert: async (_em, u) => {
      const row = account({ ...u, id: accounts.length + 1 });
      accounts.push(row);
      saved.push(row);
      return row;
    },
    save: async (_em, u) => {
      saved.push(u);
      return u;
    },
  };
  const teams: Pick<TeamsRepository, 'exists' | 'namesByIds'> = {
    exists: async (id) => id === 7,
    namesByIds: async (ids) => new Map(ids.filter((id) => id === 7).map((id) => [id, '新能源招商专班'])),
  };
  const uow = immediateUnitOfWork(em);
  const audit = recordingAudit();
  const teamRules = new TeamsService(teams as TeamsRepository, uow, audit);
  // The guard's cache: which accounts the service told it to forget, in order.
  const forgotten: number[] = [];
  const authSource: Pick<UserAuthSource, 'forget'> = { forget: (id) => void forgotten.push(id) };
  return { service: new UsersService(users as UsersRepository, teamRules, uow, audit, authSource as UserAuthSource), saved, forgotten };
}

describe(UsersService.name, () => {
  it('refuses to demote the last active admin, and saves nothing', async () => {
    const { service, saved } = setup([account({ id: 1 })]);
    const err = await refusal(() => service.update(root, 1, { role: 'manager' }));
    expect({ kind: err.kind, code: err.code }).toEqual({ kind: 'rule', code: 'last_admin' });
    expect(saved).toEqual([]);
  });

  it('refuses to deactivate the last active admin', async () => {
    const { service } = setup([account({ id: 1 }), account({ id: 2, email: 'old@test.local', active: false })]);
    expect((await refusal(() => service.update(root, 1, { active: false }))).code).toBe('last_admin');
  });

  it('lets an admin step down while another active admin remains', async () => {
    const { service, saved } = setup([account({ id: 1 }), account({ id: 2, email: 'second@test.local' })]);
    await expect(service.update(root, 2, { role: 'manager' })).resolves.toMatchObject({
      role: 'manager', roleLabel: '团队负责人', dataScope: 'team', dataScopeLabel: '本团队',
    });
    expect(saved.map((u) => u.id)).toEqual([2]);
  });

  it('refuses an e-mail already in use, whatever its case, naming the account that has it', async () => {
    const { service, saved } = setup([account({ id: 1 }), account({ id: 2, email: 'zhang@test.local', name: '张伟', role: 'officer' })]);
    const err = await refusal(() => service.create(root, { email: 'Zhang@Test.local', name: '张三', password: 'password-123', role: 'officer' }));
    expect({ kind: err.kind, code: err.code, existingId: err.extra.existingId }).toEqual({ kind: 'conflict', code: 'email_taken', existingId: 2 });
    expect(err.details?.map((d) => d.field)).toEqual(['email']);
    expect(err.message).toContain('张伟');
    expect(saved).toEqual([]);
  });

  it('creates an account with a free e-mail, stored lower-case, with the role’s default scope', async () => {
    const { service } = setup([account({ id: 1 })]);
    await expect(service.create(root, { email: 'Li@Test.local', name: '李四', password: 'password-123', role: 'officer', teamId: 7 }))
      .resolves.toMatchObject({ email: 'li@test.local', dataScope: 'team', teamId: 7 });
  });

  it('shows each account with the labels of its role and scope and the name of its team', async () => {
    const { service } = setup([account({ id: 1 }), account({ id: 2, email: 'li@test.local', role: 'officer', dataScope: 'own', teamId: 7 })]);
    await expect(service.get(2)).resolves.toMatchObject({ role: 'officer', roleLabel: '招商专员', dataScopeLabel: '本人', teamId: 7, teamName: '新能源招商专班' });
    await expect(service.get(1)).resolves.toMatchObject({ roleLabel: '系统管理员', dataScopeLabel: '全部', teamId: null, teamName: null });
  });

  it('refuses a team that does not exist, on create and on update, saving nothing', async () => {
    const { service, saved } = setup([account({ id: 1 }), account({ id: 2, email: 'li@test.local', role: 'officer', teamId: 7 })]);
    const created = await refusal(() => service.create(root, { email: 'wang@test.local', name: '王五', password: 'password-123', role: 'officer', teamId: 8 }));
    expect({ kind: created.kind, fields: created.details?.map((d) => `${d.field}:${d.code}`) }).toEqual({ kind: 'bad_input', fields: ['teamId:unknown_team'] });
    expect((await refusal(() => service.update(root, 2, { teamId: 8 }))).code).toBe('unknown_team');
    expect(saved).toEqual([]);
  });

  it('has the guard forget an account once its update has ended, whether it was saved or refused', async () => {
    const { service, forgotten } = setup([account({ id: 1 }), account({ id: 2, email: 'li@test.local', role: 'officer', teamId: 7 })]);
    await service.update(root, 2, { role: 'viewer' });
    expect(forgotten).toEqual([2]);
    await refusal(() => service.update(root, 1, { active: false }));
    expect(forgotten).toEqual([2, 1]);
  });
});
