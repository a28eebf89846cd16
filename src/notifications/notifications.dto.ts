import { OneOf } from '../core/http/fields';
import { ListQuery } from '../core/http/list';
import { NOTIFICATION_KINDS, NOTIFICATION_STATUSES, type NotificationKind, type NotificationStatus } from './notification.entity';

export class NotificationQuery extends ListQuery {
  @OneOf(NOTIFICATION_STATUSES, { optional: true })
  status?: NotificationStatus;

  @OneOf(NOTIFICATION_KINDS, { optional: true })
  kind?: NotificationKind;
}
