import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser, PROJECT_WRITERS, Roles } from '../core/auth/auth-user';
import { ApiErrors } from '../core/http/api-docs';
import { DuplicateCheckDto } from './duplicates.dto';
import { DuplicateCheckResponse } from './duplicates.responses';
import { DuplicatesService } from './duplicates.service';

@ApiTags('duplicates')
@ApiBearerAuth()
@Controller('duplicates')
export class DuplicatesController {
  constructor(private readonly duplicates: DuplicatesService) {}

  /** For the create forms: the 重复研判 warnings of what is being typed, written nowhere. */
  @Roles(...PROJECT_WRITERS)
  @Post('check')
  @HttpCode(200)
  @ApiOperation({
    summary: '重复研判预检',
    description: '保存前检查正在填写的企业（名称、统一社会信用代码、联系人电话）和项目（投资企业、产业链）是否疑似重复，返回与新建时相同的提示，不保存任何内容。数据范围外的项目只给名称、团队和负责人。',
  })
  @ApiOkResponse({ type: DuplicateCheckResponse })
  @ApiErrors(400, 401, 403)
  check(@CurrentUser() user: AuthUser, @Body() dto: DuplicateCheckDto): Promise<DuplicateCheckResponse> {
    return this.duplicates.check(dto, user);
  }
}
