import { type AllAnswered, type Answers, OutBool, OutInt, OutText, OutTimestamp, PageOf } from '../core/http/api-docs';
import type { TeamsService } from './teams.service';

/** 招商小分队 / 专班. */
export class TeamResponse {
  @OutInt()
  id: number;

  @OutText({ example: '新能源招商专班' })
  name: string;

  @OutText({ nullable: true })
  description: string | null;

  @OutBool()
  active: boolean;

  @OutTimestamp()
  createdAt: Date;

  @OutTimestamp()
  updatedAt: Date;
}

/** Every team on one page (`page` 1, `pageSize` the count). */
export class TeamPage extends PageOf(TeamResponse) {}

/** Compile-time: the classes above fit what the service answers and name every field of it. */
export type TeamsResponsesMatch = AllAnswered<
  [
    Answers<TeamPage, Awaited<ReturnType<TeamsService['list']>>>,
    Answers<TeamResponse, Awaited<ReturnType<TeamsService['create']>>>,
    Answers<TeamResponse, Awaited<ReturnType<TeamsService['update']>>>,
  ]
>;
