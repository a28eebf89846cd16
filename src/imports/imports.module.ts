import { Module } from '@nestjs/common';
import { CompaniesModule } from '../companies/companies.module';
import { ProjectsModule } from '../projects/projects.module';
import { ReportsModule } from '../reports/reports.module';
import { AnalysisRepository } from './analysis.repository';
import { ImportAnalysisService } from './analysis.service';
import { CommitRepository } from './commit.repository';
import { ImportCommitService } from './commit.service';
import { ImportFilesService } from './import-files.service';
import { ImportAnalyseJob, ImportCommitJob } from './imports.jobs';
import { ImportsController } from './imports.controller';
import { ImportsRepository } from './imports.repository';
import { ImportsService } from './imports.service';
import { ImportUploadInterceptor } from './upload.interceptor';

/** Excel import of the district's ledger (issue 12): upload, dry run, decisions, commit. */
@Module({
  imports: [ProjectsModule, CompaniesModule, ReportsModule],
  controllers: [ImportsController],
  providers: [
    ImportsService, ImportsRepository, ImportFilesService, ImportAnalysisService, AnalysisRepository, ImportCommitService, CommitRepository, ImportAnalyseJob, ImportCommitJob, ImportUploadInterceptor,
  ],
})
export class ImportsModule {}
