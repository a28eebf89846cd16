import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser, Roles } from '../core/auth/auth-user';
import { IdPipe } from '../core/http/id.pipe';
import { PutTargetDto } from './targets.dto';
import { TargetsService, targetView } from './targets.service';

@ApiTags('targets')
@ApiBearerAuth()
@Controller('targets')
export class TargetsController {
  constructor(private readonly targets: TargetsService) {}

  /** The year's targets and 统计口径 (DOMAIN.md defaults when never set: `stored: false`). */
  @Get(':year')
  async get(@Param('year', IdPipe) year: number) {
    return targetView(await this.targets.get(year));
  }

  @Roles('admin')
  @Put(':year')
  put(@CurrentUser() user: AuthUser, @Param('year', IdPipe) year: number, @Body() dto: PutTargetDto) {
    return this.targets.put(user, year, dto);
  }
}
