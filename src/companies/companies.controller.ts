import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser, PROJECT_WRITERS, Roles } from '../core/auth/auth-user';
import { ApiErrors } from '../core/http/api-docs';
import { IdPipe } from '../core/http/id.pipe';
import { CompanyQuery, CreateCompanyDto, CreateContactDto, UpdateCompanyDto, UpdateContactDto } from './companies.dto';
import { CompanyDetailResponse, CompanyPage, CompanyResponse, ContactCreatedResponse, ContactPage, ContactUpdatedResponse } from './companies.responses';
import { CompaniesService } from './companies.service';

@ApiTags('companies')
@ApiBearerAuth()
@Controller('companies')
export class CompaniesController {
  constructor(private readonly companies: CompaniesService) {}

  @Get()
  @ApiOperation({ summary: '企业列表' })
  @ApiOkResponse({ type: CompanyPage })
  @ApiErrors(400, 401)
  list(@Query() q: CompanyQuery): Promise<CompanyPage> {
    return this.companies.list(q);
  }

  /** Creates an investor; a duplicate credit code is a 409 naming the existing company. */
  @Roles(...PROJECT_WRITERS)
  @Post()
  @ApiOperation({ summary: '新建企业', description: '统一社会信用代码已存在时答 409，并在 existing 中给出已有企业。' })
  @ApiCreatedResponse({ type: CompanyDetailResponse })
  @ApiErrors(400, 401, 403, 409)
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateCompanyDto): Promise<CompanyDetailResponse> {
    return this.companies.create(user, dto);
  }

  @Get(':id')
  @ApiOperation({ summary: '企业详情', description: '含联系人和疑似重复。' })
  @ApiOkResponse({ type: CompanyDetailResponse })
  @ApiErrors(400, 401, 404)
  get(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: number): Promise<CompanyDetailResponse> {
    return this.companies.get(user, id);
  }

  @Roles(...PROJECT_WRITERS)
  @Patch(':id')
  @ApiOperation({ summary: '修改企业', description: '须带读到的 version：已被他人修改答 409 stale_version（不会覆盖他人的修改）；统一社会信用代码重复也答 409。' })
  @ApiOkResponse({ type: CompanyResponse })
  @ApiErrors(400, 401, 403, 404, 409)
  update(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: number, @Body() dto: UpdateCompanyDto): Promise<CompanyResponse> {
    return this.companies.update(user, id, dto);
  }

  @Get(':id/contacts')
  @ApiOperation({ summary: '企业联系人列表' })
  @ApiOkResponse({ type: ContactPage })
  @ApiErrors(400, 401, 404)
  contacts(@Param('id', IdPipe) id: number): Promise<ContactPage> {
    return this.companies.listContacts(id);
  }

  @Roles(...PROJECT_WRITERS)
  @Post(':id/contacts')
  @ApiOperation({ summary: '新增联系人' })
  @ApiCreatedResponse({ type: ContactCreatedResponse })
  @ApiErrors(400, 401, 403, 404)
  addContact(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: number, @Body() dto: CreateContactDto): Promise<ContactCreatedResponse> {
    return this.companies.addContact(user, id, dto);
  }

  @Roles(...PROJECT_WRITERS)
  @Patch(':id/contacts/:contactId')
  @ApiOperation({ summary: '修改联系人', description: '只改所带字段（null 清空）；电话改后重新做重复研判。' })
  @ApiOkResponse({ type: ContactUpdatedResponse })
  @ApiErrors(400, 401, 403, 404)
  updateContact(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: number,
    @Param('contactId', IdPipe) contactId: number,
    @Body() dto: UpdateContactDto,
  ): Promise<ContactUpdatedResponse> {
    return this.companies.updateContact(user, id, contactId, dto);
  }

  @Roles(...PROJECT_WRITERS)
  @Delete(':id/contacts/:contactId')
  @HttpCode(204)
  @ApiOperation({ summary: '删除联系人' })
  @ApiNoContentResponse({ description: '已删除' })
  @ApiErrors(400, 401, 403, 404)
  async removeContact(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: number, @Param('contactId', IdPipe) contactId: number): Promise<void> {
    await this.companies.removeContact(user, id, contactId);
  }
}
