/**
 * The error body every route answers with (API.md "Errors"), as OpenAPI
 * schemas: the generated client types its errors from these classes, so a
 * form can put `details[].message` beside `details[].field`.
 */
import { ApiProperty } from '@nestjs/swagger';

/** One bad field of a request. */
export class ProblemResponse {
  @ApiProperty({ description: '出错的字段，嵌套时如 exclusions[0].projectId', example: 'signedOn' })
  field: string;

  @ApiProperty({ description: '稳定的英文机器码', example: 'in_future' })
  code: string;

  @ApiProperty({ description: '简体中文说明，可直接显示', example: '签约日期（2026-07-01）不能晚于今天（2026-06-15）' })
  message: string;
}

/** The record a duplicate collides with (409). */
export class ExistingRecordResponse {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty()
  name: string;
}

export class ErrorResponse {
  @ApiProperty({ type: 'integer', description: 'HTTP 状态码', example: 409 })
  statusCode: number;

  @ApiProperty({ description: 'HTTP 状态名', example: 'Conflict' })
  error: string;

  @ApiProperty({ description: '稳定的英文机器码，客户端据此分支', example: 'stale_version' })
  code: string;

  @ApiProperty({ description: '简体中文说明，可直接显示', example: '该项目已被他人修改，请刷新后重试' })
  message: string;

  @ApiProperty({ type: [ProblemResponse], required: false, description: '逐个字段的问题（400，以及部分 409/422）' })
  details?: ProblemResponse[];

  @ApiProperty({ type: [String], required: false, description: '422 transition_not_allowed：当前允许推进到的阶段' })
  allowed?: string[];

  @ApiProperty({ type: 'integer', nullable: true, required: false, description: '409 stale_version：记录的当前版本' })
  currentVersion?: number | null;

  @ApiProperty({ type: 'integer', required: false, description: '409 重复：已存在记录的 id' })
  existingId?: number;

  @ApiProperty({ type: () => ExistingRecordResponse, required: false, description: '409 重复：已存在的记录' })
  existing?: ExistingRecordResponse;

  @ApiProperty({ type: 'integer', isArray: true, required: false, description: '403 projects_outside_scope：不存在或不在数据范围内的项目编号' })
  projectIds?: number[];

  @ApiProperty({ type: () => ExistingRecordResponse, required: false, description: '404 company_merged：该企业已并入的企业' })
  mergedInto?: ExistingRecordResponse;

  @ApiProperty({ type: 'integer', required: false, description: '429 too_many_attempts：多少秒后可以再试（同 Retry-After 头）' })
  retryAfter?: number;
}
