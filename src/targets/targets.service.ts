import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService, diff } from '../audit/audit.service';
import type { AuthUser } from '../core/auth/auth-user';
import { seesDistrict, type Viewer } from '../core/auth/scope';
import { UnitOfWork } from '../core/database/unit-of-work';
import { badField, badInput, checks, staleVersion } from '../core/errors';
import { wanToYuan, yuanToWan } from '../core/money';
import { ProjectsRepository } from '../projects/projects.repository';
import type { PutTargetDto } from './targets.dto';
import { TeamsRepository } from '../teams/teams.repository';
import { TargetsRepository, type TargetValues, type TeamTargetValues } from './targets.repository';

/** DOMAIN.md defaults, used for a year nobody has set: 300亿元, 100亿元, 40, 20, 20. */
export const DEFAULT_TARGET = {
  signedInvestment: 30_000_000_000,
  fundsInPlace: 10_000_000_000,
  signings: 40,
  constructionStarts: 20,
  productionStarts: 20,
  minContractAmount: null as number | null,
  frameworkAgreementsCount: true,
};

/** A year's targets and 统计口径, money in integer 元. */
export interface YearTarget {
  year: number;
  stored: boolean;
  version: number | null;
  signedInvestment: number;
  fundsInPlace: number;
  signings: number;
  constructionStarts: number;
  productionStarts: number;
  minContractAmount: number | null;
  frameworkAgreementsCount: boolean;
  /** each with the project's name, for a person to read */
  exclusions: { projectId: number; reason: string; projectName: string }[];
  /** the teams' own targets (a team not listed has none), as far as the reader may see them */
  teams: TeamTarget[];
}

/** A team's five annual figures, money in integer 元. */
export type TargetFigures = Omit<TeamTargetValues, 'teamId'>;
export type TeamTarget = TeamTargetValues & { teamName: string };

/**
 * The target a caller's figures are compared with (`forScope`): the
 * district's, his team's own, or none, with why in Chinese.
 */
export interface ScopeTarget {
  kind: 'district' | 'team' | 'none';
  teamId: number | null;
  teamName: string | null;
  /** money in integer 元; null when no target applies */
  figures: TargetFigures | null;
  note: string | null;
}

/** Notes shown instead of a 完成率 when the caller's scope has no target. */
export const NO_TEAM_TARGET = '本团队未设年度目标';
export const NO_OWN_TARGET = '个人数据范围没有年度目标，只列完成情况';

const figuresOf = (t: TargetFigures): TargetFigures => ({
  signedInvestment: t.signedInvestment, fundsInPlace: t.fundsInPlace, signings: t.signings,
  constructionStarts: t.constructionStarts, productionStarts: t.productionStarts,
});

export function teamTargetView(t: TeamTarget) {
  return { ...t, signedInvestment: yuanToWan(t.signedInvestment), fundsInPlace: yuanToWan(t.fundsInPlace) };
}

export function targetView(t: YearTarget) {
  return {
    ...t,
    signedInvestment: yuanToWan(t.signedInvestment),
    fundsInPlace: yuanToWan(t.fundsInPlace),
    minContractAmount: t.minContractAmount === null ? null : yuanToWan(t.minContractAmount),
    teams: t.teams.map(teamTargetView),
  };
}

@Injectable()
export class TargetsService {
  constructor(
    private readonly repo: TargetsRepository,
    private readonly projects: ProjectsRepository,
    private readonly teams: TeamsRepository,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
  ) {}

  /**
   * The year's targets and every exclusion (the defaults when none were
   * stored): what the district's figures count with. A person reads them
   * through `seenBy`.
   */
  get(year: number, em?: EntityManager): Promise<YearTarget> {
    return this.read(year, null, em);
  }

  /**
   * The year as `viewer` may read it: the exclusions of projects outside his
   * data scope are left out (each names a project and why). The figures of
   * his scope are the same either way: those projects are not in them.
   */
  seenBy(viewer: Viewer, year: number): Promise<YearTarget> {
    return this.read(year, seesDistrict(viewer) ? null : viewer);
  }

  /**
   * The one rule of which target a caller's figures are compared with (the
   * summary, the year series and the ranking all ask here): the whole
   * district (user null or scope 'all') with the district's target; a
   * team-scoped person with his team's own target, or none (a team is never
   * compared with the district's 300亿元); one person's own projects with
   * none.
   */
  async forScope(user: Viewer | null, year: number, em?: EntityManager): Promise<ScopeTarget> {
    if (!user || seesDistrict(user)) {
      return { kind: 'district', teamId: null, teamName: null, figures: figuresOf(await this.get(year, em)), note: null };
    }
    if (user.dataScope === 'team' && user.teamId !== null) {
      const [t] = await this.repo.teamTargetsOf(year, user.teamId, em);
      if (t) return { kind: 'team', teamId: t.teamId, teamName: t.teamName, figures: figuresOf(t), note: null };
      const name = (await this.teams.namesByIds([user.teamId], em)).get(user.teamId) ?? null;
      return { kind: 'none', teamId: user.teamId, teamName: name, figures: null, note: NO_TEAM_TARGET };
    }
    return { kind: 'none', teamId: null, teamName: null, figures: null, note: NO_OWN_TARGET };
  }

  /** Every team's own target for the year, by team id (the 团队排名 compares each team with its own). */
  async teamTargets(year: number, em?: EntityManager): Promise<Map<number, TargetFigures>> {
    return new Map((await this.repo.teamTargetsOf(year, null, em)).map((t) => [t.teamId, figuresOf(t)]));
  }

  /**
   * The year's stored values; the team targets as `viewer` may read them:
   * every team for the district (null) and anyone seeing it, his own team's
   * for a team-scoped person, none for one seeing only his own projects.
   */
  private async read(year: number, viewer: Viewer | null, em?: EntityManager): Promise<YearTarget> {
    const badYear = checks.year('year', year);
    if (badYear) throw badYear;
    const teamFilter = viewer === null ? null : viewer.dataScope === 'team' && viewer.teamId !== null ? viewer.teamId : -1;
    const teamsOf = () => (teamFilter === -1 ? Promise.resolve([]) : this.repo.teamTargetsOf(year, teamFilter, em));
    // Side by side on the pool; one after another inside a transaction (its one connection takes a statement at a time).
    const [t, exclusions, teams] = em
      ? [await this.repo.findYear(year, em), await this.repo.exclusionsOf(year, viewer, em), await teamsOf()]
      : await Promise.all([this.repo.findYear(year), this.repo.exclusionsOf(year, viewer), teamsOf()]);
    if (!t) return { year, stored: false, version: null, ...DEFAULT_TARGET, exclusions, teams };
    return {
      year, stored: true, version: t.version, signedInvestment: t.signedInvestment, fundsInPlace: t.fundsInPlace, signings: t.signings,
      constructionStarts: t.constructionStarts, productionStarts: t.productionStarts, minContractAmount: t.minContractAmount,
      frameworkAgreementsCount: t.frameworkAgreementsCount, exclusions, teams,
    };
  }

  /**
   * Stores the year's targets and 统计口径 (audited); a stale `version` is
   * refused. `exclusions` replaces the part of the list the actor sees: an
   * exclusion of a project outside his scope stays as it is, and naming such
   * a project is refused as naming one that does not exist. Answers the
   * year as the actor sees it.
   */
  async put(actor: AuthUser, year: number, dto: PutTargetDto) {
    const badYear = checks.year('year', year);
    if (badYear) throw badYear;
    await this.uow.run(async (em) => {
      const before = await this.get(year, em);
      if (before.stored && dto.version !== undefined && dto.version !== before.version) {
        throw staleVersion(`${year} 年度目标`, dto.version, before.version);
      }
      const teams = dto.teams === undefined ? null : await this.teamValues(dto.teams, em);
      let exclusions: { projectId: number; reason: string }[] = before.exclusions;
      if (dto.exclusions !== undefined) {
        await this.assertExclusions(actor, dto.exclusions, em);
        const seen = new Set((await this.repo.exclusionsOf(year, actor, em)).map((e) => e.projectId));
        exclusions = [...dto.exclusions, ...before.exclusions.filter((e) => !seen.has(e.projectId))];
      }
      const values: TargetValues = {
        signedInvestment: wanToYuan(dto.signedInvestment),
        fundsInPlace: wanToYuan(dto.fundsInPlace),
        signings: dto.signings,
        constructionStarts: dto.constructionStarts,
        productionStarts: dto.productionStarts,
        minContractAmount: dto.minContractAmount === undefined ? before.minContractAmount : dto.minContractAmount === null ? null : wanToYuan(dto.minContractAmount),
        frameworkAgreementsCount: dto.frameworkAgreementsCount ?? before.frameworkAgreementsCount,
      };
      if (before.stored) await this.repo.updateYear(em, year, values);
      else await this.repo.insertYear(em, year, values);
      if (dto.exclusions !== undefined) await this.repo.replaceExclusions(em, year, exclusions);
      if (teams) await this.repo.replaceTeamTargets(em, year, teams);
      const after = await this.get(year, em);
      await this.audit.record(em, { entity: 'target', entityId: year, action: before.stored ? 'update' : 'create', actorId: actor.id, ...diff(targetView(before), targetView(after)) });
    });
    return targetView(await this.seenBy(actor, year));
  }

  /** The teams' targets in integer 元, each team at most once and each one that exists; a 400 names every bad entry. */
  private async teamValues(teams: NonNullable<PutTargetDto['teams']>, em: EntityManager): Promise<TeamTargetValues[]> {
    const ids = [...new Set(teams.map((t) => t.teamId))];
    if (ids.length !== teams.length) throw badField('teams', 'duplicate_team', '同一团队在目标中出现了两次');
    const known = await this.teams.namesByIds(ids, em);
    const missing = teams.map((t, i) => ({ t, i })).filter(({ t }) => !known.has(t.teamId));
    if (missing.length) {
      throw badInput(missing.map(({ t, i }) => ({ field: `teams[${i}].teamId`, code: 'unknown_team', message: `团队 ${t.teamId} 不存在` })));
    }
    return teams.map((t) => ({
      teamId: t.teamId, signedInvestment: wanToYuan(t.signedInvestment), fundsInPlace: wanToYuan(t.fundsInPlace),
      signings: t.signings, constructionStarts: t.constructionStarts, productionStarts: t.productionStarts,
    }));
  }

  /** Each project at most once, and each one a project the actor sees; a 400 names every bad entry. */
  private async assertExclusions(actor: AuthUser, exclusions: readonly { projectId: number }[], em: EntityManager): Promise<void> {
    const ids = [...new Set(exclusions.map((e) => e.projectId))];
    if (ids.length !== exclusions.length) throw badField('exclusions', 'duplicate_project', '同一项目在不计入名单中出现了两次');
    const found = new Set(await this.projects.idsInScope(actor, ids, em));
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length) {
      throw badInput(missing.map((id) => ({ field: `exclusions[${exclusions.findIndex((e) => e.projectId === id)}].projectId`, code: 'unknown_project', message: `项目 ${id} 不存在` })));
    }
  }
}
