import {
  type AllAnswered,
  type Answers,
  type NamedEnum,
  OutBool,
  OutDay,
  OutEnum,
  OutEnumList,
  OutInt,
  OutList,
  OutNumber,
  OutObject,
  OutText,
  OutTextList,
  OutTimestamp,
  OutWan,
  PageOf,
} from '../core/http/api-docs';
import { PossibleDuplicateResponse } from '../companies/companies.responses';
import type { PossibleDuplicate } from '../companies/company-duplicates.port';
import { DICTIONARY_LABEL } from '../dictionaries/dictionaries.responses';
import type { Stage, TransitionField } from './pipeline';
import { STAGE_ENUM, TRANSITION_FIELD_ENUM } from './pipeline.responses';
import { TRANSITION_KIND_LABELS, TRANSITION_KINDS, type TransitionKind } from './project-transition.entity';
import { AGREEMENT_TYPE_LABELS, AGREEMENT_TYPES, type AgreementType, KEY_PROJECT_LEVEL_LABELS, KEY_PROJECT_LEVELS, type KeyProjectLevel } from './project.entity';
import type { toProjectView } from './project.view';
import type { ProjectsService } from './projects.service';
import { type Light, LIGHT_LABELS, LIGHTS } from './supervision';
import type { TransitionsService } from './transitions.service';

const LIGHT_ENUM: NamedEnum<Light> = { name: 'Light', values: LIGHTS, labels: LIGHT_LABELS };
const AGREEMENT_TYPE_ENUM: NamedEnum<AgreementType> = { name: 'AgreementType', values: AGREEMENT_TYPES, labels: AGREEMENT_TYPE_LABELS };
const KEY_PROJECT_LEVEL_ENUM: NamedEnum<KeyProjectLevel> = { name: 'KeyProjectLevel', values: KEY_PROJECT_LEVELS, labels: KEY_PROJECT_LEVEL_LABELS };
const TRANSITION_KIND_ENUM: NamedEnum<TransitionKind> = { name: 'TransitionKind', values: TRANSITION_KINDS, labels: TRANSITION_KIND_LABELS };

/** 督办灯 of a project in an active stage (null light otherwise). */
export class SupervisionResponse {
  @OutEnum(LIGHT_ENUM, { nullable: true, description: '非在办阶段（投产、暂缓、终止）为 null' })
  light: Light | null;

  @OutInt({ nullable: true, description: '距上次跟进（无跟进时距登记）的天数' })
  daysSinceActivity: number | null;

  @OutInt({ description: '逾期未完成的节点数' })
  overdueMilestones: number;

  @OutInt({ description: '节点最长逾期天数' })
  maxDaysOverdue: number;

  @OutTextList({ description: '亮灯原因，中文', example: ['45 天无跟进'] })
  reasons: string[];
}

/** A project as the API shows it: money in 万元, land in 亩, names beside ids. */
export class ProjectResponse {
  @OutInt({ description: '项目 ID（本系统内部的号，各处安装不同）' })
  id: number;

  @OutText({ nullable: true, description: '项目编号（本区自己的编号，唯一）', example: 'WS-2025-001' })
  code: string | null;

  @OutText({ example: '年产10GWh储能电池项目' })
  name: string;

  @OutInt()
  companyId: number;

  @OutText({ nullable: true })
  companyName: string | null;

  @OutEnum(STAGE_ENUM)
  stage: Stage;

  @OutText({ description: '阶段的中文名', example: '洽谈' })
  stageLabel: string;

  @OutEnum(STAGE_ENUM, { nullable: true, description: '暂缓时：恢复后回到的阶段' })
  pausedFromStage: Stage | null;

  @OutText({ nullable: true, description: '恢复后回到的阶段的中文名', example: '洽谈' })
  pausedFromStageLabel: string | null;

  @OutEnum(STAGE_ENUM, { nullable: true, description: '终止时：终止前的阶段（签约前终止的才能重启）' })
  droppedFromStage: Stage | null;

  @OutText({ nullable: true, description: '终止前的阶段的中文名', example: '洽谈' })
  droppedFromStageLabel: string | null;

  @OutDay({ nullable: true, description: '进入当前阶段的业务日期' })
  stageEnteredOn: string | null;

  @OutText({ description: '产业链（字典 industry-chains 的代码）' })
  industryChain: string;

  @OutText({ description: DICTIONARY_LABEL('产业链'), example: '新能源及新型储能' })
  industryChainLabel: string;

  @OutText({ nullable: true, description: '园区组团（字典 parks 的代码）' })
  park: string | null;

  @OutText({ nullable: true, description: DICTIONARY_LABEL('园区组团'), example: '平山组团' })
  parkLabel: string | null;

  @OutText({ nullable: true, description: '招商方式（字典 source-channels 的代码）' })
  sourceChannel: string | null;

  @OutText({ nullable: true, description: DICTIONARY_LABEL('招商方式'), example: '产业链招商' })
  sourceChannelLabel: string | null;

  @OutText({ nullable: true, description: '来源地区（字典 source-regions 的代码）' })
  sourceRegion: string | null;

  @OutText({ nullable: true, description: DICTIONARY_LABEL('来源地区'), example: '长三角' })
  sourceRegionLabel: string | null;

  @OutWan({ nullable: true, description: '计划投资' })
  plannedInvestment: number | null;

  @OutWan({ nullable: true, description: '预计年产值' })
  expectedAnnualOutput: number | null;

  @OutWan({ nullable: true, description: '预计年税收' })
  expectedAnnualTax: number | null;

  @OutNumber({ nullable: true, description: '用地（亩，最多 2 位小数）' })
  landArea: number | null;

  @OutInt({ nullable: true, description: '就业人数' })
  jobs: number | null;

  @OutInt({ description: '负责人' })
  ownerId: number;

  @OutText({ nullable: true })
  ownerName: string | null;

  @OutInt({ nullable: true })
  teamId: number | null;

  @OutText({ nullable: true })
  teamName: string | null;

  @OutText({ nullable: true, description: '包联领导' })
  leaderInCharge: string | null;

  @OutBool({ description: '重点项目' })
  isKeyProject: boolean;

  @OutEnum(KEY_PROJECT_LEVEL_ENUM, { nullable: true, description: '重点项目级别' })
  keyProjectLevel: string | null;

  @OutText({ nullable: true, description: '重点项目级别的中文名', example: '市级' })
  keyProjectLevelLabel: string | null;

  @OutText({ nullable: true })
  description: string | null;

  @OutDay({ nullable: true, description: '签约日期' })
  signedOn: string | null;

  @OutWan({ nullable: true, description: '协议引资' })
  contractInvestment: number | null;

  @OutEnum(AGREEMENT_TYPE_ENUM, { nullable: true, description: '协议类型' })
  agreementType: string | null;

  @OutText({ nullable: true, description: '协议类型的中文名', example: '投资协议' })
  agreementTypeLabel: string | null;

  @OutText({ nullable: true, description: '合同编号' })
  contractNo: string | null;

  @OutDay({ nullable: true, description: '开工日期' })
  constructionStartedOn: string | null;

  @OutDay({ nullable: true, description: '投产日期' })
  productionStartedOn: string | null;

  @OutText({ nullable: true, description: '暂缓原因' })
  onHoldReason: string | null;

  @OutDay({ nullable: true, description: '预计恢复日期' })
  expectedResumeOn: string | null;

  @OutText({ nullable: true, description: '终止原因（字典 drop-reasons 的代码）' })
  dropReasonCode: string | null;

  @OutText({ nullable: true, description: DICTIONARY_LABEL('终止原因') })
  dropReasonLabel: string | null;

  @OutText({ nullable: true, description: '终止原因说明' })
  dropReasonText: string | null;

  @OutDay({ description: '登记日期' })
  createdOn: string;

  @OutDay({ nullable: true, description: '最近跟进日期' })
  lastActivityOn: string | null;

  @OutObject(() => SupervisionResponse, { description: '督办灯' })
  supervision: SupervisionResponse;

  @OutInt({ description: '版本：修改和推进时原样带回，过期答 409' })
  version: number;

  @OutInt({ nullable: true })
  createdById: number | null;

  @OutTimestamp()
  createdAt: Date;

  @OutTimestamp()
  updatedAt: Date;
}

export class ProjectPage extends PageOf(ProjectResponse) {}

/** A stage the caller may move the project to now, and the data the move needs. */
export class AllowedTransitionResponse {
  @OutEnum(STAGE_ENUM)
  to: Stage;

  @OutText({ example: '签约' })
  label: string;

  @OutEnumList(TRANSITION_FIELD_ENUM, { description: '必填的数据字段' })
  requires: TransitionField[];

  @OutEnumList(TRANSITION_FIELD_ENUM, { description: '可选的数据字段' })
  optional: TransitionField[];
}

/** GET /projects/:id: the project, what the caller may do with it, and possible duplicates. */
export class ProjectDetailResponse extends ProjectResponse {
  @OutList(() => AllowedTransitionResponse, { description: '调用者现在可推进到的阶段（无权修改时为空）' })
  allowedTransitions: AllowedTransitionResponse[];

  @OutBool({ description: '调用者可修改本项目' })
  canEdit: boolean;

  @OutBool({ description: '调用者可撤回最近一次阶段变更' })
  canRevert: boolean;

  @OutList(() => PossibleDuplicateResponse, { description: '疑似重复（重复研判）' })
  possibleDuplicates: PossibleDuplicateResponse[];
}

/** POST /projects: the new project, with what looks like a duplicate of it (the project is created anyway). */
export class ProjectCreatedResponse extends ProjectResponse {
  @OutList(() => PossibleDuplicateResponse, { description: '疑似重复（重复研判）；项目照常登记' })
  possibleDuplicates: PossibleDuplicateResponse[];
}

/** The data entered with a move, as entered (money in 万元); a revert carries its reason and the seq it undid. */
export class TransitionDataResponse {
  @OutDay({ optional: true, description: '签约日期' })
  signedOn?: string;

  @OutWan({ optional: true, description: '协议引资' })
  contractInvestment?: number;

  @OutEnum(AGREEMENT_TYPE_ENUM, { optional: true, description: '协议类型' })
  agreementType?: AgreementType;

  @OutText({ optional: true, description: '协议类型的中文名', example: '投资协议' })
  agreementTypeLabel?: string;

  @OutText({ optional: true, description: '合同编号' })
  contractNo?: string;

  @OutDay({ optional: true, description: '开工日期' })
  constructionStartedOn?: string;

  @OutDay({ optional: true, description: '投产日期' })
  productionStartedOn?: string;

  @OutText({ optional: true, description: '暂缓、终止或撤回的原因' })
  reason?: string;

  @OutText({ optional: true, description: '终止原因（字典 drop-reasons 的代码）' })
  reasonCode?: string;

  @OutText({ optional: true, description: DICTIONARY_LABEL('终止原因') })
  reasonCodeLabel?: string;

  @OutDay({ optional: true, description: '预计恢复日期' })
  expectedResumeOn?: string;

  @OutInt({ optional: true, description: '撤回：被撤回那一条的序号' })
  reverts?: number;
}

/** One row of a project's stage history (append-only). */
export class TransitionRecordResponse {
  @OutInt()
  id: number;

  @OutInt({ description: '本项目内的序号，从 1 起连续' })
  seq: number;

  @OutEnum(TRANSITION_KIND_ENUM)
  kind: TransitionKind;

  @OutText({ description: '记录类型的中文名', example: '阶段变更' })
  kindLabel: string;

  @OutEnum(STAGE_ENUM, { nullable: true, description: '登记那一条为 null' })
  fromStage: Stage | null;

  @OutText({ nullable: true, description: '原阶段的中文名；登记那一条为 null', example: '洽谈' })
  fromStageLabel: string | null;

  @OutEnum(STAGE_ENUM)
  toStage: Stage;

  @OutText({ example: '签约' })
  toStageLabel: string;

  @OutDay({ description: '业务日期' })
  effectiveOn: string;

  @OutInt()
  actorId: number;

  @OutText({ nullable: true })
  actorName: string | null;

  @OutText({ nullable: true })
  note: string | null;

  @OutObject(() => TransitionDataResponse, { nullable: true, description: '随变更录入的数据' })
  data: Record<string, unknown> | null;

  @OutInt({ nullable: true, description: '撤回：被撤回那一条的 id' })
  revertsId: number | null;

  @OutInt({ nullable: true, description: '已被撤回时：撤回那一条的 id' })
  revertedById: number | null;

  @OutBool({ description: '已被撤回' })
  reverted: boolean;

  @OutInt({ description: '变更后的项目版本' })
  version: number;

  @OutTimestamp()
  createdAt: Date;
}

/** The whole history on one page (`page` 1, `pageSize` the count), oldest first. */
export class TransitionRecordPage extends PageOf(TransitionRecordResponse) {}

/** The row a move or a revert just wrote. */
export class TransitionWrittenResponse {
  @OutInt()
  id: number;

  @OutInt()
  seq: number;

  @OutEnum(STAGE_ENUM, { nullable: true })
  fromStage: Stage | null;

  @OutEnum(STAGE_ENUM)
  toStage: Stage;

  @OutDay()
  effectiveOn: string;
}

export class TransitionResultResponse {
  @OutObject(() => TransitionWrittenResponse)
  transition: TransitionWrittenResponse;

  @OutObject(() => ProjectDetailResponse, { description: '变更后的项目（同 GET /projects/:id）' })
  project: ProjectDetailResponse;
}

/** Compile-time: the classes above fit what the services answer and name every field of it. */
export type ProjectsResponsesMatch = AllAnswered<
  [
    Answers<ProjectResponse, ReturnType<typeof toProjectView>>,
    Answers<PossibleDuplicateResponse, PossibleDuplicate>,
    Answers<ProjectPage, Awaited<ReturnType<ProjectsService['list']>>>,
    Answers<ProjectDetailResponse, Awaited<ReturnType<ProjectsService['detail']>>>,
    Answers<ProjectCreatedResponse, Awaited<ReturnType<ProjectsService['create']>>>,
    Answers<ProjectResponse, Awaited<ReturnType<ProjectsService['update']>>>,
    Answers<TransitionRecordPage, Awaited<ReturnType<TransitionsService['history']>>>,
    Answers<TransitionResultResponse, Awaited<ReturnType<TransitionsService['transition']>>>,
    Answers<TransitionResultResponse, Awaited<ReturnType<TransitionsService['revert']>>>,
  ]
>;
