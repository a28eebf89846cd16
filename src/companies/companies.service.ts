import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService, diff } from '../audit/audit.service';
import type { AuthUser } from '../core/auth/auth-user';
import { UnitOfWork } from '../core/database/unit-of-work';
import { assertCurrentVersion, badField, conflict, DomainError, notFound } from '../core/errors';
import { onePage, paging, sorting } from '../core/http/list';
import { DictionariesService } from '../dictionaries/dictionaries.service';
import { DictionaryLabels, type LabelSnapshot } from '../dictionaries/dictionary-labels';
import { COMPANY_SORT, CompaniesRepository } from './companies.repository';
import type { CompanyQuery, CreateCompanyDto, CreateContactDto, UpdateCompanyDto, UpdateContactDto } from './companies.dto';
import { CompanyDuplicateCheck } from './company-duplicates.port';
import { canonicalCreditCode, creditCodeProblem, normalizeCompanyName, normalizePhone } from './company-identity';
import type { Company } from './company.entity';
import type { Contact } from './contact.entity';

/** A company's own fields (also the audit log's snapshot: codes, no labels). */
export const companyView = (c: Company) => ({
  id: c.id, name: c.name, creditCode: c.creditCode, tier: c.tier, region: c.region, address: c.address,
  industry: c.industry, description: c.description, version: c.version, createdById: c.createdById,
  createdAt: c.createdAt, updatedAt: c.updatedAt,
});

/** A company as the API shows it: its fields and the labels of its dictionary codes as they are now. */
const labelledView = (c: Company, dict: LabelSnapshot) => ({
  ...companyView(c), tierLabel: dict.of('company-tiers', c.tier), regionLabel: dict.of('source-regions', c.region),
});

const contactView = (c: Contact) => ({
  id: c.id, companyId: c.companyId, name: c.name, title: c.title, phone: c.phone, email: c.email, createdAt: c.createdAt,
});

/**
 * Investors and their contacts. Creating or showing one warns of look-alike
 * investors (重复研判) through CompanyDuplicateCheck, read after the write.
 */
@Injectable()
export class CompaniesService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly companies: CompaniesRepository,
    private readonly audit: AuditService,
    private readonly dictionaries: DictionariesService,
    private readonly labels: DictionaryLabels,
    private readonly duplicates: CompanyDuplicateCheck,
  ) {}

  async list(q: CompanyQuery) {
    const { page, pageSize, skip } = paging(q);
    const order = sorting(q.sort, COMPANY_SORT, ['c.id', 'DESC']);
    const { rows, total } = await this.companies.listPage(
      {
        q: q.q, normalizedQ: q.q ? normalizeCompanyName(q.q) : undefined,
        creditCode: q.creditCode ? canonicalCreditCode(q.creditCode) : undefined, tier: q.tier, region: q.region,
      },
      order,
      { skip, take: pageSize },
    );
    const dict = await this.labels.lookup();
    return { items: rows.map((c) => labelledView(c, dict)), total, page, pageSize };
  }

  async get(viewer: AuthUser, id: number) {
    const c = await this.mustFind(id);
    const contacts = await this.companies.contactsOf(id);
    const possibleDuplicates = await this.duplicates.forCompany({
      companyId: id, normalizedName: c.normalizedName, phones: contacts.map((x) => x.phone),
    }, viewer);
    return { ...labelledView(c, await this.labels.lookup()), contacts: contacts.map(contactView), possibleDuplicates };
  }

  async create(actor: AuthUser, dto: CreateCompanyDto) {
    const creditCode = this.checkCreditCode(dto.creditCode);
    const normalizedName = normalizeCompanyName(dto.name);
    const { company, contacts } = await this.uow.run(async (em) => {
      await this.dictionaries.assertCodes(em, [
        { field: 'tier', kind: 'company-tiers', code: dto.tier },
        { field: 'region', kind: 'source-regions', code: dto.region },
      ]);
      if (creditCode) await this.assertCreditCodeFree(em, creditCode);
      const company = await this.companies.insert(em, {
        name: dto.name.trim(), normalizedName, creditCode, tier: dto.tier ?? null, region: dto.region ?? null,
        address: dto.address ?? null, industry: dto.industry ?? null, description: dto.description ?? null,
        createdById: actor.id, version: 1,
      });
      const contacts: Contact[] = [];
      for (const c of dto.contacts ?? []) contacts.push(await this.insertContact(em, company.id, c, actor));
      await this.audit.record(em, {
        entity: 'company', entityId: company.id, action: 'create', actorId: actor.id,
        after: { ...companyView(company), contacts: contacts.map(contactView) },
      });
      return { company, contacts };
    });
    // Its own record and contacts are not duplicates of it.
    const possibleDuplicates = await this.duplicates.forCompany({ companyId: company.id, normalizedName, phones: (dto.contacts ?? []).map((c) => c.phone) }, actor);
    return { ...labelledView(company, await this.labels.lookup()), contacts: contacts.map(contactView), possibleDuplicates };
  }

  async update(actor: AuthUser, id: number, dto: UpdateCompanyDto) {
    const creditCode = dto.creditCode === undefined ? undefined : this.checkCreditCode(dto.creditCode);
    const company = await this.uow.run(async (em) => {
      const c = await this.mustFind(id, em);
      assertCurrentVersion('企业', dto.version, c.version);
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
      if (!Object.keys(diff(before, companyView(c)).after).length) return c;
      // A concurrent edit between our read and this write is refused too.
      await this.companies.updateIfVersion(em, id, c.version, {
        name: c.name, normalizedName: c.normalizedName, creditCode: c.creditCode, tier: c.tier, region: c.region,
        address: c.address, industry: c.industry, description: c.description,
      });
      const after = await this.mustFind(id, em);
      await this.audit.record(em, { entity: 'company', entityId: id, action: 'update', actorId: actor.id, ...diff(before, companyView(after)) });
      return after;
    });
    return labelledView(company, await this.labels.lookup());
  }

  async listContacts(companyId: number) {
    await this.mustFind(companyId);
    const rows = await this.companies.contactsOf(companyId);
    return onePage(rows.map(contactView));
  }

  async addContact(actor: AuthUser, companyId: number, dto: CreateContactDto) {
    const contact = await this.uow.run(async (em) => {
      if (!(await this.companies.exists(companyId, em))) throw notFound('企业', companyId);
      const contact = await this.insertContact(em, companyId, dto, actor);
      await this.audit.record(em, { entity: 'company', entityId: companyId, action: 'contact.create', actorId: actor.id, after: contactView(contact) });
      return contact;
    });
    const possibleDuplicates = await this.duplicates.forCompany({ companyId, phones: [dto.phone] }, actor);
    return { ...contactView(contact), possibleDuplicates };
  }

  /**
   * Corrects a contact (same roles as adding one); only the fields sent
   * change, null clears one. Audited under the company with what changed;
   * a changed phone is checked for 重复研判 again.
   */
  async updateContact(actor: AuthUser, companyId: number, contactId: number, dto: UpdateContactDto) {
    const contact = await this.uow.run(async (em) => {
      const c = await this.mustFindContact(companyId, contactId, em);
      const values = Object.fromEntries(Object.entries(dto).filter(([, v]) => v !== undefined)) as UpdateContactDto;
      const before = contactView(c);
      const { before: was, after: now } = diff(before, { ...before, ...values });
      if (!Object.keys(now).length) return c;
      await this.companies.updateContact(em, contactId, {
        ...values, ...(values.name !== undefined && { name: values.name.trim() }),
        ...(values.phone !== undefined && { normalizedPhone: normalizePhone(values.phone) }),
      });
      const after = await this.mustFindContact(companyId, contactId, em);
      await this.audit.record(em, { entity: 'company', entityId: companyId, action: 'contact.update', actorId: actor.id, before: { id: contactId, ...was }, after: { id: contactId, ...diff(before, contactView(after)).after } });
      return after;
    });
    const possibleDuplicates = await this.duplicates.forCompany({ companyId, phones: [contact.phone] }, actor);
    return { ...contactView(contact), possibleDuplicates };
  }

  /** Removes a contact (same roles as adding one), audited under the company with what it was. */
  async removeContact(actor: AuthUser, companyId: number, contactId: number): Promise<void> {
    await this.uow.run(async (em) => {
      const c = await this.mustFindContact(companyId, contactId, em);
      await this.companies.deleteContact(em, contactId);
      await this.audit.record(em, { entity: 'company', entityId: companyId, action: 'contact.delete', actorId: actor.id, before: contactView(c), after: null });
    });
  }

  /** The company's contact: 404 for the company when it does not exist, for the contact when it is not that company's. */
  private async mustFindContact(companyId: number, contactId: number, em: EntityManager): Promise<Contact> {
    if (!(await this.companies.exists(companyId, em))) throw notFound('企业', companyId);
    const c = await this.companies.findContact(companyId, contactId, em);
    if (!c) throw notFound('联系人', contactId);
    return c;
  }

  private async mustFind(id: number, em?: EntityManager): Promise<Company> {
    return this.findOr404(id, em);
  }

  /**
   * The company, or 404: a merged one answers 404 too, with code
   * company_merged and `mergedInto` {id, name}, the company it went to.
   */
  async findOr404(id: number, em?: EntityManager): Promise<Company> {
    const c = await this.companies.findById(id, em);
    if (c) return c;
    const gone = await this.companies.mergedInto(id, em);
    if (!gone) throw notFound('企业', id);
    throw new DomainError('not_found', 'company_merged', `企业「${gone.name}」已并入「${gone.into.name}」（编号 ${gone.into.id}）`, undefined, { mergedInto: gone.into });
  }

  private insertContact(em: EntityManager, companyId: number, c: CreateContactDto, actor: AuthUser) {
    return this.companies.insertContact(em, {
      companyId, name: c.name, title: c.title ?? null, phone: c.phone ?? null, normalizedPhone: normalizePhone(c.phone),
      email: c.email ?? null, createdById: actor.id,
    });
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
    const other = await this.companies.findByCreditCode(code, exceptId, em);
    if (other) {
      const message = `统一社会信用代码 ${code} 已属于企业「${other.name}」（编号 ${other.id}）`;
      throw conflict('credit_code_taken', message, { existing: { id: other.id, name: other.name } }, [{ field: 'creditCode', code: 'credit_code_taken', message }]);
    }
  }
}
