import { Module } from '@nestjs/common';
import { CompaniesModule } from '../companies/companies.module';
import { FundsModule } from '../funds/funds.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { ProjectsModule } from '../projects/projects.module';
import { TargetsModule } from '../targets/targets.module';
import { UsersModule } from '../users/users.module';
import { DrillController } from './drill.controller';
import { DrillService } from './drill.service';
import { ExcelService } from './excel.service';
import { ExportsController } from './exports.controller';
import { MonthlyReportMailer } from './monthly-report-mailer';
import { MonthlyRollupJob } from './monthly-rollup.job';
import { MonthlyRollupsRepository } from './monthly-rollups.repository';
import { ReportsController } from './reports.controller';
import { ReportsRepository } from './reports.repository';
import { ReportsDrillRepository } from './reports-drill.repository';
import { ReportsSeriesRepository } from './reports-series.repository';
import { ReportsService } from './reports.service';
import { RollupService } from './rollup.service';
import { SeriesService } from './series.service';

@Module({
  imports: [TargetsModule, ProjectsModule, CompaniesModule, FundsModule, NotificationsModule, UsersModule],
  controllers: [ReportsController, ExportsController, DrillController],
  providers: [MonthlyRollupJob, ReportsRepository, MonthlyRollupsRepository, ReportsService, RollupService, ExcelService, MonthlyReportMailer, SeriesService, DrillService, ReportsSeriesRepository, ReportsDrillRepository],
  exports: [ReportsService, RollupService, ExcelService, MonthlyReportMailer],
})
export class ReportsModule {}
