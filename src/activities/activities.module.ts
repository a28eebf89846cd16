import { Module } from '@nestjs/common';
import { ProjectsModule } from '../projects/projects.module';
import { ActivitiesController } from './activities.controller';
import { ActivitiesService } from './activities.service';

@Module({ imports: [ProjectsModule], controllers: [ActivitiesController], providers: [ActivitiesService], exports: [ActivitiesService] })
export class ActivitiesModule {}
