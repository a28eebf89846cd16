import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../core/config/app-config';
import { addDays, daysBetween } from '../core/dates';
import { ACTIVE_STAGES, STAGE_LABELS, type Stage } from '../projects/pipeline';
import { lightCutoffs, lightParams, lightSql } from '../projects/supervision';
import { User } from '../users/user.entity';

export const REMINDER_KINDS = ['follow_up', 'stale', 'milestone', 'signed_dwell', 'construction_dwell', 'team_light'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

export const REMINDER_KIND_LABELS: Record<ReminderKind, string> = {
  follow_up: '跟进到期',
  stale: '长期未跟进',
  milestone: '节点临期/逾期',
  signed_dwell: '签约未开工',
  construction_dwell: '建设未投产',
  team_light: '团队督办',
};

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
  /** managers: their team's yellow and red projects */
  team: ReminderItem[];
}

type ProjectRow = { id: number; name: string; stage: Stage; ownerId: number; teamId: number | null };

const ACTIVE = `('${ACTIVE_STAGES.join("','")}')`;

/**
 * DOMAIN.md "Reminders": four rules for owners and the 督办灯 for managers,
 * evaluated in the database (a district has 10^5 projects and 10^6
 * activities) for one business date. Pure reads; sending is DigestSender's.
 */
@Injectable()
export class ReminderRulesService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Every digest for `today`, keyed by user; people with nothing due are absent. */
  async digests(today: string, onlyUserId?: number): Promise<Map<number, Digest>> {
    const items = await this.ownerItems(today, onlyUserId);
    const team = await this.teamItems(today, onlyUserId);
    const userIds = [...new Set([...items.map((i) => i.ownerId), ...team.keys()])];
    const users = userIds.length ? await this.findUsers(userIds) : [];
    const byId = new Map(users.map((u) => [u.id, u]));
    const out = new Map<number, Digest>();
    const digestOf = (id: number) => {
      let d = out.get(id);
      if (!d) {
        const u = byId.get(id)!;
        d = { userId: id, name: u.name, email: u.email, own: [], team: [] };
        out.set(id, d);
      }
      return d;
    };
    for (const i of items) {
      const owner = byId.get(i.ownerId);
      if (!owner) continue; // deactivated owners get no e-mail
      i.ownerName = owner.name;
      digestOf(i.ownerId).own.push(i);
    }
    for (const [managerId, list] of team) if (byId.has(managerId)) digestOf(managerId).team.push(...list);
    return out;
  }

  private async findUsers(ids: number[]): Promise<User[]> {
    const out: User[] = [];
    for (let i = 0; i < ids.length; i += 500) {
      out.push(...(await this.ds.getRepository(User).find({ where: { id: In(ids.slice(i, i + 500)), active: true } })));
    }
    return out;
  }

  private async ownerItems(today: string, onlyUserId?: number): Promise<ReminderItem[]> {
    const r = this.config.reminders;
    const owner = onlyUserId ? ` AND p."ownerId" = ${Number(onlyUserId)}` : '';
    const items: ReminderItem[] = [];
    const q = <T>(sql: string, params: unknown[]) => this.ds.query(this.sql(sql), params) as Promise<T[]>;
    const base = (p: ProjectRow) => ({
      projectId: Number(p.id), projectName: p.name, stage: p.stage, stageLabel: STAGE_LABELS[p.stage], ownerId: Number(p.ownerId), ownerName: null,
    });

    // 1. follow-ups due: the project's latest activity asks for a follow-up today or earlier.
    const followUps = await q<ProjectRow & { due: string }>(
      `SELECT p.id, p.name, p.stage, p."ownerId", p."teamId", a."nextFollowUpOn" AS due
         FROM projects p JOIN activities a ON a."projectId" = p.id AND a."occurredOn" = p."lastActivityOn"
        WHERE p.stage IN ${ACTIVE}${owner} AND a."nextFollowUpOn" IS NOT NULL AND a."nextFollowUpOn" <= $1
          AND a.id = (SELECT MAX(b.id) FROM activities b WHERE b."projectId" = p.id AND b."occurredOn" = p."lastActivityOn")`,
      [today],
    );
    for (const p of followUps) {
      const days = daysBetween(p.due, today);
      items.push({ ...base(p), kind: 'follow_up', days, date: p.due, detail: days === 0 ? `今日应跟进（约定 ${p.due}）` : `跟进已逾期 ${days} 天（约定 ${p.due}）` });
    }

    // 2. stale: no activity for more than N days in an active stage (never followed up: since registration).
    const cut = (stage: keyof typeof r.staleDays) => addDays(today, -r.staleDays[stage]);
    const stale = await q<ProjectRow & { ref: string }>(
      `SELECT p.id, p.name, p.stage, p."ownerId", p."teamId", COALESCE(p."lastActivityOn", p."createdOn") AS ref
         FROM projects p
        WHERE ((p.stage = 'visit' AND COALESCE(p."lastActivityOn", p."createdOn") < $1)
            OR (p.stage = 'negotiation' AND COALESCE(p."lastActivityOn", p."createdOn") < $2)
            OR (p.stage = 'signed' AND COALESCE(p."lastActivityOn", p."createdOn") < $3)
            OR (p.stage = 'construction' AND COALESCE(p."lastActivityOn", p."createdOn") < $4))${owner}`,
      [cut('visit'), cut('negotiation'), cut('signed'), cut('construction')],
    );
    for (const p of stale) {
      const days = daysBetween(p.ref, today);
      items.push({ ...base(p), kind: 'stale', days, date: p.ref, detail: `${STAGE_LABELS[p.stage]}阶段已 ${days} 天无跟进（上限 ${r.staleDays[p.stage as keyof typeof r.staleDays]} 天）` });
    }

    // 3. milestones due within the window, or overdue, not completed.
    const milestones = await q<ProjectRow & { mname: string; planned: string }>(
      `SELECT p.id, p.name, p.stage, p."ownerId", p."teamId", m.name AS mname, m."plannedOn" AS planned
         FROM milestones m JOIN projects p ON p.id = m."projectId"
        WHERE m."completedOn" IS NULL AND m."plannedOn" <= $1 AND p.stage IN ${ACTIVE}${owner}
        ORDER BY m."plannedOn"`,
      [addDays(today, r.milestoneWindowDays)],
    );
    for (const p of milestones) {
      const days = daysBetween(p.planned, today);
      const detail = days > 0 ? `节点「${p.mname}」已逾期 ${days} 天（计划 ${p.planned}）` : days === 0 ? `节点「${p.mname}」今日到期` : `节点「${p.mname}」将于 ${-days} 天后到期（${p.planned}）`;
      items.push({ ...base(p), kind: 'milestone', days, date: p.planned, detail });
    }

    // 4. dwell: signed but no construction after 180 days; construction but no production after 730.
    const dwell = await q<ProjectRow & { since: string }>(
      `SELECT p.id, p.name, p.stage, p."ownerId", p."teamId",
              CASE WHEN p.stage = 'signed' THEN p."signedOn" ELSE p."constructionStartedOn" END AS since
         FROM projects p
        WHERE ((p.stage = 'signed' AND p."signedOn" <= $1) OR (p.stage = 'construction' AND p."constructionStartedOn" <= $2))${owner}`,
      [addDays(today, -r.signedDwellDays), addDays(today, -r.constructionDwellDays)],
    );
    for (const p of dwell) {
      const days = daysBetween(p.since, today);
      const signed = p.stage === 'signed';
      items.push({
        ...base(p), kind: signed ? 'signed_dwell' : 'construction_dwell', days, date: p.since,
        detail: signed ? `签约 ${days} 天仍未开工（签约 ${p.since}）` : `开工 ${days} 天仍未投产（开工 ${p.since}）`,
      });
    }
    return items;
  }

  /** Yellow and red projects of each manager's team, keyed by manager. */
  private async teamItems(today: string, onlyUserId?: number): Promise<Map<number, ReminderItem[]>> {
    const managers = await this.ds.getRepository(User).find({ where: { role: 'manager', active: true, ...(onlyUserId ? { id: onlyUserId } : {}) } });
    const teams = [...new Set(managers.map((m) => m.teamId).filter((t): t is number => t !== null))];
    const out = new Map<number, ReminderItem[]>();
    if (!teams.length) return out;
    const cut = lightCutoffs(today, this.config.supervision);
    const rows = await this.ds
      .createQueryBuilder()
      .select(['p.id AS id', 'p.name AS name', 'p.stage AS stage', 'p."ownerId" AS "ownerId"', 'p."teamId" AS "teamId"', 'u.name AS "ownerName"'])
      .addSelect(`CASE WHEN ${lightSql('red')} THEN 'red' ELSE 'yellow' END`, 'light')
      .addSelect('COALESCE(p."lastActivityOn", p."createdOn")', 'ref')
      .from('projects', 'p')
      .leftJoin('users', 'u', 'u.id = p."ownerId"')
      .where('p."teamId" IN (:...teams)', { teams })
      .andWhere(`(${lightSql('red')} OR ${lightSql('yellow')})`)
      .setParameters(lightParams(cut))
      .orderBy('p.id')
      .getRawMany<ProjectRow & { ownerName: string | null; light: 'red' | 'yellow'; ref: string }>();
    for (const m of managers) {
      const list = rows
        .filter((p) => Number(p.teamId) === m.teamId)
        .map((p): ReminderItem => {
          const days = daysBetween(p.ref, today);
          return {
            kind: 'team_light', projectId: Number(p.id), projectName: p.name, stage: p.stage, stageLabel: STAGE_LABELS[p.stage],
            ownerId: Number(p.ownerId), ownerName: p.ownerName, days, date: p.ref, light: p.light,
            detail: `${p.light === 'red' ? '红灯' : '黄灯'}：${days >= this.config.supervision.yellowDays ? `${days} 天无跟进` : '节点逾期'}`,
          };
        });
      if (list.length) out.set(m.id, list);
    }
    return out;
  }

  /** $1-style placeholders are PostgreSQL's; SQLite takes ?NNN. */
  private sql(text: string): string {
    return this.ds.options.type === 'postgres' ? text : text.replace(/\$(\d+)/g, '?$1');
  }
}
