import { Module } from '@nestjs/common';
import { TargetsModule } from '../targets/targets.module';
import { MonthlyRollupJob } from './monthly-rollup.job';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';
import { RollupService } from './rollup.service';

@Module({
  imports: [TargetsModule],
  controllers: [ReportsController],
  providers: [MonthlyRollupJob, ReportsService, RollupService],
  exports: [ReportsService, RollupService],
})
export class ReportsModule {}
