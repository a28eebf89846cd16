import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../core/config/app-config';
import { UnitOfWork } from '../core/database/unit-of-work';
import { ImportsRepository } from './imports.repository';
import { importFilePath, locateHeader } from './mapping';
import { matchHeaders, PROJECT_FIELDS } from './parse';

/** The dry run of an import (provisional: the contract commit finds the header and marks it ready). */
@Injectable()
export class ImportAnalysisService {
  constructor(
    private readonly repo: ImportsRepository,
    private readonly uow: UnitOfWork,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async run(importId: number): Promise<Record<string, unknown>> {
    const header = await locateHeader(importFilePath(this.config, importId));
    const mapping = header ? matchHeaders(header.headers, PROJECT_FIELDS) : null;
    await this.uow.run((em) => this.repo.set(em, importId, { status: header ? 'ready' : 'failed', mapping }, true));
    return { importId };
  }
}
