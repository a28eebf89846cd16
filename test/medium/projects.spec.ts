/**
 * The projects module's repositories on a real, migrated database (SQLite
 * file and PostgreSQL), without HTTP: the list filters with the caller's
 * scope and the 督办灯, the rows the views read (names and the light's
 * facts in the same statement), the history, and the atomic writes.
 */
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../../src/core/auth/auth-user';
import type { DataScope, Role } from '../../src/core/auth/roles';
import { isDomainError } from '../../src/core/errors';
import type { Stage } from '../../src/projects/pipeline';
import { PIPELINE_FIELDS, type PipelineSnapshot, type Project } from '../../src/projects/project.entity';
import { type ProjectFilter, ProjectsRepository } from '../../src/projects/projects.repository';
import { judgeLight, type Light, lightCutoffs } from '../../src/projects/supervision';
import { TransitionsRepository } from '../../src/projects/transitions.repository';
import { insertRow, useMediumDatabase } from '../helpers/medium';
import { describeEachDatabase } from '../helpers/test-app';

const TODAY = '2026-06-15';
const CUT = lightCutoffs(TODAY, { yellowDays: 60, redDays: 90, milestoneRedDays: 30 });
const NEWEST_FIRST: [string, 'ASC' | 'DESC'] = ['p.id', 'DESC'];
/** What a move away from 拜访接洽 records of the project it changed. */
const VISIT_SNAPSHOT = { ...Object.fromEntries(PIPELINE_FIELDS.map((f) => [f, null])), stage: 'visit', stageEnteredOn: '2026-01-05' } as PipelineSnapshot;

describeEachDatabase('projects repositories', (kind) => {
  const db = useMediumDatabase(kind);
  let projects: ProjectsRepository;
  let transitions: TransitionsRepository;
  const team: Record<'A' | 'B', number> = { A: 0, B: 0 };
  const users: Record<string, AuthUser> = {};
  const p: Record<string, number> = {};
  let storage = 0;
  let alpha = 0;

  const write = <T>(work: (em: EntityManager) => Promise<T>) => db().uow.run(work);
  const ids = (user: AuthUser, filter: ProjectFilter = {}) => projects.matchingIds(user, filter, CUT, ['p.id', 'ASC']);
  /** Every row the filters match, as the views read them, in `order`. */
  const rows = async (user: AuthUser, filter: ProjectFilter = {}, order: [string, 'ASC' | 'DESC'] = ['p.id', 'ASC']) =>
    (await projects.listPage(user, filter, CUT, order, { skip: 0, take: 1000 })).rows;
  const only = (...keys: string[]) => keys.map((k) => p[k]).sort((a, b) => a - b);

  beforeAll(async () => {
    projects = new ProjectsRepository(db().ds);
    transitions = new TransitionsRepository(db().ds);
    await write(async (em) => {
      team.A = await insertRow(em, 'teams', { name: '新能源专班' });
      team.B = await insertRow(em, 'teams', { name: '电子信息小分队' });
      const person = async (key: string, role: Role, dataScope: DataScope, teamId: number | null, active = true) => {
        const id = await insertRow(em, 'users', { email: `${key}@test.local`, name: key, passwordHash: 'x', role, dataScope, teamId, active });
        users[key] = { id, email: `${key}@test.local`, name: key, role, dataScope, teamId };
        return id;
      };
      await person('admin', 'admin', 'all', null);
      await person('officerA', 'officer', 'team', team.A);
      await person('officerA2', 'officer', 'team', team.A);
      await person('officerB', 'officer', 'team', team.B);
      await person('ownA', 'officer', 'own', team.A);
      storage = await insertRow(em, 'companies', { name: '重庆储能科技有限公司', normalizedName: '重庆储能科技' });
      alpha = await insertRow(em, 'companies', { name: 'ALPHA 100%_材料有限公司', normalizedName: 'alpha100%_材料' });

      const project = async (key: string, over: Partial<Project>) => {
        const row = await projects.insert(em, {
          name: `项目${key}`, companyId: storage, industryChain: 'new_energy_storage', stage: 'visit', ownerId: users.officerA.id,
          teamId: team.A, createdOn: '2026-01-05', stageEnteredOn: '2026-01-05', lastActivityOn: TODAY, version: 1, isKeyProject: false, ...over,
        });
        p[key] = row.id;
        return row.id;
      };
      await project('green', { isKeyProject: true, park: 'pingshan', createdOn: '2026-06-10' });
      await project('yellow', { ownerId: users.officerA2.id, stage: 'negotiation', lastActivityOn: '2026-04-16' }); // 60 days
      await project('red', { ownerId: users.officerB.id, teamId: team.B, stage: 'signed', signedOn: '2026-05-20', contractInvestment: 80_000_000, lastActivityOn: '2026-03-17' }); // 90 days
      await project('dropped', { ownerId: users.officerB.id, teamId: team.B, stage: 'dropped', lastActivityOn: '2025-01-01' });
      await project('late', { stage: 'construction', signedOn: '2026-03-01', constructionStartedOn: '2026-04-01', industryChain: 'new_materials' });
      await project('veryLate', { companyId: alpha, name: 'Alpha 电芯项目' });
      await project('lentToB', { teamId: team.B, lastActivityOn: null, createdOn: '2026-06-01' }); // officerA's project in team B
      await project('ownA', { ownerId: users.ownA.id, signedOn: '2026-06-02', stage: 'signed' });
      // a milestone 14 days overdue: yellow; 45 days overdue: red; completed ones do not count
      await insertRow(em, 'milestones', { projectId: p.late, name: '主体完工', plannedOn: '2026-06-01' });
      await insertRow(em, 'milestones', { projectId: p.late, name: '设备安装', plannedOn: '2026-09-01' });
      await insertRow(em, 'milestones', { projectId: p.veryLate, name: '供地', plannedOn: '2026-05-01' });
      await insertRow(em, 'milestones', { projectId: p.green, name: '签约', plannedOn: '2026-01-01', completedOn: '2026-01-02' });
    });
  });

  describe('scope', () => {
    it('`all` sees every project', async () => {
      expect(await ids(users.admin)).toEqual(Object.values(p).sort((a, b) => a - b));
    });

    it('`team` sees the team’s projects and the caller’s own in another team', async () => {
      expect(await ids(users.officerA)).toEqual(only('green', 'yellow', 'late', 'veryLate', 'lentToB', 'ownA'));
      expect(await ids(users.officerB)).toEqual(only('red', 'dropped', 'lentToB'));
    });

    it('`own` sees only the caller’s projects', async () => {
      expect(await ids(users.ownA)).toEqual(only('ownA'));
    });

    it('a team-scoped user without a team sees only their own', async () => {
      expect(await ids({ ...users.officerA, teamId: null })).toEqual(only('green', 'late', 'veryLate', 'lentToB'));
    });
  });

  describe('filters', () => {
    it('by stage (several), chain, park, key project, owner, team and company', async () => {
      expect(await ids(users.admin, { stage: ['signed', 'construction'] })).toEqual(only('red', 'late', 'ownA'));
      expect(await ids(users.admin, { industryChain: 'new_materials' })).toEqual(only('late'));
      expect(await ids(users.admin, { park: 'pingshan' })).toEqual(only('green'));
      expect(await ids(users.admin, { isKeyProject: true })).toEqual(only('green'));
      expect(await ids(users.admin, { isKeyProject: false, ownerId: users.officerB.id })).toEqual(only('red', 'dropped'));
      expect(await ids(users.admin, { teamId: team.B })).toEqual(only('red', 'dropped', 'lentToB'));
      expect(await ids(users.admin, { companyId: alpha })).toEqual(only('veryLate'));
    });

    it('by date ranges, both ends inclusive', async () => {
      expect(await ids(users.admin, { signedFrom: '2026-05-20', signedTo: '2026-06-02' })).toEqual(only('red', 'ownA'));
      expect(await ids(users.admin, { createdFrom: '2026-06-01' })).toEqual(only('green', 'lentToB'));
      expect(await ids(users.admin, { lastActivityTo: '2026-03-17' })).toEqual(only('red', 'dropped'));
    });

    it('by text in the project’s or the company’s name, latin case-insensitive, with % and _ taken literally', async () => {
      expect(await ids(users.admin, { q: 'alpha' })).toEqual(only('veryLate'));
      expect(await ids(users.admin, { q: '100%_' })).toEqual(only('veryLate'));
      expect(await ids(users.admin, { q: '100_%' })).toEqual([]);
      expect(await ids(users.admin, { q: '储能科技' })).toEqual(Object.keys(p).filter((k) => k !== 'veryLate').map((k) => p[k]).sort((a, b) => a - b));
    });

    it('filters within the scope, never around it', async () => {
      expect(await ids(users.officerB, { stage: ['visit'] })).toEqual(only('lentToB'));
      expect(await ids(users.ownA, { teamId: team.B })).toEqual([]);
    });
  });

  describe('督办灯 filter', () => {
    it('puts each active project under exactly one light, and no light on a dropped one', async () => {
      expect(await ids(users.admin, { light: ['green'] })).toEqual(only('green', 'lentToB', 'ownA'));
      expect(await ids(users.admin, { light: ['yellow'] })).toEqual(only('yellow', 'late'));
      expect(await ids(users.admin, { light: ['red'] })).toEqual(only('red', 'veryLate'));
      expect(await ids(users.admin, { light: ['yellow', 'red'] })).toEqual(only('yellow', 'late', 'red', 'veryLate'));
    });

    it('agrees with the light judged from the facts each row is read with', async () => {
      const all = await rows(users.admin);
      for (const light of ['green', 'yellow', 'red'] as Light[]) {
        const judged = all.filter((r) => judgeLight(r.light, CUT).light === light).map((r) => r.project.id);
        expect({ light, ids: await ids(users.admin, { light: [light] }) }).toEqual({ light, ids: judged });
      }
    });
  });

  describe('pages and order', () => {
    it('pages with the total of all matches', async () => {
      const first = await projects.listPage(users.admin, {}, CUT, NEWEST_FIRST, { skip: 0, take: 3 });
      const second = await projects.listPage(users.admin, {}, CUT, NEWEST_FIRST, { skip: 3, take: 3 });
      expect(first.total).toBe(Object.keys(p).length);
      expect(second.total).toBe(first.total);
      expect([...first.rows, ...second.rows].map((r) => r.project.id)).toEqual(Object.values(p).sort((a, b) => b - a).slice(0, 6));
    });

    it('counts the matches past the last page too, and nothing when nothing matches', async () => {
      expect(await projects.listPage(users.admin, {}, CUT, NEWEST_FIRST, { skip: 100, take: 3 })).toEqual({ rows: [], total: Object.keys(p).length });
      expect(await projects.listPage(users.admin, { q: '不存在' }, CUT, NEWEST_FIRST, { skip: 0, take: 3 })).toEqual({ rows: [], total: 0 });
      expect(await projects.countMatching(users.officerB, {}, CUT)).toBe(3);
    });

    it('sorts by id in the direction asked for', async () => {
      const all = Object.values(p).sort((a, b) => a - b);
      expect((await rows(users.admin, {}, ['p.id', 'ASC'])).map((r) => r.project.id)).toEqual(all);
      expect((await rows(users.admin, {}, ['p.id', 'DESC'])).map((r) => r.project.id)).toEqual([...all].reverse());
    });

    it('reads a long list page after page by id, the pages adding up to every match in order', async () => {
      for (const direction of ['ASC', 'DESC'] as const) {
        const seen: number[] = [];
        for (let after: number | null = null; ;) {
          const page = await projects.listAfter(users.officerA, {}, CUT, direction, after, 2);
          seen.push(...page.map((r) => r.project.id));
          if (page.length < 2) break;
          after = page[page.length - 1].project.id;
        }
        expect(seen).toEqual(await projects.matchingIds(users.officerA, {}, CUT, ['p.id', direction]));
      }
    });

    it('puts missing values last in either direction', async () => {
      const bySigning = async (dir: 'ASC' | 'DESC') => (await rows(users.admin, {}, ['p.signedOn', dir])).map((r) => r.project.signedOn);
      const asc = await bySigning('ASC');
      expect(asc.slice(0, 3)).toEqual(['2026-03-01', '2026-05-20', '2026-06-02']);
      expect(asc.slice(3).every((d) => d === null)).toBe(true);
      expect((await bySigning('DESC')).slice(0, 3)).toEqual(['2026-06-02', '2026-05-20', '2026-03-01']);
    });

    it('reads money back exactly', async () => {
      const [red] = await rows(users.admin, { stage: ['signed'], teamId: team.B });
      expect(red.project.contractInvestment).toBe(80_000_000);
      expect(red.project.isKeyProject).toBe(false);
      expect((await projects.rowsByIds([p.green], CUT))[0].project).toMatchObject({ isKeyProject: true, park: 'pingshan', createdOn: '2026-06-10' });
    });
  });

  describe('look-ups', () => {
    it('names the company, owner and team of each project, null where there is none', async () => {
      await write((em) => projects.insert(em, { name: '无团队项目', companyId: storage, industryChain: 'x', stage: 'dropped', ownerId: users.admin.id, teamId: null, createdOn: TODAY, version: 1 }))
        .then((row) => (p.noTeam = row.id));
      const names = await projects.namesOf([p.red, p.noTeam]);
      expect(names.get(p.red)).toEqual({ companyName: '重庆储能科技有限公司', ownerName: 'officerB', teamName: '电子信息小分队' });
      expect(names.get(p.noTeam)).toEqual({ companyName: '重庆储能科技有限公司', ownerName: 'admin', teamName: null });
      expect((await projects.namesOf([])).size).toBe(0);
    });

    it('reads each row with its names and the light’s facts: open milestones overdue, the oldest, and since when it was followed up', async () => {
      const [late, green, red, lentToB] = await projects.rowsByIds([p.late, p.green, p.red, p.lentToB, 999_999], CUT);
      expect(late.light).toEqual({ stage: 'construction', since: TODAY, overdueMilestones: 1, oldestOverdueOn: '2026-06-01' });
      expect(green.light).toMatchObject({ overdueMilestones: 0, oldestOverdueOn: null });
      expect(red).toMatchObject({ names: { companyName: '重庆储能科技有限公司', ownerName: 'officerB', teamName: '电子信息小分队' }, light: { since: '2026-03-17' } });
      expect(lentToB.light.since).toBe('2026-06-01');
      expect((await projects.rowsByIds([p.red, p.green], CUT)).map((r) => r.project.id)).toEqual([p.red, p.green]);
      expect(await projects.detailRow(999_999, CUT)).toBeNull();
    });

    it('tells which ids are projects the viewer sees', async () => {
      expect((await projects.idsInScope(users.admin, [p.green, 999_999, p.red])).sort((a, b) => a - b)).toEqual(only('green', 'red'));
      expect((await projects.idsInScope(users.officerA, [p.green, 999_999, p.red])).sort((a, b) => a - b)).toEqual(only('green'));
      expect(await projects.idsInScope(users.ownA, [p.green, p.ownA])).toEqual(only('ownA'));
      expect(await projects.idsInScope(users.admin, [])).toEqual([]);
    });
  });

  describe('writes', () => {
    const fresh = (over: Partial<Project> = {}) =>
      write((em) => projects.insert(em, { name: '写入测试', companyId: storage, industryChain: 'x', stage: 'visit', ownerId: users.officerA.id, teamId: team.A, createdOn: TODAY, version: 1, ...over }));

    it('recordActivity moves the last activity forward, never back, and leaves the version alone', async () => {
      const { id } = await fresh();
      await write((em) => projects.recordActivity(em, id, '2026-06-10'));
      expect(await projects.findById(id)).toMatchObject({ lastActivityOn: '2026-06-10', version: 1 });
      await write((em) => projects.recordActivity(em, id, '2026-05-01'));
      expect((await projects.findById(id))!.lastActivityOn).toBe('2026-06-10');
      await write((em) => projects.recordActivity(em, id, '2026-06-12'));
      expect(await projects.findById(id)).toMatchObject({ lastActivityOn: '2026-06-12', version: 1 });
    });

    it('updateIfVersion writes and bumps the version only from the version read (409 naming the current one otherwise)', async () => {
      const { id } = await fresh();
      expect(await write((em) => projects.updateIfVersion(em, id, 1, { jobs: 5 }))).toBe(2);
      const stale = await write((em) => projects.updateIfVersion(em, id, 1, { jobs: 6 })).catch((e: unknown) => e);
      expect(isDomainError(stale) && { code: stale.code, extra: stale.extra }).toEqual({ code: 'stale_version', extra: { currentVersion: 2 } });
      expect(await projects.findById(id)).toMatchObject({ jobs: 5, version: 2 });
    });
  });

  describe('history', () => {
    const row = (projectId: number, kind: 'transition' | 'revert', fromStage: Stage | null, toStage: Stage, effectiveOn: string) => ({
      projectId, kind, fromStage, toStage, effectiveOn, actorId: users.officerA.id, note: null, data: null, before: null,
      revertsId: null, revertedById: null, version: 1,
    });

    it('appends rows numbered 1, 2, 3 … per project and reads them back oldest first with the actor’s name', async () => {
      await write(async (em) => {
        await transitions.append(em, row(p.yellow, 'transition', null, 'visit', '2026-01-05'));
        await transitions.append(em, row(p.green, 'transition', null, 'visit', '2026-06-10'));
        await transitions.append(em, { ...row(p.yellow, 'transition', 'visit', 'negotiation', '2026-02-01'), data: { note: '首轮' } });
      });
      const h = await transitions.history(p.yellow);
      expect(h.map((r) => [r.seq, r.fromStage, r.toStage, r.actorName])).toEqual([[1, null, 'visit', 'officerA'], [2, 'visit', 'negotiation', 'officerA']]);
      expect(h[1].data).toEqual({ note: '首轮' });
      expect((await transitions.history(p.green)).map((r) => r.seq)).toEqual([1]);
    });

    it('the last standing move skips reverted moves and revert rows', async () => {
      const id = p.late;
      const made = await write(async (em) => {
        const first = await transitions.append(em, row(id, 'transition', null, 'visit', '2026-01-05'));
        const signed = await transitions.append(em, row(id, 'transition', 'visit', 'signed', '2026-03-01'));
        const built = await transitions.append(em, row(id, 'transition', 'signed', 'construction', '2026-04-01'));
        const undo = await transitions.append(em, { ...row(id, 'revert', 'construction', 'signed', TODAY), revertsId: built.id });
        await transitions.markReverted(em, built.id, undo.id);
        return { first, signed, built, undo };
      });
      expect((await transitions.lastStandingMove(id))!.id).toBe(made.signed.id);
      // no `before` on these rows: nothing a revert could restore
      expect((await projects.detailRow(id, CUT))!.revertible).toBe(false);
      const h = await transitions.history(id);
      expect(h.map((r) => [r.seq, r.kind, r.revertedById])).toEqual([[1, 'transition', null], [2, 'transition', null], [3, 'transition', made.undo.id], [4, 'revert', null]]);
      expect(await transitions.lastStandingMove(p.red)).toBeNull();
    });

    it('a project can be reverted while its latest standing move records what it replaced, and not once that move is reverted', async () => {
      const id = p.veryLate;
      const signed = await write(async (em) => {
        await transitions.append(em, row(id, 'transition', null, 'visit', '2026-01-05'));
        return transitions.append(em, { ...row(id, 'transition', 'visit', 'negotiation', '2026-02-01'), before: VISIT_SNAPSHOT });
      });
      expect((await transitions.lastStandingMove(id))!.before).toEqual(VISIT_SNAPSHOT);
      expect((await projects.detailRow(id, CUT))!.revertible).toBe(true);
      await write(async (em) => {
        const undo = await transitions.append(em, { ...row(id, 'revert', 'negotiation', 'visit', TODAY), revertsId: signed.id });
        await transitions.markReverted(em, signed.id, undo.id);
      });
      expect((await projects.detailRow(id, CUT))!.revertible).toBe(false);
    });

    it('keeps the stays of the standing moves, and the ledger they imply', async () => {
      const id = p.ownA;
      await write(async (em) => {
        await transitions.append(em, row(id, 'transition', null, 'visit', '2026-01-05'));
        await transitions.append(em, row(id, 'transition', 'visit', 'signed', '2026-03-06'));
        await transitions.refreshStays(em, id);
      });
      const h = await transitions.history(id);
      expect(h.map((r) => [r.toStage, r.endedOn, r.stayDays, r.reachedRank])).toEqual([['visit', '2026-03-06', 60, 0], ['signed', '9999-12-31', null, 2]]);
      const share = await transitions.ledgerShare(id);
      expect(share.map((c) => [c.month, c.stage, c.rank, c.projects])).toEqual(
        expect.arrayContaining([['2026-01', 'visit', 0, 1], ['2026-03', 'visit', 0, -1], ['2026-03', 'signed', 2, 1]]),
      );
      expect(share).toHaveLength(3);
    });
  });
});
