import { FixedClock } from '../../core/clock';
import { addDays } from '../../core/dates';
import { ACTIVE_STAGES, type Stage } from '../../projects/pipeline';
import { type LightCutoffs, lightCutoffs } from '../../projects/supervision';
import { ReminderRulesService } from '../reminder-rules.service';
import type { ManagerContact, UserContact as Recipient, UsersRepository } from '../../users/users.repository';
import type { FollowUpRow, MilestoneRow, ProjectRef, RemindersRepository, SinceRow, TeamLightRow } from '../reminders.repository';

/** 10:00 on 2026-06-16 in Shanghai */
const NOW = '2026-06-16T02:00:00Z';
const TODAY = '2026-06-16';
const ago = (n: number) => addDays(TODAY, -n);

const CONFIG = {
  reminders: { staleDays: { visit: 30, negotiation: 31, signed: 60, construction: 90 }, milestoneWindowDays: 7, signedDwellDays: 180, constructionDwellDays: 730 },
  supervision: { yellowDays: 60, redDays: 90, milestoneRedDays: 30 },
};

const officerA: Recipient = { id: 1, name: '张三', email: 'zhangsan@example.cn', teamId: 10 };
const officerB: Recipient = { id: 2, name: '李四', email: 'lisi@example.cn', teamId: 20 };
const leaver: Recipient = { id: 3, name: '王五', email: 'wangwu@example.cn', teamId: 10 };
const managerA: ManagerContact = { id: 11, name: '甲队长', email: 'a@example.cn', teamId: 10, dataScope: 'team' };
const managerB: ManagerContact = { id: 12, name: '乙队长', email: 'b@example.cn', teamId: 20, dataScope: 'team' };
const loneManager: ManagerContact = { id: 13, name: '无队经理', email: 'c@example.cn', teamId: null, dataScope: 'team' };

let nextId = 100;
function project(owner: Recipient, stage: Stage = 'visit', name = `项目${nextId}`): ProjectRef {
  return { id: nextId++, name, stage, ownerId: owner.id, teamId: owner.teamId };
}

/**
 * RemindersRepository and UsersRepository as the rules see them: canned
 * rows and people, narrowed only by what the rules ask (stages, owner), and
 * every question recorded.
 */
class FakeRemindersRepository {
  followUps: FollowUpRow[] = [];
  quiet: SinceRow[] = [];
  milestones: MilestoneRow[] = [];
  dwell: SinceRow[] = [];
  teamRows: TeamLightRow[] = [];
  /** the active people */
  people: Recipient[] = [officerA, officerB, managerA, managerB, loneManager];
  managers: ManagerContact[] = [managerA, managerB, loneManager];
  readonly asked: Record<string, unknown[][]> = {};

  private ask(method: string, args: unknown[]): void {
    (this.asked[method] ??= []).push(args);
  }

  private static mine<T extends ProjectRef>(rows: T[], stages: readonly Stage[] | null, ownerId?: number): T[] {
    return rows.filter((r) => (stages === null || stages.includes(r.stage)) && (ownerId === undefined || r.ownerId === ownerId));
  }

  async followUpsDue(stages: readonly Stage[], dueBy: string, ownerId?: number) {
    this.ask('followUpsDue', [stages, dueBy, ownerId]);
    return FakeRemindersRepository.mine(this.followUps, stages, ownerId);
  }

  async quietSince(limits: readonly { stage: Stage; before: string }[], ownerId?: number) {
    this.ask('quietSince', [limits, ownerId]);
    return FakeRemindersRepository.mine(this.quiet, limits.map((l) => l.stage), ownerId);
  }

  async openMilestonesDueBy(stages: readonly Stage[], dueBy: string, ownerId?: number) {
    this.ask('openMilestonesDueBy', [stages, dueBy, ownerId]);
    return FakeRemindersRepository.mine(this.milestones, stages, ownerId);
  }

  async dwelling(signedBy: string, constructionBy: string, ownerId?: number) {
    this.ask('dwelling', [signedBy, constructionBy, ownerId]);
    return FakeRemindersRepository.mine(this.dwell, null, ownerId);
  }

  async activeManagers(onlyUserId?: number) {
    this.ask('activeManagers', [onlyUserId]);
    return this.managers.filter((m) => onlyUserId === undefined || m.id === onlyUserId);
  }

  async yellowAndRedOfTeams(teamIds: readonly number[], cut: LightCutoffs) {
    this.ask('yellowAndRedOfTeams', [teamIds, cut]);
    return this.teamRows.filter((r) => r.teamId !== null && teamIds.includes(r.teamId));
  }

  async activeContacts(ids: readonly number[]) {
    this.ask('activeContacts', [ids]);
    return this.people.filter((p) => ids.includes(p.id));
  }
}

function setup() {
  const repo = new FakeRemindersRepository();
  const rules = new ReminderRulesService(repo as unknown as RemindersRepository, repo as unknown as UsersRepository, CONFIG, new FixedClock(NOW));
  return { repo, rules };
}

/** A team row with the facts its light is judged on. */
function teamRow(owner: Recipient, facts: { since: string; overdue?: string[]; stage?: Stage }): TeamLightRow {
  const overdue = [...(facts.overdue ?? [])].sort();
  return {
    ...project(owner, facts.stage ?? 'negotiation'), ownerName: owner.name, since: facts.since,
    overdueMilestones: overdue.length, oldestOverdueOn: overdue[0] ?? null,
  };
}

describe(ReminderRulesService.name, () => {
  describe('what it asks the database', () => {
    it('asks about the active stages of pipeline.ts only, each stale limit with its own threshold', async () => {
      const { repo, rules } = setup();
      await rules.digests(TODAY);
      expect(repo.asked.followUpsDue).toEqual([[ACTIVE_STAGES, TODAY, undefined]]);
      expect(repo.asked.openMilestonesDueBy).toEqual([[ACTIVE_STAGES, addDays(TODAY, 7), undefined]]);
      expect(repo.asked.quietSince).toEqual([[
        [{ stage: 'visit', before: ago(30) }, { stage: 'negotiation', before: ago(31) }, { stage: 'signed', before: ago(60) }, { stage: 'construction', before: ago(90) }],
        undefined,
      ]]);
      expect((repo.asked.quietSince[0][0] as { stage: Stage }[]).map((l) => l.stage)).toEqual(ACTIVE_STAGES);
      expect(repo.asked.dwelling).toEqual([[ago(180), ago(730), undefined]]);
    });

    it("asks for the managers' teams' yellow and red projects with the configured light cut-offs", async () => {
      const { repo, rules } = setup();
      await rules.digests(TODAY);
      expect(repo.asked.yellowAndRedOfTeams).toEqual([[[10, 20], lightCutoffs(TODAY, CONFIG.supervision)]]);
    });

    it('does not ask for team lights when no manager has a team', async () => {
      const { repo, rules } = setup();
      repo.managers = [loneManager];
      expect(await rules.digests(TODAY)).toEqual(new Map());
      expect(repo.asked.yellowAndRedOfTeams).toBeUndefined();
    });
  });

  describe('whose digest an item goes in', () => {
    it("puts each item in its owner's digest, with the owner's name and address", async () => {
      const { repo, rules } = setup();
      const a = project(officerA, 'visit', '储能电池项目');
      const b = project(officerB, 'signed', '光伏组件项目');
      repo.followUps = [{ ...a, due: ago(2) }];
      repo.dwell = [{ ...b, since: ago(200) }];
      const digests = await rules.digests(TODAY);
      expect([...digests.keys()].sort()).toEqual([officerA.id, officerB.id]);
      expect(digests.get(officerA.id)).toMatchObject({ userId: officerA.id, name: '张三', email: 'zhangsan@example.cn', team: [] });
      expect(digests.get(officerA.id)!.own).toEqual([{
        kind: 'follow_up', projectId: a.id, projectName: '储能电池项目', stage: 'visit', stageLabel: '拜访接洽', ownerId: officerA.id, ownerName: '张三',
        days: 2, date: ago(2), detail: `跟进已逾期 2 天（约定 ${ago(2)}）`,
      }]);
      expect(digests.get(officerB.id)!.own.map((i) => [i.projectId, i.kind, i.ownerName])).toEqual([[b.id, 'signed_dwell', '李四']]);
    });

    it('gathers all of one owner\'s items in one digest, rule by rule', async () => {
      const { repo, rules } = setup();
      const p = project(officerA, 'construction');
      repo.followUps = [{ ...p, due: TODAY }];
      repo.quiet = [{ ...p, since: ago(91) }];
      repo.milestones = [{ ...p, milestoneName: '投产', plannedOn: ago(3) }];
      repo.dwell = [{ ...p, since: ago(730) }];
      const d = (await rules.digests(TODAY)).get(officerA.id)!;
      expect(d.own.map((i) => `${i.kind}:${i.days}`)).toEqual(['follow_up:0', 'stale:91', 'milestone:3', 'construction_dwell:730']);
    });

    it('gives a deactivated owner no digest, while their manager still sees the project', async () => {
      const { repo, rules } = setup();
      const p = project(leaver, 'negotiation', '离职人员项目');
      repo.followUps = [{ ...p, due: ago(60) }];
      repo.teamRows = [{ ...teamRow(leaver, { since: ago(70) }), id: p.id, name: p.name }];
      const digests = await rules.digests(TODAY);
      expect(digests.has(leaver.id)).toBe(false);
      expect(repo.asked.activeContacts[0][0]).toContain(leaver.id);
      expect(digests.get(managerA.id)!.team).toEqual([expect.objectContaining({ projectId: p.id, ownerName: '王五', light: 'yellow' })]);
    });

    it('gives nobody a digest when nothing is due', async () => {
      const { repo, rules } = setup();
      expect(await rules.digests(TODAY)).toEqual(new Map());
      expect(repo.asked.activeContacts).toBeUndefined();
    });
  });

  describe("managers and their team's lights", () => {
    it("gives a manager their own team's yellow and red projects, not another team's", async () => {
      const { repo, rules } = setup();
      const red = teamRow(officerA, { since: ago(91), stage: 'construction' });
      const yellow = teamRow(officerA, { since: ago(5), overdue: [ago(2)] });
      const other = teamRow(officerB, { since: ago(100) });
      repo.teamRows = [red, yellow, other];
      const digests = await rules.digests(TODAY);
      const a = digests.get(managerA.id)!;
      expect(a.own).toEqual([]);
      expect(a.team.map((i) => [i.projectId, i.light])).toEqual([[red.id, 'red'], [yellow.id, 'yellow']]);
      expect(a.team[0]).toEqual({
        kind: 'team_light', projectId: red.id, projectName: red.name, stage: 'construction', stageLabel: '开工建设', ownerId: officerA.id, ownerName: '张三',
        days: 91, date: ago(91), light: 'red', detail: '红灯：91 天无跟进',
      });
      expect(a.team[1]).toMatchObject({ days: 5, date: ago(5), detail: '黄灯：节点逾期' });
      expect(digests.get(managerB.id)!.team.map((i) => [i.projectId, i.light, i.detail])).toEqual([[other.id, 'red', '红灯：100 天无跟进']]);
      expect(digests.has(loneManager.id)).toBe(false);
    });

    it("shows a manager whose data scope is own only his own yellow and red projects of the team", async () => {
      const { repo, rules } = setup();
      const narrowed: ManagerContact = { ...managerA, dataScope: 'own' };
      repo.managers = [narrowed, managerB];
      const his = teamRow(narrowed, { since: ago(95) });
      const teammates = teamRow(officerA, { since: ago(95) });
      repo.teamRows = [his, teammates, teamRow(officerB, { since: ago(95) })];
      const digests = await rules.digests(TODAY);
      expect(digests.get(narrowed.id)!.team.map((i) => i.projectId)).toEqual([his.id]);
      expect((await rules.mine(narrowed.id)).team.map((i) => i.projectId)).toEqual([his.id]);
      expect(digests.get(managerB.id)!.team).toHaveLength(1);
    });

    it('shows a manager whose data scope is all the lights of the team he manages, as one in team scope', async () => {
      const { repo, rules } = setup();
      const wide: ManagerContact = { ...managerA, dataScope: 'all' };
      repo.managers = [wide];
      const ours = teamRow(officerA, { since: ago(95) });
      repo.teamRows = [ours, teamRow(officerB, { since: ago(95) })];
      expect((await rules.digests(TODAY)).get(wide.id)!.team.map((i) => i.projectId)).toEqual([ours.id]);
    });

    it('names no activity first when a project is both stale and late on a milestone, and red for a milestone 30 days late', async () => {
      const { repo, rules } = setup();
      const both = teamRow(officerA, { since: ago(65), overdue: [ago(4)] });
      const lateMilestone = teamRow(officerA, { since: ago(1), overdue: [ago(30), ago(2)] });
      repo.teamRows = [both, lateMilestone];
      const team = (await rules.digests(TODAY)).get(managerA.id)!.team;
      expect(team.map((i) => [i.light, i.detail])).toEqual([['yellow', '黄灯：65 天无跟进'], ['red', '红灯：节点逾期']]);
    });

    it('reports nothing for a project in an inactive stage, or one the light judges green', async () => {
      const { repo, rules } = setup();
      repo.teamRows = [
        ...(['on_hold', 'dropped', 'production'] as const).map((stage) => teamRow(officerA, { since: ago(300), overdue: [ago(100)], stage })),
        teamRow(officerA, { since: ago(59) }),
      ];
      expect((await rules.digests(TODAY)).has(managerA.id)).toBe(false);
    });

    it('gives two managers of one team each their own copy of the list', async () => {
      const { repo, rules } = setup();
      const deputy: ManagerContact = { id: 14, name: '甲副队长', email: 'd@example.cn', teamId: 10, dataScope: 'team' };
      repo.managers = [managerA, deputy];
      repo.people.push(deputy);
      repo.teamRows = [teamRow(officerA, { since: ago(61) })];
      const digests = await rules.digests(TODAY);
      expect(digests.get(deputy.id)!.team).toEqual(digests.get(managerA.id)!.team);
      expect(digests.get(deputy.id)!.team[0]).not.toBe(digests.get(managerA.id)!.team[0]);
    });
  });

  describe('what each reminder says', () => {
    it('follow-ups: due today, or overdue by N days', async () => {
      const { repo, rules } = setup();
      repo.followUps = [{ ...project(officerA), due: TODAY }, { ...project(officerA), due: ago(2) }];
      const own = (await rules.digests(TODAY)).get(officerA.id)!.own;
      expect(own.map((i) => [i.days, i.date, i.detail])).toEqual([
        [0, TODAY, `今日应跟进（约定 ${TODAY}）`],
        [2, ago(2), `跟进已逾期 2 天（约定 ${ago(2)}）`],
      ]);
    });

    it("stale: the days since the last activity and the stage's own limit", async () => {
      const { repo, rules } = setup();
      repo.quiet = [{ ...project(officerA, 'negotiation'), since: ago(32) }, { ...project(officerA, 'construction'), since: ago(91) }];
      const own = (await rules.digests(TODAY)).get(officerA.id)!.own;
      expect(own.map((i) => [i.kind, i.days, i.date, i.stageLabel, i.detail])).toEqual([
        ['stale', 32, ago(32), '洽谈', '洽谈阶段已 32 天无跟进（上限 31 天）'],
        ['stale', 91, ago(91), '开工建设', '开工建设阶段已 91 天无跟进（上限 90 天）'],
      ]);
    });

    it('milestones: overdue, due today, or due in N days', async () => {
      const { repo, rules } = setup();
      const p = project(officerA);
      repo.milestones = [
        { ...p, milestoneName: '供地', plannedOn: ago(3) },
        { ...p, milestoneName: '开工', plannedOn: TODAY },
        { ...p, milestoneName: '投产', plannedOn: ago(-7) },
      ];
      const own = (await rules.digests(TODAY)).get(officerA.id)!.own;
      expect(own.map((i) => [i.days, i.date, i.detail])).toEqual([
        [3, ago(3), `节点「供地」已逾期 3 天（计划 ${ago(3)}）`],
        [0, TODAY, '节点「开工」今日到期'],
        [-7, ago(-7), `节点「投产」将于 7 天后到期（${ago(-7)}）`],
      ]);
    });

    it('dwell: signed without construction, construction without production', async () => {
      const { repo, rules } = setup();
      repo.dwell = [{ ...project(officerA, 'signed'), since: ago(180) }, { ...project(officerA, 'construction'), since: ago(730) }];
      const own = (await rules.digests(TODAY)).get(officerA.id)!.own;
      expect(own.map((i) => [i.kind, i.days, i.detail])).toEqual([
        ['signed_dwell', 180, `签约 180 天仍未开工（签约 ${ago(180)}）`],
        ['construction_dwell', 730, `开工 730 天仍未投产（开工 ${ago(730)}）`],
      ]);
    });
  });

  describe('mine (GET /notifications/reminders)', () => {
    it("answers the caller's own reminders as of the clock's today, asking only about them", async () => {
      const { repo, rules } = setup();
      const a = project(officerA);
      repo.followUps = [{ ...a, due: TODAY }, { ...project(officerB), due: TODAY }];
      const mine = await rules.mine(officerA.id);
      expect(mine).toEqual({ date: TODAY, own: [expect.objectContaining({ projectId: a.id, kind: 'follow_up' })], team: [] });
      expect(repo.asked.followUpsDue[0][2]).toBe(officerA.id);
      expect(repo.asked.activeManagers).toEqual([[officerA.id]]);
    });

    it('answers empty lists to someone with nothing due', async () => {
      const { rules } = setup();
      expect(await rules.mine(managerB.id)).toEqual({ date: TODAY, own: [], team: [] });
    });
  });
});
