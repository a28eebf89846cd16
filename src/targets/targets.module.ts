import { Module } from '@nestjs/common';
import { ProjectsModule } from '../projects/projects.module';
import { TeamsModule } from '../teams/teams.module';
import { TargetsController } from './targets.controller';
import { TargetsRepository } from './targets.repository';
import { TargetsService } from './targets.service';

@Module({ imports: [ProjectsModule, TeamsModule], controllers: [TargetsController], providers: [TargetsService, TargetsRepository], exports: [TargetsService] })
export class TargetsModule {}
