import { Injectable } from '@nestjs/common';
import { InjectReadDataSource } from '../core/database/read-data-source';
import { DataSource, type EntityManager } from 'typeorm';
import { inChunks, sql } from '../core/database/dialect';
import { liveProject } from '../projects/live-projects';
import { PURSUED_STAGES, type Stage } from '../projects/pipeline';

/** An investor as 重复研判 compares it. */
export interface CompanyIdentity {
  id: number;
  name: string;
  creditCode: string | null;
  normalizedName: string;
}

/** A pursued project as 重复研判 names it: with its team and owner, and the fields the scope rule reads. */
export interface PursuedProject {
  id: number;
  name: string;
  companyId: number;
  stage: Stage;
  ownerId: number;
  teamId: number | null;
  teamName: string | null;
  ownerName: string | null;
}

const COMPANY_COLUMNS = 'c.id, c.name, c."creditCode", c."normalizedName"';
/** A company merged into another is not a look-alike of anything: the merge settled it, and its projects and contacts moved. */
const UNMERGED = 'c."mergedAt" IS NULL';
const PROJECT_COLUMNS = `p.id, p.name, p."companyId", p.stage, p."ownerId", p."teamId", t.name AS "teamName", u.name AS "ownerName"
  FROM projects p LEFT JOIN teams t ON t.id = p."teamId" LEFT JOIN users u ON u.id = p."ownerId"`;

const company = (r: CompanyIdentity): CompanyIdentity => ({ ...r, id: Number(r.id) });
const project = (r: PursuedProject): PursuedProject => ({
  ...r, id: Number(r.id), companyId: Number(r.companyId), ownerId: Number(r.ownerId), teamId: r.teamId === null ? null : Number(r.teamId),
});

/**
 * The reads of 重复研判: companies, contacts and pursued projects across
 * every team (the check names projects outside the caller's scope on
 * purpose; DuplicatesService decides, by the scope rule, what of each it
 * shows). Oldest first, as the records were made.
 */
@Injectable()
export class DuplicatesRepository {
  constructor(@InjectReadDataSource() private readonly ds: DataSource) {}

  async company(id: number, em: EntityManager = this.ds.manager): Promise<CompanyIdentity | null> {
    const [r] = await sql<CompanyIdentity>(em, `SELECT ${COMPANY_COLUMNS} FROM companies c WHERE c.id = :id`, { id });
    return r ? company(r) : null;
  }

  /** Other companies with this credit code (the column is unique: one at most). */
  async companiesByCreditCode(code: string, exceptId: number | null, em: EntityManager = this.ds.manager): Promise<CompanyIdentity[]> {
    const rows = await sql<CompanyIdentity>(em, `SELECT ${COMPANY_COLUMNS} FROM companies c WHERE c."creditCode" = :code AND c.id <> :except AND ${UNMERGED} ORDER BY c.id`, { code, except: exceptId ?? 0 });
    return rows.map(company);
  }

  /** Other companies whose folded name is this one, the first `limit`. */
  async companiesByNormalizedName(name: string, exceptId: number | null, limit: number, em: EntityManager = this.ds.manager): Promise<CompanyIdentity[]> {
    const rows = await sql<CompanyIdentity>(
      em,
      `SELECT ${COMPANY_COLUMNS} FROM companies c WHERE c."normalizedName" = :name AND c.id <> :except AND ${UNMERGED} ORDER BY c.id LIMIT ${Math.trunc(limit)}`,
      { name, except: exceptId ?? 0 },
    );
    return rows.map(company);
  }

  /**
   * Other companies that have a contact with one of these folded phone
   * numbers, looking at the first `limit` such contacts. The phones may be
   * many (they are all of a company's contacts, and a company may have tens
   * of thousands): one statement per IN_LIST_LIMIT of them, then the first
   * `limit` contacts of all.
   */
  async companiesByContactPhones(phones: string[], exceptId: number | null, limit: number, em: EntityManager = this.ds.manager): Promise<CompanyIdentity[]> {
    const contacts: { id: number; companyId: number }[] = [];
    for (const part of inChunks(phones)) {
      const rows = await sql<{ id: number; companyId: number }>(
        em,
        `SELECT k.id, k."companyId" FROM contacts k WHERE k."normalizedPhone" IN (:...phones) AND k."companyId" <> :except ORDER BY k.id LIMIT ${Math.trunc(limit)}`,
        { phones: part, except: exceptId ?? 0 },
      );
      contacts.push(...rows.map((r) => ({ id: Number(r.id), companyId: Number(r.companyId) })));
    }
    const companyIds = [...new Set(contacts.sort((a, b) => a.id - b.id).slice(0, limit).map((k) => k.companyId))];
    if (!companyIds.length) return [];
    const rows = await sql<CompanyIdentity>(em, `SELECT ${COMPANY_COLUMNS} FROM companies c WHERE c.id IN (:...ids) AND ${UNMERGED} ORDER BY c.id`, { ids: companyIds });
    return rows.map(company);
  }

  /** The contact phone numbers of a company, as entered. */
  async contactPhones(companyId: number, em: EntityManager = this.ds.manager): Promise<(string | null)[]> {
    const rows = await sql<{ phone: string | null }>(em, 'SELECT phone FROM contacts WHERE "companyId" = :companyId ORDER BY id', { companyId });
    return rows.map((r) => r.phone);
  }

  /** The pursued projects (PURSUED_STAGES) of these companies. */
  async pursuedProjectsOf(companyIds: number[], em: EntityManager = this.ds.manager): Promise<PursuedProject[]> {
    if (!companyIds.length) return [];
    const rows = await sql<PursuedProject>(
      em,
      `SELECT ${PROJECT_COLUMNS} WHERE p."companyId" IN (:...companyIds) AND p.stage IN (:...stages) AND ${liveProject('p')} ORDER BY p.id`,
      { companyIds, stages: [...PURSUED_STAGES] },
    );
    return rows.map(project);
  }

  /** The investor's other pursued projects in the same industry chain, the first `limit`. */
  async pursuedInChain(companyId: number, industryChain: string, exceptProjectId: number | null, limit: number, em: EntityManager = this.ds.manager): Promise<PursuedProject[]> {
    const rows = await sql<PursuedProject>(
      em,
      `SELECT ${PROJECT_COLUMNS}
        WHERE p."companyId" = :companyId AND p."industryChain" = :industryChain AND p.stage IN (:...stages) AND p.id <> :except AND ${liveProject('p')}
        ORDER BY p.id LIMIT ${Math.trunc(limit)}`,
      { companyId, industryChain, stages: [...PURSUED_STAGES], except: exceptProjectId ?? 0 },
    );
    return rows.map(project);
  }
}
