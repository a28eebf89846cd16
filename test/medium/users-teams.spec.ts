/**
 * The reads other modules make of the users and teams tables, through
 * UsersRepository and TeamsRepository, on a real, migrated database (SQLite
 * file and PostgreSQL): who may be given a project (projects), who gets a
 * digest (reminders).
 */
import type { DataScope, Role } from '../../src/core/auth/roles';
import { TeamsRepository } from '../../src/teams/teams.repository';
import { UsersRepository } from '../../src/users/users.repository';
import { insertRow, useMediumDatabase } from '../helpers/medium';
import { describeEachDatabase } from '../helpers/test-app';

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const ids = (rows: { id: number }[]) => sorted(rows.map((r) => r.id));

describeEachDatabase('users and teams repositories', (kind) => {
  const db = useMediumDatabase(kind);
  let users: UsersRepository;
  let teams: TeamsRepository;
  const team: Record<'A' | 'B', number> = { A: 0, B: 0 };
  const id: Record<string, number> = {};

  beforeAll(async () => {
    users = new UsersRepository(db().ds);
    teams = new TeamsRepository(db().ds);
    await db().uow.run(async (em) => {
      team.A = await insertRow(em, 'teams', { name: '新能源专班' });
      team.B = await insertRow(em, 'teams', { name: '电子信息小分队' });
      const person = async (key: string, role: Role, teamId: number | null, active = true, dataScope: DataScope = 'team') => {
        id[key] = await insertRow(em, 'users', { email: `${key.toLowerCase()}@test.local`, name: key, passwordHash: 'x', role, dataScope, teamId, active });
      };
      await person('officerA', 'officer', team.A);
      await person('officerB', 'officer', team.B);
      await person('managerA', 'manager', team.A);
      await person('managerB', 'manager', team.B);
      await person('leader', 'leader', null, true, 'all');
      await person('teamLeader', 'leader', team.A, true, 'team');
      await person('ownLeader', 'leader', team.B, true, 'own');
      await person('retiredLeader', 'leader', null, false, 'all');
      await person('leaver', 'officer', team.A, false);
      await person('formerManager', 'manager', team.A, false);
    });
  });

  describe('UsersRepository.findActive', () => {
    it('finds an active user of any role with role and team, and no inactive or missing one', async () => {
      expect(await users.findActive(id.officerB)).toEqual({ id: id.officerB, role: 'officer', teamId: team.B });
      expect(await users.findActive(id.leader)).toEqual({ id: id.leader, role: 'leader', teamId: null });
      expect(await users.findActive(id.leaver)).toBeNull();
      expect(await users.findActive(999_999)).toBeNull();
    });
  });

  describe('UsersRepository.activeManagers', () => {
    it('lists the active managers with their addresses, or just the one asked for', async () => {
      expect(ids(await users.activeManagers())).toEqual(sorted([id.managerA, id.managerB]));
      expect(await users.activeManagers(id.managerB)).toEqual([{ id: id.managerB, name: 'managerB', email: 'managerb@test.local', teamId: team.B, dataScope: 'team' }]);
      expect(await users.activeManagers(id.officerA)).toEqual([]);
      expect(await users.activeManagers(id.formerManager)).toEqual([]);
    });
  });

  describe('UsersRepository.activeLeaders', () => {
    it('lists the active leaders of one data scope: the district report goes to those of scope all only', async () => {
      expect(await users.activeLeaders('all')).toEqual([{ id: id.leader, name: 'leader', email: 'leader@test.local', teamId: null }]);
      expect(ids(await users.activeLeaders('team'))).toEqual([id.teamLeader]);
      expect(ids(await users.activeLeaders('own'))).toEqual([id.ownLeader]);
    });
  });

  describe('UsersRepository.activeContacts', () => {
    it('answers which of many ids are active people, past the chunk size', async () => {
      const many = [...Array.from({ length: 1200 }, (_, i) => 100_000 + i), id.officerA, id.leaver, id.managerB];
      const found = await users.activeContacts(many);
      expect(ids(found)).toEqual(sorted([id.officerA, id.managerB]));
      expect(found.find((u) => u.id === id.officerA)).toEqual({ id: id.officerA, name: 'officerA', email: 'officera@test.local', teamId: team.A });
      expect(await users.activeContacts([])).toEqual([]);
    });
  });

  describe('TeamsRepository.exists', () => {
    it('knows which teams exist', async () => {
      expect(await teams.exists(team.A)).toBe(true);
      expect(await teams.exists(999_999)).toBe(false);
    });
  });
});
