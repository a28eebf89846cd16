import { Global, Module } from '@nestjs/common';
import { CompanyDuplicateCheck } from '../companies/company-duplicates.port';
import { ProjectDuplicateCheck } from '../projects/project-duplicates.port';
import { DuplicatesController } from './duplicates.controller';
import { DuplicatesRepository } from './duplicates.repository';
import { DuplicatesService } from './duplicates.service';

/**
 * 重复研判, for companies and projects through their ports. Global, so that
 * CompaniesModule and ProjectsModule get the ports without importing a
 * module that sits above them.
 */
@Global()
@Module({
  controllers: [DuplicatesController],
  providers: [
    DuplicatesRepository,
    DuplicatesService,
    { provide: CompanyDuplicateCheck, useExisting: DuplicatesService },
    { provide: ProjectDuplicateCheck, useExisting: DuplicatesService },
  ],
  exports: [DuplicatesService, CompanyDuplicateCheck, ProjectDuplicateCheck],
})
export class DuplicatesModule {}
