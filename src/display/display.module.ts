import { Module } from '@nestjs/common';
import { ReportsModule } from '../reports/reports.module';
import { DisplayController } from './display.controller';
import { DisplayKeyGuard } from './display-key.guard';
import { DisplayLinksController } from './display-links.controller';
import { DisplayLinksRepository } from './display-links.repository';
import { DisplayLinksService } from './display-links.service';
import { DisplayRepository } from './display.repository';
import { DisplayService } from './display.service';

/** The 大屏 (issue 11): read-only display links and the figures they open. */
@Module({
  imports: [ReportsModule],
  controllers: [DisplayLinksController, DisplayController],
  providers: [DisplayLinksRepository, DisplayLinksService, DisplayRepository, DisplayService, DisplayKeyGuard],
})
export class DisplayModule {}
