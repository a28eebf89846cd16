import { Injectable } from '@nestjs/common';
import { InjectReadDataSource } from '../core/database/read-data-source';
import { DataSource, type EntityManager, In, Not } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { compareAndSet } from '../core/database/compare-and-set';
import { inChunks } from '../core/database/dialect';
import { containsPattern } from '../core/http/like';
import { Company } from './company.entity';
import { Contact } from './contact.entity';

/** The filters of GET /companies; `normalizedQ` (the name search folded) and `creditCode` come already folded. */
export interface CompanyFilter {
  q?: string;
  normalizedQ?: string;
  creditCode?: string;
  tier?: string;
  region?: string;
}

/** The API's sort fields and the columns they sort by. */
export const COMPANY_SORT = { id: 'c.id', name: 'c.name', createdAt: 'c.createdAt' } as const;

/** The companies and contacts tables. */
@Injectable()
export class CompaniesRepository {
  constructor(@InjectReadDataSource() private readonly ds: DataSource) {}

  async listPage(
    f: CompanyFilter,
    order: [column: string, direction: 'ASC' | 'DESC'],
    page: { skip: number; take: number },
    em: EntityManager = this.ds.manager,
  ): Promise<{ rows: Company[]; total: number }> {
    const qb = em.getRepository(Company).createQueryBuilder('c');
    if (f.q) {
      // % and _ are searched literally; LOWER keeps latin letters case-insensitive on PostgreSQL as on SQLite.
      qb.andWhere(`(LOWER(c.name) LIKE :q ESCAPE '\\' OR c."normalizedName" LIKE :nq ESCAPE '\\')`, {
        q: containsPattern(f.q), nq: containsPattern(f.normalizedQ ?? f.q),
      });
    }
    if (f.creditCode) qb.andWhere('c."creditCode" = :cc', { cc: f.creditCode });
    if (f.tier) qb.andWhere('c.tier = :tier', { tier: f.tier });
    if (f.region) qb.andWhere('c.region = :region', { region: f.region });
    const [rows, total] = await qb.orderBy(order[0], order[1]).skip(page.skip).take(page.take).getManyAndCount();
    return { rows, total };
  }

  findById(id: number, em: EntityManager = this.ds.manager): Promise<Company | null> {
    return em.findOne(Company, { where: { id } });
  }

  exists(id: number, em: EntityManager = this.ds.manager): Promise<boolean> {
    return em.exists(Company, { where: { id } });
  }

  /** The company that holds this credit code, other than `exceptId`. */
  findByCreditCode(code: string, exceptId?: number, em: EntityManager = this.ds.manager): Promise<Company | null> {
    return em.findOne(Company, { where: { creditCode: code, ...(exceptId ? { id: Not(exceptId) } : {}) } });
  }

  /** The 统一社会信用代码 of these companies (null: none recorded), by id; any number of ids. */
  async creditCodesOf(ids: readonly number[], em: EntityManager = this.ds.manager): Promise<Map<number, string | null>> {
    const out = new Map<number, string | null>();
    for (const part of inChunks(ids)) {
      for (const c of await em.find(Company, { select: { id: true, creditCode: true }, where: { id: In(part) } })) out.set(c.id, c.creditCode);
    }
    return out;
  }

  contactsOf(companyId: number, em: EntityManager = this.ds.manager): Promise<Contact[]> {
    return em.find(Contact, { where: { companyId }, order: { id: 'ASC' } });
  }

  insert(em: EntityManager, values: Partial<Company>): Promise<Company> {
    return em.save(em.create(Company, values));
  }

  insertContact(em: EntityManager, values: Partial<Contact>): Promise<Contact> {
    return em.save(em.create(Contact, values));
  }

  /**
   * A company merged into another (finds leave it out: its mergedAt is a
   * delete-date column), with the company it went to; null when `id` is not
   * a merged company.
   */
  async mergedInto(id: number, em: EntityManager = this.ds.manager): Promise<{ id: number; name: string; into: { id: number; name: string } } | null> {
    const c = await em.findOne(Company, { where: { id }, withDeleted: true });
    if (!c?.mergedIntoId) return null;
    const into = await em.findOne(Company, { where: { id: c.mergedIntoId }, withDeleted: true });
    return { id: c.id, name: c.name, into: { id: c.mergedIntoId, name: into?.name ?? '' } };
  }

  /** The ids of a company's contacts. */
  async contactIdsOf(companyId: number, em: EntityManager = this.ds.manager): Promise<number[]> {
    const rows = await em.find(Contact, { select: { id: true }, where: { companyId }, order: { id: 'ASC' } });
    return rows.map((c) => c.id);
  }

  /** Moves every contact of one company to another (a merge). */
  async moveContacts(em: EntityManager, fromCompanyId: number, toCompanyId: number): Promise<void> {
    await em.update(Contact, { companyId: fromCompanyId }, { companyId: toCompanyId });
  }

  /**
   * Marks the company merged into `intoId` if it is still at `version` (409
   * otherwise), and lets go of its credit code (unique: the company it went
   * to may take it). Returns the new version.
   */
  markMerged(em: EntityManager, id: number, version: number, merge: { intoId: number; byId: number; at: Date }): Promise<number> {
    return compareAndSet(em, Company, '企业', id, version, { mergedIntoId: merge.intoId, mergedById: merge.byId, mergedAt: merge.at, creditCode: null });
  }

  /** Writes `values` if the company is still at `version` (409 otherwise); returns the new version. */
  updateIfVersion(em: EntityManager, id: number, version: number, values: QueryDeepPartialEntity<Company>): Promise<number> {
    return compareAndSet(em, Company, '企业', id, version, values);
  }

  /** The contact, if it belongs to this company. */
  findContact(companyId: number, contactId: number, em: EntityManager = this.ds.manager): Promise<Contact | null> {
    return em.findOne(Contact, { where: { id: contactId, companyId } });
  }

  async updateContact(em: EntityManager, id: number, values: QueryDeepPartialEntity<Contact>): Promise<void> {
    await em.update(Contact, { id }, values);
  }

  async deleteContact(em: EntityManager, id: number): Promise<void> {
    await em.delete(Contact, { id });
  }
}
