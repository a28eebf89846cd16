import { Module } from '@nestjs/common';
import { CompaniesModule } from '../companies/companies.module';
import { TeamsModule } from '../teams/teams.module';
import { UsersModule } from '../users/users.module';
import { CompanyMergeController } from './company-merge.controller';
import { CompanyMergeService } from './company-merge.service';
import { PipelineHistory } from './pipeline-history';
import { ProjectCorrectionsService } from './project-corrections.service';
import { ProjectPlacement } from './project-placement';
import { ProjectsController } from './projects.controller';
import { ProjectsRepository } from './projects.repository';
import { ProjectsService } from './projects.service';
import { TeamHistoryRepository } from './team-history.repository';
import { TransitionsRepository } from './transitions.repository';
import { TransitionsService } from './transitions.service';

/** Projects and their pipeline. 重复研判 comes through ProjectDuplicateCheck, which the (global) duplicates module provides. */
@Module({
  imports: [CompaniesModule, UsersModule, TeamsModule],
  controllers: [ProjectsController, CompanyMergeController],
  providers: [ProjectsService, TransitionsService, PipelineHistory, ProjectsRepository, TransitionsRepository, ProjectPlacement, ProjectCorrectionsService, CompanyMergeService, TeamHistoryRepository],
  exports: [ProjectsService, TransitionsService, PipelineHistory, ProjectsRepository, TransitionsRepository, TeamHistoryRepository],
})
export class ProjectsModule {}
