import { OneOf } from '../core/http/fields';
import { ListQuery } from '../core/http/list';

export class NotificationQuery extends ListQuery {
  @OneOf(['sending', 'sent', 'failed', 'skipped'] as const, { optional: true })
  status?: 'sending' | 'sent' | 'failed' | 'skipped';

  @OneOf(['daily_digest', 'monthly_report'] as const, { optional: true })
  kind?: 'daily_digest' | 'monthly_report';
}
