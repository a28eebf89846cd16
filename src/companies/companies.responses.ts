import { type AllAnswered, type Answers, OutInt, OutList, OutText, OutTimestamp, PageOf } from '../core/http/api-docs';
import { PossibleDuplicateResponse } from '../projects/projects.responses';
import type { CompaniesService } from './companies.service';

/** 客商 / 企业: the investor. */
export class CompanyResponse {
  @OutInt()
  id: number;

  @OutText({ example: '宁德新能源科技有限公司' })
  name: string;

  @OutText({ nullable: true, description: '统一社会信用代码（18 位，已规范为大写）' })
  creditCode: string | null;

  @OutText({ nullable: true, description: '企业类型（字典 company-tiers 的代码）' })
  tier: string | null;

  @OutText({ nullable: true, description: '来源地区（字典 source-regions 的代码）' })
  region: string | null;

  @OutText({ nullable: true })
  address: string | null;

  @OutText({ nullable: true, description: '所属行业' })
  industry: string | null;

  @OutText({ nullable: true })
  description: string | null;

  @OutInt({ description: '版本：修改时带回，过期答 409' })
  version: number;

  @OutInt({ nullable: true })
  createdById: number | null;

  @OutTimestamp()
  createdAt: Date;

  @OutTimestamp()
  updatedAt: Date;
}

export class CompanyPage extends PageOf(CompanyResponse) {}

/** 联系人. */
export class ContactResponse {
  @OutInt()
  id: number;

  @OutInt()
  companyId: number;

  @OutText({ example: '李明' })
  name: string;

  @OutText({ nullable: true, description: '职务' })
  title: string | null;

  @OutText({ nullable: true })
  phone: string | null;

  @OutText({ nullable: true })
  email: string | null;

  @OutTimestamp()
  createdAt: Date;
}

/** A company's contacts on one page (`page` 1, `pageSize` the count). */
export class ContactPage extends PageOf(ContactResponse) {}

/** GET /companies/:id and POST /companies: the company, its contacts, and what looks like a duplicate of it. */
export class CompanyDetailResponse extends CompanyResponse {
  @OutList(() => ContactResponse)
  contacts: ContactResponse[];

  @OutList(() => PossibleDuplicateResponse, { description: '疑似重复（重复研判）' })
  possibleDuplicates: PossibleDuplicateResponse[];
}

/** POST /companies/:id/contacts: the contact, and the companies whose contacts share the phone. */
export class ContactCreatedResponse extends ContactResponse {
  @OutList(() => PossibleDuplicateResponse, { description: '疑似重复：电话相同的其他企业联系人' })
  possibleDuplicates: PossibleDuplicateResponse[];
}

/** Compile-time: the classes above fit what the service answers and name every field of it. */
export type CompaniesResponsesMatch = AllAnswered<
  [
    Answers<CompanyPage, Awaited<ReturnType<CompaniesService['list']>>>,
    Answers<CompanyDetailResponse, Awaited<ReturnType<CompaniesService['get']>>>,
    Answers<CompanyDetailResponse, Awaited<ReturnType<CompaniesService['create']>>>,
    Answers<CompanyResponse, Awaited<ReturnType<CompaniesService['update']>>>,
    Answers<ContactPage, Awaited<ReturnType<CompaniesService['listContacts']>>>,
    Answers<ContactCreatedResponse, Awaited<ReturnType<CompaniesService['addContact']>>>,
  ]
>;
