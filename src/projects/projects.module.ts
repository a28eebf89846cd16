import { Module } from '@nestjs/common';
import { CompaniesModule } from '../companies/companies.module';
import { ProjectsController } from './projects.controller';
import { ProjectsService } from './projects.service';
import { TransitionsService } from './transitions.service';

@Module({
  imports: [CompaniesModule],
  controllers: [ProjectsController],
  providers: [ProjectsService, TransitionsService],
  exports: [ProjectsService, TransitionsService],
})
export class ProjectsModule {}
