import { Bool, DateField, Int, OneOf, OneOfList, Str } from '../core/http/fields';
import { ListQuery } from '../core/http/list';
import { ACTIVITY_KIND_LABELS, ACTIVITY_KINDS, type ActivityKind } from './activity.entity';

export class CreateActivityDto {
  @OneOf(ACTIVITY_KINDS, { description: '跟进方式', labels: ACTIVITY_KIND_LABELS })
  kind: ActivityKind;

  @DateField({ description: '发生日期，不能晚于今天' })
  occurredOn: string;

  @Str({ max: 2000, description: '跟进情况', example: '赴宁德拜访，就储能电池项目落地达成初步意向' })
  summary: string;

  @Str({ optional: true, nullable: true, max: 500, description: '参加人员' })
  participants?: string | null;

  @Str({ optional: true, nullable: true, max: 200, description: '地点' })
  location?: string | null;

  @Int({ optional: true, nullable: true, min: 1, max: 10000, description: '客商人次：来访接待（reception）必填' })
  guestCount?: number | null;

  @Bool({ optional: true, description: '领导带队' })
  leaderLed?: boolean;

  @Str({ optional: true, nullable: true, max: 100, description: '带队领导：领导带队时必填' })
  leaderName?: string | null;

  @DateField({ optional: true, nullable: true, description: '下次跟进日期，不能早于发生日期' })
  nextFollowUpOn?: string | null;

  @Str({
    optional: true, max: 64, pattern: /^[A-Za-z0-9_-]{8,64}$/, patternMessage: '应为 8 至 64 位字母、数字、- 或 _（如 UUID）',
    description: '幂等键（可选，如 UUID）：同一记录人以同一键重复提交（如网络重试）时，返回首次记录的跟进，不会重复记录',
    example: '3f2b8c1e-4d5a-4b6c-9e7f-0a1b2c3d4e5f',
  })
  clientKey?: string;
}

/** PATCH /activities/:id: the fields to change (any of CreateActivityDto's), and the version read. */
export class UpdateActivityDto {
  @OneOf(ACTIVITY_KINDS, { optional: true, description: '跟进方式', labels: ACTIVITY_KIND_LABELS })
  kind?: ActivityKind;

  @DateField({ optional: true, description: '发生日期，不能晚于今天' })
  occurredOn?: string;

  @Str({ optional: true, max: 2000, description: '跟进情况' })
  summary?: string;

  @Str({ optional: true, nullable: true, max: 500, description: '参加人员' })
  participants?: string | null;

  @Str({ optional: true, nullable: true, max: 200, description: '地点' })
  location?: string | null;

  @Int({ optional: true, nullable: true, min: 1, max: 10000, description: '客商人次：来访接待（reception）必填，其他方式须为空' })
  guestCount?: number | null;

  @Bool({ optional: true, description: '领导带队' })
  leaderLed?: boolean;

  @Str({ optional: true, nullable: true, max: 100, description: '带队领导：领导带队时必填' })
  leaderName?: string | null;

  @DateField({ optional: true, nullable: true, description: '下次跟进日期，不能早于发生日期' })
  nextFollowUpOn?: string | null;

  @Int({ optional: true, min: 1, description: '读到的版本号（建议带上）；跟进记录已被他人修改时答 409' })
  version?: number;
}

/** DELETE /activities/:id?version=: the version read, optional. */
export class DeleteActivityQuery {
  @Int({ optional: true, min: 1, query: true, description: '读到的版本号（建议带上）；跟进记录已被他人修改时答 409' })
  version?: number;
}

export class ActivityQuery extends ListQuery {
  @OneOfList(ACTIVITY_KINDS, { description: '跟进方式', labels: ACTIVITY_KIND_LABELS })
  kind?: ActivityKind[];

  @DateField({ optional: true, description: '发生日期起（含）' }) from?: string;
  @DateField({ optional: true, description: '发生日期止（含）' }) to?: string;

  @Int({ optional: true, min: 1, query: true, description: '记录人' })
  userId?: number;

  @Int({ optional: true, min: 1, query: true, description: '项目' })
  projectId?: number;

  @Int({ optional: true, min: 1, query: true, description: '项目所属团队' })
  teamId?: number;

  @Bool({ optional: true, query: true, description: '领导带队' })
  leaderLed?: boolean;
}
