import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser, PROJECT_WRITERS, Roles } from '../core/auth/auth-user';
import { IdPipe } from '../core/http/id.pipe';
import { CompanyQuery, CreateCompanyDto, CreateContactDto, UpdateCompanyDto } from './companies.dto';
import { CompaniesService } from './companies.service';

@ApiTags('companies')
@ApiBearerAuth()
@Controller('companies')
export class CompaniesController {
  constructor(private readonly companies: CompaniesService) {}

  @Get()
  list(@Query() q: CompanyQuery) {
    return this.companies.list(q);
  }

  /** Creates an investor; a duplicate credit code is a 409 naming the existing company. */
  @Roles(...PROJECT_WRITERS)
  @Post()
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateCompanyDto) {
    return this.companies.create(user, dto);
  }

  @Get(':id')
  get(@Param('id', IdPipe) id: number) {
    return this.companies.get(id);
  }

  @Roles(...PROJECT_WRITERS)
  @Patch(':id')
  update(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: number, @Body() dto: UpdateCompanyDto) {
    return this.companies.update(user, id, dto);
  }

  @Get(':id/contacts')
  contacts(@Param('id', IdPipe) id: number) {
    return this.companies.listContacts(id);
  }

  @Roles(...PROJECT_WRITERS)
  @Post(':id/contacts')
  addContact(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: number, @Body() dto: CreateContactDto) {
    return this.companies.addContact(user, id, dto);
  }
}
