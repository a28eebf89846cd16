import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../core/clock';
import { inScope } from '../core/auth/scope';
import { APP_CONFIG, type AppConfig } from '../core/config/app-config';
import { addDays, daysBetween } from '../core/dates';
import { ACTIVE_STAGES, STAGE_LABELS, type Stage } from '../projects/pipeline';
import { briefReasonText, judgeLight, LIGHT_LABELS, lightCutoffs } from '../projects/supervision';
import type { ReminderKind } from '../notifications/notification.entity';
import { type UserContact, UsersRepository } from '../users/users.repository';
import { type ProjectRef, RemindersRepository } from './reminders.repository';

export interface ReminderItem {
  kind: ReminderKind;
  projectId: number;
  projectName: string;
  stage: Stage;
  stageLabel: string;
  ownerId: number;
  ownerName: string | null;
  /** days overdue (follow-ups, milestones), since last activity (stale), in stage (dwell); negative = due in N days */
  days: number;
  /** the date the item counts from or is due on */
  date: string;
  /** zh-CN text of what is due */
  detail: string;
  light?: 'yellow' | 'red';
}

export interface Digest {
  userId: number;
  name: string;
  email: string | null;
  /** items about the projects this person owns */
  own: ReminderItem[];
  /** managers: their team's yellow and red projects that their data scope covers */
  team: ReminderItem[];
}

/** What GET /notifications/reminders answers: one person's reminders as of today. */
export interface MyReminders {
  date: string;
  own: ReminderItem[];
  team: ReminderItem[];
}

type StaleStage = keyof AppConfig['reminders']['staleDays'];

/**
 * DOMAIN.md "Reminders": four rules for owners and the 督办灯 for managers,
 * for one business date. The rules (which stages, which thresholds, what the
 * reminder says, whose digest it goes in) are here; RemindersRepository
 * selects the rows in the database and UsersRepository the people. Pure
 * reads; sending is DigestSender's.
 */
@Injectable()
export class ReminderRulesService {
  constructor(
    private readonly repo: RemindersRepository,
    private readonly users: UsersRepository,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'reminders' | 'supervision'>,
    private readonly clock: Clock,
  ) {}

  /** The caller's reminders as of today, computed live (what tomorrow's digest would start from). */
  async mine(userId: number): Promise<MyReminders> {
    const today = this.clock.today();
    const digest = (await this.digests(today, userId)).get(userId);
    return { date: today, own: digest?.own ?? [], team: digest?.team ?? [] };
  }

  /** Every digest for `today`, keyed by user; people with nothing due are absent. */
  async digests(today: string, onlyUserId?: number): Promise<Map<number, Digest>> {
    const items = await this.ownerItems(today, onlyUserId);
    const team = await this.teamItems(today, onlyUserId);
    const userIds = [...new Set([...items.map((i) => i.ownerId), ...team.keys()])];
    const users = userIds.length ? await this.users.activeContacts(userIds) : [];
    const byId = new Map<number, UserContact>(users.map((u) => [u.id, u]));
    const out = new Map<number, Digest>();
    const digestOf = (u: UserContact) => {
      let d = out.get(u.id);
      if (!d) {
        d = { userId: u.id, name: u.name, email: u.email, own: [], team: [] };
        out.set(u.id, d);
      }
      return d;
    };
    for (const i of items) {
      const owner = byId.get(i.ownerId);
      if (!owner) continue; // deactivated owners get no e-mail
      i.ownerName = owner.name;
      digestOf(owner).own.push(i);
    }
    for (const [managerId, list] of team) {
      const manager = byId.get(managerId);
      if (manager) digestOf(manager).team.push(...list);
    }
    return out;
  }

  private async ownerItems(today: string, ownerId?: number): Promise<ReminderItem[]> {
    const r = this.config.reminders;
    const items: ReminderItem[] = [];
    const base = (p: ProjectRef) => ({
      projectId: p.id, projectName: p.name, stage: p.stage, stageLabel: STAGE_LABELS[p.stage], ownerId: p.ownerId, ownerName: null,
    });

    // 1. follow-ups due: the project's latest activity asks for a follow-up today or earlier.
    for (const p of await this.repo.followUpsDue(ACTIVE_STAGES, today, ownerId)) {
      const days = daysBetween(p.due, today);
      items.push({ ...base(p), kind: 'follow_up', days, date: p.due, detail: days === 0 ? `今日应跟进（约定 ${p.due}）` : `跟进已逾期 ${days} 天（约定 ${p.due}）` });
    }

    // 2. stale: no activity for MORE than N days, N set per active stage (never followed up: since
    // registration). This is the owner's own nudge, not the 督办灯: the light turns yellow at a single
    // threshold for every stage, on the day it is reached (supervision.ts), and managers see that.
    const staleDays = (stage: Stage): number => {
      const n = r.staleDays[stage as StaleStage];
      if (n === undefined) throw new Error(`config.reminders.staleDays has no threshold for the active stage "${stage}"`);
      return n;
    };
    const limits = ACTIVE_STAGES.map((stage) => ({ stage, before: addDays(today, -staleDays(stage)) }));
    for (const p of await this.repo.quietSince(limits, ownerId)) {
      const days = daysBetween(p.since, today);
      items.push({ ...base(p), kind: 'stale', days, date: p.since, detail: `${STAGE_LABELS[p.stage]}阶段已 ${days} 天无跟进（上限 ${staleDays(p.stage)} 天）` });
    }

    // 3. milestones due within the window, or overdue, not completed.
    for (const p of await this.repo.openMilestonesDueBy(ACTIVE_STAGES, addDays(today, r.milestoneWindowDays), ownerId)) {
      const days = daysBetween(p.plannedOn, today);
      const m = p.milestoneName;
      const detail = days > 0 ? `节点「${m}」已逾期 ${days} 天（计划 ${p.plannedOn}）` : days === 0 ? `节点「${m}」今日到期` : `节点「${m}」将于 ${-days} 天后到期（${p.plannedOn}）`;
      items.push({ ...base(p), kind: 'milestone', days, date: p.plannedOn, detail });
    }

    // 4. dwell: signed but no construction after 180 days; construction but no production after 730.
    for (const p of await this.repo.dwelling(addDays(today, -r.signedDwellDays), addDays(today, -r.constructionDwellDays), ownerId)) {
      const days = daysBetween(p.since, today);
      const signed = p.stage === 'signed';
      items.push({
        ...base(p), kind: signed ? 'signed_dwell' : 'construction_dwell', days, date: p.since,
        detail: signed ? `签约 ${days} 天仍未开工（签约 ${p.since}）` : `开工 ${days} 天仍未投产（开工 ${p.since}）`,
      });
    }
    return items;
  }

  /**
   * Yellow and red projects of each manager's team that the manager's data
   * scope covers (core/auth/scope.ts: `team` and `all` the team, `own` only
   * his own projects), keyed by manager; the light and its reason are
   * supervision.ts's.
   */
  private async teamItems(today: string, onlyUserId?: number): Promise<Map<number, ReminderItem[]>> {
    const managers = await this.users.activeManagers(onlyUserId);
    const teams = [...new Set(managers.map((m) => m.teamId).filter((t): t is number => t !== null))];
    const out = new Map<number, ReminderItem[]>();
    if (!teams.length) return out;
    const cut = lightCutoffs(today, this.config.supervision);
    const byTeam = new Map<number, (ReminderItem & { teamId: number })[]>();
    for (const p of await this.repo.yellowAndRedOfTeams(teams, cut)) {
      const j = judgeLight(p, cut);
      // the database picked yellow and red by the same rule; a project it judges otherwise is not reported
      if (p.teamId === null || (j.light !== 'yellow' && j.light !== 'red')) continue;
      const list = byTeam.get(p.teamId) ?? [];
      list.push({
        teamId: p.teamId,
        kind: 'team_light', projectId: p.id, projectName: p.name, stage: p.stage, stageLabel: STAGE_LABELS[p.stage],
        ownerId: p.ownerId, ownerName: p.ownerName, days: j.daysSinceActivity!, date: p.since, light: j.light,
        detail: `${LIGHT_LABELS[j.light]}：${briefReasonText(j.reasons[0])}`,
      });
      byTeam.set(p.teamId, list);
    }
    for (const m of managers) {
      const seen = (m.teamId === null ? [] : (byTeam.get(m.teamId) ?? [])).filter((i) => inScope(m, i));
      if (seen.length) out.set(m.id, seen.map(({ teamId: _team, ...i }) => i));
    }
    return out;
  }
}
