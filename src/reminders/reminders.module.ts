import { Module } from '@nestjs/common';
import { NotificationsController } from '../notifications/notifications.controller';
import { NotificationsModule } from '../notifications/notifications.module';
import { NotificationsService } from '../notifications/notifications.service';
import { DailyRemindersJob } from './daily-reminders.job';
import { DigestSender } from './digest-sender.service';
import { ReminderRulesService } from './reminder-rules.service';

@Module({
  imports: [NotificationsModule],
  controllers: [NotificationsController],
  providers: [ReminderRulesService, DigestSender, DailyRemindersJob, NotificationsService],
  exports: [ReminderRulesService, DigestSender],
})
export class RemindersModule {}
