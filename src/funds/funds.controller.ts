import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiParam, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser, PROJECT_WRITERS, Roles } from '../core/auth/auth-user';
import { IdPipe } from '../core/http/id.pipe';
import { PutFundsDto } from './funds.dto';
import { FundsService } from './funds.service';

@ApiTags('funds')
@ApiBearerAuth()
@Controller('projects/:id/funds')
export class FundsController {
  constructor(private readonly funds: FundsService) {}

  @Get()
  list(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: number) {
    return this.funds.list(user, id);
  }

  @Roles(...PROJECT_WRITERS)
  @ApiParam({ name: 'month', example: '2026-03' })
  @Put(':month')
  put(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: number, @Param('month') month: string, @Body() dto: PutFundsDto) {
    return this.funds.put(user, id, month, dto);
  }
}
