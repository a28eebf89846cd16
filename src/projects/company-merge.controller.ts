import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser, Roles } from '../core/auth/auth-user';
import { ApiErrors } from '../core/http/api-docs';
import { IdPipe } from '../core/http/id.pipe';
import { CompanyMergeService } from './company-merge.service';
import { CompanyMergedResponse } from './corrections.responses';
import { CORRECTOR_ROLES } from './pipeline';
import { MergeCompanyDto } from './projects.dto';

/** POST /companies/:id/merge, served here because a merge moves projects (company-merge.service.ts). */
@ApiTags('companies')
@ApiBearerAuth()
@Controller()
export class CompanyMergeController {
  constructor(private readonly merges: CompanyMergeService) {}

  @Roles(...CORRECTOR_ROLES)
  @Post('companies/:id/merge')
  @HttpCode(200)
  @ApiOperation({
    summary: '合并重复企业',
    description: '团队负责人或系统管理员把重复登记的企业并入另一家：其项目和联系人转入后者，被合并的企业保留备查、不再出现在列表中，'
      + '查看时答 404（code company_merged，mergedInto 指明去向）。不能并入自身或已被合并的企业（400）；企业有不在调用者数据范围内的项目时答 403。两家企业和每个转入的项目都记入审计。',
  })
  @ApiOkResponse({ type: CompanyMergedResponse })
  @ApiErrors(400, 401, 403, 404, 409)
  merge(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: number, @Body() dto: MergeCompanyDto): Promise<CompanyMergedResponse> {
    return this.merges.merge(user, id, dto);
  }
}
