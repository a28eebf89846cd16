import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser, Roles } from '../core/auth/auth-user';
import { ApiErrors } from '../core/http/api-docs';
import { AuditQuery } from './audit.dto';
import { AuditEntryPage } from './audit.responses';
import { AuditService } from './audit.service';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  /** Who changed what, when (admin, leader, manager). */
  @Roles('admin', 'leader', 'manager')
  @Get()
  @ApiOperation({ summary: '操作日志', description: '数据范围受限的用户只看范围内项目的日志；指定范围外的项目答 404。' })
  @ApiOkResponse({ type: AuditEntryPage })
  @ApiErrors(400, 401, 403, 404)
  list(@CurrentUser() user: AuthUser, @Query() q: AuditQuery): Promise<AuditEntryPage> {
    return this.audit.list(user, q);
  }
}
