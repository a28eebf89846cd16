import type { AuthUser } from '../../core/auth/auth-user';
import type { DataScope, Role } from '../../core/auth/roles';
import { isDomainError } from '../../core/errors';
import { assertCanPlace, isHandover, type Placement } from '../project-access';

const A = 1;
const B = 2;

const user = (id: number, role: Role, teamId: number | null = A, dataScope: DataScope = role === 'admin' ? 'all' : 'team'): AuthUser => ({
  id, role, teamId, dataScope, email: `${id}@test.local`, name: `u${id}`,
});
const OFFICER = user(10, 'officer');
const MANAGER = user(20, 'manager');
const WIDE_MANAGER = user(21, 'manager', A, 'all');
const ADMIN = user(1, 'admin', null);

/** The refusal's code, or 'allowed'. */
function verdict(who: AuthUser, to: Placement, current: { ownerId: number; teamId: number | null } | null): string {
  try {
    assertCanPlace(who, to, current);
    return 'allowed';
  } catch (err) {
    if (isDomainError(err)) return err.code;
    throw err;
  }
}

const officersOwn = { ownerId: OFFICER.id, teamId: A };
const inTeam = (teamId: number | null): Placement => ({ ownerId: OFFICER.id, ownerTeamId: A, teamId });

describe('assertCanPlace (who may put a project where)', () => {
  it('an officer registers projects in his own team only, not in another team nor in none', () => {
    expect(verdict(OFFICER, inTeam(A), null)).toBe('allowed');
    expect(verdict(OFFICER, inTeam(B), null)).toBe('officer_own_team');
    expect(verdict(OFFICER, inTeam(null), null)).toBe('officer_own_team');
    expect(verdict(user(11, 'officer', null), { ownerId: 11, ownerTeamId: null, teamId: null }, null)).toBe('allowed');
  });

  it('an officer cannot move his project out of its team (移交), to another team or to none', () => {
    expect(verdict(OFFICER, inTeam(B), officersOwn)).toBe('handover_managers_only');
    expect(verdict(OFFICER, inTeam(null), officersOwn)).toBe('handover_managers_only');
    expect(verdict(OFFICER, inTeam(A), officersOwn)).toBe('allowed');
  });

  it('移交 is for managers and admins; a team-scoped manager still places within his team only', () => {
    expect(verdict(ADMIN, inTeam(B), officersOwn)).toBe('allowed');
    expect(verdict(WIDE_MANAGER, inTeam(B), officersOwn)).toBe('allowed');
    expect(verdict(MANAGER, inTeam(B), officersOwn)).toBe('outside_own_team');
    expect(verdict(MANAGER, { ownerId: 30, ownerTeamId: B, teamId: A }, officersOwn)).toBe('outside_own_team');
    expect(verdict(MANAGER, { ownerId: 12, ownerTeamId: A, teamId: A }, officersOwn)).toBe('allowed');
    expect(verdict(user(40, 'leader'), inTeam(B), officersOwn)).toBe('handover_managers_only');
  });

  it('a move between teams is a handover; registering or staying is not', () => {
    expect(isHandover(officersOwn, { teamId: B })).toBe(true);
    expect(isHandover(officersOwn, { teamId: null })).toBe(true);
    expect(isHandover({ ownerId: 1, teamId: null }, { teamId: A })).toBe(true);
    expect(isHandover(officersOwn, { teamId: A })).toBe(false);
    expect(isHandover(null, { teamId: B })).toBe(false);
  });
});
