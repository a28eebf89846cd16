import { Bool, Code, DateField, Decimal, IdList, Int, OneOf, OneOfList, Str, Wan } from '../core/http/fields';
import { ListQuery } from '../core/http/list';
import { AGREEMENT_TYPE_LABELS, AGREEMENT_TYPES, type AgreementType, KEY_PROJECT_LEVEL_LABELS, KEY_PROJECT_LEVELS, type KeyProjectLevel } from './project.entity';
import { STAGE_LABELS, STAGES, type Stage } from './pipeline';
import { LIGHT_LABELS, LIGHTS, type Light } from './supervision';

/** Fields a project has besides its stage data; shared by create and update. */
class ProjectFields {
  /** fieldLabel: `code` here is the 项目编号 */
  static readonly record = 'project';

  @Str({ optional: true, nullable: true, max: 40, description: '项目编号（本区自己的编号，唯一；台账导出写它，再次导入按它匹配）', example: 'WS-2025-001' })
  code?: string | null;

  @Code({ optional: true, nullable: true, description: '园区组团（字典 parks 的代码）', example: 'pingshan' })
  park?: string | null;

  @Code({ optional: true, nullable: true, description: '招商方式（字典 source-channels 的代码）', example: 'chain' })
  sourceChannel?: string | null;

  @Code({ optional: true, nullable: true, description: '来源地区（字典 source-regions 的代码）', example: 'yangtze_delta' })
  sourceRegion?: string | null;

  @Wan({ optional: true, nullable: true, description: '计划投资' })
  plannedInvestment?: number | null;

  @Wan({ optional: true, nullable: true, description: '预计年产值' })
  expectedAnnualOutput?: number | null;

  @Wan({ optional: true, nullable: true, description: '预计年税收' })
  expectedAnnualTax?: number | null;

  @Decimal({ optional: true, nullable: true, decimals: 2, max: 1_000_000, description: '用地（亩，最多 2 位小数）' })
  landArea?: number | null;

  @Int({ optional: true, nullable: true, min: 0, max: 10_000_000, description: '就业人数' })
  jobs?: number | null;

  @Int({ optional: true, min: 1, description: '负责人（默认为本人；招商专员只能是本人）' })
  ownerId?: number;

  @Int({ optional: true, nullable: true, min: 1, description: '所属团队（默认为负责人的团队）；招商专员只能是本团队；改到其他团队即移交，仅限团队负责人或系统管理员' })
  teamId?: number | null;

  @Str({ optional: true, nullable: true, max: 50, description: '包联领导' })
  leaderInCharge?: string | null;

  @Bool({ optional: true, description: '重点项目' })
  isKeyProject?: boolean;

  @OneOf(KEY_PROJECT_LEVELS, { optional: true, nullable: true, description: '重点项目级别', labels: KEY_PROJECT_LEVEL_LABELS })
  keyProjectLevel?: KeyProjectLevel | null;

  @Str({ optional: true, nullable: true, max: 4000, description: '项目简介' })
  description?: string | null;
}

export class CreateProjectDto extends ProjectFields {
  @Str({ max: 200, example: '年产10GWh储能电池项目' })
  name: string;

  @Int({ min: 1, description: '投资企业（先用 POST /companies 登记）' })
  companyId: number;

  @Code({ description: '产业链（字典 industry-chains 的代码）', example: 'new_energy_storage' })
  industryChain: string;

  @DateField({ optional: true, description: '登记日期（默认今天；录入以往的项目时填当初登记的日期，不能晚于今天）；阶段变更不能早于它', example: '2025-09-01' })
  createdOn?: string;
}

export class UpdateProjectDto extends ProjectFields {
  @Str({ optional: true, max: 200 })
  name?: string;

  @Code({ optional: true, description: '产业链（字典 industry-chains 的代码）' })
  industryChain?: string;

  @Int({ min: 1, description: '读到的版本号；项目已被他人修改时答 409' })
  version: number;

  // Corrections of stage data already entered (a project cannot gain a stage by edit: use a transition).
  @DateField({ optional: true, description: '更正签约日期（仅限已签约的项目）' })
  signedOn?: string;

  @Wan({ optional: true, positive: true, description: '更正协议引资（仅限已签约的项目）' })
  contractInvestment?: number;

  @OneOf(AGREEMENT_TYPES, { optional: true, description: '更正协议类型（仅限已签约的项目）', labels: AGREEMENT_TYPE_LABELS })
  agreementType?: AgreementType;

  @Str({ optional: true, nullable: true, max: 100, description: '更正合同编号（仅限已签约的项目）' })
  contractNo?: string | null;

  @DateField({ optional: true, description: '更正开工日期（仅限已开工的项目）' })
  constructionStartedOn?: string;

  @DateField({ optional: true, description: '更正投产日期（仅限已投产的项目）' })
  productionStartedOn?: string;

  @DateField({ optional: true, description: '更正登记日期（仅限团队负责人或系统管理员；不能晚于今天、已有的阶段日期和第一次阶段变更）', example: '2025-09-01' })
  createdOn?: string;
}

export class ProjectQuery extends ListQuery {
  @OneOfList(STAGES, { description: '阶段', labels: STAGE_LABELS })
  stage?: Stage[];

  @Code({ optional: true, description: '产业链（字典 industry-chains 的代码）' })
  industryChain?: string;

  @Code({ optional: true, description: '园区组团（字典 parks 的代码）' })
  park?: string;

  @Code({ optional: true, description: '招商方式（字典 source-channels 的代码）' })
  sourceChannel?: string;

  @Code({ optional: true, description: '来源地区（字典 source-regions 的代码）' })
  sourceRegion?: string;

  @Int({ optional: true, min: 1, query: true, description: '负责人' })
  ownerId?: number;

  @Int({ optional: true, min: 1, query: true, description: '所属团队' })
  teamId?: number;

  @Int({ optional: true, min: 1, query: true, description: '投资企业' })
  companyId?: number;

  @Bool({ optional: true, query: true, description: '重点项目' })
  isKeyProject?: boolean;

  @OneOfList(LIGHTS, { description: '督办灯', labels: LIGHT_LABELS })
  light?: Light[];

  @Str({ optional: true, max: 100, description: '项目名称、项目编号或企业名称包含（不区分大小写）' })
  q?: string;

  @DateField({ optional: true, description: '签约日期起（含）' }) signedFrom?: string;
  @DateField({ optional: true, description: '签约日期止（含）' }) signedTo?: string;
  @DateField({ optional: true, description: '登记日期起（含）' }) createdFrom?: string;
  @DateField({ optional: true, description: '登记日期止（含）' }) createdTo?: string;
  @DateField({ optional: true, description: '最近跟进日期起（含）' }) lastActivityFrom?: string;
  @DateField({ optional: true, description: '最近跟进日期止（含）' }) lastActivityTo?: string;
}

/** POST /projects/:id/transitions. Which data fields apply depends on `to` (see GET /pipeline). */
export class TransitionDto {
  @OneOf(STAGES, { description: '目标阶段（可推进到哪些阶段见 GET /projects/:id 的 allowedTransitions）', labels: STAGE_LABELS })
  to: Stage;

  @Int({ min: 1, description: '读到的项目版本号；项目已被他人修改时答 409' })
  version: number;

  @DateField({ optional: true, description: '变更的业务日期（默认今天；改为签约、开工建设、投产时即该阶段的日期）' })
  effectiveOn?: string;

  @Str({ optional: true, max: 1000, description: '备注' })
  note?: string;

  @DateField({ optional: true, description: '改为签约（signed）时：签约日期，不能晚于今天' })
  signedOn?: string;

  @Wan({ optional: true, positive: true, description: '改为签约（signed）时：协议引资' })
  contractInvestment?: number;

  @OneOf(AGREEMENT_TYPES, { optional: true, description: '改为签约（signed）时：协议类型', labels: AGREEMENT_TYPE_LABELS })
  agreementType?: AgreementType;

  @Str({ optional: true, max: 100, description: '改为签约（signed）时：合同编号' })
  contractNo?: string;

  @DateField({ optional: true, description: '改为开工建设（construction）时：开工日期' })
  constructionStartedOn?: string;

  @DateField({ optional: true, description: '改为投产（production）时：投产日期' })
  productionStartedOn?: string;

  @Str({ optional: true, max: 1000, description: '改为暂缓（on_hold）或终止（dropped）时：原因' })
  reason?: string;

  @Code({ optional: true, description: '改为终止（dropped）时：终止原因（字典 drop-reasons 的代码）' })
  reasonCode?: string;

  @DateField({ optional: true, description: '改为暂缓（on_hold）时：预计恢复日期' })
  expectedResumeOn?: string;
}

export class RevertDto {
  @Int({ min: 1, description: '读到的项目版本号；项目已被他人修改时答 409' })
  version: number;

  @Str({ max: 1000, description: '撤回的原因：上一次阶段变更为何有误' })
  reason: string;
}

/** DELETE /projects/:id: a project registered by mistake. */
export class DeleteProjectDto {
  @Int({ min: 1, description: '读到的项目版本号；项目已被他人修改时答 409' })
  version: number;

  @Str({ max: 1000, description: '删除的原因：为何是误登记（记入审计）' })
  reason: string;
}

/** POST /projects/handover: 移交 many projects to one person at once. */
export class HandoverDto {
  @IdList({ min: 1, max: 500, description: '要移交的项目编号（1 至 500 个，不重复）', example: [12, 15] })
  projectIds: number[];

  @Int({ min: 1, description: '接收人：在职的招商专员、团队负责人或系统管理员；项目随之归入其团队' })
  toUserId: number;

  @Str({ optional: true, max: 1000, description: '移交原因（如人员调离），记入审计' })
  reason?: string;
}

/** POST /companies/:id/merge: a duplicate company goes into another. */
export class MergeCompanyDto {
  @Int({ min: 1, description: '并入的企业（保留的那一家）' })
  intoCompanyId: number;

  @Int({ min: 1, description: '读到的被合并企业的版本号；已被他人修改时答 409' })
  version: number;
}
