import { type AllAnswered, type Answers, type NamedEnum, OutBool, OutDay, OutEnum, OutInt, OutText, OutTimestamp, PageOf } from '../core/http/api-docs';
import type { ActivitiesService } from './activities.service';
import { ACTIVITY_KIND_LABELS, ACTIVITY_KINDS, type ActivityKind } from './activity.entity';

const ACTIVITY_KIND_ENUM: NamedEnum<ActivityKind> = { name: 'ActivityKind', values: ACTIVITY_KINDS, labels: ACTIVITY_KIND_LABELS };

/** 跟进记录. */
export class ActivityResponse {
  @OutInt()
  id: number;

  @OutInt()
  projectId: number;

  @OutText({ nullable: true })
  projectName: string | null;

  @OutEnum(ACTIVITY_KIND_ENUM, { description: '跟进方式' })
  kind: ActivityKind;

  @OutText({ example: '外出拜访' })
  kindLabel: string;

  @OutDay({ description: '发生日期' })
  occurredOn: string;

  @OutText({ example: '赴宁德拜访，就储能电池项目落地达成初步意向' })
  summary: string;

  @OutText({ nullable: true, description: '参加人员' })
  participants: string | null;

  @OutText({ nullable: true })
  location: string | null;

  @OutInt({ nullable: true, description: '客商人次（来访接待）' })
  guestCount: number | null;

  @OutBool({ description: '领导带队' })
  leaderLed: boolean;

  @OutText({ nullable: true, description: '带队领导' })
  leaderName: string | null;

  @OutDay({ nullable: true, description: '下次跟进日期' })
  nextFollowUpOn: string | null;

  @OutInt({ description: '记录人' })
  createdById: number;

  @OutText({ nullable: true })
  createdByName: string | null;

  @OutInt({ description: '版本：修改、删除时带回，过期答 409' })
  version: number;

  @OutBool({ description: '调用者能否修改、删除这条记录（记录人本人，或数据范围内的团队负责人、系统管理员）' })
  canEdit: boolean;

  @OutTimestamp()
  createdAt: Date;
}

/** A page of activities, with the 客商人次 of all that match (so a list filtered like a summary figure shows that figure). */
export class ActivityPage extends PageOf(ActivityResponse) {
  @OutInt({ description: '符合条件的全部跟进记录的客商人次之和（来访接待的 guestCount 合计）' })
  guests: number;
}

/** Compile-time: the classes above fit what the service answers and name every field of it. */
export type ActivitiesResponsesMatch = AllAnswered<
  [
    Answers<ActivityPage, Awaited<ReturnType<ActivitiesService['list']>>>,
    Answers<ActivityPage, Awaited<ReturnType<ActivitiesService['listForProject']>>>,
    Answers<ActivityResponse, Awaited<ReturnType<ActivitiesService['create']>>>,
    Answers<ActivityResponse, Awaited<ReturnType<ActivitiesService['update']>>>,
  ]
>;
