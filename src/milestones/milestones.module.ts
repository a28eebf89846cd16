import { Module } from '@nestjs/common';
import { ProjectsModule } from '../projects/projects.module';
import { MilestonesController } from './milestones.controller';
import { MilestonesService } from './milestones.service';

@Module({ imports: [ProjectsModule], controllers: [MilestonesController], providers: [MilestonesService] })
export class MilestonesModule {}
