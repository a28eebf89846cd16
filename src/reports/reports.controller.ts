import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser, Roles } from '../core/auth/auth-user';
import { seesDistrict } from '../core/auth/scope';
import { forbidden } from '../core/errors';
import { Int } from '../core/http/fields';
import { MAX_PAGE_SIZE } from '../core/http/list';
import { IdPipe } from '../core/http/id.pipe';
import { ApiErrors } from '../core/http/api-docs';
import { SignedProjectsPageResponse, SummaryResponse } from './reports.responses';
import { MonthlyRollupListResponse, RecomputeResponse } from './rollups.responses';
import { ReportsService } from './reports.service';
import { RollupService } from './rollup.service';

/** The year's range is the services' (core/errors.ts checks.year), not repeated here. */
const YEAR = { query: true, description: '年份，2000 至 2100' } as const;

export class SummaryQuery {
  @Int(YEAR)
  year: number;

  @Int({ min: 1, max: 12, query: true, description: '月份，1 至 12' })
  month: number;
}

export class SignedProjectsQuery extends SummaryQuery {
  @Int({ optional: true, min: 1, max: 1_000_000, query: true, description: '页码，从 1 开始' })
  page?: number;

  @Int({ optional: true, min: 1, max: MAX_PAGE_SIZE, query: true, description: `每页条数，默认 50，最多 ${MAX_PAGE_SIZE}` })
  pageSize?: number;
}

export class YearQuery {
  @Int(YEAR)
  year: number;
}

/**
 * Stored rollups are the district's figures; a user who sees only a team or
 * their own projects reads their scope live in GET /reports/summary instead
 * (DOMAIN.md: a scoped user's reports cover their scope).
 */
export function assertDistrictWide(user: AuthUser): void {
  if (!seesDistrict(user)) {
    throw forbidden('district_only', '月报是全区数据，您的数据范围有限；请在统计汇总中查看本范围的数据');
  }
}

@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
export class ReportsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly rollups: RollupService,
  ) {}

  /** Live year-to-date figures against target, breakdowns, funnel, activity figures: the caller's scope. */
  @Get('summary')
  @ApiOperation({ summary: '实时统计', description: '调用者数据范围内年初至所选月末的指标、分项、漏斗和跟进情况。' })
  @ApiOkResponse({ type: SummaryResponse })
  @ApiErrors(400, 401)
  summary(@CurrentUser() user: AuthUser, @Query() q: SummaryQuery): Promise<SummaryResponse> {
    return this.reports.overview(user, q.year, q.month);
  }

  /** The summary's signed projects of the year, each with whether it counted and why not: paged, in signing order. */
  @Get('summary/projects')
  @ApiOperation({ summary: '当年签约项目明细', description: '按签约先后分页，逐个说明是否计入及原因。' })
  @ApiOkResponse({ type: SignedProjectsPageResponse })
  @ApiErrors(400, 401)
  signedProjects(@CurrentUser() user: AuthUser, @Query() q: SignedProjectsQuery): Promise<SignedProjectsPageResponse> {
    return this.reports.signedProjects(user, q.year, q.month, q.page ?? 1, q.pageSize ?? 50);
  }

  /** The stored rollups of a year: reported, current and the adjustment of each month. */
  @Roles('admin', 'leader', 'manager', 'viewer')
  @Get('monthly')
  @ApiOperation({ summary: '月报列表', description: '一年中已汇总各月的首报数、当前数和调整；全区数字，数据范围受限的用户答 403。' })
  @ApiOkResponse({ type: MonthlyRollupListResponse })
  @ApiErrors(400, 401, 403)
  monthly(@CurrentUser() user: AuthUser, @Query() q: YearQuery): Promise<MonthlyRollupListResponse> {
    assertDistrictWide(user);
    return this.rollups.list(q.year);
  }

  /** Recomputes a closed month: a new revision when the figures changed, nothing when not. */
  @Roles('admin', 'manager')
  @Post('monthly/:year/:month/recompute')
  @HttpCode(200)
  @ApiOperation({ summary: '重算月报', description: '数字有变化时写入新版本，无变化时什么也不写；只能重算已结束的月份。' })
  @ApiOkResponse({ type: RecomputeResponse })
  @ApiErrors(400, 401, 403)
  async recompute(@CurrentUser() user: AuthUser, @Param('year', IdPipe) year: number, @Param('month', IdPipe) month: number): Promise<RecomputeResponse> {
    const outcome = await this.rollups.rollup(year, month, 'recompute', user.id);
    // The rollup covers the whole district: a team-scoped manager gets the outcome, not the figures.
    return { ...outcome, ...(seesDistrict(user) ? { rollup: await this.rollups.get(year, month) } : {}) };
  }
}
