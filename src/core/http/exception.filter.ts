import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { isUniqueViolation } from '../database/db-errors';

const STATUS_NAMES: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict',
  413: 'Payload Too Large', 422: 'Unprocessable Entity', 429: 'Too Many Requests', 500: 'Internal Server Error',
  503: 'Service Unavailable',
};


/** Every error leaves as `{ statusCode, error, message, details? }` (API.md). */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    let status = HttpStatus.INTERNAL_SERVER_ERROR;
    let body: Record<string, unknown> = { message: 'internal error' };

    if (exception instanceof HttpException) {
      status = exception.getStatus();
      const r = exception.getResponse();
      body = typeof r === 'string' ? { message: r } : { ...(r as Record<string, unknown>) };
      if (Array.isArray(body.message)) body.message = (body.message as string[]).join('; ');
    } else if (exception instanceof QueryFailedError && isUniqueViolation(exception)) {
      // A race past our own duplicate checks: still a clean 409, never a 500.
      status = HttpStatus.CONFLICT;
      body = { message: 'a record with the same unique value already exists' };
    } else if ((exception as { type?: string })?.type === 'entity.parse.failed') {
      status = HttpStatus.BAD_REQUEST;
      body = { message: 'request body is not valid JSON' };
    } else if ((exception as { type?: string })?.type === 'entity.too.large') {
      status = HttpStatus.PAYLOAD_TOO_LARGE;
      body = { message: 'request body is too large' };
    }

    if (status >= 500) {
      this.logger.error({ err: exception instanceof Error ? { message: exception.message, stack: exception.stack } : exception }, 'unhandled error');
    }
    delete body.statusCode;
    delete body.error;
    res.status(status).json({ statusCode: status, error: STATUS_NAMES[status] ?? 'Error', ...body });
  }
}
