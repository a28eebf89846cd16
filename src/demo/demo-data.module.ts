import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module';
import { DemoDataController } from './demo-data.controller';
import { DemoDataRepository } from './demo-data.repository';
import { DemoDataService } from './demo-data.service';

@Module({ imports: [UsersModule], controllers: [DemoDataController], providers: [DemoDataService, DemoDataRepository], exports: [DemoDataRepository] })
export class DemoDataModule {}
