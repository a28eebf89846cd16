import type { EntityManager } from 'typeorm';
import type { AuditEntry, AuditService } from '../../audit/audit.service';
import type { AuthUser } from '../../core/auth/auth-user';
import type { Viewer } from '../../core/auth/scope';
import type { UnitOfWork } from '../../core/database/unit-of-work';
import type { ProjectsRepository } from '../../projects/projects.repository';
import type { AnnualTarget } from '../annual-target.entity';
import type { PutTargetDto } from '../targets.dto';
import type { TeamsRepository } from '../../teams/teams.repository';
import type { TargetsRepository, TargetValues, TeamTargetValues } from '../targets.repository';
import { TargetsService } from '../targets.service';

/** A viewer who sees the projects with an odd id only (the fake's stand-in for a data scope). */
const oddOnly = (v: Viewer) => v.dataScope !== 'all';
const sees = (v: Viewer | null, projectId: number) => !v || !oddOnly(v) || projectId % 2 === 1;

/** Targets over a faked store: a year's row, its exclusions, and the projects that exist. */
function build(projectIds: number[] = [1, 2, 3]) {
  const years = new Map<number, AnnualTarget>();
  const exclusions = new Map<number, { projectId: number; reason: string }[]>();
  const teamTargets = new Map<number, TeamTargetValues[]>();
  const TEAMS = new Map([[7, '新能源专班'], [8, '电子信息小分队']]);
  const audits: AuditEntry[] = [];
  const writes: string[] = [];
  const em = {} as EntityManager;
  const repo = {
    findYear: async (year: number) => years.get(year) ?? null,
    exclusionsOf: async (year: number, viewer: Viewer | null = null) => (exclusions.get(year) ?? []).filter((e) => sees(viewer, e.projectId)),
    insertYear: async (_em: EntityManager, year: number, v: TargetValues) => {
      writes.push(`insert ${year}`);
      years.set(year, { year, ...v, version: 1 } as AnnualTarget);
    },
    updateYear: async (_em: EntityManager, year: number, v: TargetValues) => {
      writes.push(`update ${year}`);
      years.set(year, { ...years.get(year)!, ...v, version: years.get(year)!.version + 1 });
    },
    replaceExclusions: async (_em: EntityManager, year: number, list: { projectId: number; reason: string }[]) => {
      writes.push(`exclusions ${year}`);
      exclusions.set(year, [...list].sort((a, b) => a.projectId - b.projectId));
    },
    teamTargetsOf: async (year: number, teamId: number | null = null) =>
      (teamTargets.get(year) ?? []).filter((t) => teamId === null || t.teamId === teamId).map((t) => ({ ...t, teamName: TEAMS.get(t.teamId)! })),
    replaceTeamTargets: async (_em: EntityManager, year: number, rows: TeamTargetValues[]) => {
      writes.push(`teams ${year}`);
      teamTargets.set(year, [...rows]);
    },
  } as unknown as TargetsRepository;
  const teams = { namesByIds: async (ids: number[]) => new Map(ids.filter((id) => TEAMS.has(id)).map((id) => [id, TEAMS.get(id)!])) } as unknown as TeamsRepository;
  const projects = { idsInScope: async (viewer: Viewer, ids: number[]) => ids.filter((id) => projectIds.includes(id) && sees(viewer, id)) } as unknown as ProjectsRepository;
  const uow = { run: <T>(work: (em: EntityManager) => Promise<T>) => work(em) } as unknown as UnitOfWork;
  const audit = { record: async (_em: EntityManager, e: AuditEntry) => void audits.push(e) } as unknown as AuditService;
  return { service: new TargetsService(repo, projects, teams, uow, audit), audits, writes };
}

const admin: AuthUser = { id: 1, email: 'admin@test.local', name: 'admin', role: 'admin', dataScope: 'all', teamId: null };
const dto = (over: Partial<PutTargetDto> = {}): PutTargetDto =>
  Object.assign({ signedInvestment: 3_200_000.5, fundsInPlace: 1_100_000, signings: 45, constructionStarts: 22, productionStarts: 18 }, over);

describe(TargetsService.name, () => {
  it('gives the DOMAIN.md defaults for a year nobody has set', async () => {
    const { service } = build();
    expect(await service.get(2031)).toEqual({
      year: 2031, stored: false, version: null, signedInvestment: 30_000_000_000, fundsInPlace: 10_000_000_000, signings: 40,
      constructionStarts: 20, productionStarts: 20, minContractAmount: null, frameworkAgreementsCount: true, exclusions: [], teams: [],
    });
  });

  it('stores a year in 万元 as integer 元, audited, and answers it as stored', async () => {
    const { service, audits, writes } = build();
    const stored = await service.put(admin, 2031, dto({ minContractAmount: 3000.0001, exclusions: [{ projectId: 2, reason: '异地搬迁项目' }] }));
    expect(stored).toEqual({
      year: 2031, stored: true, version: 1, signedInvestment: 3_200_000.5, fundsInPlace: 1_100_000, signings: 45, constructionStarts: 22,
      productionStarts: 18, minContractAmount: 3000.0001, frameworkAgreementsCount: true, exclusions: [{ projectId: 2, reason: '异地搬迁项目' }], teams: [],
    });
    expect((await service.get(2031)).signedInvestment).toBe(32_000_005_000);
    expect(writes).toEqual(['insert 2031', 'exclusions 2031']);
    expect(audits).toEqual([expect.objectContaining({ entity: 'target', entityId: 2031, action: 'create', actorId: 1 })]);
  });

  it('keeps the exclusions and 统计口径 not sent, and moves the version on', async () => {
    const { service, writes } = build();
    await service.put(admin, 2031, dto({ minContractAmount: 3000, frameworkAgreementsCount: false, exclusions: [{ projectId: 1, reason: '存量' }] }));
    const again = await service.put(admin, 2031, dto({ signings: 50, version: 1 }));
    expect(again).toMatchObject({ version: 2, signings: 50, minContractAmount: 3000, frameworkAgreementsCount: false, exclusions: [{ projectId: 1, reason: '存量' }] });
    expect(writes).toEqual(['insert 2031', 'exclusions 2031', 'update 2031']);
  });

  it('refuses a stale version and changes nothing', async () => {
    const { service, writes } = build();
    await service.put(admin, 2031, dto());
    await expect(service.put(admin, 2031, dto({ signings: 50, version: 7 }))).rejects.toMatchObject({ kind: 'conflict', code: 'stale_version' });
    expect(writes).toEqual(['insert 2031']);
    expect((await service.get(2031)).signings).toBe(45);
  });

  it('names each excluded project that does not exist, and refuses a project listed twice', async () => {
    const { service, writes } = build([1, 2]);
    await expect(service.put(admin, 2031, dto({ exclusions: [{ projectId: 1, reason: 'a' }, { projectId: 8, reason: 'b' }, { projectId: 9, reason: 'c' }] })))
      .rejects.toMatchObject({
        kind: 'bad_input', code: 'invalid_input',
        details: [
          { field: 'exclusions[1].projectId', code: 'unknown_project', message: '项目 8 不存在' },
          { field: 'exclusions[2].projectId', code: 'unknown_project', message: '项目 9 不存在' },
        ],
      });
    await expect(service.put(admin, 2031, dto({ exclusions: [{ projectId: 1, reason: 'a' }, { projectId: 1, reason: 'b' }] })))
      .rejects.toMatchObject({ code: 'duplicate_project', details: [{ field: 'exclusions' }] });
    expect(writes).toEqual([]);
  });

  it('checks the year with the shared rule, reading and writing alike', async () => {
    const { service, writes } = build();
    await expect(service.get(1999)).rejects.toMatchObject({ code: 'year_out_of_range', details: [{ field: 'year', message: expect.stringContaining('2000 至 2100') }] });
    await expect(service.put(admin, 2101, dto())).rejects.toMatchObject({ code: 'year_out_of_range' });
    expect(writes).toEqual([]);
  });

  describe('exclusions outside the caller\'s data scope', () => {
    const scopedAdmin: AuthUser = { ...admin, id: 2, dataScope: 'team', teamId: 7 };

    it('shows a scoped reader only the exclusions of projects he sees; the district keeps every one', async () => {
      const { service } = build();
      await service.put(admin, 2031, dto({ exclusions: [{ projectId: 1, reason: '本组项目' }, { projectId: 2, reason: '他组项目' }] }));
      expect((await service.seenBy(scopedAdmin, 2031)).exclusions).toEqual([{ projectId: 1, reason: '本组项目' }]);
      expect((await service.seenBy(admin, 2031)).exclusions).toHaveLength(2);
      expect((await service.get(2031)).exclusions).toHaveLength(2);
    });

    it('lets a scoped admin replace the exclusions he sees, keeps the others, and answers only his', async () => {
      const { service } = build();
      await service.put(admin, 2031, dto({ exclusions: [{ projectId: 1, reason: '本组项目' }, { projectId: 2, reason: '他组项目' }] }));
      const answer = await service.put(scopedAdmin, 2031, dto({ version: 1, exclusions: [{ projectId: 3, reason: '改列' }] }));
      expect(answer.exclusions).toEqual([{ projectId: 3, reason: '改列' }]);
      expect((await service.get(2031)).exclusions).toEqual([{ projectId: 2, reason: '他组项目' }, { projectId: 3, reason: '改列' }]);
    });

    it('refuses a scoped admin an exclusion of a project outside his scope, as one that does not exist', async () => {
      const { service, writes } = build();
      await expect(service.put(scopedAdmin, 2031, dto({ exclusions: [{ projectId: 2, reason: '他组项目' }] })))
        .rejects.toMatchObject({ details: [{ field: 'exclusions[0].projectId', code: 'unknown_project', message: '项目 2 不存在' }] });
      expect(writes).toEqual([]);
    });
  });

  describe('team targets', () => {
    const team = (teamId: number, wan: number) => ({ teamId, signedInvestment: wan, fundsInPlace: wan / 2, signings: 6, constructionStarts: 3, productionStarts: 1 });
    const officer = (dataScope: AuthUser['dataScope'], teamId: number | null): AuthUser => ({ ...admin, id: 9, role: 'officer', dataScope, teamId });

    it('stores each team its own targets in 万元 as integer 元 with the year, and answers them with the team name', async () => {
      const { service, writes, audits } = build();
      const stored = await service.put(admin, 2031, dto({ teams: [team(7, 500_000.5), team(8, 300_000)] }));
      expect(stored.teams).toEqual([
        { teamId: 7, teamName: '新能源专班', signedInvestment: 500_000.5, fundsInPlace: 250_000.25, signings: 6, constructionStarts: 3, productionStarts: 1 },
        { teamId: 8, teamName: '电子信息小分队', signedInvestment: 300_000, fundsInPlace: 150_000, signings: 6, constructionStarts: 3, productionStarts: 1 },
      ]);
      expect(writes).toEqual(['insert 2031', 'teams 2031']);
      expect(audits[0].after).toMatchObject({ teams: [expect.objectContaining({ teamId: 7 }), expect.objectContaining({ teamId: 8 })] });
      expect((await service.teamTargets(2031)).get(7)).toMatchObject({ signedInvestment: 5_000_005_000 });
    });

    it('names a team that does not exist and refuses a team listed twice', async () => {
      const { service, writes } = build();
      await expect(service.put(admin, 2031, dto({ teams: [team(7, 1), team(99, 1)] })))
        .rejects.toMatchObject({ details: [{ field: 'teams[1].teamId', code: 'unknown_team', message: '团队 99 不存在' }] });
      await expect(service.put(admin, 2031, dto({ teams: [team(7, 1), team(7, 2)] }))).rejects.toMatchObject({ code: 'duplicate_team' });
      expect(writes).toEqual([]);
    });

    it('forScope: the district its target, a team its own or none with why, one person none', async () => {
      const { service } = build();
      await service.put(admin, 2031, dto({ teams: [team(7, 500_000)] }));
      expect(await service.forScope(null, 2031)).toMatchObject({ kind: 'district', figures: { signedInvestment: 32_000_005_000, signings: 45 }, note: null });
      expect(await service.forScope(officer('team', 7), 2031)).toMatchObject({
        kind: 'team', teamId: 7, teamName: '新能源专班', figures: { signedInvestment: 5_000_000_000, signings: 6 }, note: null,
      });
      expect(await service.forScope(officer('team', 8), 2031)).toEqual({ kind: 'none', teamId: 8, teamName: '电子信息小分队', figures: null, note: '本团队未设年度目标' });
      expect(await service.forScope(officer('own', 7), 2031)).toMatchObject({ kind: 'none', figures: null, note: expect.stringContaining('个人') });
    });

    it('shows a team reader only his own team\'s target, and one seeing his own projects none', async () => {
      const { service } = build();
      await service.put(admin, 2031, dto({ teams: [team(7, 500_000), team(8, 300_000)] }));
      expect((await service.seenBy(officer('team', 8), 2031)).teams.map((t) => t.teamId)).toEqual([8]);
      expect((await service.seenBy(officer('own', 8), 2031)).teams).toEqual([]);
      expect((await service.seenBy(officer('all', null), 2031)).teams).toHaveLength(2);
    });
  });
});
