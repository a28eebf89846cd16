import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, ValidateIf, ValidateNested } from 'class-validator';
import { Bool, Int, OneOf, Str } from '../core/http/fields';
import { PageQuery } from '../core/http/list';
import { IMPORT_ACTION_LABELS, IMPORT_ACTIONS, IMPORT_SHEET_LABELS, IMPORT_SHEETS, type ImportAction, type ImportSheet } from './import-row.entity';

/** The multipart body of POST /imports (documentation only: the file is read by the upload interceptor). */
export class UploadImportDto {
  @ApiProperty({ type: 'string', format: 'binary', description: 'Excel 文件（.xlsx），不超过上传上限（默认 20 MB）' })
  file: unknown;

  @ApiProperty({ required: false, type: String, description: '可选：列对应，JSON 数组 [{"column":0,"field":"name"}]（column 从 0 开始；field 为 null 不导入此列）；不填则按表头自动对应' })
  mapping?: string;
}

export class MappingEntryDto {
  @Int({ min: 0, max: 1000, description: '列号，从 0 开始' })
  column: number;

  @Str({ max: 40, nullable: true, description: '对应的字段（见 GET /imports/{id} 的 fields）；null 为不导入此列' })
  field: string | null;
}

export class PutMappingDto {
  @ApiProperty({ type: [MappingEntryDto], description: '项目表各列对应的字段；未列出的列不导入' })
  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => MappingEntryDto)
  mapping: MappingEntryDto[];

  @Int({ min: 1, description: '读取时的版本号（已被他人修改时答 409）' })
  version: number;
}

export const IMPORT_ROW_KINDS = ['errors', 'duplicates', 'warnings', 'all'] as const;
export type ImportRowKind = (typeof IMPORT_ROW_KINDS)[number];
const ROW_KIND_LABELS: Record<ImportRowKind, string> = { errors: '有错误的行', duplicates: '疑似重复的行', warnings: '有提示的行', all: '全部行' };

export class ImportRowsQuery extends PageQuery {
  @OneOf(IMPORT_ROW_KINDS, { optional: true, description: '哪些行，默认 all', labels: ROW_KIND_LABELS })
  kind?: ImportRowKind;

  @OneOf(IMPORT_SHEETS, { optional: true, description: '工作表，默认 projects', labels: IMPORT_SHEET_LABELS })
  sheet?: ImportSheet;
}

export class DecisionDto {
  @OneOf(IMPORT_SHEETS, { optional: true, description: '工作表，默认 projects', labels: IMPORT_SHEET_LABELS })
  sheet?: ImportSheet;

  @Int({ min: 1, description: '行号（与 Excel 显示的一致）' })
  rowNo: number;

  @OneOf(IMPORT_ACTIONS, { description: '处理', labels: IMPORT_ACTION_LABELS })
  action: ImportAction;
}

export class PutDecisionsDto {
  @ApiProperty({ type: [DecisionDto], required: false, description: '逐行的决定' })
  @ValidateIf((o: PutDecisionsDto) => o.rows !== undefined)
  @IsArray()
  @ArrayMaxSize(100_000)
  @ValidateNested({ each: true })
  @Type(() => DecisionDto)
  rows?: DecisionDto[];

  @Bool({ optional: true, description: '其余未决定、未标记重复的行一律按建议处理' })
  acceptAll?: boolean;

  @Int({ min: 1, description: '读取时的版本号（已被他人修改时答 409）' })
  version: number;
}

export class CommitImportDto {
  @Int({ min: 1, description: '读取时的版本号（已被他人修改时答 409）' })
  version: number;
}
