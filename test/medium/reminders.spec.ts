import type { DataSource } from 'typeorm';
import { Activity } from '../../src/activities/activity.entity';
import { Company } from '../../src/companies/company.entity';
import type { Role } from '../../src/core/auth/roles';
import { sql } from '../../src/core/database/dialect';
import { addDays } from '../../src/core/dates';
import { Milestone } from '../../src/milestones/milestone.entity';
import { ACTIVE_STAGES, type Stage } from '../../src/projects/pipeline';
import { Project } from '../../src/projects/project.entity';
import { ProjectsRepository } from '../../src/projects/projects.repository';
import { judgeLight, type Light, lightCutoffs, lightFactsSql, lightParams, lightSql } from '../../src/projects/supervision';
import { RemindersRepository, type TeamLightRow } from '../../src/reminders/reminders.repository';
import { Team } from '../../src/teams/team.entity';
import { User } from '../../src/users/user.entity';
import { useMediumDatabase } from '../helpers/medium';
import { describeEachDatabase } from '../helpers/test-app';

/**
 * RemindersRepository's statements on a real database of each kind, without
 * HTTP: the rows each rule selects, at its threshold edges. Rows are written
 * straight into the tables (lastActivityOn moved forward as the API does).
 */
const TODAY = '2026-06-16';
const LONG_AGO = '2024-01-02';
const ago = (n: number) => addDays(TODAY, -n);
const SUPERVISION = { yellowDays: 60, redDays: 90, milestoneRedDays: 30 };

/** Writes the rows a test needs. */
function builder(ds: DataSource) {
  const projects = new ProjectsRepository(ds);
  let seq = 0;
  let companyId: number | undefined;
  const teamOf = new Map<number, number | null>();
  const b = {
    async team(name: string): Promise<number> {
      return (await ds.getRepository(Team).insert({ name })).identifiers[0].id as number;
    },
    async user(name: string, role: Role, teamId: number | null, active = true): Promise<number> {
      const id = (await ds.getRepository(User).insert({ email: `${name.toLowerCase()}@test.local`, name, passwordHash: 'x', role, dataScope: 'own', teamId, active })).identifiers[0].id as number;
      teamOf.set(id, teamId);
      return id;
    },
    /** a project in `stage`, registered long ago unless told */
    async project(owner: number, stage: Stage = 'visit', over: Partial<Project> = {}): Promise<number> {
      companyId ??= (await ds.getRepository(Company).insert({ name: '测试企业有限公司', normalizedName: '测试企业' })).identifiers[0].id as number;
      seq++;
      const row = { name: `项目${seq}`, companyId, stage, industryChain: 'new_energy_storage', ownerId: owner, teamId: teamOf.get(owner) ?? null, createdOn: LONG_AGO, ...over };
      return (await ds.getRepository(Project).insert(row)).identifiers[0].id as number;
    },
    /** an activity, moving the project's last-activity date forward as the API does */
    async log(projectId: number, occurredOn: string, nextFollowUpOn: string | null = null): Promise<void> {
      await ds.getRepository(Activity).insert({ projectId, kind: 'visit_out', occurredOn, summary: '走访企业', nextFollowUpOn, createdById: [...teamOf.keys()][0] }); // the first person made: any user will do
      await projects.recordActivity(ds.manager, projectId, occurredOn);
    },
    async milestone(projectId: number, plannedOn: string, completedOn: string | null = null, name = '开工'): Promise<void> {
      await ds.getRepository(Milestone).insert({ projectId, name, plannedOn, completedOn });
    },
  };
  return b;
}

const ids = (rows: { id: number }[]) => rows.map((r) => r.id).sort((x, y) => x - y);
const sorted = (xs: number[]) => [...xs].sort((x, y) => x - y);

describeEachDatabase(RemindersRepository.name, (kind) => {
  const db = useMediumDatabase(kind);
  let repo: RemindersRepository;
  let b: ReturnType<typeof builder>;
  let teamA: number;
  let teamB: number;
  let officerA: number;
  let officerB: number;
  let managerA: number;
  let managerB: number;
  let leaver: number;

  beforeAll(async () => {
    repo = new RemindersRepository(db().ds);
    b = builder(db().ds);
    teamA = await b.team('新能源专班');
    teamB = await b.team('电子信息小分队');
    officerA = await b.user('officerA', 'officer', teamA);
    officerB = await b.user('officerB', 'officer', teamB);
    managerA = await b.user('managerA', 'manager', teamA);
    managerB = await b.user('managerB', 'manager', teamB);
    leaver = await b.user('leaver', 'officer', teamA, false);
  });

  describe('followUpsDue', () => {
    const p: Record<string, number> = {};
    beforeAll(async () => {
      p.dueToday = await b.project(officerA);
      await b.log(p.dueToday, ago(3), TODAY);
      p.overdue = await b.project(officerA, 'negotiation');
      await b.log(p.overdue, ago(10), ago(2));
      p.tomorrow = await b.project(officerA);
      await b.log(p.tomorrow, ago(1), ago(-1));
      p.superseded = await b.project(officerA);
      await b.log(p.superseded, ago(10), ago(5));
      await b.log(p.superseded, ago(4));
      p.backdated = await b.project(officerA);
      await b.log(p.backdated, ago(4), ago(1));
      await b.log(p.backdated, ago(20)); // logged afterwards but happened earlier: not a later activity
      p.lastOfTheDay = await b.project(officerA);
      await b.log(p.lastOfTheDay, ago(2));
      await b.log(p.lastOfTheDay, ago(2), ago(1));
      p.answeredSameDay = await b.project(officerA);
      await b.log(p.answeredSameDay, ago(2), ago(1));
      await b.log(p.answeredSameDay, ago(2));
      p.onHold = await b.project(officerA, 'on_hold');
      await b.log(p.onHold, ago(200), ago(190));
      p.officerB = await b.project(officerB);
      await b.log(p.officerB, ago(3), ago(1));
    });

    it("selects the projects whose latest activity asks for a follow-up by the date, with that date", async () => {
      const rows = await repo.followUpsDue(ACTIVE_STAGES, TODAY);
      const mine = rows.filter((r) => Object.values(p).includes(r.id));
      expect(ids(mine)).toEqual(sorted([p.dueToday, p.overdue, p.backdated, p.lastOfTheDay, p.officerB]));
      expect(mine.find((r) => r.id === p.overdue)).toEqual({ id: p.overdue, name: expect.any(String), stage: 'negotiation', ownerId: officerA, teamId: teamA, due: ago(2) });
      expect(mine.find((r) => r.id === p.backdated)!.due).toBe(ago(1));
    });

    it('selects only the stages asked for, and only the owner asked for', async () => {
      expect(ids(await repo.followUpsDue(['on_hold'], TODAY))).toEqual([p.onHold]);
      expect(ids(await repo.followUpsDue(ACTIVE_STAGES, TODAY, officerB))).toEqual([p.officerB]);
    });
  });

  describe('quietSince', () => {
    const p: Record<string, number> = {};
    const limits = [
      { stage: 'visit', before: ago(30) }, { stage: 'negotiation', before: ago(30) }, { stage: 'signed', before: ago(60) }, { stage: 'construction', before: ago(90) },
    ] as const;
    beforeAll(async () => {
      for (const days of [30, 31]) {
        p[`visit${days}`] = await b.project(officerA, 'visit');
        await b.log(p[`visit${days}`], ago(days));
        p[`negotiation${days}`] = await b.project(officerA, 'negotiation');
        await b.log(p[`negotiation${days}`], ago(days));
        p[`registered${days}`] = await b.project(officerA, 'visit', { createdOn: ago(days) });
      }
      for (const days of [60, 61]) {
        p[`signed${days}`] = await b.project(officerA, 'signed', { signedOn: ago(100) });
        await b.log(p[`signed${days}`], ago(days));
      }
      for (const days of [90, 91]) {
        p[`construction${days}`] = await b.project(officerB, 'construction', { signedOn: ago(200), constructionStartedOn: ago(150) });
        await b.log(p[`construction${days}`], ago(days));
      }
      p.dropped = await b.project(officerA, 'dropped');
      await b.log(p.dropped, ago(300));
    });

    it("selects each stage's projects quiet since before that stage's date, counting from registration when never followed up", async () => {
      const rows = (await repo.quietSince(limits)).filter((r) => Object.values(p).includes(r.id));
      expect(ids(rows)).toEqual(sorted([p.visit31, p.negotiation31, p.registered31, p.signed61, p.construction91]));
      expect(rows.find((r) => r.id === p.registered31)!.since).toBe(ago(31));
      expect(rows.find((r) => r.id === p.construction91)).toMatchObject({ stage: 'construction', ownerId: officerB, teamId: teamB, since: ago(91) });
    });

    it('selects only the stages it is given limits for, and only the owner asked for', async () => {
      expect(ids(await repo.quietSince([{ stage: 'signed', before: ago(60) }]))).toEqual([p.signed61]);
      expect(ids(await repo.quietSince([{ stage: 'dropped', before: ago(1) }]))).toEqual([p.dropped]);
      expect(ids(await repo.quietSince(limits, officerB))).toEqual([p.construction91]);
      expect(await repo.quietSince([])).toEqual([]);
    });
  });

  describe('openMilestonesDueBy', () => {
    const p: Record<string, number> = {};
    beforeAll(async () => {
      for (const [key, planned, completed] of [
        ['msIn7', ago(-7)], ['msIn8', ago(-8)], ['msToday', TODAY], ['msOverdue', ago(3)], ['msDone', ago(5), ago(1)],
      ] as const) {
        p[key] = await b.project(officerB, 'signed', { signedOn: ago(10) });
        await b.milestone(p[key], planned, completed ?? null, `节点${key}`);
      }
      p.production = await b.project(officerB, 'production');
      await b.milestone(p.production, ago(100));
    });

    it('selects open milestones planned by the date, overdue ones included, earliest first, named', async () => {
      const rows = (await repo.openMilestonesDueBy(ACTIVE_STAGES, ago(-7), officerB)).filter((r) => Object.values(p).includes(r.id));
      expect(rows.map((r) => [r.id, r.milestoneName, r.plannedOn])).toEqual([
        [p.msOverdue, '节点msOverdue', ago(3)], [p.msToday, '节点msToday', TODAY], [p.msIn7, '节点msIn7', ago(-7)],
      ]);
    });

    it('selects only the stages and owner asked for', async () => {
      expect(ids(await repo.openMilestonesDueBy(['production'], TODAY))).toEqual([p.production]);
      expect((await repo.openMilestonesDueBy(ACTIVE_STAGES, ago(-7), managerB))).toEqual([]);
    });
  });

  describe('dwelling', () => {
    const p: Record<string, number> = {};
    beforeAll(async () => {
      p.signed180 = await b.project(managerA, 'signed', { signedOn: ago(180) });
      p.signed179 = await b.project(managerA, 'signed', { signedOn: ago(179) });
      p.build730 = await b.project(managerA, 'construction', { signedOn: ago(800), constructionStartedOn: ago(730) });
      p.build729 = await b.project(managerA, 'construction', { signedOn: ago(800), constructionStartedOn: ago(729) });
      p.producing = await b.project(managerA, 'production', { signedOn: ago(900), constructionStartedOn: ago(850), productionStartedOn: ago(10) });
      p.heldAfterSigning = await b.project(managerA, 'on_hold', { signedOn: ago(400), pausedFromStage: 'signed' });
    });

    it('selects signed projects signed by the first date and building ones started by the second, since that date', async () => {
      const rows = await repo.dwelling(ago(180), ago(730), managerA);
      expect(rows.map((r) => [r.id, r.stage, r.since]).sort((x, y) => Number(x[0]) - Number(y[0]))).toEqual([
        [p.signed180, 'signed', ago(180)], [p.build730, 'construction', ago(730)],
      ]);
    });
  });

  describe('yellowAndRedOfTeams', () => {
    const cut = lightCutoffs(TODAY, SUPERVISION);
    const grid: { id: number; quiet: number; overdue: number | null }[] = [];
    const p: Record<string, number> = {};
    let lightTeam: number;
    let owner: number;

    beforeAll(async () => {
      lightTeam = await b.team('督办测试组');
      owner = await b.user('lightOwner', 'officer', lightTeam);
      // every edge of the light: days without activity × the oldest open milestone (days overdue; 0 = due today, -3 = ahead)
      for (const quiet of [59, 60, 89, 90]) {
        for (const overdue of [null, -3, 0, 1, 29, 30]) {
          const id = await b.project(owner, 'negotiation');
          await b.log(id, ago(quiet));
          if (overdue !== null) await b.milestone(id, ago(overdue));
          grid.push({ id, quiet, overdue });
        }
      }
      p.facts = await b.project(owner, 'construction', { signedOn: ago(300), constructionStartedOn: ago(200) });
      await b.log(p.facts, ago(10));
      for (const [planned, done] of [[ago(5), null], [ago(12), null], [ago(40), ago(20)], [ago(-2), null]] as const) await b.milestone(p.facts, planned, done);
      p.neverFollowed = await b.project(owner, 'visit', { createdOn: ago(95) });
      p.onHold = await b.project(owner, 'on_hold', { pausedFromStage: 'negotiation' });
      await b.log(p.onHold, ago(300));
      p.leaversProject = await b.project(leaver, 'visit');
      await b.log(p.leaversProject, ago(70));
    });

    /** the light of a selected project; 'none' when it was not selected */
    const judged = (rows: TeamLightRow[], id: number) => {
      const r = rows.find((x) => x.id === id);
      return r ? judgeLight(r, cut).light : 'none';
    };

    it('selects the yellow and red projects of the teams asked for, with the facts the light is judged on and the owner', async () => {
      const rows = await repo.yellowAndRedOfTeams([lightTeam], cut);
      expect(rows.map((r) => r.teamId).every((t) => t === lightTeam)).toBe(true);
      expect(rows.find((r) => r.id === p.facts)).toEqual({
        id: p.facts, name: expect.any(String), stage: 'construction', ownerId: owner, teamId: lightTeam, ownerName: 'lightOwner',
        since: ago(10), overdueMilestones: 2, oldestOverdueOn: ago(12),
      });
      expect(rows.find((r) => r.id === p.neverFollowed)).toMatchObject({ since: ago(95), overdueMilestones: 0, oldestOverdueOn: null });
      expect(judged(rows, p.neverFollowed)).toBe('red');
      expect(rows.some((r) => r.id === p.onHold)).toBe(false);
      expect(ids(rows)).toEqual(ids(rows.filter((r) => judgeLight(r, cut).light !== 'green')));
    });

    it.each([
      [59, null, 'none'], [59, -3, 'none'], [59, 0, 'none'], [59, 1, 'yellow'], [59, 29, 'yellow'], [59, 30, 'red'],
      [60, null, 'yellow'], [60, 0, 'yellow'], [89, 29, 'yellow'], [89, 30, 'red'], [90, null, 'red'], [90, -3, 'red'],
    ] as const)('a project %p days quiet with a milestone %p days overdue is %s', async (quiet, overdue, light) => {
      const rows = await repo.yellowAndRedOfTeams([lightTeam], cut);
      expect(judged(rows, grid.find((g) => g.quiet === quiet && g.overdue === overdue)!.id)).toBe(light);
    });

    it("keeps a deactivated owner's project on the team's list, and selects nothing for other teams", async () => {
      const a = await repo.yellowAndRedOfTeams([teamA], cut);
      expect(a.find((r) => r.id === p.leaversProject)).toMatchObject({ ownerName: 'leaver', since: ago(70) });
      expect(a.some((r) => r.teamId !== teamA)).toBe(false);
      expect(await repo.yellowAndRedOfTeams([], cut)).toEqual([]);
    });

    it("lightSql filters exactly the projects judgeLight colours so (supervision.ts's two forms agree)", async () => {
      const f = lightFactsSql();
      const em = db().ds.manager;
      const all = await sql<{ id: number; stage: Stage; since: string; overdueMilestones: string | number; oldestOverdueOn: string | null }>(
        em,
        `SELECT p.id, p.stage, ${f.since} AS since, ${f.overdueMilestones} AS "overdueMilestones", ${f.oldestOverdueOn} AS "oldestOverdueOn" FROM projects p`,
        lightParams(cut),
      );
      const byJudge = new Map<number, Light | null>(all.map((r) => [Number(r.id), judgeLight({ ...r, overdueMilestones: Number(r.overdueMilestones) }, cut).light]));
      for (const light of ['green', 'yellow', 'red'] as const) {
        const filtered = (await sql<{ id: number }>(em, `SELECT p.id FROM projects p WHERE ${lightSql(light)}`, lightParams(cut))).map((r) => Number(r.id));
        expect({ light, ids: sorted(filtered) }).toEqual({ light, ids: sorted([...byJudge].filter(([, l]) => l === light).map(([id]) => id)) });
      }
      expect([...byJudge.values()].filter((l) => l === 'yellow').length).toBeGreaterThan(5);
      expect([...byJudge.values()].filter((l) => l === 'red').length).toBeGreaterThan(5);
    });
  });
});
