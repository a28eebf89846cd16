import { ApiProperty } from '@nestjs/swagger';
import { type AllAnswered, type Answers, OutDay, OutEnum, OutInt, OutList, OutText } from '../core/http/api-docs';
import type { ReminderKind } from '../notifications/notification.entity';
import { REMINDER_KIND_ENUM } from '../notifications/notifications.responses';
import type { Stage } from '../projects/pipeline';
import { STAGE_ENUM } from '../projects/pipeline.responses';
import type { ReminderItem, ReminderRulesService } from './reminder-rules.service';

const TEAM_LIGHTS = ['yellow', 'red'] as const;

/** One reminder: a project that needs something done, and what. */
export class ReminderItemResponse {
  @OutEnum(REMINDER_KIND_ENUM)
  kind: ReminderKind;

  @OutInt()
  projectId: number;

  @OutText()
  projectName: string;

  @OutEnum(STAGE_ENUM)
  stage: Stage;

  @OutText()
  stageLabel: string;

  @OutInt()
  ownerId: number;

  @OutText({ nullable: true })
  ownerName: string | null;

  @OutInt({ description: '逾期天数、未跟进天数或在本阶段的天数；负数为 N 天后到期' })
  days: number;

  @OutDay({ description: '起算或到期日期' })
  date: string;

  @OutText({ description: '中文说明', example: '跟进已逾期 3 天（约定 2026-06-12）' })
  detail: string;

  @ApiProperty({ enum: TEAM_LIGHTS, required: false, description: '团队督办：黄灯或红灯' })
  light?: (typeof TEAM_LIGHTS)[number];
}

export class RemindersResponse {
  @OutDay({ description: '今天' })
  date: string;

  @OutList(() => ReminderItemResponse, { description: '本人负责的项目' })
  own: ReminderItemResponse[];

  @OutList(() => ReminderItemResponse, { description: '团队负责人：本团队的黄灯、红灯项目' })
  team: ReminderItemResponse[];
}

/** Compile-time: the classes above fit what the service answers and name every field of it. */
export type RemindersResponsesMatch = AllAnswered<
  [
    Answers<RemindersResponse, Awaited<ReturnType<ReminderRulesService['mine']>>>,
    Answers<ReminderItemResponse, ReminderItem>,
  ]
>;
