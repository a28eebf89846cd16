import type { INestApplication } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { DEMO_PASSWORD } from '../config/defaults';
import { ActivitiesService } from '../src/activities/activities.service';
import { DemoDataRepository } from '../src/demo/demo-data.repository';
import { CompaniesService } from '../src/companies/companies.service';
import type { AuthUser } from '../src/core/auth/auth-user';
import { Clock } from '../src/core/clock';
import { addDays } from '../src/core/dates';
import { yuanToWan } from '../src/core/money';
import { FundsService } from '../src/funds/funds.service';
import { MilestonesService } from '../src/milestones/milestones.service';
import { Project } from '../src/projects/project.entity';
import { ProjectsService } from '../src/projects/projects.service';
import { TransitionsService } from '../src/projects/transitions.service';
import { DEFAULT_TARGET, TargetsService } from '../src/targets/targets.service';
import { Team } from '../src/teams/team.entity';
import { TeamsService } from '../src/teams/teams.service';
import { User } from '../src/users/user.entity';
import { UsersService } from '../src/users/users.service';

/** One account per role; the README lists them. */
export const DEMO_ACCOUNTS = [
  { email: 'leader@demo.local', name: '王区长', role: 'leader', team: null },
  { email: 'manager@demo.local', name: '陈队长', role: 'manager', team: 0 },
  { email: 'officer@demo.local', name: '刘专员', role: 'officer', team: 0 },
  { email: 'officer2@demo.local', name: '赵专员', role: 'officer', team: 1 },
  { email: 'viewer@demo.local', name: '孙科员', role: 'viewer', team: null },
] as const;

/**
 * Demo data for a new install, written through the services so that it obeys
 * every rule a user would: two teams, an account per role, eight investors and
 * projects at every stage, with history, activities, milestones and funds.
 * Projects are registered on past dates spread over two years, before their
 * moves, so that the month-end pipeline of past months and the median days
 * in each stage show something. Dates are relative to the clock's today.
 * Runs only on an empty database (no team and no project yet). Every team,
 * account, company and project it creates is recorded in demo_records, so
 * that an admin can remove them in one action when the bureau goes live
 * (POST /admin/demo-data/remove); follow-ups, milestones and funds go with
 * their project.
 */
export async function seedDemo(app: INestApplication): Promise<{ projects: number; users: number } | null> {
  const ds = app.get<DataSource>(getDataSourceToken());
  if ((await ds.getRepository(Project).count()) > 0 || (await ds.getRepository(Team).count()) > 0) return null;

  const today = app.get(Clock).today();
  const ago = (days: number) => addDays(today, -days);
  const admin = await ds.getRepository(User).findOneOrFail({ where: { role: 'admin' }, order: { id: 'ASC' } });
  const asUser = (u: { id: number; email: string; name: string; role: User['role']; dataScope: User['dataScope']; teamId: number | null }): AuthUser => ({
    id: u.id, email: u.email, name: u.name, role: u.role, dataScope: u.dataScope, teamId: u.teamId,
  });
  const root = asUser(admin);

  // the demo rows are recorded as they are made (on the writing connection), so that an admin can remove them before going live
  const demoRecords = app.get(DemoDataRepository);
  const marks = { mark: (entity: Parameters<DemoDataRepository['mark']>[1], ids: number[]) => demoRecords.mark(ds.manager, entity, ids) };
  const teams = app.get(TeamsService);
  const t1 = await teams.create(root, { name: '新能源招商专班', description: '新能源及新型储能、新材料产业链' });
  const t2 = await teams.create(root, { name: '电子信息招商小分队', description: '电子信息制造、智能装备' });
  const teamIds = [t1.id, t2.id];
  await marks.mark('team', teamIds);
  // This year's targets as the bureau sets them (the district's defaults), with 新能源招商专班's own share: its cockpit shows a
  // 完成率 against its target; 电子信息招商小分队 has none and shows 「本团队未设年度目标」.
  await app.get(TargetsService).put(root, Number(today.slice(0, 4)), {
    signedInvestment: yuanToWan(DEFAULT_TARGET.signedInvestment), fundsInPlace: yuanToWan(DEFAULT_TARGET.fundsInPlace), signings: DEFAULT_TARGET.signings,
    constructionStarts: DEFAULT_TARGET.constructionStarts, productionStarts: DEFAULT_TARGET.productionStarts,
    teams: [{ teamId: t1.id, signedInvestment: 1_500_000, fundsInPlace: 500_000, signings: 20, constructionStarts: 10, productionStarts: 10 }],
  });

  const users = app.get(UsersService);
  const made: AuthUser[] = [];
  for (const a of DEMO_ACCOUNTS) {
    const u = await users.create(root, {
      email: a.email, name: a.name, password: DEMO_PASSWORD, role: a.role, teamId: a.team === null ? null : teamIds[a.team],
    });
    made.push(asUser(u));
  }
  await marks.mark('user', made.map((u) => u.id));
  const [, manager, officer, officer2] = made;

  const companies = app.get(CompaniesService);
  const projects = app.get(ProjectsService);
  const transitions = app.get(TransitionsService);
  const activities = app.get(ActivitiesService);
  const milestones = app.get(MilestonesService);
  const funds = app.get(FundsService);

  type Step = Parameters<TransitionsService['transition']>[2];
  const demo: {
    company: string; creditCode?: string; tier: string; region: string; project: string; chain: string; park: string;
    channel: string; planned: number; owner: AuthUser; key?: boolean; moves: Omit<Step, 'version'>[]; lastActivity: number;
    /** days before today the project was registered (登记日期): before its first move, up to two years back */
    registered: number;
    milestones?: { name: string; plannedOn: string; completedOn?: string }[]; funds?: [string, number][];
  }[] = [
    {
      company: '宁德某某新能源科技有限公司', creditCode: '91350900MA2XN4LA08', tier: 'industry_leader', region: 'other_domestic',
      project: '年产20GWh储能电池项目', chain: 'new_energy_storage', park: 'energy_storage_base', channel: 'chain',
      planned: 1_200_000, owner: officer, key: true, lastActivity: 5, registered: 420,
      moves: [
        { to: 'negotiation', effectiveOn: ago(300) },
        { to: 'signed', signedOn: ago(250), contractInvestment: 1_000_000, agreementType: 'investment', contractNo: 'WS-2026-001' },
        { to: 'construction', constructionStartedOn: ago(180) },
      ],
      milestones: [{ name: '供地', plannedOn: ago(220), completedOn: ago(215) }, { name: '主体完工', plannedOn: addDays(today, 120) }],
      funds: [[ago(240).slice(0, 7), 50_000], [ago(150).slice(0, 7), 120_000.5], [ago(60).slice(0, 7), 80_000]],
    },
    {
      company: '上海某某材料股份有限公司', creditCode: '91310000MA1FL6QJ23', tier: 'china500', region: 'yangtze_delta',
      project: '高性能锂电隔膜项目', chain: 'new_materials', park: 'pingshan', channel: 'capital',
      planned: 350_000, owner: officer, lastActivity: 70, registered: 200,
      moves: [{ to: 'negotiation', effectiveOn: ago(120) }],
      milestones: [{ name: '签约', plannedOn: ago(10) }],
    },
    {
      company: '深圳某某电子有限公司', tier: 'specialized', region: 'pearl_delta',
      project: '智能终端模组生产基地', chain: 'electronics', park: 'jianshe', channel: 'business_referral',
      planned: 80_000, owner: officer2, lastActivity: 12, registered: 110,
      moves: [{ to: 'negotiation', effectiveOn: ago(60) }, { to: 'signed', signedOn: ago(20), contractInvestment: 75_000, agreementType: 'framework' }],
    },
    {
      company: '北京某某医药集团有限公司', tier: 'private500', region: 'jingjinji',
      project: '原料药及制剂生产线', chain: 'biomedicine', park: 'yutianbao', channel: 'professional',
      planned: 150_000, owner: officer, lastActivity: 100, registered: 150, moves: [],
    },
    {
      company: '成都某某食品有限公司', tier: 'other', region: 'chengyu',
      project: '火锅底料及预制菜加工项目', chain: 'food_agri', park: 'guanba', channel: 'platform',
      planned: 30_000, owner: officer2, lastActivity: 400, registered: 720,
      moves: [
        { to: 'signed', signedOn: ago(700), contractInvestment: 30_000, agreementType: 'investment' },
        { to: 'construction', constructionStartedOn: ago(600) },
        { to: 'production', productionStartedOn: ago(400) },
      ],
      funds: [[ago(650).slice(0, 7), 18_000], [ago(500).slice(0, 7), 12_000]],
    },
    {
      company: '苏州某某智能装备有限公司', tier: 'chain_key', region: 'yangtze_delta',
      project: '工业机器人整机制造项目', chain: 'smart_equipment', park: 'icv_park', channel: 'commissioned',
      planned: 60_000, owner: officer2, lastActivity: 30, registered: 160,
      moves: [{ to: 'negotiation', effectiveOn: ago(90) }, { to: 'on_hold', effectiveOn: ago(30), reason: '企业融资进度调整', expectedResumeOn: addDays(today, 60) }],
    },
    {
      company: '重庆某某循环科技有限公司', tier: 'other', region: 'chengyu',
      project: '废旧电池回收利用项目', chain: 'new_materials', park: 'guanba_fuhuan_circular', channel: 'chain',
      planned: 45_000, owner: officer, lastActivity: 45, registered: 130,
      moves: [{ to: 'dropped', effectiveOn: ago(45), reasonCode: 'chose_elsewhere', reason: '企业选择落户其他园区' }],
    },
    {
      company: '杭州某某储能系统有限公司', tier: 'specialized', region: 'yangtze_delta',
      project: '储能变流器PCS生产项目', chain: 'new_energy_storage', park: 'energy_storage_base', channel: 'chain',
      planned: 90_000, owner: manager, lastActivity: 3, registered: 25, moves: [],
    },
  ];

  for (const [i, d] of demo.entries()) {
    const company = await companies.create(d.owner, {
      name: d.company, creditCode: d.creditCode ?? null, tier: d.tier, region: d.region,
      contacts: [{ name: '项目联系人', title: '投资总监' }],
    });
    await marks.mark('company', [company.id]);
    const p = await projects.create(d.owner, {
      name: d.project, companyId: company.id, industryChain: d.chain, park: d.park, sourceChannel: d.channel,
      sourceRegion: d.region, plannedInvestment: d.planned, isKeyProject: d.key ?? false, keyProjectLevel: d.key ? 'district' : null,
      leaderInCharge: d.key ? '王区长' : null, jobs: Math.round(d.planned / 1000), landArea: Math.round(d.planned / 2000),
      createdOn: ago(d.registered),
      // 项目编号: the district's own number, written in the 台账; a re-import of the export matches on it
      code: `WS-${String(i + 1).padStart(4, '0')}`,
    });
    await marks.mark('project', [p.id]);
    // The first visit is what got the project registered.
    await activities.create(d.owner, p.id, {
      kind: 'visit_out', occurredOn: ago(d.registered), summary: '首次外出拜访，介绍园区政策与要素保障',
    });
    let version = p.version;
    for (const move of d.moves) {
      const r = await transitions.transition(d.owner.role === 'officer' && move.to === 'dropped' ? manager : d.owner, p.id, { ...move, version } as Step);
      version = r.project.version;
    }
    await activities.create(d.owner, p.id, {
      kind: d.lastActivity % 2 ? 'negotiation' : 'reception', occurredOn: ago(d.lastActivity), summary: '跟进项目进展，协调要素保障',
      ...(d.lastActivity % 2 ? {} : { guestCount: 3 }), leaderLed: !!d.key, leaderName: d.key ? '王区长' : null,
      nextFollowUpOn: addDays(ago(d.lastActivity), 14),
    });
    for (const m of d.milestones ?? []) await milestones.create(d.owner, p.id, m);
    for (const [month, amount] of d.funds ?? []) await funds.put(d.owner, p.id, month, { amount });
  }
  return { projects: demo.length, users: made.length };
}
