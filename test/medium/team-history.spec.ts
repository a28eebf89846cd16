import { sql } from '../../src/core/database/dialect';
import { TeamHistoryRepository } from '../../src/projects/team-history.repository';
import { creditScope, teamOnSql } from '../../src/projects/team-history';
import { insertRow, useMediumDatabase } from '../helpers/medium';
import { describeEachDatabase } from '../helpers/test-app';

/**
 * The team history on a real database: what TeamHistoryRepository writes and
 * what team-history.ts's SQL reads back ("the team holding project X on day D").
 */
describeEachDatabase('TeamHistoryRepository', (kind) => {
  const db = useMediumDatabase(kind);
  const repo = new TeamHistoryRepository();
  let teamA = 0;
  let teamB = 0;
  let owner = 0;
  let company = 0;

  beforeAll(async () => {
    const em = db().ds.manager;
    teamA = await insertRow(em, 'teams', { name: '甲组' });
    teamB = await insertRow(em, 'teams', { name: '乙组' });
    owner = await insertRow(em, 'users', { email: 'o@test.local', name: 'o', passwordHash: 'x', role: 'officer', dataScope: 'team', teamId: teamA });
    company = await insertRow(em, 'companies', { name: '企业', normalizedName: '企业' });
  });

  const project = (teamId: number | null) =>
    insertRow(db().ds.manager, 'projects', { name: '项目', companyId: company, stage: 'visit', industryChain: 'food_agri', ownerId: owner, teamId, createdOn: '2026-01-01' });
  /** the team the SQL says held project `id` on each day */
  const teamsOn = async (id: number, days: string[]) => {
    const out: (number | null)[] = [];
    for (const d of days) {
      const [r] = await sql(db().ds.manager, `SELECT ${teamOnSql('p', ':d')} AS team FROM projects p WHERE p.id = :id`, { id, d });
      out.push(r.team === null ? null : Number(r.team));
    }
    return out;
  };

  it('a 移交 on a day leaves the day with the old team and the days after with the new one', async () => {
    const id = await project(teamA);
    await db().uow.run((em) => repo.start(em, id, teamA));
    await db().uow.run((em) => repo.move(em, id, teamA, teamB, '2026-03-10'));
    await db().uow.run((em) => repo.move(em, id, teamB, null, '2026-05-01'));
    expect(await teamsOn(id, ['2025-12-31', '2026-03-10', '2026-03-11', '2026-05-01', '2026-05-02'])).toEqual([teamA, teamA, teamB, teamB, null]);
    expect(await repo.spansOf(id, db().ds.manager)).toEqual([
      { teamId: teamA, fromOn: '0001-01-01', untilOn: '2026-03-11' },
      { teamId: teamB, fromOn: '2026-03-11', untilOn: '2026-05-02' },
      { teamId: null, fromOn: '2026-05-02', untilOn: '9999-12-31' },
    ]);
  });

  it('a second move on the same day replaces the first, and one back undoes it', async () => {
    const id = await project(teamA);
    await db().uow.run((em) => repo.start(em, id, teamA));
    await db().uow.run((em) => repo.move(em, id, teamA, teamB, '2026-04-01'));
    await db().uow.run((em) => repo.move(em, id, teamB, null, '2026-04-01'));
    expect(await teamsOn(id, ['2026-04-01', '2026-04-02'])).toEqual([teamA, null]);
    await db().uow.run((em) => repo.move(em, id, null, teamA, '2026-04-01'));
    expect(await repo.spansOf(id, db().ds.manager)).toEqual([{ teamId: teamA, fromOn: '0001-01-01', untilOn: '9999-12-31' }]);
  });

  it('a project loaded without history counts for its current team, and gets its past on its first move', async () => {
    const id = await project(teamB);
    expect(await teamsOn(id, ['2026-01-01'])).toEqual([teamB]);
    await db().uow.run((em) => repo.move(em, id, teamB, teamA, '2026-06-30'));
    expect(await teamsOn(id, ['2026-06-30', '2026-07-01'])).toEqual([teamB, teamA]);
  });

  it("credits a team-scoped person with his team's events on their dates, or his own projects", async () => {
    const id = await project(teamB);
    await db().uow.run((em) => repo.start(em, id, teamA));
    await db().uow.run((em) => repo.move(em, id, teamA, teamB, '2026-02-01'));
    const credited = async (user: Parameters<typeof creditScope>[0], day: string) => {
      const c = creditScope(user, 'p', ':day');
      return (await sql(db().ds.manager, `SELECT p.id FROM projects p WHERE p.id = :id${c.and}`, { id, day, ...c.params })).length === 1;
    };
    const other = { id: 999, dataScope: 'team' as const, teamId: teamA };
    expect([await credited(other, '2026-01-15'), await credited(other, '2026-02-15')]).toEqual([true, false]);
    const teamBPerson = { id: 998, dataScope: 'team' as const, teamId: teamB };
    expect([await credited(teamBPerson, '2026-01-15'), await credited(teamBPerson, '2026-02-15')]).toEqual([false, true]);
    expect(await credited({ id: owner, dataScope: 'own', teamId: teamA }, '2026-01-15')).toBe(true);
    expect(await credited({ id: 997, dataScope: 'own', teamId: teamA }, '2026-01-15')).toBe(false);
    expect(await credited(null, '2026-01-15')).toBe(true);
  });
});
