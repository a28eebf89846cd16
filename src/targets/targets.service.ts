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
import { TargetsRepository, type TargetValues } from './targets.repository';

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
  exclusions: { projectId: number; reason: string }[];
}

export function targetView(t: YearTarget) {
  return {
    ...t,
    signedInvestment: yuanToWan(t.signedInvestment),
    fundsInPlace: yuanToWan(t.fundsInPlace),
    minContractAmount: t.minContractAmount === null ? null : yuanToWan(t.minContractAmount),
  };
}

@Injectable()
export class TargetsService {
  constructor(
    private readonly repo: TargetsRepository,
    private readonly projects: ProjectsRepository,
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

  private async read(year: number, viewer: Viewer | null, em?: EntityManager): Promise<YearTarget> {
    const badYear = checks.year('year', year);
    if (badYear) throw badYear;
    const [t, exclusions] = await Promise.all([this.repo.findYear(year, em), this.repo.exclusionsOf(year, viewer, em)]);
    if (!t) return { year, stored: false, version: null, ...DEFAULT_TARGET, exclusions };
    return {
      year, stored: true, version: t.version, signedInvestment: t.signedInvestment, fundsInPlace: t.fundsInPlace, signings: t.signings,
      constructionStarts: t.constructionStarts, productionStarts: t.productionStarts, minContractAmount: t.minContractAmount,
      frameworkAgreementsCount: t.frameworkAgreementsCount, exclusions,
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
      let exclusions = before.exclusions;
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
      const after = await this.get(year, em);
      await this.audit.record(em, { entity: 'target', entityId: year, action: before.stored ? 'update' : 'create', actorId: actor.id, ...diff(targetView(before), targetView(after)) });
    });
    return targetView(await this.seenBy(actor, year));
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
