import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Req, StreamableFile, UseInterceptors } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { type AuthUser, CurrentUser, Roles } from '../core/auth/auth-user';
import { ApiErrors } from '../core/http/api-docs';
import { IdPipe } from '../core/http/id.pipe';
import { PageQuery } from '../core/http/list';
import { attachmentDisposition } from '../reports/exports.controller';
import { XLSX_CONTENT_TYPE } from '../reports/excel.service';
import { CommitImportDto, ImportRowsQuery, PutDecisionsDto, PutMappingDto, UploadImportDto } from './imports.dto';
import { ImportPage, ImportResponse, ImportResultPage, ImportRowPage } from './imports.responses';
import { ImportsService } from './imports.service';
import { ImportFilesService } from './import-files.service';
import { ImportUploadInterceptor, type UploadedImportFile } from './upload.interceptor';

const XlsxResponse = (description: string) =>
  ApiOkResponse({ description, content: { [XLSX_CONTENT_TYPE]: { schema: { type: 'string', format: 'binary' } } } });

const xlsx = (content: Buffer, filename: string, ascii: string) =>
  new StreamableFile(content, { type: XLSX_CONTENT_TYPE, disposition: attachmentDisposition(filename, ascii), length: content.length });

/**
 * Excel import of the district's ledger (issue 12): upload, a dry run that
 * writes nothing but its staging rows, decisions on duplicates, commit as a
 * background job. Admins and managers import into any team, officers into
 * their own; leaders and viewers do not import.
 */
@ApiTags('imports')
@ApiBearerAuth()
@Roles('admin', 'manager', 'officer')
@Controller('imports')
export class ImportsController {
  constructor(
    private readonly imports: ImportsService,
    private readonly files: ImportFilesService,
  ) {}

  @Get('template.xlsx')
  @XlsxResponse('导入模板 (sheets 项目台账, 到位资金, 说明), attachment 招商项目导入模板.xlsx')
  @ApiOperation({ summary: '下载导入模板（Excel）', description: '列与项目台账导出相同；字典项为下拉选择；另有「到位资金」表（项目编号 | 企业名称 | 项目名称 | 月份 | 金额(万元)）和「说明」表。' })
  @ApiErrors(401, 403)
  async template(): Promise<StreamableFile> {
    return xlsx(await this.files.template(), '招商项目导入模板.xlsx', 'import-template.xlsx');
  }

  @Post()
  @UseInterceptors(ImportUploadInterceptor)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: UploadImportDto })
  @ApiCreatedResponse({ type: ImportResponse })
  @ApiOperation({
    summary: '上传 Excel 并预检',
    description: '上传 .xlsx（字段 file；可选 mapping 指定列对应）。预检在后台进行，不写入项目；用 GET /imports/{id} 查看进度与结果。.xls、加密、非 xlsx、超过大小上限的文件答 400（代码 xls_not_supported / encrypted / not_xlsx / too_large），找不到可识别表头的答 400（no_header）。',
  })
  @ApiErrors(400, 401, 403, 503)
  upload(@CurrentUser() user: AuthUser, @Req() req: Request): Promise<ImportResponse> {
    const file = (req as Request & { file?: UploadedImportFile }).file;
    const mapping = (req.body as Record<string, unknown> | undefined)?.mapping;
    return this.imports.upload(user, file, mapping);
  }

  @Get()
  @ApiOperation({ summary: '导入记录', description: '历次导入：导入人、时间、文件、行数统计、状态，新的在前。管理员看全部，其他人看本人的。' })
  @ApiOkResponse({ type: ImportPage })
  @ApiErrors(400, 401, 403)
  list(@CurrentUser() user: AuthUser, @Query() q: PageQuery): Promise<ImportPage> {
    return this.imports.list(user, q);
  }

  @Get(':id')
  @ApiOperation({ summary: '导入详情', description: '状态、进度、列对应、可对应的字段、行数统计。预检和提交在后台进行，页面轮询此接口。' })
  @ApiOkResponse({ type: ImportResponse })
  @ApiErrors(400, 401, 403, 404)
  get(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: number): Promise<ImportResponse> {
    return this.imports.get(user, id);
  }

  @Put(':id/mapping')
  @HttpCode(202)
  @ApiOperation({ summary: '调整列对应', description: '按新的列对应重新预检（后台进行，答 202）；已作的决定清空。仅预检完成（ready）或失败时可调整。' })
  @ApiAcceptedResponse({ type: ImportResponse })
  @ApiErrors(400, 401, 403, 404, 409, 422, 503)
  mapping(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: number, @Body() dto: PutMappingDto): Promise<ImportResponse> {
    return this.imports.remap(user, id, dto);
  }

  @Get(':id/rows')
  @ApiOperation({ summary: '预检结果（逐行）', description: '按行号排列：错误（列、值、原因）、提示、疑似重复、建议的处理与已作的决定。kind 选 errors / duplicates / warnings / all。' })
  @ApiOkResponse({ type: ImportRowPage })
  @ApiErrors(400, 401, 403, 404)
  rows(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: number, @Query() q: ImportRowsQuery): Promise<ImportRowPage> {
    return this.imports.rows(user, id, q);
  }

  @Get(':id/errors.xlsx')
  @XlsxResponse('有错误的行 (原样的单元格 + 错误原因列), attachment 导入错误-{id}.xlsx')
  @ApiOperation({ summary: '下载错误行（Excel）', description: '有错误的行，原样的单元格，末列为「错误原因」，改正后可再次上传。' })
  @ApiErrors(400, 401, 403, 404)
  async errors(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: number): Promise<StreamableFile> {
    return xlsx(await this.files.errors(user, id), `导入错误-${id}.xlsx`, `import-errors-${id}.xlsx`);
  }

  @Put(':id/decisions')
  @ApiOperation({ summary: '逐行决定', description: '对行作出新建 / 更新 / 跳过的决定；acceptAll 把其余未标记重复的行按建议处理。疑似重复的行须逐行决定后才能提交；有错误的行只能跳过。' })
  @ApiOkResponse({ type: ImportResponse })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  decisions(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: number, @Body() dto: PutDecisionsDto): Promise<ImportResponse> {
    return this.imports.decide(user, id, dto);
  }

  @Post(':id/commit')
  @HttpCode(202)
  @ApiOperation({ summary: '提交导入', description: '后台一次写入全部接受的行（要么全部写入，要么都不写），用 GET /imports/{id} 查看进度。仍有未决定的疑似重复行、状态不是待确认、版本过期时答 409。' })
  @ApiAcceptedResponse({ type: ImportResponse })
  @ApiErrors(400, 401, 403, 404, 409, 503)
  commit(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: number, @Body() dto: CommitImportDto): Promise<ImportResponse> {
    return this.imports.commit(user, id, dto.version);
  }

  @Get(':id/results')
  @ApiOperation({ summary: '导入结果', description: '提交后新建和更新的项目（可点开），按行号排列。' })
  @ApiOkResponse({ type: ImportResultPage })
  @ApiErrors(400, 401, 403, 404)
  results(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: number, @Query() q: PageQuery): Promise<ImportResultPage> {
    return this.imports.results(user, id, q);
  }
}
