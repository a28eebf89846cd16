import { OneOf } from '../core/http/fields';
import { PageQuery } from '../core/http/list';
import {
  NOTIFICATION_KIND_LABELS, NOTIFICATION_KINDS, NOTIFICATION_STATUS_LABELS, NOTIFICATION_STATUSES, type NotificationKind, type NotificationStatus,
} from './notification.entity';

export class NotificationQuery extends PageQuery {
  @OneOf(NOTIFICATION_STATUSES, { optional: true, description: '状态', labels: NOTIFICATION_STATUS_LABELS })
  status?: NotificationStatus;

  @OneOf(NOTIFICATION_KINDS, { optional: true, description: '类型', labels: NOTIFICATION_KIND_LABELS })
  kind?: NotificationKind;
}
