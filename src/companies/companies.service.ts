import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, Not } from 'typeorm';
import { AuditService, diff } from '../audit/audit.service';
import type { AuthUser } from '../core/auth/auth-user';
import { compareAndSet } from '../core/database/compare-and-set';
import { UnitOfWork } from '../core/database/unit-of-work';
import { badField, conflict, notFound, staleVersion } from '../core/errors';
import { containsPattern } from '../core/http/like';
import { paging, sorting } from '../core/http/list';
import { DictionariesService } from '../dictionaries/dictionaries.service';
import type { CompanyQuery, CreateCompanyDto, CreateContactDto, UpdateCompanyDto } from './companies.dto';
import { canonicalCreditCode, creditCodeProblem, normalizeCompanyName, normalizePhone } from './company-identity';
import { Company } from './company.entity';
import { Contact } from './contact.entity';
import { DuplicatesService } from './duplicates.service';

export const companyView = (c: Company) => ({
  id: c.id, name: c.name, creditCode: c.creditCode, tier: c.tier, region: c.region, address: c.address,
  industry: c.industry, description: c.description, version: c.version, createdById: c.createdById,
  createdAt: c.createdAt, updatedAt: c.updatedAt,
});

const contactView = (c: Contact) => ({
  id: c.id, companyId: c.companyId, name: c.name, title: c.title, phone: c.phone, email: c.email, createdAt: c.createdAt,
});

@Injectable()
export class CompaniesService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly dictionaries: DictionariesService,
    private readonly duplicates: DuplicatesService,
  ) {}

  async list(q: CompanyQuery) {
    const { page, pageSize, skip } = paging(q);
    const [col, dir] = sorting(q.sort, { id: 'c.id', name: 'c.name', createdAt: 'c.createdAt' }, ['c.id', 'DESC']);
    const qb = this.ds.getRepository(Company).createQueryBuilder('c');
    if (q.q) {
      // % and _ are searched literally; LOWER keeps latin letters case-insensitive on PostgreSQL as on SQLite.
      qb.andWhere(`(LOWER(c.name) LIKE :q ESCAPE '\\' OR c."normalizedName" LIKE :nq ESCAPE '\\')`, {
        q: containsPattern(q.q), nq: containsPattern(normalizeCompanyName(q.q)),
      });
    }
    if (q.creditCode) qb.andWhere('c."creditCode" = :cc', { cc: canonicalCreditCode(q.creditCode) });
    if (q.tier) qb.andWhere('c.tier = :tier', { tier: q.tier });
    if (q.region) qb.andWhere('c.region = :region', { region: q.region });
    const [rows, total] = await qb.orderBy(col, dir).skip(skip).take(pageSize).getManyAndCount();
    return { items: rows.map(companyView), total, page, pageSize };
  }

  async get(id: number) {
    const c = await this.ds.getRepository(Company).findOne({ where: { id } });
    if (!c) throw notFound('企业', id);
    const contacts = await this.ds.getRepository(Contact).find({ where: { companyId: id }, order: { id: 'ASC' } });
    const possibleDuplicates = await this.duplicates.forCompany({
      companyId: id, normalizedName: c.normalizedName, phones: contacts.map((x) => x.phone),
    });
    return { ...companyView(c), contacts: contacts.map(contactView), possibleDuplicates };
  }

  async create(actor: AuthUser, dto: CreateCompanyDto) {
    const creditCode = this.checkCreditCode(dto.creditCode);
    return this.uow.run(async (em) => {
      await this.dictionaries.assertCodes(em, [
        { field: 'tier', kind: 'company-tiers', code: dto.tier },
        { field: 'region', kind: 'source-regions', code: dto.region },
      ]);
      if (creditCode) await this.assertCreditCodeFree(em, creditCode);
      const normalizedName = normalizeCompanyName(dto.name);
      const possibleDuplicates = await this.duplicates.forCompany(
        { normalizedName, phones: (dto.contacts ?? []).map((c) => c.phone) },
        em,
      );
      const company = await em.save(em.create(Company, {
        name: dto.name.trim(), normalizedName, creditCode, tier: dto.tier ?? null, region: dto.region ?? null,
        address: dto.address ?? null, industry: dto.industry ?? null, description: dto.description ?? null,
        createdById: actor.id, version: 1,
      }));
      const contacts = [];
      for (const c of dto.contacts ?? []) contacts.push(await this.insertContact(em, company.id, c, actor));
      await this.audit.record(em, {
        entity: 'company', entityId: company.id, action: 'create', actorId: actor.id,
        after: { ...companyView(company), contacts: contacts.map(contactView) },
      });
      return { ...companyView(company), contacts: contacts.map(contactView), possibleDuplicates };
    });
  }

  async update(actor: AuthUser, id: number, dto: UpdateCompanyDto) {
    const creditCode = dto.creditCode === undefined ? undefined : this.checkCreditCode(dto.creditCode);
    return this.uow.run(async (em) => {
      const c = await em.findOne(Company, { where: { id } });
      if (!c) throw notFound('企业', id);
      if (dto.version !== undefined && dto.version !== c.version) throw staleVersion('企业', dto.version, c.version);
      await this.dictionaries.assertCodes(em, [
        { field: 'tier', kind: 'company-tiers', code: dto.tier, previous: c.tier },
        { field: 'region', kind: 'source-regions', code: dto.region, previous: c.region },
      ]);
      if (creditCode && creditCode !== c.creditCode) await this.assertCreditCodeFree(em, creditCode, id);
      const before = companyView(c);
      const { version: _v, ...changes } = dto;
      Object.assign(c, changes);
      if (creditCode !== undefined) c.creditCode = creditCode;
      if (dto.name !== undefined) c.normalizedName = normalizeCompanyName(dto.name);
      // Nothing changed: no new version, no audit row.
      if (!Object.keys(diff(before, companyView(c)).after).length) return before;
      // A concurrent edit between our read and this write is refused too.
      await compareAndSet(em, Company, '企业', id, c.version, {
        name: c.name, normalizedName: c.normalizedName, creditCode: c.creditCode, tier: c.tier, region: c.region,
        address: c.address, industry: c.industry, description: c.description,
      });
      const after = await em.findOneOrFail(Company, { where: { id } });
      await this.audit.record(em, { entity: 'company', entityId: id, action: 'update', actorId: actor.id, ...diff(before, companyView(after)) });
      return companyView(after);
    });
  }

  async listContacts(companyId: number) {
    await this.mustExist(companyId);
    const rows = await this.ds.getRepository(Contact).find({ where: { companyId }, order: { id: 'ASC' } });
    return { items: rows.map(contactView), total: rows.length, page: 1, pageSize: rows.length };
  }

  async addContact(actor: AuthUser, companyId: number, dto: CreateContactDto) {
    return this.uow.run(async (em) => {
      if (!(await em.exists(Company, { where: { id: companyId } }))) throw notFound('企业', companyId);
      const possibleDuplicates = await this.duplicates.forCompany({ companyId, phones: [dto.phone] }, em);
      const contact = await this.insertContact(em, companyId, dto, actor);
      await this.audit.record(em, { entity: 'company', entityId: companyId, action: 'contact.create', actorId: actor.id, after: contactView(contact) });
      return { ...contactView(contact), possibleDuplicates };
    });
  }

  private async mustExist(id: number) {
    if (!(await this.ds.getRepository(Company).exists({ where: { id } }))) throw notFound('企业', id);
  }

  private insertContact(em: EntityManager, companyId: number, c: CreateContactDto, actor: AuthUser) {
    return em.save(em.create(Contact, {
      companyId, name: c.name, title: c.title ?? null, phone: c.phone ?? null, normalizedPhone: normalizePhone(c.phone),
      email: c.email ?? null, createdById: actor.id,
    }));
  }

  /** Canonical form of a credit code, or a 400 that says what is wrong with it. */
  private checkCreditCode(raw: string | null | undefined): string | null {
    if (raw === null || raw === undefined || raw.trim() === '') return null;
    const code = canonicalCreditCode(raw);
    const problem = creditCodeProblem(code);
    if (problem) throw badField('creditCode', problem.code, problem.message, raw);
    return code;
  }

  private async assertCreditCodeFree(em: EntityManager, code: string, exceptId?: number) {
    const other = await em.findOne(Company, { where: { creditCode: code, ...(exceptId ? { id: Not(exceptId) } : {}) } });
    if (other) {
      const message = `统一社会信用代码 ${code} 已属于企业「${other.name}」（编号 ${other.id}）`;
      throw conflict('credit_code_taken', message, { existing: { id: other.id, name: other.name } }, [{ field: 'creditCode', code: 'credit_code_taken', message }]);
    }
  }
}
