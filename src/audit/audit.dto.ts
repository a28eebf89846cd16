import { DateField, Int, OneOf, Str } from '../core/http/fields';
import { PageQuery } from '../core/http/list';
import { AUDIT_ENTITIES, AUDIT_ENTITY_LABELS, type AuditEntity } from './audit-log.entity';

export class AuditQuery extends PageQuery {
  @OneOf(AUDIT_ENTITIES, { optional: true, description: '对象类型', labels: AUDIT_ENTITY_LABELS })
  entity?: AuditEntity;

  @Str({ optional: true, max: 60, description: '对象 id（字典条目为 kind/code，如 parks/pingshan）' })
  id?: string;

  @Int({ optional: true, min: 1, query: true, description: '操作人' })
  actorId?: number;

  @DateField({ optional: true, description: '操作日期起（含；按本地时区的日历日）' })
  from?: string;

  @DateField({ optional: true, description: '操作日期止（含；按本地时区的日历日）' })
  to?: string;
}
