/** The month-end funnel of a report: stages, conversions and median days in stage. */
import { OutEnum, OutInt, OutList, OutObject, OutRate, OutText, OutWan } from '../core/http/api-docs';
import type { Stage } from '../projects/pipeline';
import { STAGE_ENUM } from '../projects/pipeline.responses';

export class FunnelStageResponse {
  @OutEnum(STAGE_ENUM)
  stage: Stage;

  @OutText({ example: '洽谈' })
  label: string;

  @OutInt({ description: '月末处于该阶段的项目数' })
  count: number;

  @OutWan({ description: '这些项目的计划投资' })
  plannedInvestment: number;
}

export class FunnelConversionResponse {
  @OutEnum(STAGE_ENUM)
  from: Stage;

  @OutEnum(STAGE_ENUM)
  to: Stage;

  @OutInt({ description: '到达过 from 的项目数' })
  reached: number;

  @OutInt({ description: '其中又到达 to 的项目数' })
  advanced: number;

  @OutRate({ nullable: true, description: '转化率；无项目时为 null' })
  rate: number | null;
}

/** Median whole days spent in each main stage before production, over the stays that ended this year. */
export class MedianDaysInStageResponse {
  @OutInt({ nullable: true, description: '拜访接洽；无样本为 null' })
  visit?: number | null;

  @OutInt({ nullable: true, description: '洽谈' })
  negotiation?: number | null;

  @OutInt({ nullable: true, description: '签约' })
  signed?: number | null;

  @OutInt({ nullable: true, description: '开工建设' })
  construction?: number | null;
}

export class FunnelResponse {
  @OutList(() => FunnelStageResponse)
  stages: FunnelStageResponse[];

  @OutList(() => FunnelConversionResponse, { description: '主线各阶段之间的转化' })
  conversions: FunnelConversionResponse[];

  @OutObject(() => MedianDaysInStageResponse, { description: '各阶段停留天数中位数' })
  medianDaysInStage: Partial<Record<Stage, number | null>>;
}
