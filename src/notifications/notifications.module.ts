import { Module } from '@nestjs/common';
import { NotificationClaims } from './notification-claims';
import { NotificationsController } from './notifications.controller';
import { NotificationsRepository } from './notifications.repository';
import { NotificationsService } from './notifications.service';

/**
 * The record of every per-person e-mail (GET /notifications) and the
 * exactly-once claims every sender of one shares (the daily digest, the
 * monthly report). It knows nothing of what the messages say: RemindersModule
 * and ReportsModule import it, never the other way round.
 */
@Module({
  controllers: [NotificationsController],
  providers: [NotificationsRepository, NotificationClaims, NotificationsService],
  exports: [NotificationClaims],
})
export class NotificationsModule {}
