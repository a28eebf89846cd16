import { Bool, DateField, Int, OneOf, OneOfList, Str } from '../core/http/fields';
import { ListQuery } from '../core/http/list';
import { ACTIVITY_KINDS, type ActivityKind } from './activity.entity';

export class CreateActivityDto {
  @OneOf(ACTIVITY_KINDS, { description: 'visit_out 外出拜访, reception 来访接待, negotiation 洽谈, site_visit 实地考察, call 电话/视频, event 推介活动' })
  kind: ActivityKind;

  @DateField({ description: 'when it happened; not in the future' })
  occurredOn: string;

  @Str({ max: 2000, example: '赴宁德拜访，就储能电池项目落地达成初步意向' })
  summary: string;

  @Str({ optional: true, nullable: true, max: 500 })
  participants?: string | null;

  @Str({ optional: true, nullable: true, max: 200 })
  location?: string | null;

  @Int({ optional: true, nullable: true, min: 1, max: 10000, description: '客商人次: required for a reception' })
  guestCount?: number | null;

  @Bool({ optional: true, description: '领导带队' })
  leaderLed?: boolean;

  @Str({ optional: true, nullable: true, max: 100, description: 'the leading official, required when leaderLed' })
  leaderName?: string | null;

  @DateField({ optional: true, nullable: true, description: 'next follow-up due; not before occurredOn' })
  nextFollowUpOn?: string | null;
}

export class ActivityQuery extends ListQuery {
  @OneOfList(ACTIVITY_KINDS)
  kind?: ActivityKind[];

  @DateField({ optional: true }) from?: string;
  @DateField({ optional: true }) to?: string;

  @Int({ optional: true, min: 1, query: true, description: 'who logged it' })
  userId?: number;

  @Int({ optional: true, min: 1, query: true })
  projectId?: number;

  @Int({ optional: true, min: 1, query: true, description: 'the project’s team' })
  teamId?: number;

  @Bool({ optional: true, query: true })
  leaderLed?: boolean;
}
