import { Injectable } from '@nestjs/common';
import { InjectReadDataSource } from '../core/database/read-data-source';
import { DataSource, type EntityManager } from 'typeorm';
import { type Viewer, whereInScope } from '../core/auth/scope';
import { sql } from '../core/database/dialect';
import { AnnualTarget, TargetExclusion } from './annual-target.entity';

/** A year's stored targets and 统计口径, money in integer 元. */
export type TargetValues = Pick<
  AnnualTarget,
  'signedInvestment' | 'fundsInPlace' | 'signings' | 'constructionStarts' | 'productionStarts' | 'minContractAmount' | 'frameworkAgreementsCount'
>;

/** A team's five annual figures, money in integer 元. */
export interface TeamTargetValues {
  teamId: number;
  signedInvestment: number;
  fundsInPlace: number;
  signings: number;
  constructionStarts: number;
  productionStarts: number;
}

/** The annual targets and the projects each year leaves out of its figures. */
@Injectable()
export class TargetsRepository {
  constructor(@InjectReadDataSource() private readonly ds: DataSource) {}

  /** The year's stored targets, or null when nobody has set them. */
  findYear(year: number, em: EntityManager = this.ds.manager): Promise<AnnualTarget | null> {
    return em.findOne(AnnualTarget, { where: { year } });
  }

  /**
   * The projects the year leaves out, by project id: all of them (null, for
   * the district's figures and the admin's writes), or those of projects the
   * viewer sees (an exclusion names its project and why).
   */
  async exclusionsOf(year: number, viewer: Viewer | null = null, em: EntityManager = this.ds.manager): Promise<{ projectId: number; reason: string; projectName: string }[]> {
    const qb = em.getRepository(TargetExclusion).createQueryBuilder('e').innerJoin('projects', 'p', 'p.id = e."projectId"')
      .select(['e.projectId AS "projectId"', 'e.reason AS reason', 'p.name AS "projectName"']).where('e.year = :year', { year }).orderBy('e.projectId', 'ASC');
    if (viewer) whereInScope(qb, viewer, 'p');
    const rows = await qb.getRawMany<{ projectId: unknown; reason: string; projectName: string }>();
    return rows.map((e) => ({ projectId: Number(e.projectId), reason: e.reason, projectName: e.projectName }));
  }

  /** Stores a year set for the first time, as version 1. */
  async insertYear(em: EntityManager, year: number, values: TargetValues): Promise<void> {
    await em.insert(AnnualTarget, { year, ...values, version: 1 });
  }

  /** Replaces a stored year's values and moves its version on. */
  async updateYear(em: EntityManager, year: number, values: TargetValues): Promise<void> {
    await em.createQueryBuilder().update(AnnualTarget).set({ ...values, version: () => '"version" + 1' }).where('year = :year', { year }).execute();
  }

  /** Replaces the year's list of excluded projects. */
  async replaceExclusions(em: EntityManager, year: number, exclusions: readonly { projectId: number; reason: string }[]): Promise<void> {
    await em.delete(TargetExclusion, { year });
    if (exclusions.length) await em.insert(TargetExclusion, exclusions.map((e) => ({ year, projectId: e.projectId, reason: e.reason })));
  }

  /** The year's team targets with each team's name, by team name; `teamId` narrows to one team. */
  async teamTargetsOf(year: number, teamId: number | null = null, em: EntityManager = this.ds.manager): Promise<(TeamTargetValues & { teamName: string })[]> {
    const rows = await sql(em, `SELECT t."teamId", tm.name AS "teamName", t."signedInvestment", t."fundsInPlace", t.signings, t."constructionStarts", t."productionStarts"
        FROM team_targets t JOIN teams tm ON tm.id = t."teamId" WHERE t.year = :year${teamId === null ? '' : ' AND t."teamId" = :teamId'} ORDER BY tm.name, t."teamId"`,
    { year, teamId });
    return rows.map((r) => ({
      teamId: Number(r.teamId), teamName: String(r.teamName), signedInvestment: Number(r.signedInvestment), fundsInPlace: Number(r.fundsInPlace),
      signings: Number(r.signings), constructionStarts: Number(r.constructionStarts), productionStarts: Number(r.productionStarts),
    }));
  }

  /** Replaces the year's team targets: a team left out has none. */
  async replaceTeamTargets(em: EntityManager, year: number, rows: readonly TeamTargetValues[]): Promise<void> {
    await sql(em, 'DELETE FROM team_targets WHERE year = :year', { year });
    for (const r of rows) {
      await sql(em, `INSERT INTO team_targets (year, "teamId", "signedInvestment", "fundsInPlace", signings, "constructionStarts", "productionStarts")
        VALUES (:year, :teamId, :signedInvestment, :fundsInPlace, :signings, :constructionStarts, :productionStarts)`, { year, ...r });
    }
  }
}
