import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type CallHandler, type ExecutionContext, Inject, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import multer from 'multer';
import type { Observable } from 'rxjs';
import { APP_CONFIG, type AppConfig } from '../core/config/app-config';
import { badField } from '../core/errors';

/** The file of POST /imports as the interceptor leaves it on the request. */
export interface UploadedImportFile {
  path: string;
  originalname: string;
  size: number;
}

/**
 * Reads POST /imports' multipart body: the one `file` part streamed to the
 * upload directory (never held in memory), cut off past IMPORT_MAX_BYTES,
 * and the optional `mapping` text field. Multer's own errors become Chinese
 * 400s naming the field.
 */
@Injectable()
export class ImportUploadInterceptor implements NestInterceptor {
  private readonly upload: ReturnType<ReturnType<typeof multer>['single']>;
  private readonly maxBytes: number;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const dir = join(resolve(config.imports.dir), 'incoming');
    mkdirSync(dir, { recursive: true });
    this.maxBytes = config.imports.maxBytes;
    this.upload = multer({
      dest: dir,
      defParamCharset: 'utf8',
      limits: { fileSize: this.maxBytes, files: 1, fields: 4, fieldSize: 256 * 1024, parts: 6 },
    }).single('file');
  }

  async intercept(ctx: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const req = ctx.switchToHttp().getRequest<Request>();
    const res = ctx.switchToHttp().getResponse<Response>();
    await new Promise<void>((done, fail) => {
      this.upload(req, res, (err: unknown) => (err ? fail(this.explain(err)) : done()));
    });
    return next.handle();
  }

  private explain(err: unknown) {
    const code = (err as { code?: string }).code;
    const mb = Math.round((this.maxBytes / 1024 / 1024) * 10) / 10;
    if (code === 'LIMIT_FILE_SIZE') return badField('file', 'too_large', `文件超过 ${mb} MB，请拆分后分批导入`);
    if (code === 'LIMIT_UNEXPECTED_FILE') return badField('file', 'unexpected_file', '请只上传一个文件，字段名为 file');
    if (code && code.startsWith('LIMIT_')) return badField('file', 'bad_upload', '上传内容过多，请只上传一个 Excel 文件（可附列对应 mapping）');
    return badField('file', 'bad_upload', '上传的内容不是有效的文件上传（multipart/form-data），请重新选择文件上传');
  }
}
