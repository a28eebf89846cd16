import { Controller, Get, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Public } from '../core/auth/auth-user';
import { ApiErrors } from '../core/http/api-docs';
import { DisplayKeyGuard } from './display-key.guard';
import { DisplaySummaryResponse } from './display.responses';
import { DisplayService } from './display.service';

/** The meeting-room screen's reads: no session, a display link's key instead (DisplayKeyGuard). */
@ApiTags('display')
@ApiSecurity('display-key')
@Public()
@UseGuards(DisplayKeyGuard)
@Controller('display')
export class DisplayController {
  constructor(private readonly display: DisplayService) {}

  @Get('summary')
  @ApiOperation({
    summary: '大屏数据',
    description: '全区当月的指标、逐月走势、漏斗、分项、团队排名、跟进情况和督办数；以请求头 X-Display-Key 出示大屏链接的密钥，无需登录。密钥缺失、无效或已撤销时答 401。',
  })
  @ApiOkResponse({ type: DisplaySummaryResponse })
  @ApiErrors(401)
  summary(): Promise<DisplaySummaryResponse> {
    return this.display.summary();
  }
}
