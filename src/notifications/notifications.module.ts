import { Module } from '@nestjs/common';
import { NotificationClaims } from './notification-claims';

/**
 * What every sender of per-person e-mail shares: the exactly-once claims on
 * `notifications`. (The /notifications routes live in RemindersModule: they
 * read the reminder rules, which would make this module depend on it.)
 */
@Module({ providers: [NotificationClaims], exports: [NotificationClaims] })
export class NotificationsModule {}
