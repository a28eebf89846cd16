import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser, Roles } from '../core/auth/auth-user';
import { seesDistrict } from '../core/auth/scope';
import { forbidden } from '../core/errors';
import { Int } from '../core/http/fields';
import { MAX_PAGE_SIZE } from '../core/http/list';
import { IdPipe } from '../core/http/id.pipe';
import { ApiErrors } from '../core/http/api-docs';
import { SignedProjectsPageResponse, SummaryResponse } from './reports.responses';
import { BackfillResponse, MonthlyRollupListResponse, MonthlyRollupResponse, RecomputeResponse } from './rollups.responses';
import { MonthlyRollupBackfillService } from './monthly-rollup-backfill.service';
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

export class BackfillRequest {
  @Int({ description: '补齐哪一年的月报，2000 至 2100' })
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
    private readonly backfills: MonthlyRollupBackfillService,
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
  @ApiOperation({
    summary: '月报列表',
    description: '一年中已汇总各月的首报数、当前数、调整、各版本和领导邮件发送情况，已结束但缺月报的月份，以及最近一次补齐；全区数字，数据范围受限的用户答 403。',
  })
  @ApiOkResponse({ type: MonthlyRollupListResponse })
  @ApiErrors(400, 401, 403)
  monthly(@CurrentUser() user: AuthUser, @Query() q: YearQuery): Promise<MonthlyRollupListResponse> {
    assertDistrictWide(user);
    return this.rollups.list(q.year);
  }

  /** An admin produces the first report of a closed month that has none. */
  @Roles('admin')
  @Post('monthly/:year/:month')
  @ApiOperation({ summary: '生成月报', description: '为尚无月报的已结束月份生成首报（数字同该月的全区实时统计）；已有月报的月份答 409，首报数不会被覆盖。仅管理员。' })
  @ApiCreatedResponse({ type: MonthlyRollupResponse })
  @ApiErrors(400, 401, 403, 409)
  async produce(@CurrentUser() user: AuthUser, @Param('year', IdPipe) year: number, @Param('month', IdPipe) month: number): Promise<MonthlyRollupResponse> {
    await this.rollups.produce(year, month, 'manual', user.id);
    return this.rollups.get(year, month);
  }

  /** 补齐全年: a background job produces every missing closed month of the year; the page polls its progress. */
  @Roles('admin')
  @Post('monthly/backfills')
  @HttpCode(202)
  @ApiOperation({
    summary: '补齐全年月报',
    description: '后台逐月生成该年所有已结束、尚无月报的月份（已有月报的月份不动）；返回进度，用 GET /reports/monthly/backfills/{id} 查询。已有补齐在进行时答 409。仅管理员。',
  })
  @ApiAcceptedResponse({ type: BackfillResponse })
  @ApiErrors(400, 401, 403, 409, 503)
  startBackfill(@CurrentUser() user: AuthUser, @Body() body: BackfillRequest): Promise<BackfillResponse> {
    return this.backfills.start(body.year, user.id);
  }

  /** The progress of a backfill: done/total, the month in hand, failures. */
  @Roles('admin', 'leader', 'manager', 'viewer')
  @Get('monthly/backfills/:id')
  @ApiOperation({ summary: '补齐进度', description: '已完成/总月数、正在生成的月份、失败的月份及原因。' })
  @ApiOkResponse({ type: BackfillResponse })
  @ApiErrors(400, 401, 403, 404)
  backfill(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: number): Promise<BackfillResponse> {
    assertDistrictWide(user);
    return this.backfills.get(id);
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
