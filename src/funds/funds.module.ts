import { Module } from '@nestjs/common';
import { ProjectsModule } from '../projects/projects.module';
import { FundsController } from './funds.controller';
import { FundsRepository } from './funds.repository';
import { FundsService } from './funds.service';

@Module({ imports: [ProjectsModule], controllers: [FundsController], providers: [FundsService, FundsRepository], exports: [FundsRepository] })
export class FundsModule {}
