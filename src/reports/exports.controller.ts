import { PassThrough } from 'node:stream';
import { Controller, Get, Logger, Param, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags, OmitType } from '@nestjs/swagger';
import type { Response } from 'express';
import { type AuthUser, CurrentUser, Roles } from '../core/auth/auth-user';
import { assertDistrictWide } from './reports.controller';
import { Clock } from '../core/clock';
import { badField } from '../core/errors';
import { fieldLabel } from '../core/http/field-labels';
import { ProjectQuery } from '../projects/projects.dto';
import { ExcelService, monthlyReportFilename, XLSX_CONTENT_TYPE } from './excel.service';
import { ApiErrors } from '../core/http/api-docs';
import { errorResponse } from '../core/http/exception.filter';
import { RollupService } from './rollup.service';

/** The filters of GET /projects; the ledger has every matching project, so no paging. */
export class LedgerQuery extends OmitType(ProjectQuery, ['page', 'pageSize'] as const) {}

const pad = (n: number) => String(n).padStart(2, '0');

/** OpenAPI: the answer is an .xlsx file. */
const XlsxResponse = (description: string) =>
  ApiOkResponse({ description, content: { [XLSX_CONTENT_TYPE]: { schema: { type: 'string', format: 'binary' } } } });

/**
 * `attachment` with the zh-CN name as RFC 5987 `filename*` and an ASCII
 * `filename` for clients that read only that.
 */
export function attachmentDisposition(filename: string, asciiFallback: string): string {
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${asciiFallback}"; filename*=UTF-8''${encoded}`;
}

function xlsx(content: Buffer, filename: string, asciiFallback: string): StreamableFile {
  return new StreamableFile(content, { type: XLSX_CONTENT_TYPE, disposition: attachmentDisposition(filename, asciiFallback), length: content.length });
}

/** A route parameter that must be a whole number in a range; a 400 names it otherwise. */
function wholeNumber(name: string, value: string, min: number, max: number): number {
  const n = /^\d{1,4}$/.test(value) ? Number(value) : NaN;
  if (!(n >= min && n <= max)) throw badField(name, 'out_of_range', `${fieldLabel(name)}应为 ${min} 至 ${max} 之间的整数`, value);
  return n;
}

@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
export class ExportsController {
  private readonly logger = new Logger(ExportsController.name);

  constructor(
    private readonly excel: ExcelService,
    private readonly rollups: RollupService,
    private readonly clock: Clock,
  ) {}

  /**
   * 项目台账 as Excel: every project the GET /projects filters match, in the
   * caller's data scope, streamed as it is read (chunked, no Content-Length).
   * A refused filter is a JSON error as usual; a failure once the file has
   * begun is logged and the connection cut, so that the client sees a broken
   * download rather than a short file.
   */
  @XlsxResponse('项目台账 (sheet 项目台账), attachment 招商项目台账-YYYY-MM-DD.xlsx')
  @Get('projects.xlsx')
  @ApiOperation({
    summary: '导出项目台账（Excel）',
    description: '与 GET /projects 相同的筛选条件，不分页。首行为标题（区名、截至日期），第二行为表头（冻结、打印时每页重复，A3 横向），末行为合计；日期为 Excel 日期，金额为万元（显示两位小数，保留精确值）。',
  })
  @ApiErrors(400, 401)
  async ledger(@CurrentUser() user: AuthUser, @Query() q: LedgerQuery): Promise<StreamableFile> {
    const ledger = await this.excel.ledger(user, q);
    const today = this.clock.today();
    const body = new PassThrough();
    const file = new StreamableFile(body, { type: XLSX_CONTENT_TYPE, disposition: attachmentDisposition(`招商项目台账-${today}.xlsx`, `projects-${today}.xlsx`) });
    file.setErrorHandler((err, handlerRes) => {
      this.logger.error({ err: { message: err.message, stack: err.stack }, user: user.id, rows: ledger.rows }, 'ledger export failed');
      const res = handlerRes as unknown as Response; // Express's, under the handler's narrower type
      if (res.headersSent) return void res.destroy();
      res.removeHeader('Content-Disposition');
      const error = errorResponse(err);
      res.status(error.statusCode).json(error);
    });
    ledger.write(body).catch((err: Error) => {
      // A download the client closed is not an error of ours; anything else reaches the handler above.
      if (!body.destroyed) body.destroy(err);
      else this.logger.log({ user: user.id, rows: ledger.rows, reason: err.message }, 'ledger export stopped');
    });
    return file;
  }

  /**
   * The monthly report as Excel: the stored rollup's current revision, with
   * the figures first reported and the adjustment beside them (404 when the
   * month has no rollup). The same readers as GET /reports/monthly.
   */
  @XlsxResponse('月报 (sheets 总览, 分产业链, 分园区, 项目明细), attachment 招商引资月报-YYYY-MM.xlsx')
  @Roles('admin', 'leader', 'manager', 'viewer')
  @Get('monthly/:year/:month.xlsx')
  @ApiOperation({
    summary: '导出月报（Excel）',
    description: '已汇总月份的当前版本，附首报数和调整；该月未汇总答 404。各表首行为标题、冻结表头、A3 横向打印；总览金额为亿元，明细为万元，时间为北京时间。',
  })
  @ApiErrors(400, 401, 403, 404)
  async monthly(@CurrentUser() user: AuthUser, @Param('year') yearParam: string, @Param('month') monthParam: string): Promise<StreamableFile> {
    assertDistrictWide(user);
    const year = wholeNumber('year', yearParam, 2000, 2100);
    const month = wholeNumber('month', monthParam, 1, 12);
    const view = await this.rollups.get(year, month);
    const content = await this.excel.monthlyWorkbook(view.current, {
      reported: view.reported, revision: view.currentRevision, reportedAt: view.reportedAt, currentAt: view.currentAt,
    });
    return xlsx(content, monthlyReportFilename(year, month), `monthly-report-${year}-${pad(month)}.xlsx`);
  }
}
