import { type AllAnswered, type Answers, OutBool, OutInt, OutList, OutText, OutWan } from '../core/http/api-docs';
import type { targetView, TargetsService } from './targets.service';

/** 统计口径: one project left out of a year's figures. */
export class TargetExclusionResponse {
  @OutInt()
  projectId: number;

  @OutText({ description: '剔除原因' })
  reason: string;

  @OutText({ description: '项目名称' })
  projectName: string;
}

/** A team's own annual targets (the district's five figures). */
export class TeamTargetResponse {
  @OutInt()
  teamId: number;

  @OutText({ example: '新能源招商小分队' })
  teamName: string;

  @OutWan({ description: '签约投资目标' })
  signedInvestment: number;

  @OutWan({ description: '实际到位资金目标' })
  fundsInPlace: number;

  @OutInt({ description: '新签约项目目标' })
  signings: number;

  @OutInt({ description: '新开工项目目标' })
  constructionStarts: number;

  @OutInt({ description: '新投产项目目标' })
  productionStarts: number;
}

/** A year's targets and its 统计口径. */
export class TargetResponse {
  @OutInt({ example: 2026 })
  year: number;

  @OutBool({ description: '是否已设置；未设置时为默认目标' })
  stored: boolean;

  @OutInt({ nullable: true, description: '版本：修改时带回，过期答 409；未设置时为 null' })
  version: number | null;

  @OutWan({ description: '签约投资目标' })
  signedInvestment: number;

  @OutWan({ description: '实际到位资金目标' })
  fundsInPlace: number;

  @OutInt({ description: '新签约项目目标' })
  signings: number;

  @OutInt({ description: '新开工项目目标' })
  constructionStarts: number;

  @OutInt({ description: '新投产项目目标' })
  productionStarts: number;

  @OutWan({ nullable: true, description: '统计口径：计入签约的最低协议引资；null 为不设下限' })
  minContractAmount: number | null;

  @OutBool({ description: '统计口径：框架协议是否计入签约' })
  frameworkAgreementsCount: boolean;

  @OutList(() => TargetExclusionResponse, { description: '统计口径：剔除的项目' })
  exclusions: TargetExclusionResponse[];

  @OutList(() => TeamTargetResponse, {
    description: '各团队的年度目标（未列出的团队未设目标）；全区范围可见全部团队，团队范围只见本团队，个人范围为空',
  })
  teams: TeamTargetResponse[];
}

/** Compile-time: the class above fits what the service answers and names every field of it. */
export type TargetsResponsesMatch = AllAnswered<
  [Answers<TargetResponse, ReturnType<typeof targetView>>, Answers<TargetResponse, Awaited<ReturnType<TargetsService['put']>>>]
>;
