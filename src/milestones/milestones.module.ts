import { Module } from '@nestjs/common';
import { ProjectsModule } from '../projects/projects.module';
import { MilestonesController } from './milestones.controller';
import { MilestonesRepository } from './milestones.repository';
import { MilestonesService } from './milestones.service';

@Module({ imports: [ProjectsModule], controllers: [MilestonesController], providers: [MilestonesService, MilestonesRepository] })
export class MilestonesModule {}
