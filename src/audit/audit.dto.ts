import { Int, OneOf, Str } from '../core/http/fields';
import { ListQuery } from '../core/http/list';
import { AUDIT_ENTITIES, type AuditEntity } from './audit-log.entity';

export class AuditQuery extends ListQuery {
  @OneOf(AUDIT_ENTITIES, { optional: true })
  entity?: AuditEntity;

  @Str({ optional: true, max: 60, description: 'the record id (a dictionary entry is kind/code)' })
  id?: string;

  @Int({ optional: true, min: 1, query: true })
  actorId?: number;
}
