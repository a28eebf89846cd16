import { Global, Module } from '@nestjs/common';
import { MissedMessages } from '../queue/missed-messages.port';
import { MissedNotifications } from './missed-notifications';
import { NotificationClaims } from './notification-claims';
import { NotificationsController } from './notifications.controller';
import { NotificationsRepository } from './notifications.repository';
import { NotificationsService } from './notifications.service';

/**
 * The record of every per-person e-mail (GET /notifications) and the
 * exactly-once claims every sender of one shares (the daily digest, the
 * monthly report). It knows nothing of what the messages say: RemindersModule
 * and ReportsModule import it, never the other way round. Global, so that
 * the queue (GET /jobs) gets its MissedMessages port without importing a
 * module above it.
 */
@Global()
@Module({
  controllers: [NotificationsController],
  providers: [NotificationsRepository, NotificationClaims, NotificationsService, { provide: MissedMessages, useClass: MissedNotifications }],
  exports: [NotificationClaims, MissedMessages],
})
export class NotificationsModule {}
