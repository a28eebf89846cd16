import { Module } from '@nestjs/common';
import { ProjectsRepository } from '../projects/projects.repository';
import { TargetsController } from './targets.controller';
import { TargetsRepository } from './targets.repository';
import { TargetsService } from './targets.service';

/**
 * ProjectsRepository is provided here as well until ProjectsModule exports it
 * (it holds no state: a second instance reads the same table the same way).
 */
@Module({ controllers: [TargetsController], providers: [TargetsService, TargetsRepository, ProjectsRepository], exports: [TargetsService] })
export class TargetsModule {}
