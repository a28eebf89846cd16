import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { isUniqueViolation } from '../database/db-errors';
import { DomainError, type ErrorKind, type Problem } from '../errors';

const STATUS_OF: Record<ErrorKind, number> = {
  bad_input: 400, unauthenticated: 401, forbidden: 403, not_found: 404, conflict: 409, rule: 422, too_many: 429, unavailable: 503,
};

const STATUS_NAMES: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict',
  413: 'Payload Too Large', 415: 'Unsupported Media Type', 422: 'Unprocessable Entity', 429: 'Too Many Requests',
  500: 'Internal Server Error', 503: 'Service Unavailable',
};

/** What the framework itself refuses (no route, too many requests …), in the same shape as our own errors. */
const FRAMEWORK: Record<number, { code: string; message: string }> = {
  400: { code: 'bad_request', message: '请求有误' },
  401: { code: 'unauthenticated', message: '请先登录' },
  403: { code: 'forbidden', message: '无权执行此操作' },
  404: { code: 'route_not_found', message: '请求的接口不存在' },
  405: { code: 'method_not_allowed', message: '不支持此请求方法' },
  413: { code: 'payload_too_large', message: '请求内容过大' },
  415: { code: 'unsupported_media_type', message: '不支持此内容类型，请发送 JSON' },
  429: { code: 'too_many_requests', message: '请求过于频繁，请稍后再试' },
  500: { code: 'internal_error', message: '服务器内部错误，请稍后重试' },
  503: { code: 'service_unavailable', message: '服务暂不可用，请稍后重试' },
};

export interface ErrorBody {
  statusCode: number;
  error: string;
  code: string;
  message: string;
  details?: Problem[];
  [extra: string]: unknown;
}

/** Maps any error to its status and body `{ statusCode, error, code, message, details? }` (API.md). */
export function errorResponse(exception: unknown): ErrorBody {
  let status: number = HttpStatus.INTERNAL_SERVER_ERROR;
  let body: { code: string; message: string; details?: Problem[]; [extra: string]: unknown } = FRAMEWORK[500];
  if (exception instanceof DomainError) {
    status = STATUS_OF[exception.kind];
    body = { ...exception.extra, code: exception.code, message: exception.message, ...(exception.details ? { details: exception.details } : {}) };
  } else if (exception instanceof HttpException) {
    status = exception.getStatus();
    body = FRAMEWORK[status] ?? { code: 'http_error', message: '请求无法完成' };
  } else if (exception instanceof QueryFailedError && isUniqueViolation(exception)) {
    // A race past our own duplicate checks: still a clean 409, never a 500.
    status = HttpStatus.CONFLICT;
    body = { code: 'duplicate', message: '已存在相同的记录，请刷新后重试' };
  } else {
    const type = (exception as { type?: string } | null)?.type;
    if (type === 'entity.parse.failed') {
      status = HttpStatus.BAD_REQUEST;
      body = { code: 'invalid_json', message: '请求体不是有效的 JSON' };
    } else if (type === 'entity.too.large') {
      status = HttpStatus.PAYLOAD_TOO_LARGE;
      body = FRAMEWORK[413];
    } else if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
      status = HttpStatus.UNSUPPORTED_MEDIA_TYPE;
      body = FRAMEWORK[415];
    }
  }
  return { statusCode: status, error: STATUS_NAMES[status] ?? 'Error', ...body };
}

/** Every error leaves in one shape; English stays in the logs. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const body = errorResponse(exception);
    if (body.statusCode >= 500) {
      this.logger.error({ err: exception instanceof Error ? { message: exception.message, stack: exception.stack } : exception }, 'unhandled error');
    } else if (exception instanceof HttpException && !(exception instanceof DomainError)) {
      this.logger.debug({ status: body.statusCode, err: exception.message }, 'request refused');
    }
    if (typeof body.retryAfter === 'number') res.setHeader('Retry-After', String(body.retryAfter));
    res.status(body.statusCode).json(body);
  }
}
