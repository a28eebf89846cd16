import { addDays } from '../../src/core/dates';
import { ReminderRulesService } from '../../src/reminders/reminder-rules.service';
import { type Account, bearer, makeProjectOn, seedWorld, type World } from '../helpers/fixtures';
import { addMilestone, logActivity, moveOk } from '../helpers/projects';
import { describeEachDatabase, startTestApp, type TestApp } from '../helpers/test-app';
import { setTimeZone } from '../helpers/time-zone';

/**
 * The reminder rules of DOMAIN.md "Reminders and supervision", at their
 * threshold edges, with the clock fixed at 2026-06-15 16:30 UTC: that is
 * 2026-06-16 00:30 in Shanghai, so "today" is 2026-06-16 whatever the
 * process's own zone is (each suite runs under TZ=UTC and TZ=America/New_York).
 */
const NOW = '2026-06-15T16:30:00Z';
const TODAY = '2026-06-16';
/** long before every date below, so that a project's registration never decides */
const LONG_AGO = '2024-01-02';

const ago = (n: number) => addDays(TODAY, -n);

interface Item {
  kind: string;
  projectId: number;
  projectName: string;
  stage: string;
  stageLabel: string;
  ownerName: string | null;
  days: number;
  date: string;
  detail: string;
  light?: string;
}
interface Reminders {
  date: string;
  own: Item[];
  team: Item[];
}

/** Builds projects through the API; every helper acts as admin unless told otherwise. */
function builder(t: TestApp, w: World) {
  return {
    /** a project registered on `createdOn` (default long ago), owned by `owner` */
    async project(name: string, owner: Account = w.officerA, createdOn = LONG_AGO) {
      return (await makeProjectOn(t, createdOn, owner, { name })).id;
    },
    async log(id: number, occurredOn: string, nextFollowUpOn?: string) {
      await logActivity(t, w.admin, id, { kind: 'visit_out', occurredOn, summary: '走访企业', ...(nextFollowUpOn && { nextFollowUpOn }) }).expect(201);
    },
    async milestone(id: number, plannedOn: string, completedOn?: string) {
      await addMilestone(t, w.admin, id, { name: '开工', plannedOn, ...(completedOn && { completedOn }) }).expect(201);
    },
    async move(id: number, body: Record<string, unknown>) {
      await moveOk(t, w.admin, id, body);
    },
    sign(id: number, signedOn: string) {
      return this.move(id, { to: 'signed', signedOn, contractInvestment: 5000, agreementType: 'investment' });
    },
  };
}

async function reminders(t: TestApp, who: Account): Promise<Reminders> {
  return (await t.http().get('/api/v1/notifications/reminders').set(bearer(who)).expect(200)).body;
}

/** What a person is reminded of about one project, as `kind:days`, sorted. */
function about(r: Reminders, projectId: number, list: 'own' | 'team' = 'own'): string[] {
  return r[list].filter((i) => i.projectId === projectId).map((i) => `${i.kind}:${i.days}`).sort();
}

for (const tz of ['UTC', 'America/New_York']) {
  describeEachDatabase(`reminder rules (TZ=${tz})`, (db) => {
    let t: TestApp;
    let w: World;
    let savedTz: string | undefined;
    const p: Record<string, number> = {};
    let officerA: Reminders;

    beforeAll(async () => {
      savedTz = setTimeZone(tz);
      t = await startTestApp(db, { now: NOW });
      w = await seedWorld(t);
      const b = builder(t, w);

      // 1. follow-ups (visit stage, recent activity so that nothing is stale)
      p.dueToday = await b.project('跟进今日到期');
      await b.log(p.dueToday, ago(3), TODAY);
      p.overdue = await b.project('跟进已逾期');
      await b.log(p.overdue, ago(10), ago(2));
      p.tomorrow = await b.project('明日跟进');
      await b.log(p.tomorrow, ago(1), ago(-1));
      p.superseded = await b.project('已再次跟进');
      await b.log(p.superseded, ago(10), ago(5));
      await b.log(p.superseded, ago(4));
      p.backdated = await b.project('补录旧拜访');
      await b.log(p.backdated, ago(4), ago(1));
      await b.log(p.backdated, ago(20)); // logged afterwards but happened earlier: not a later activity

      // 2. stale, at N and N + 1 days without activity
      for (const days of [30, 31]) {
        p[`visit${days}`] = await b.project(`拜访${days}天`);
        await b.log(p[`visit${days}`], ago(days));
        p[`negotiation${days}`] = await b.project(`洽谈${days}天`);
        await b.move(p[`negotiation${days}`], { to: 'negotiation' });
        await b.log(p[`negotiation${days}`], ago(days));
        p[`registered${days}`] = await b.project(`登记${days}天未跟进`, w.officerA, ago(days));
      }
      for (const days of [60, 61]) {
        p[`signed${days}`] = await b.project(`签约${days}天`);
        await b.sign(p[`signed${days}`], ago(100));
        await b.log(p[`signed${days}`], ago(days));
      }
      for (const days of [90, 91]) {
        p[`construction${days}`] = await b.project(`在建${days}天`);
        await b.sign(p[`construction${days}`], ago(200));
        await b.move(p[`construction${days}`], { to: 'construction', constructionStartedOn: ago(150) });
        await b.log(p[`construction${days}`], ago(days));
      }

      // 3. milestones
      for (const [key, planned, completed] of [
        ['msIn7', ago(-7)], ['msIn8', ago(-8)], ['msToday', TODAY], ['msOverdue', ago(3)], ['msDone', ago(5), ago(1)],
      ] as const) {
        p[key] = await b.project(`节点${key}`);
        await b.log(p[key], ago(2));
        await b.milestone(p[key], planned, completed);
      }

      // 4. dwell
      p.signed180 = await b.project('签约180天未开工');
      await b.sign(p.signed180, ago(180));
      p.signed179 = await b.project('签约179天未开工');
      await b.sign(p.signed179, ago(179));
      p.build730 = await b.project('开工730天未投产');
      await b.sign(p.build730, ago(800));
      await b.move(p.build730, { to: 'construction', constructionStartedOn: ago(730) });
      p.build729 = await b.project('开工729天未投产');
      await b.sign(p.build729, ago(800));
      await b.move(p.build729, { to: 'construction', constructionStartedOn: ago(729) });
      for (const k of ['signed180', 'signed179', 'build730', 'build729']) await b.log(p[k], ago(1));

      // inactive stages: everything would be due, were they active
      for (const k of ['onHold', 'dropped', 'production']) {
        p[k] = await b.project(`停用${k}`);
        await b.log(p[k], ago(200), ago(190));
        await b.milestone(p[k], ago(100));
      }
      await b.move(p.onHold, { to: 'on_hold', reason: '企业暂缓投资' });
      await b.move(p.dropped, { to: 'dropped', reasonCode: 'funding', reason: '资金不到位' });
      await b.sign(p.production, ago(880));
      await b.move(p.production, { to: 'construction', constructionStartedOn: ago(850) });
      await b.move(p.production, { to: 'production', productionStartedOn: ago(10) });

      // team B: red (100 days without activity) and yellow (a milestone 2 days overdue)
      p.teamBRed = await b.project('乙队红灯', w.officerB);
      await b.log(p.teamBRed, ago(100));
      p.teamBYellow = await b.project('乙队黄灯', w.officerB);
      await b.log(p.teamBYellow, ago(5));
      await b.milestone(p.teamBYellow, ago(2));

      // a deactivated owner in team A, with an overdue follow-up and 70 days without activity
      p.leaver = await b.project('离职人员项目', w.officerA2);
      await b.log(p.leaver, ago(70), ago(60));
      await t.http().patch(`/api/v1/users/${w.officerA2.id}`).set(bearer(w.admin)).send({ active: false }).expect(200);

      t.clock.set(NOW);
      officerA = await reminders(t, w.officerA);
    });
    afterAll(async () => {
      await t?.close();
      setTimeZone(savedTz);
    });

    it(`runs in ${tz}, and "today" is the Shanghai date`, () => {
      expect(new Date(NOW).getTimezoneOffset()).toBe(tz === 'UTC' ? 0 : 240);
      expect(t.clock.today()).toBe(TODAY);
      expect(officerA.date).toBe(TODAY);
    });

    it('follow-ups: due today and overdue remind; tomorrow, superseded by a later activity do not', () => {
      expect(about(officerA, p.dueToday)).toEqual(['follow_up:0']);
      expect(officerA.own.find((i) => i.projectId === p.dueToday)).toMatchObject({
        projectName: '跟进今日到期', stage: 'visit', stageLabel: '拜访接洽', ownerName: 'officerA', date: TODAY,
        detail: `今日应跟进（约定 ${TODAY}）`,
      });
      expect(about(officerA, p.overdue)).toEqual(['follow_up:2']);
      expect(officerA.own.find((i) => i.projectId === p.overdue)!.detail).toBe(`跟进已逾期 2 天（约定 ${ago(2)}）`);
      expect(about(officerA, p.tomorrow)).toEqual([]);
      expect(about(officerA, p.superseded)).toEqual([]);
      expect(about(officerA, p.backdated)).toEqual(['follow_up:1']);
    });

    it('stale: visit and negotiation after more than 30 days, signed 60, construction 90', () => {
      expect(about(officerA, p.visit30)).toEqual([]);
      expect(about(officerA, p.visit31)).toEqual(['stale:31']);
      expect(officerA.own.find((i) => i.projectId === p.visit31)!.detail).toBe('拜访接洽阶段已 31 天无跟进（上限 30 天）');
      expect(about(officerA, p.negotiation30)).toEqual([]);
      expect(about(officerA, p.negotiation31)).toEqual(['stale:31']);
      expect(officerA.own.find((i) => i.projectId === p.negotiation31)).toMatchObject({ stage: 'negotiation', stageLabel: '洽谈' });
      expect(about(officerA, p.signed60)).toEqual([]);
      expect(about(officerA, p.signed61)).toEqual(['stale:61']);
      expect(about(officerA, p.construction90)).toEqual([]);
      expect(about(officerA, p.construction91)).toEqual(['stale:91']);
      expect(officerA.own.find((i) => i.projectId === p.construction91)).toMatchObject({ stageLabel: '开工建设', date: ago(91) });
    });

    it('stale: a project never followed up counts from its registration', () => {
      expect(about(officerA, p.registered30)).toEqual([]);
      expect(about(officerA, p.registered31)).toEqual(['stale:31']);
    });

    it('milestones: due within 7 days or overdue, not 8 days ahead, not completed', () => {
      expect(about(officerA, p.msIn7)).toEqual(['milestone:-7']);
      expect(officerA.own.find((i) => i.projectId === p.msIn7)!.detail).toBe(`节点「开工」将于 7 天后到期（${ago(-7)}）`);
      expect(about(officerA, p.msIn8)).toEqual([]);
      expect(about(officerA, p.msToday)).toEqual(['milestone:0']);
      expect(about(officerA, p.msOverdue)).toEqual(['milestone:3']);
      expect(officerA.own.find((i) => i.projectId === p.msOverdue)!.detail).toBe(`节点「开工」已逾期 3 天（计划 ${ago(3)}）`);
      expect(about(officerA, p.msDone)).toEqual([]);
    });

    it('dwell: signed without construction at 180 days (not 179), construction without production at 730 (not 729)', () => {
      expect(about(officerA, p.signed180)).toEqual(['signed_dwell:180']);
      expect(officerA.own.find((i) => i.projectId === p.signed180)!.detail).toBe(`签约 180 天仍未开工（签约 ${ago(180)}）`);
      expect(about(officerA, p.signed179)).toEqual([]);
      expect(about(officerA, p.build730)).toEqual(['construction_dwell:730']);
      expect(officerA.own.find((i) => i.projectId === p.build730)!.detail).toBe(`开工 730 天仍未投产（开工 ${ago(730)}）`);
      expect(about(officerA, p.build729)).toEqual([]);
    });

    it('on_hold, dropped and production projects get nothing, however overdue', async () => {
      for (const k of ['onHold', 'dropped', 'production']) {
        expect({ k, own: about(officerA, p[k]) }).toEqual({ k, own: [] });
        expect({ k, team: about(await reminders(t, w.managerA), p[k], 'team') }).toEqual({ k, team: [] });
      }
    });

    it('an officer is reminded of exactly the due items of the projects they own', async () => {
      const expected = [
        p.dueToday, p.overdue, p.backdated, p.visit31, p.negotiation31, p.registered31, p.signed61, p.construction91,
        p.msIn7, p.msToday, p.msOverdue, p.signed180, p.build730,
      ];
      expect([...new Set(officerA.own.map((i) => i.projectId))].sort((a, b) => a - b)).toEqual([...expected].sort((a, b) => a - b));
      expect(officerA.team).toEqual([]);
      const b = await reminders(t, w.officerB);
      expect(b.own.map((i) => `${i.projectId}:${i.kind}`).sort()).toEqual([`${p.teamBRed}:stale`, `${p.teamBYellow}:milestone`].sort());
      expect(b.team).toEqual([]);
    });

    it("managers get their own team's yellow and red projects, not another team's", async () => {
      const a = await reminders(t, w.managerA);
      expect(a.own).toEqual([]);
      const lights = (r: Reminders) => Object.fromEntries(r.team.map((i) => [i.projectId, i.light]));
      expect(lights(a)).toEqual({
        [p.signed60]: 'yellow', [p.signed61]: 'yellow', [p.construction90]: 'red', [p.construction91]: 'red',
        [p.msOverdue]: 'yellow', [p.leaver]: 'yellow',
      });
      expect(a.team.find((i) => i.projectId === p.construction91)).toMatchObject({
        kind: 'team_light', projectName: '在建91天', stageLabel: '开工建设', ownerName: 'officerA', detail: '红灯：91 天无跟进',
      });
      expect(a.team.find((i) => i.projectId === p.msOverdue)!.detail).toBe('黄灯：节点逾期');
      const b = await reminders(t, w.managerB);
      expect(lights(b)).toEqual({ [p.teamBRed]: 'red', [p.teamBYellow]: 'yellow' });
    });

    it('a deactivated owner gets no digest; their team manager still sees the project', async () => {
      const digests = await t.app.get(ReminderRulesService).digests(TODAY);
      expect(digests.has(w.officerA2.id)).toBe(false);
      expect([...digests.keys()].sort((x, y) => x - y)).toEqual([w.managerA.id, w.officerA.id, w.managerB.id, w.officerB.id].sort((x, y) => x - y));
      expect(digests.get(w.managerA.id)!.team.find((i) => i.projectId === p.leaver)).toMatchObject({ ownerName: 'officerA2', light: 'yellow' });
    });
  });
}

describeEachDatabase('reminder rules with thresholds from the environment', (db) => {
  let t: TestApp;
  let w: World;
  const p: Record<string, number> = {};
  let r: Reminders;

  beforeAll(async () => {
    t = await startTestApp(db, {
      now: NOW,
      env: {
        REMINDER_STALE_VISIT_DAYS: '10',
        REMINDER_STALE_SIGNED_DAYS: '20',
        REMINDER_MILESTONE_WINDOW_DAYS: '3',
        REMINDER_SIGNED_DWELL_DAYS: '90',
        REMINDER_CONSTRUCTION_DWELL_DAYS: '365',
      },
    });
    w = await seedWorld(t);
    const b = builder(t, w);
    for (const days of [10, 11]) {
      p[`visit${days}`] = await b.project(`拜访${days}天`);
      await b.log(p[`visit${days}`], ago(days));
    }
    for (const days of [20, 21]) {
      p[`signed${days}`] = await b.project(`签约后${days}天无跟进`);
      await b.sign(p[`signed${days}`], ago(30));
      await b.log(p[`signed${days}`], ago(days));
    }
    for (const ahead of [3, 4]) {
      p[`ms${ahead}`] = await b.project(`节点${ahead}天后`);
      await b.log(p[`ms${ahead}`], ago(1));
      await b.milestone(p[`ms${ahead}`], ago(-ahead));
    }
    for (const days of [89, 90]) {
      p[`dwell${days}`] = await b.project(`签约${days}天`);
      await b.sign(p[`dwell${days}`], ago(days));
      await b.log(p[`dwell${days}`], ago(1));
    }
    for (const days of [364, 365]) {
      p[`build${days}`] = await b.project(`开工${days}天`);
      await b.sign(p[`build${days}`], ago(400));
      await b.move(p[`build${days}`], { to: 'construction', constructionStartedOn: ago(days) });
      await b.log(p[`build${days}`], ago(1));
    }
    r = await reminders(t, w.officerA);
  });
  afterAll(() => t?.close());

  it('moves each edge to the configured number of days', () => {
    expect(about(r, p.visit10)).toEqual([]);
    expect(about(r, p.visit11)).toEqual(['stale:11']);
    expect(r.own.find((i) => i.projectId === p.visit11)!.detail).toBe('拜访接洽阶段已 11 天无跟进（上限 10 天）');
    expect(about(r, p.signed20)).toEqual([]);
    expect(about(r, p.signed21)).toEqual(['stale:21']);
    expect(about(r, p.ms3)).toEqual(['milestone:-3']);
    expect(about(r, p.ms4)).toEqual([]);
    expect(about(r, p.dwell89)).toEqual([]);
    expect(about(r, p.dwell90)).toEqual(['signed_dwell:90']);
    expect(about(r, p.build364)).toEqual([]);
    expect(about(r, p.build365)).toEqual(['construction_dwell:365']);
  });
});
