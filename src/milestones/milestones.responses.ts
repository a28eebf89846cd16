import { type AllAnswered, type Answers, OutBool, OutDay, OutInt, OutText, OutTimestamp, PageOf } from '../core/http/api-docs';
import type { MilestonesService } from './milestones.service';

/** 节点计划: a planned date for a project step, and whether it is late. */
export class MilestoneResponse {
  @OutInt()
  id: number;

  @OutInt()
  projectId: number;

  @OutText({ example: '开工' })
  name: string;

  @OutDay({ description: '计划日期' })
  plannedOn: string;

  @OutDay({ nullable: true, description: '完成日期；未完成为 null' })
  completedOn: string | null;

  @OutText({ nullable: true })
  note: string | null;

  @OutBool({ description: '未完成且已过计划日期' })
  overdue: boolean;

  @OutInt({ description: '逾期天数（未逾期为 0）' })
  daysOverdue: number;

  @OutTimestamp()
  createdAt: Date;

  @OutTimestamp()
  updatedAt: Date;
}

/** A project's milestones on one page (`page` 1, `pageSize` the count), by planned date. */
export class MilestonePage extends PageOf(MilestoneResponse) {}

/** Compile-time: the classes above fit what the service answers and name every field of it. */
export type MilestonesResponsesMatch = AllAnswered<
  [
    Answers<MilestonePage, Awaited<ReturnType<MilestonesService['list']>>>,
    Answers<MilestoneResponse, Awaited<ReturnType<MilestonesService['create']>>>,
    Answers<MilestoneResponse, Awaited<ReturnType<MilestonesService['update']>>>,
  ]
>;
