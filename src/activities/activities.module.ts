import { Module } from '@nestjs/common';
import { ProjectsModule } from '../projects/projects.module';
import { ProjectsRepository } from '../projects/projects.repository';
import { UsersModule } from '../users/users.module';
import { ActivitiesController } from './activities.controller';
import { ActivitiesRepository } from './activities.repository';
import { ActivitiesService } from './activities.service';

@Module({
  imports: [ProjectsModule, UsersModule],
  controllers: [ActivitiesController],
  // ProjectsRepository is provided here until ProjectsModule exports it (it holds no state: one more instance is harmless).
  providers: [ActivitiesService, ActivitiesRepository, ProjectsRepository],
  exports: [ActivitiesService],
})
export class ActivitiesModule {}
