import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, ValidateIf, ValidateNested } from 'class-validator';
import { ApiProperty } from '@nestjs/swagger';
import { Code, EmailField, Int, Str } from '../core/http/fields';
import { ListQuery } from '../core/http/list';

export class CreateContactDto {
  @Str({ max: 50, example: '李明' })
  name: string;

  @Str({ optional: true, nullable: true, max: 100, example: '投资总监' })
  title?: string | null;

  @Str({ optional: true, nullable: true, max: 30, pattern: /^[+\d][\d\s-]{5,28}$/, patternMessage: '只能包含数字、空格、- 和开头的 +', example: '13800138000' })
  phone?: string | null;

  @EmailField({ optional: true, nullable: true })
  email?: string | null;
}

/** PATCH /companies/:id/contacts/:contactId: the fields to change; null clears one. */
export class UpdateContactDto {
  @Str({ optional: true, max: 50, example: '李明' })
  name?: string;

  @Str({ optional: true, nullable: true, max: 100, example: '投资总监' })
  title?: string | null;

  @Str({ optional: true, nullable: true, max: 30, pattern: /^[+\d][\d\s-]{5,28}$/, patternMessage: '只能包含数字、空格、- 和开头的 +', example: '13800138000' })
  phone?: string | null;

  @EmailField({ optional: true, nullable: true })
  email?: string | null;
}

export class CreateCompanyDto {
  @Str({ max: 200, example: '重庆某某新能源科技有限公司' })
  name: string;

  @Str({ optional: true, nullable: true, max: 30, description: '统一社会信用代码：18 位，校验位正确（大小写、空格不限）', example: '91500000MA5U7LXX19' })
  creditCode?: string | null;

  @Code({ optional: true, nullable: true, description: '企业类型（字典 company-tiers 的代码）' })
  tier?: string | null;

  @Code({ optional: true, nullable: true, description: '来源地区（字典 source-regions 的代码）' })
  region?: string | null;

  @Str({ optional: true, nullable: true, max: 300 })
  address?: string | null;

  @Str({ optional: true, nullable: true, max: 100 })
  industry?: string | null;

  @Str({ optional: true, nullable: true, max: 2000 })
  description?: string | null;

  @ApiProperty({ type: [CreateContactDto], required: false })
  @ValidateIf((o: CreateCompanyDto) => o.contacts !== undefined)
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => CreateContactDto)
  contacts?: CreateContactDto[];
}

export class UpdateCompanyDto {
  @Str({ optional: true, max: 200 })
  name?: string;

  @Str({ optional: true, nullable: true, max: 30 })
  creditCode?: string | null;

  @Code({ optional: true, nullable: true, description: '企业类型（字典 company-tiers 的代码）' })
  tier?: string | null;

  @Code({ optional: true, nullable: true, description: '来源地区（字典 source-regions 的代码）' })
  region?: string | null;

  @Str({ optional: true, nullable: true, max: 300 })
  address?: string | null;

  @Str({ optional: true, nullable: true, max: 100 })
  industry?: string | null;

  @Str({ optional: true, nullable: true, max: 2000 })
  description?: string | null;

  @Int({ min: 1, description: '读到的版本号（必填）；企业已被他人修改时答 409' })
  version: number;
}

export class CompanyQuery extends ListQuery {
  @Str({ optional: true, max: 100, description: '企业名称包含' })
  q?: string;

  @Str({ optional: true, max: 30, description: '统一社会信用代码（大小写、空格不限）' })
  creditCode?: string;

  @Code({ optional: true, description: '企业类型（字典 company-tiers 的代码）' })
  tier?: string;

  @Code({ optional: true, description: '来源地区（字典 source-regions 的代码）' })
  region?: string;
}
