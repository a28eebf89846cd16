import { type NamedEnum, OutBool, OutEnum, OutInt, OutList, OutObject, OutText, OutTimestamp, PageOf } from '../core/http/api-docs';
import { IMPORT_STATUS_LABELS, IMPORT_STATUSES, type ImportStatus } from './import.entity';
import {
  DUPLICATE_KINDS, type DuplicateKind, IMPORT_ACTION_LABELS, IMPORT_ACTIONS, IMPORT_PROPOSAL_LABELS, IMPORT_PROPOSALS, IMPORT_SHEET_LABELS,
  IMPORT_SHEETS, type ImportAction, type ImportProposal, type ImportSheet,
} from './import-row.entity';

export const IMPORT_STATUS_ENUM: NamedEnum<ImportStatus> = { name: 'ImportStatus', values: IMPORT_STATUSES, labels: IMPORT_STATUS_LABELS };
export const IMPORT_SHEET_ENUM: NamedEnum<ImportSheet> = { name: 'ImportSheet', values: IMPORT_SHEETS, labels: IMPORT_SHEET_LABELS };
export const IMPORT_ACTION_ENUM: NamedEnum<ImportAction> = { name: 'ImportAction', values: IMPORT_ACTIONS, labels: IMPORT_ACTION_LABELS };
export const IMPORT_PROPOSAL_ENUM: NamedEnum<ImportProposal> = { name: 'ImportProposal', values: IMPORT_PROPOSALS, labels: IMPORT_PROPOSAL_LABELS };
const DUPLICATE_KIND_ENUM: NamedEnum<DuplicateKind> = { name: 'ImportDuplicateKind', values: DUPLICATE_KINDS, labels: { database: '与系统中已有项目重复', file: '与文件中其他行重复' } };
const PHASE_ENUM: NamedEnum<'analysing' | 'committing'> = { name: 'ImportPhase', values: ['analysing', 'committing'], labels: { analysing: '预检', committing: '提交' } };

export class ImportPersonResponse {
  @OutInt()
  id: number;

  @OutText({ description: '姓名' })
  name: string;
}

export class ImportProgressResponse {
  @OutEnum(PHASE_ENUM, { description: '阶段' })
  phase: 'analysing' | 'committing';

  @OutInt({ description: '已处理行数' })
  done: number;

  @OutInt({ description: '总行数（预检时为按已读取的文件比例估算的行数，读完后为实际行数）' })
  total: number;

  @OutInt({ description: '每秒处理行数' })
  rowsPerSecond: number;
}

export class ImportCountsResponse {
  @OutInt({ description: '项目表的数据行数（空行、合计行不计）' })
  rows: number;

  @OutInt({ description: '无错误的行数' })
  valid: number;

  @OutInt({ description: '有错误的行数' })
  errors: number;

  @OutInt({ description: '疑似重复的行数（须逐行决定）' })
  duplicates: number;

  @OutInt({ description: '将新建的项目数（按当前决定）' })
  toCreate: number;

  @OutInt({ description: '将更新的已有项目数' })
  toUpdate: number;

  @OutInt({ description: '将跳过的行数' })
  toSkip: number;

  @OutInt({ optional: true, description: '提交后：新建的项目数' })
  created?: number;

  @OutInt({ optional: true, description: '提交后：更新的项目数' })
  updated?: number;

  @OutInt({ optional: true, description: '提交后：跳过的行数' })
  skipped?: number;

  @OutInt({ optional: true, description: '到位资金表的数据行数' })
  fundsRows?: number;

  @OutInt({ optional: true, description: '带提示的行数（推断的取值，如缺协议类型按投资协议、只有月份的日期按 1 日）' })
  warnings?: number;
}

export class ImportMappingResponse {
  @OutInt({ description: '列号，从 0 开始' })
  column: number;

  @OutText({ description: '表头文字' })
  header: string;

  @OutText({ nullable: true, description: '对应的字段；null 为不导入此列' })
  field: string | null;

  @OutText({ nullable: true, description: '字段名称' })
  fieldLabel: string | null;
}

export class ImportFieldResponse {
  @OutText({ description: '字段' })
  field: string;

  @OutText({ description: '字段名称' })
  label: string;

  @OutBool({ description: '是否必填' })
  required: boolean;
}

/** One import in the list of past imports. */
export class ImportSummaryResponse {
  @OutInt()
  id: number;

  @OutEnum(IMPORT_STATUS_ENUM, { description: '状态' })
  status: ImportStatus;

  @OutText({ description: '状态名称' })
  statusLabel: string;

  @OutText({ description: '文件名' })
  fileName: string;

  @OutObject(() => ImportPersonResponse, { description: '导入人' })
  createdBy: ImportPersonResponse;

  @OutTimestamp()
  createdAt: Date;

  @OutObject(() => ImportCountsResponse, { description: '行数统计' })
  counts: ImportCountsResponse;

  @OutTimestamp({ nullable: true, description: '提交完成时间' })
  committedAt: Date | null;
}

/** An import as its page shows it: the list's summary and what the wizard needs. */
export class ImportResponse extends ImportSummaryResponse {
  @OutInt({ nullable: true, description: '导入到的团队（招商专员导入时为本人团队）；null 为各行自填' })
  teamId: number | null;

  @OutObject(() => ImportProgressResponse, { nullable: true, description: '后台任务的进度；未开始为 null' })
  progress: ImportProgressResponse | null;

  @OutList(() => ImportMappingResponse, { description: '项目表的列与字段的对应' })
  mapping: ImportMappingResponse[];

  @OutList(() => ImportFieldResponse, { description: '可对应的字段（供调整列对应）' })
  fields: ImportFieldResponse[];

  @OutText({ nullable: true, description: '失败原因' })
  error: string | null;

  @OutInt({ description: '版本号（调整列对应、决定、提交时带上）' })
  version: number;
}


export class ImportPage extends PageOf(ImportSummaryResponse) {
  @OutInt({ description: '上传文件的大小上限（字节，IMPORT_MAX_BYTES）：上传页据此提示，并在上传前拦下过大的文件' })
  maxUploadBytes: number;
}

export class ImportRowProblemResponse {
  @OutText({ description: '列（表头文字）' })
  column: string;

  @OutText({ nullable: true, description: '字段' })
  field: string | null;

  @OutText({ nullable: true, description: '读到的值' })
  value: string | null;

  @OutText({ description: '错误代码' })
  code: string;

  @OutText({ description: '说明' })
  message: string;
}

export class ImportRowDuplicateResponse {
  @OutEnum(DUPLICATE_KIND_ENUM, { description: '重复的来源' })
  kind: DuplicateKind;

  @OutText({ description: '规则：code 项目编号；credit_code_name 信用代码+项目名称；company_chain 同一企业同一产业链；credit_code 信用代码；company_name 企业名称' })
  rule: string;

  @OutInt({ optional: true, description: '系统中已有的项目' })
  projectId?: number;

  @OutText({ optional: true, description: '已有项目的名称' })
  projectName?: string;

  @OutInt({ optional: true, description: '文件中的另一行' })
  rowNo?: number;

  @OutText({ description: '说明' })
  message: string;
}

/** One row of the dry run. */
export class ImportRowResponse {
  @OutEnum(IMPORT_SHEET_ENUM, { description: '工作表' })
  sheet: ImportSheet;

  @OutInt({ description: '行号（与 Excel 显示的一致）' })
  rowNo: number;

  @OutText({ nullable: true, description: '项目名称' })
  name: string | null;

  @OutText({ nullable: true, description: '企业名称' })
  companyName: string | null;

  @OutText({ nullable: true, description: '项目编号' })
  code: string | null;

  @OutList(() => ImportRowProblemResponse, { description: '错误（有错误的行不导入）' })
  errors: ImportRowProblemResponse[];

  @OutList(() => ImportRowProblemResponse, { description: '提示（推定的值，请核对）' })
  warnings: ImportRowProblemResponse[];

  @OutList(() => ImportRowDuplicateResponse, { description: '疑似重复' })
  duplicates: ImportRowDuplicateResponse[];

  @OutEnum(IMPORT_PROPOSAL_ENUM, { description: '建议的处理' })
  proposed: ImportProposal;

  @OutEnum(IMPORT_ACTION_ENUM, { nullable: true, description: '已作的决定；疑似重复的行须决定后才能提交' })
  decision: ImportAction | null;

  @OutInt({ nullable: true, description: '更新时将修改的已有项目' })
  matchProjectId: number | null;
}

export class ImportRowPage extends PageOf(ImportRowResponse) {}

/** A project the import created or updated. */
export class ImportResultResponse {
  @OutInt({ description: '项目 id' })
  id: number;

  @OutText({ description: '项目名称' })
  name: string;

  @OutEnum(IMPORT_ACTION_ENUM, { description: '处理' })
  action: ImportAction;

  @OutInt({ description: '文件中的行号' })
  rowNo: number;
}

export class ImportResultPage extends PageOf(ImportResultResponse) {}
