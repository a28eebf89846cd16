import { type AllAnswered, type Answers, OutBool, OutInt, OutList, OutObject, OutText, OutTimestamp, PageOf } from '../core/http/api-docs';
import { SeriesResponse } from '../reports/drill.responses';
import { SummaryResponse } from '../reports/reports.responses';
import type { DisplayLinksService } from './display-links.service';
import type { DisplayService } from './display.service';

/** A read-only 大屏 link, as the admin page lists it (never its key). */
export class DisplayLinkResponse {
  @OutInt()
  id: number;

  @OutText({ example: '三楼会议室大屏' })
  name: string;

  @OutInt({ nullable: true, description: '创建人 id' })
  createdById: number | null;

  @OutText({ nullable: true, description: '创建人姓名' })
  createdByName: string | null;

  @OutTimestamp()
  createdAt: Date;

  @OutTimestamp({ nullable: true, description: '撤销时间；未撤销为 null' })
  revokedAt: Date | null;

  @OutTimestamp({ nullable: true, description: '大屏最近一次读取数据的时间（约每分钟记录一次）' })
  lastUsedAt: Date | null;

  @OutBool({ description: '是否有效（未撤销）' })
  active: boolean;
}

/** A link just made: its key and the screen's address, shown this once. */
export class CreatedDisplayLinkResponse extends DisplayLinkResponse {
  @OutText({ description: '大屏密钥，只在创建时显示一次；大屏以请求头 X-Display-Key 出示' })
  key: string;

  @OutText({ example: 'http://localhost:3000/#/display?key=…', description: '在大屏浏览器中打开的地址' })
  url: string;
}

/** Every link on one page, newest first. */
export class DisplayLinkPage extends PageOf(DisplayLinkResponse) {}

/** The 督办 figures of one team. */
export class TeamLightsResponse {
  @OutInt({ nullable: true, description: '团队 id；未分配团队为 null' })
  teamId: number | null;

  @OutText({ nullable: true, description: '团队名称；未分配团队为 null' })
  teamName: string | null;

  @OutInt({ description: '红灯项目数' })
  red: number;

  @OutInt({ description: '黄灯项目数' })
  yellow: number;
}

/** 督办 in the whole district. */
export class DisplaySupervisionResponse {
  @OutInt({ description: '红灯项目数' })
  red: number;

  @OutInt({ description: '黄灯项目数' })
  yellow: number;

  @OutList(() => TeamLightsResponse, { description: '各团队的红黄灯项目数，红灯多的在前' })
  teams: TeamLightsResponse[];
}

/** GET /display/summary: what the meeting-room screen shows. */
export class DisplaySummaryResponse {
  @OutTimestamp({ description: '数据读取时间（大屏的数据最多缓存 1 分钟）' })
  generatedAt: Date;

  @OutInt({ description: '当前年份' })
  year: number;

  @OutInt({ description: '当前月份' })
  month: number;

  @OutObject(() => SummaryResponse, { description: '全区当月的实时统计，与 GET /reports/summary 相同，但不含项目名单（签约后终止的项目和排除的项目为空列表）' })
  summary: SummaryResponse;

  @OutObject(() => SeriesResponse, { description: '全区今年逐月与上年逐月，与 GET /reports/series 相同' })
  series: SeriesResponse;

  @OutObject(() => DisplaySupervisionResponse, { description: '督办：红黄灯项目数' })
  supervision: DisplaySupervisionResponse;
}

/** Compile-time: the classes above fit what the services answer and name every field of it. */
export type DisplayResponsesMatch = AllAnswered<
  [
    Answers<DisplayLinkPage, Awaited<ReturnType<DisplayLinksService['list']>>>,
    Answers<CreatedDisplayLinkResponse, Awaited<ReturnType<DisplayLinksService['create']>>>,
    Answers<DisplayLinkResponse, Awaited<ReturnType<DisplayLinksService['revoke']>>>,
    Answers<DisplaySummaryResponse, Awaited<ReturnType<DisplayService['summary']>>>,
  ]
>;
