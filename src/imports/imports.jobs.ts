import { rm } from 'node:fs/promises';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../core/config/app-config';
import { badField, type DomainError } from '../core/errors';
import { HandlesJob, type JobHandler } from '../queue/jobs';
import { ImportAnalysisService } from './analysis.service';
import { ImportCommitService } from './commit.service';
import { importFilePath } from './mapping';

type ImportJobData = { importId?: unknown };

function refuseWithoutImport(data: ImportJobData): DomainError | null {
  const id = data.importId;
  return typeof id === 'number' && Number.isInteger(id) && id > 0 ? null : badField('importId', 'import_required', '导入任务请在「导入」页面上传文件后发起', id);
}

/** imports.analyse, never scheduled: queued by POST /imports and PUT /imports/:id/mapping; the dry run of one import. */
@Injectable()
@HandlesJob('imports.analyse')
export class ImportAnalyseJob implements JobHandler<ImportJobData> {
  constructor(private readonly analysis: ImportAnalysisService) {}

  refuse(data: ImportJobData): DomainError | null {
    return refuseWithoutImport(data);
  }

  async run(data: ImportJobData): Promise<Record<string, unknown>> {
    const refused = this.refuse(data);
    if (refused) throw refused;
    return this.analysis.run(data.importId as number);
  }
}

/** imports.commit, never scheduled: queued by POST /imports/:id/commit. */
@Injectable()
@HandlesJob('imports.commit')
export class ImportCommitJob implements JobHandler<ImportJobData> {
  constructor(
    private readonly commits: ImportCommitService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  refuse(data: ImportJobData): DomainError | null {
    return refuseWithoutImport(data);
  }

  async run(data: ImportJobData): Promise<Record<string, unknown>> {
    const refused = this.refuse(data);
    if (refused) throw refused;
    const outcome = await this.commits.commit(data.importId as number);
    // The file is kept until its import is done; then only its name and hash stay.
    if (outcome.status === 'done') await rm(importFilePath(this.config, data.importId as number), { force: true });
    return { ...outcome };
  }
}
