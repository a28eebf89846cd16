/**
 * Medium tier: ActivitiesRepository and AuditRepository on a real, migrated
 * SQLite file and PostgreSQL database, without Nest or HTTP. What is checked
 * here is the SQL: the scope rule read from the projects table by name, the
 * list filters, paging and order, and JSON snapshots on both drivers.
 */
import type { DataSource } from 'typeorm';
import { ActivitiesRepository, type ActivityFilter } from '../../src/activities/activities.repository';
import { Activity, type ActivityKind } from '../../src/activities/activity.entity';
import { AuditLog } from '../../src/audit/audit-log.entity';
import { AuditRepository } from '../../src/audit/audit.repository';
import { Company } from '../../src/companies/company.entity';
import type { AuthUser } from '../../src/core/auth/auth-user';
import type { DataScope } from '../../src/core/auth/roles';
import { Project } from '../../src/projects/project.entity';
import { Team } from '../../src/teams/team.entity';
import { User } from '../../src/users/user.entity';
import { useMediumDatabase } from '../helpers/medium';
import { describeEachDatabase } from '../helpers/test-app';

/** What the arranged database holds: two teams, three owners, three projects, their activities and trail. */
interface World {
  teamA: number;
  teamB: number;
  ownerA: AuthUser;
  ownerA2: AuthUser;
  ownerB: AuthUser;
  projectA: number;
  projectA2: number;
  projectB: number;
  /** every activity as inserted, with its project's team */
  activities: { id: number; projectId: number; teamId: number; kind: ActivityKind; occurredOn: string; createdById: number; leaderLed: boolean }[];
}

async function arrange(ds: DataSource): Promise<World> {
  const em = ds.manager;
  const [teamA, teamB] = (await em.save(Team, [{ name: '新能源专班' }, { name: '电子信息小分队' }])).map((t) => t.id);
  const user = async (key: string, teamId: number): Promise<AuthUser> => {
    const u = await em.save(User, { email: `${key}@test.local`, name: key, passwordHash: 'x', role: 'officer', dataScope: 'team', teamId });
    return { id: u.id, email: u.email, name: u.name, role: 'officer', dataScope: 'team', teamId };
  };
  const ownerA = await user('ownerA', teamA);
  const ownerA2 = await user('ownerA2', teamA);
  const ownerB = await user('ownerB', teamB);
  const company = await em.save(Company, { name: '测试企业有限公司', normalizedName: '测试企业' });
  const project = async (name: string, owner: AuthUser) =>
    (await em.save(Project, { name, companyId: company.id, stage: 'visit', industryChain: 'new_energy_storage', ownerId: owner.id, teamId: owner.teamId, createdOn: '2026-01-05' })).id;
  const projectA = await project('甲队项目', ownerA);
  const projectA2 = await project('甲队另一项目', ownerA2);
  const projectB = await project('乙队项目', ownerB);

  const plan: [number, AuthUser, ActivityKind, string, boolean][] = [
    [projectA, ownerA, 'visit_out', '2026-03-01', false],
    [projectA, ownerA2, 'reception', '2026-03-15', true],
    [projectA, ownerA, 'call', '2026-04-02', false],
    [projectA2, ownerA2, 'negotiation', '2026-03-15', false],
    [projectA2, ownerA2, 'visit_out', '2026-05-20', true],
    [projectB, ownerB, 'visit_out', '2026-03-10', false],
    [projectB, ownerB, 'event', '2026-04-30', true],
  ];
  const activities: World['activities'] = [];
  for (const [projectId, by, kind, occurredOn, leaderLed] of plan) {
    const a = await em.save(Activity, {
      projectId, kind, occurredOn, summary: `${kind} ${occurredOn}`, leaderLed, leaderName: leaderLed ? '王区长' : null,
      guestCount: kind === 'reception' ? 4 : null, createdById: by.id,
    });
    activities.push({ id: a.id, projectId, teamId: by.teamId!, kind, occurredOn, createdById: by.id, leaderLed });
  }
  return { teamA, teamB, ownerA, ownerA2, ownerB, projectA, projectA2, projectB, activities };
}

const as = (u: AuthUser, dataScope: DataScope): AuthUser => ({ ...u, dataScope });
const everyone = (u: AuthUser): AuthUser => ({ ...u, role: 'leader', dataScope: 'all', teamId: null });
/** Newest first, then the later id first: the list's default order. */
const newestFirst = (a: { occurredOn: string; id: number }, b: { occurredOn: string; id: number }) =>
  b.occurredOn.localeCompare(a.occurredOn) || b.id - a.id;

describeEachDatabase('ActivitiesRepository and AuditRepository', (kind) => {
  const db = useMediumDatabase(kind);
  let w: World;
  let activities: ActivitiesRepository;
  let audit: AuditRepository;
  const DEFAULT_ORDER: [string, 'ASC' | 'DESC'] = ['a.occurredOn', 'DESC'];
  const all = { skip: 0, take: 200, order: DEFAULT_ORDER };

  beforeAll(async () => {
    w = await arrange(db().ds);
    activities = new ActivitiesRepository(db().ds);
    audit = new AuditRepository(db().ds);
  });

  describe('ActivitiesRepository.listInScope', () => {
    const ids = async (user: AuthUser, f: ActivityFilter = {}) => {
      const { rows, total } = await activities.listInScope(user, f, all);
      expect(total).toBe(rows.length);
      return rows.map((r) => r.activity.id);
    };
    const expected = (keep: (a: World['activities'][number]) => boolean) => w.activities.filter(keep).sort(newestFirst).map((a) => a.id);

    it('shows a user who sees everything every activity, newest first, each with its project’s name', async () => {
      const { rows, total } = await activities.listInScope(everyone(w.ownerB), {}, all);
      expect(total).toBe(w.activities.length);
      expect(rows.map((r) => r.activity.id)).toEqual(expected(() => true));
      const names = { [w.projectA]: '甲队项目', [w.projectA2]: '甲队另一项目', [w.projectB]: '乙队项目' };
      for (const r of rows) expect(r.projectName).toBe(names[r.activity.projectId]);
      expect(rows.find((r) => r.activity.kind === 'reception')?.activity).toMatchObject({ guestCount: 4, leaderLed: true, leaderName: '王区长' });
    });

    it('shows a team-scoped user the activities of the team’s projects only', async () => {
      expect(await ids(w.ownerA)).toEqual(expected((a) => a.teamId === w.teamA));
      expect(await ids(w.ownerB)).toEqual(expected((a) => a.teamId === w.teamB));
    });

    it('shows an own-scoped user the activities of the projects he owns only, whoever logged them', async () => {
      expect(await ids(as(w.ownerA, 'own'))).toEqual(expected((a) => a.projectId === w.projectA));
    });

    it.each<[string, (w: World) => ActivityFilter, (w: World, a: World['activities'][number]) => boolean]>([
      ['kinds', () => ({ kinds: ['visit_out', 'call'] }), (_, a) => a.kind === 'visit_out' || a.kind === 'call'],
      ['a date range, both ends included', () => ({ from: '2026-03-15', to: '2026-04-30' }), (_, a) => a.occurredOn >= '2026-03-15' && a.occurredOn <= '2026-04-30'],
      ['who logged it', (w) => ({ createdById: w.ownerA2.id }), (w, a) => a.createdById === w.ownerA2.id],
      ['the project', (w) => ({ projectId: w.projectA2 }), (w, a) => a.projectId === w.projectA2],
      ['the project’s team', (w) => ({ teamId: w.teamB }), (w, a) => a.teamId === w.teamB],
      ['leader-led', () => ({ leaderLed: true }), (_, a) => a.leaderLed],
      ['not leader-led', () => ({ leaderLed: false }), (_, a) => !a.leaderLed],
    ])('filters by %s', async (_name, filter, keep) => {
      const want = expected((a) => keep(w, a));
      expect(want.length).toBeGreaterThan(0);
      expect(want.length).toBeLessThan(w.activities.length);
      expect(await ids(everyone(w.ownerA), filter(w))).toEqual(want);
    });

    it('combines a filter with the scope: another team’s project yields nothing', async () => {
      expect(await ids(w.ownerA, { projectId: w.projectB })).toEqual([]);
      expect(await ids(w.ownerA, { teamId: w.teamB })).toEqual([]);
    });

    it('pages without gaps or repeats and counts every match on each page', async () => {
      const seen: number[] = [];
      for (let skip = 0; skip < w.activities.length; skip += 3) {
        const { rows, total, guests } = await activities.listInScope(everyone(w.ownerA), {}, { skip, take: 3, order: DEFAULT_ORDER });
        expect([total, guests]).toEqual([w.activities.length, 4]);
        seen.push(...rows.map((r) => r.activity.id));
      }
      expect(seen).toEqual(expected(() => true));
    });

    it('counts every match past the last page too, and within the scope on a full page', async () => {
      const past = await activities.listInScope(everyone(w.ownerA), {}, { skip: 100, take: 3, order: DEFAULT_ORDER });
      // the one reception (projectA, 2026-03-15) brought 4 guests
      expect(past).toEqual({ rows: [], total: w.activities.length, guests: 4 });
      const teamA = expected((a) => a.teamId === w.teamA);
      const first = await activities.listInScope(w.ownerA, {}, { skip: 0, take: 1, order: DEFAULT_ORDER });
      expect({ ids: first.rows.map((r) => r.activity.id), total: first.total }).toEqual({ ids: teamA.slice(0, 1), total: teamA.length });
    });

    it('sorts by the column and in the direction asked for (id ascending included), the later id breaking ties', async () => {
      const { rows } = await activities.listInScope(everyone(w.ownerA), {}, { skip: 0, take: 200, order: ['a.occurredOn', 'ASC'] });
      const want = [...w.activities].sort((a, b) => a.occurredOn.localeCompare(b.occurredOn) || b.id - a.id).map((a) => a.id);
      expect(rows.map((r) => r.activity.id)).toEqual(want);
      const byId = await activities.listInScope(everyone(w.ownerA), {}, { skip: 0, take: 200, order: ['a.id', 'ASC'] });
      expect(byId.rows.map((r) => r.activity.id)).toEqual(w.activities.map((a) => a.id));
      const byCreation = await activities.listInScope(everyone(w.ownerA), {}, { skip: 0, take: 200, order: ['a.createdAt', 'DESC'] });
      expect(byCreation.rows.map((r) => r.activity.id).sort((a, b) => a - b)).toEqual(w.activities.map((a) => a.id));
    });
  });

  describe('AuditRepository', () => {
    beforeAll(async () => {
      await db().uow.run(async (em) => {
        for (const [entity, entityId] of [['project', w.projectA], ['project', w.projectA2], ['project', w.projectB], ['user', w.ownerA.id], ['team', w.teamA]] as const) {
          await audit.insert(em, { entity, entityId: String(entityId), action: 'create', actorId: w.ownerA.id, before: null, after: { id: entityId, 名称: '甲', nested: { n: 1 } } });
        }
      });
    });
    const trail = async (user: AuthUser, entity?: AuditLog['entity']) => {
      const [rows, total] = await audit.list({ entity, projectsSeenBy: user }, { skip: 0, take: 200 });
      expect(total).toBe(rows.length);
      return rows.map((r) => `${r.entity}:${r.entityId}`);
    };

    it('keeps the snapshots as JSON, read back as objects', async () => {
      const [rows] = await audit.list({ entity: 'user', entityId: String(w.ownerA.id) }, { skip: 0, take: 10 });
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ action: 'create', actorId: w.ownerA.id, before: null, after: { id: w.ownerA.id, 名称: '甲', nested: { n: 1 } } });
    });

    it('shows a user who sees everything the whole trail, newest first', async () => {
      expect(await trail(everyone(w.ownerB))).toEqual([`team:${w.teamA}`, `user:${w.ownerA.id}`, `project:${w.projectB}`, `project:${w.projectA2}`, `project:${w.projectA}`]);
    });

    it('shows a team-scoped user the trail of the team’s projects only', async () => {
      expect(await trail(w.ownerA)).toEqual([`project:${w.projectA2}`, `project:${w.projectA}`]);
      expect(await trail(w.ownerB, 'project')).toEqual([`project:${w.projectB}`]);
    });

    it('shows an own-scoped user the trail of his own projects only', async () => {
      expect(await trail(as(w.ownerA2, 'own'))).toEqual([`project:${w.projectA2}`]);
    });

    it('tells whether a project exists within a user’s scope', async () => {
      expect(await audit.projectInScope(w.ownerA, w.projectA2)).toBe(true);
      expect(await audit.projectInScope(w.ownerA, w.projectB)).toBe(false);
      expect(await audit.projectInScope(as(w.ownerA, 'own'), w.projectA2)).toBe(false);
      expect(await audit.projectInScope(everyone(w.ownerA), w.projectB)).toBe(true);
      expect(await audit.projectInScope(everyone(w.ownerA), 999_999)).toBe(false);
    });
  });
});
