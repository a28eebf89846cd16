import { type AllAnswered, type Answers, type NamedEnum, OutBool, OutEnum, OutEnumList, OutList, OutText } from '../core/http/api-docs';
import type { Role } from '../core/auth/roles';
import { ROLE_ENUM } from '../users/users.responses';
import { type describePipeline, EDGE_GUARD_LABELS, EDGE_GUARDS, type EdgeGuard, type Stage, STAGE_LABELS, STAGES, TRANSITION_FIELDS, type TransitionField } from './pipeline';

export const STAGE_ENUM: NamedEnum<Stage> = { name: 'Stage', values: STAGES, labels: STAGE_LABELS };
export const TRANSITION_FIELD_ENUM: NamedEnum<TransitionField> = { name: 'TransitionField', values: TRANSITION_FIELDS };
const GUARD_ENUM: NamedEnum<EdgeGuard> = { name: 'TransitionGuard', values: EDGE_GUARDS, labels: EDGE_GUARD_LABELS };

export class PipelineStageResponse {
  @OutEnum(STAGE_ENUM)
  code: Stage;

  @OutText({ example: '拜访接洽' })
  label: string;

  @OutBool({ description: '在办阶段：提醒和督办灯适用' })
  active: boolean;
}

export class PipelineEdgeResponse {
  @OutEnum(STAGE_ENUM)
  to: Stage;

  @OutEnumList(ROLE_ENUM, { nullable: true, description: '只有这些角色可走这条边；null 为不另限' })
  onlyRoles: readonly Role[] | null;

  @OutEnum(GUARD_ENUM, { nullable: true, description: '额外条件' })
  guard: EdgeGuard | null;

  @OutBool({ description: '恢复：回到暂缓前的阶段，不需填写数据，原有数据保留' })
  resume: boolean;

  @OutEnumList(TRANSITION_FIELD_ENUM, { description: '必填的数据字段' })
  requires: TransitionField[];

  @OutEnumList(TRANSITION_FIELD_ENUM, { description: '可选的数据字段' })
  optional: TransitionField[];
}

export class PipelineTransitionsResponse {
  @OutEnum(STAGE_ENUM)
  from: Stage;

  @OutList(() => PipelineEdgeResponse)
  to: PipelineEdgeResponse[];
}

/** GET /pipeline: the state machine itself, read by the UI instead of a copy. */
export class PipelineResponse {
  @OutList(() => PipelineStageResponse, { description: '各阶段及其中文名' })
  stages: PipelineStageResponse[];

  @OutList(() => PipelineTransitionsResponse, { description: '每个阶段可去往的阶段' })
  transitions: PipelineTransitionsResponse[];
}

/** Compile-time: the classes above fit what describePipeline() answers and name every field of it. */
export type PipelineResponsesMatch = AllAnswered<[Answers<PipelineResponse, ReturnType<typeof describePipeline>>]>;
