import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { UsersModule } from '../users/users.module';
import { DailyRemindersJob } from './daily-reminders.job';
import { DigestSender } from './digest-sender.service';
import { ReminderRulesService } from './reminder-rules.service';
import { RemindersController } from './reminders.controller';
import { RemindersRepository } from './reminders.repository';
import { RetryRemindersJob } from './retry-reminders.job';

/** The reminder rules, the daily digest job and its retries, and GET /notifications/reminders; sends through NotificationsModule's claims. */
@Module({
  imports: [NotificationsModule, UsersModule],
  controllers: [RemindersController],
  providers: [RemindersRepository, ReminderRulesService, DigestSender, DailyRemindersJob, RetryRemindersJob],
  exports: [ReminderRulesService, DigestSender],
})
export class RemindersModule {}
