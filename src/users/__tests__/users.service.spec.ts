import type { EntityManager } from 'typeorm';
import type { AuditEntry } from '../../audit/audit.service';
import { FixedClock } from '../../core/clock';
import type { AuthUser } from '../../core/auth/auth-user';
import type { TeamsRepository } from '../../teams/teams.repository';
import { TeamsService } from '../../teams/teams.service';
import { LoginAttempts } from '../login-attempts';
import { verifyPassword } from '../passwords';
import type { UserAuthSource } from '../user-auth-source';
import type { User } from '../user.entity';
import type { UsersRepository } from '../users.repository';
import { immediateUnitOfWork, recordingAudit, refusal } from '../../../test/helpers/unit';
import { UsersService } from '../users.service';

const root: AuthUser = { id: 1, email: 'admin@test.local', name: '系统管理员', role: 'admin', dataScope: 'all', teamId: null };

const account = (over: Partial<User>): User => ({
  id: 1, email: 'admin@test.local', name: '系统管理员', passwordHash: 'x', role: 'admin', dataScope: 'all', teamId: null, phone: null,
  active: true, tokenVersion: 0, createdAt: new Date(), updatedAt: new Date(), ...over,
});

/** The service over an in-memory users table holding `accounts`. */
function setup(accounts: User[]) {
  const em = {} as EntityManager;
  const saved: User[] = [];
  const users: Pick<UsersRepository, 'findById' | 'findByEmail' | 'countActiveAdmins' | 'insert' | 'save' | 'passwordHashOf'> = {
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
      const i = accounts.findIndex((a) => a.id === u.id);
      if (i >= 0) accounts[i] = { ...u };
      return u;
    },
    passwordHashOf: async (id) => accounts.find((a) => a.id === id)?.passwordHash ?? null,
  };
  const teams: Pick<TeamsRepository, 'exists' | 'namesByIds'> = {
    exists: async (id) => id === 7,
    namesByIds: async (ids) => new Map(ids.filter((id) => id === 7).map((id) => [id, '新能源招商专班'])),
  };
  const uow = immediateUnitOfWork(em);
  const entries: AuditEntry[] = [];
  const audit = recordingAudit(entries);
  const teamRules = new TeamsService(teams as TeamsRepository, uow, audit);
  const limits = { maxFailures: 2, lockSeconds: 900, maxFailuresPerAccount: 5, accountLockSeconds: 300 };
  const attempts = new LoginAttempts({ login: limits }, new FixedClock('2026-06-15T02:00:00Z'));
  // The guard's cache: which accounts the service told it to forget, in order.
  const forgotten: number[] = [];
  const authSource: Pick<UserAuthSource, 'forget'> = { forget: (id) => void forgotten.push(id) };
  return { service: new UsersService(users as UsersRepository, teamRules, uow, audit, attempts, authSource as UserAuthSource), saved, entries, attempts, accounts, forgotten };
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

  describe('token revocation', () => {
    const officer = () => account({ id: 2, email: 'li@test.local', name: '李四', role: 'officer', dataScope: 'team', teamId: 7 });

    it.each([
      ['a new password', { password: 'a-new-passphrase' }],
      ['deactivation', { active: false }],
      ['a role change', { role: 'manager' as const }],
      ['a scope change', { dataScope: 'own' as const }],
      ['a team change', { teamId: null }],
    ])('bumps the token version on %s', async (_what, dto) => {
      const { service, accounts } = setup([account({ id: 1 }), officer()]);
      await service.update(root, 2, dto);
      expect(accounts[1].tokenVersion).toBe(1);
    });

    it('bumps it again on reactivation, so tokens from before the deactivation stay dead', async () => {
      const { service, accounts } = setup([account({ id: 1 }), { ...officer(), active: false, tokenVersion: 3 }]);
      await service.update(root, 2, { active: true });
      expect(accounts[1].tokenVersion).toBe(4);
    });

    it('keeps the tokens when only the name or phone changes', async () => {
      const { service, accounts } = setup([account({ id: 1 }), officer()]);
      await service.update(root, 2, { name: '李四四', phone: '023-1', role: 'officer', teamId: 7 });
      expect(accounts[1].tokenVersion).toBe(0);
    });
  });

  describe('passwords', () => {
    it.each([
      ['too_short', 'nine-char'],
      ['blank', '            '],
      ['same_as_email', 'NEW@test.local'],
      ['common_password', 'Password123'],
      ['too_long', '密'.repeat(25)],
    ])('refuses a new account whose password is %s, without echoing it', async (code, password) => {
      const { service, saved } = setup([account({ id: 1 })]);
      const err = await refusal(() => service.create(root, { email: 'new@test.local', name: '新人', password, role: 'viewer' }));
      expect(err.details).toEqual([expect.objectContaining({ field: 'password', code })]);
      expect(JSON.stringify({ message: err.message, details: err.details })).not.toContain(password.trim() || password);
      expect(saved).toEqual([]);
    });

    it('applies the policy to a password set by PATCH too, against the account’s own e-mail', async () => {
      const { service, saved } = setup([account({ id: 1 }), account({ id: 2, email: 'li.si.long@test.local', role: 'viewer' })]);
      expect((await refusal(() => service.update(root, 2, { password: 'li.si.long@test.local' }))).code).toBe('same_as_email');
      expect(saved).toEqual([]);
    });

    it('lets an admin reset a password: stored hashed, tokens revoked, audited without the password', async () => {
      const { service, accounts, entries } = setup([account({ id: 1 }), account({ id: 2, email: 'li@test.local', role: 'viewer' })]);
      await service.resetPassword(root, 2, 'fresh-passphrase-9');
      expect(await verifyPassword('fresh-passphrase-9', accounts[1].passwordHash)).toBe(true);
      expect(accounts[1].tokenVersion).toBe(1);
      expect(entries).toEqual([expect.objectContaining({ entity: 'user', entityId: 2, action: 'password.reset', actorId: 1 })]);
      expect(JSON.stringify(entries)).not.toContain('fresh-passphrase-9');
      expect(JSON.stringify(entries)).not.toContain(accounts[1].passwordHash);
    });

    it('records an own change as password.change', async () => {
      const { service, entries } = setup([account({ id: 1 })]);
      await service.setPassword(root, 1, 'my-own-passphrase', 'own');
      expect(entries.map((e) => e.action)).toEqual(['password.change']);
    });

    it('answers 404 to a reset of an unknown user', async () => {
      const { service } = setup([account({ id: 1 })]);
      expect((await refusal(() => service.resetPassword(root, 9, 'fresh-passphrase-9'))).kind).toBe('not_found');
    });
  });

  it('unlocks a locked-out account and records who did it', async () => {
    const { service, attempts, entries } = setup([account({ id: 1 }), account({ id: 2, email: 'li@test.local', role: 'viewer' })]);
    attempts.recordFailure('li@test.local', '10.0.0.1');
    attempts.recordFailure('li@test.local', '10.0.0.1');
    expect(attempts.secondsToWait('li@test.local', '10.0.0.1')).toBeGreaterThan(0);
    await service.unlockLogin(root, 2);
    expect(attempts.secondsToWait('li@test.local', '10.0.0.1')).toBe(0);
    expect(entries).toEqual([expect.objectContaining({ action: 'login.unlock', entityId: 2, actorId: 1, after: { failuresCleared: true } })]);
  });

  it('has the guard forget an account once its update has ended, whether it was saved or refused', async () => {
    const { service, forgotten } = setup([account({ id: 1 }), account({ id: 2, email: 'li@test.local', role: 'officer', teamId: 7 })]);
    await service.update(root, 2, { role: 'viewer' });
    expect(forgotten).toEqual([2]);
    await refusal(() => service.update(root, 1, { active: false }));
    expect(forgotten).toEqual([2, 1]);
  });
});
