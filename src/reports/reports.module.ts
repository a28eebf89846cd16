import { Module } from '@nestjs/common';
import { MonthlyRollupJob } from './monthly-rollup.job';

@Module({ providers: [MonthlyRollupJob] })
export class ReportsModule {}
