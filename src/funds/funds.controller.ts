import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser, PROJECT_WRITERS, Roles } from '../core/auth/auth-user';
import { ApiErrors } from '../core/http/api-docs';
import { IdPipe } from '../core/http/id.pipe';
import { PutFundsDto } from './funds.dto';
import { FundsListResponse, FundsMonthResponse } from './funds.responses';
import { FundsService } from './funds.service';

@ApiTags('funds')
@ApiBearerAuth()
@Controller('projects/:id/funds')
export class FundsController {
  constructor(private readonly funds: FundsService) {}

  @Get()
  @ApiOperation({ summary: '项目到位资金' })
  @ApiOkResponse({ type: FundsListResponse })
  @ApiErrors(400, 401, 404)
  list(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: number): Promise<FundsListResponse> {
    return this.funds.list(user, id);
  }

  @Roles(...PROJECT_WRITERS)
  @ApiParam({ name: 'month', example: '2026-03' })
  @Put(':month')
  @ApiOperation({ summary: '填报月度到位资金', description: '同一月份重复填报即覆盖；签约前的项目答 422。' })
  @ApiOkResponse({ type: FundsMonthResponse })
  @ApiErrors(400, 401, 403, 404, 422)
  put(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: number, @Param('month') month: string, @Body() dto: PutFundsDto): Promise<FundsMonthResponse> {
    return this.funds.put(user, id, month, dto);
  }
}
