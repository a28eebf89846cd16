import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { DataScope, Role } from '../core/auth/roles';
import { BULK_IN_LIST_LIMIT, inChunks, sql } from '../core/database/dialect';
import { InjectReadDataSource } from '../core/database/read-data-source';
import { liveProject } from '../projects/live-projects';
import { PURSUED_STAGES, type Stage } from '../projects/pipeline';
import type { Person } from './normalise';

/** A project of the database as the dry run compares rows with it. */
export interface KnownProject {
  id: number;
  name: string;
  code: string | null;
  ownerId: number;
  teamId: number | null;
  companyId: number;
  creditCode: string | null;
  normalizedName: string;
  industryChain: string;
  stage: Stage;
  teamName: string | null;
  ownerName: string | null;
}

const PROJECT = `p.id, p.name, p.code, p."ownerId", p."teamId", p."companyId", c."creditCode", c."normalizedName", p."industryChain", p.stage,
  t.name AS "teamName", u.name AS "ownerName"
  FROM projects p JOIN companies c ON c.id = p."companyId" LEFT JOIN teams t ON t.id = p."teamId" LEFT JOIN users u ON u.id = p."ownerId"`;

const known = (r: KnownProject): KnownProject => ({
  ...r, id: Number(r.id), ownerId: Number(r.ownerId), teamId: r.teamId === null ? null : Number(r.teamId), companyId: Number(r.companyId),
});

/**
 * The reads of the dry run, each for a whole batch of rows at once (a
 * statement per IN_LIST_LIMIT keys, never one per row): projects by 项目编号,
 * by credit code, by folded company name, and the people and teams that
 * owners are looked up in.
 */
@Injectable()
export class AnalysisRepository {
  constructor(@InjectReadDataSource() private readonly ds: DataSource) {}

  async importer(userId: number, em: EntityManager = this.ds.manager): Promise<{ id: number; role: Role; dataScope: DataScope; teamId: number | null } | null> {
    const [u] = await sql<{ id: number; role: Role; dataScope: DataScope; teamId: number | null }>(em, `SELECT id, role, "dataScope", "teamId" FROM users WHERE id = :userId`, { userId });
    return u ? { ...u, id: Number(u.id), teamId: u.teamId === null ? null : Number(u.teamId) } : null;
  }

  async teams(em: EntityManager = this.ds.manager): Promise<{ id: number; name: string }[]> {
    return (await sql<{ id: number; name: string }>(em, `SELECT id, name FROM teams ORDER BY id`)).map((t) => ({ id: Number(t.id), name: t.name }));
  }

  async activePeople(em: EntityManager = this.ds.manager): Promise<Person[]> {
    const rows = await sql<Person>(em, `SELECT id, name, "teamId" FROM users WHERE active = :yes ORDER BY id`, { yes: true });
    return rows.map((u) => ({ id: Number(u.id), name: u.name, teamId: u.teamId === null ? null : Number(u.teamId) }));
  }

  /** Live projects whose 项目编号 is one of `codes`. */
  async byCodes(codes: string[], em: EntityManager = this.ds.manager): Promise<KnownProject[]> {
    return this.chunked(codes, (part) => `SELECT ${PROJECT} WHERE p.code IN (:...part) AND ${liveProject('p')}`, em);
  }

  /** Live projects of companies with one of these credit codes. */
  async byCreditCodes(codes: string[], em: EntityManager = this.ds.manager): Promise<KnownProject[]> {
    return this.chunked(codes, (part) => `SELECT ${PROJECT} WHERE c."creditCode" IN (:...part) AND c."mergedAt" IS NULL AND ${liveProject('p')}`, em);
  }

  /** Live projects of companies with one of these folded names. */
  async byCompanyNames(names: string[], em: EntityManager = this.ds.manager): Promise<KnownProject[]> {
    return this.chunked(names, (part) => `SELECT ${PROJECT} WHERE c."normalizedName" IN (:...part) AND c."mergedAt" IS NULL AND ${liveProject('p')}`, em);
  }

  /** Companies (unmerged) with one of these folded names, projects or not: {normalizedName, creditCode}. */
  async companiesByNames(names: string[], em: EntityManager = this.ds.manager): Promise<{ id: number; name: string; creditCode: string | null; normalizedName: string }[]> {
    const out: { id: number; name: string; creditCode: string | null; normalizedName: string }[] = [];
    for (const part of inChunks([...new Set(names)], BULK_IN_LIST_LIMIT)) {
      const rows = await sql<{ id: number; name: string; creditCode: string | null; normalizedName: string }>(
        em, `SELECT c.id, c.name, c."creditCode", c."normalizedName" FROM companies c WHERE c."normalizedName" IN (:...part) AND c."mergedAt" IS NULL`, { part },
      );
      out.push(...rows.map((r) => ({ ...r, id: Number(r.id) })));
    }
    return out;
  }

  private async chunked(keys: string[], query: (part: string) => string, em: EntityManager): Promise<KnownProject[]> {
    const out: KnownProject[] = [];
    for (const part of inChunks([...new Set(keys)], BULK_IN_LIST_LIMIT)) out.push(...(await sql<KnownProject>(em, query('part'), { part })).map(known));
    return out;
  }
}

export const PURSUED: readonly Stage[] = PURSUED_STAGES;
