import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { UsersModule } from '../users/users.module';
import { DailyRemindersJob } from './daily-reminders.job';
import { DigestSender } from './digest-sender.service';
import { ReminderRulesService } from './reminder-rules.service';
import { RemindersController } from './reminders.controller';
import { RemindersRepository } from './reminders.repository';

/** The reminder rules, the daily digest job and GET /notifications/reminders; sends through NotificationsModule's claims. */
@Module({
  imports: [NotificationsModule, UsersModule],
  controllers: [RemindersController],
  providers: [RemindersRepository, ReminderRulesService, DigestSender, DailyRemindersJob],
  exports: [ReminderRulesService, DigestSender],
})
export class RemindersModule {}
