import { Module } from '@nestjs/common';
import { CompaniesModule } from '../companies/companies.module';
import { PipelineHistory } from './pipeline-history';
import { ProjectsController } from './projects.controller';
import { ProjectsService } from './projects.service';
import { TransitionsService } from './transitions.service';

@Module({
  imports: [CompaniesModule],
  controllers: [ProjectsController],
  providers: [ProjectsService, TransitionsService, PipelineHistory],
  exports: [ProjectsService, TransitionsService, PipelineHistory],
})
export class ProjectsModule {}
