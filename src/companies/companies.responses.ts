import { ApiProperty, getSchemaPath } from '@nestjs/swagger';
import { type AllAnswered, type Answers, type NamedEnum, OutEnum, OutInt, OutList, OutText, OutTimestamp, PageOf } from '../core/http/api-docs';
import { DUPLICATE_REASON_LABELS, DUPLICATE_REASONS, type DuplicateReason } from './company-duplicates.port';
import { DICTIONARY_LABEL } from '../dictionaries/dictionaries.responses';
import type { CompaniesService } from './companies.service';

const DUPLICATE_REASON_ENUM: NamedEnum<DuplicateReason> = { name: 'DuplicateReason', values: DUPLICATE_REASONS, labels: DUPLICATE_REASON_LABELS };

/**
 * 重复研判 (撞单): another record that looks like this one. It names the
 * investor, the other project, its team and owner even outside the caller's
 * scope (who to talk to); the project's id and stage only when the caller
 * may open it (company-duplicates.port.ts).
 */
export class PossibleDuplicateResponse {
  @OutEnum(DUPLICATE_REASON_ENUM)
  reason: DuplicateReason;

  @OutText({
    description: '中文说明：原因、企业、项目及其团队和负责人；项目在调用者数据范围内时还写明阶段',
    example: '企业名称相同：宁德新能源科技有限公司 项目「储能电池」（洽谈，新能源专班，张伟）',
  })
  message: string;

  @OutInt()
  companyId: number;

  @OutText()
  companyName: string;

  @OutInt({ nullable: true, description: '项目编号，仅当项目在调用者数据范围内时给出；范围外的项目（只给名称、团队、负责人）和无在谈项目（仅企业档案重复）时为 null' })
  projectId: number | null;

  @OutText({ nullable: true, description: '项目名称，数据范围外的项目也给出；无在谈项目时为 null' })
  projectName: string | null;

  // The stage enum is the projects module's (above this one): referenced by its schema name.
  @ApiProperty({ allOf: [{ $ref: getSchemaPath('Stage') }], nullable: true, description: '项目阶段（见 GET /pipeline），仅当项目在调用者数据范围内时给出，否则为 null' })
  stage: string | null;

  @OutText({ nullable: true, description: '项目所属团队，数据范围外的项目也给出' })
  teamName: string | null;

  @OutText({ nullable: true, description: '项目负责人，数据范围外的项目也给出' })
  ownerName: string | null;
}

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

  @OutText({ nullable: true, description: DICTIONARY_LABEL('企业类型'), example: '世界500强' })
  tierLabel: string | null;

  @OutText({ nullable: true, description: '来源地区（字典 source-regions 的代码）' })
  region: string | null;

  @OutText({ nullable: true, description: DICTIONARY_LABEL('来源地区'), example: '长三角' })
  regionLabel: string | null;

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

/** PATCH /companies/:id/contacts/:contactId: the contact as changed, and the companies whose contacts share its phone. */
export class ContactUpdatedResponse extends ContactResponse {
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
    Answers<ContactUpdatedResponse, Awaited<ReturnType<CompaniesService['updateContact']>>>,
  ]
>;
