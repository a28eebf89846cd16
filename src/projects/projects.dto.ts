import { Bool, Code, DateField, Decimal, Int, OneOf, OneOfList, Str, Wan } from '../core/http/fields';
import { ListQuery } from '../core/http/list';
import { AGREEMENT_TYPES, type AgreementType, KEY_PROJECT_LEVELS, type KeyProjectLevel } from './project.entity';
import { STAGES, type Stage } from './pipeline';
import { LIGHTS, type Light } from './supervision';

/** Fields a project has besides its stage data; shared by create and update. */
class ProjectFields {
  @Code({ optional: true, nullable: true, description: '园区组团 (parks)', example: 'pingshan' })
  park?: string | null;

  @Code({ optional: true, nullable: true, description: '招商方式 (source-channels)', example: 'chain' })
  sourceChannel?: string | null;

  @Code({ optional: true, nullable: true, description: '来源地区 (source-regions)', example: 'yangtze_delta' })
  sourceRegion?: string | null;

  @Wan({ optional: true, nullable: true, description: '计划投资' })
  plannedInvestment?: number | null;

  @Wan({ optional: true, nullable: true, description: '预计年产值' })
  expectedAnnualOutput?: number | null;

  @Wan({ optional: true, nullable: true, description: '预计年税收' })
  expectedAnnualTax?: number | null;

  @Decimal({ optional: true, nullable: true, decimals: 2, max: 1_000_000, description: '用地 (亩)' })
  landArea?: number | null;

  @Int({ optional: true, nullable: true, min: 0, max: 10_000_000, description: '就业人数' })
  jobs?: number | null;

  @Int({ optional: true, min: 1, description: 'the officer who owns the project (default: you)' })
  ownerId?: number;

  @Int({ optional: true, nullable: true, min: 1, description: 'default: the owner’s team' })
  teamId?: number | null;

  @Str({ optional: true, nullable: true, max: 50, description: '包联领导' })
  leaderInCharge?: string | null;

  @Bool({ optional: true, description: '重点项目' })
  isKeyProject?: boolean;

  @OneOf(KEY_PROJECT_LEVELS, { optional: true, nullable: true, description: 'city 市级 | district 区级' })
  keyProjectLevel?: KeyProjectLevel | null;

  @Str({ optional: true, nullable: true, max: 4000 })
  description?: string | null;
}

export class CreateProjectDto extends ProjectFields {
  @Str({ max: 200, example: '年产10GWh储能电池项目' })
  name: string;

  @Int({ min: 1, description: 'the investor (POST /companies first)' })
  companyId: number;

  @Code({ description: '产业链 (industry-chains)', example: 'new_energy_storage' })
  industryChain: string;
}

export class UpdateProjectDto extends ProjectFields {
  @Str({ optional: true, max: 200 })
  name?: string;

  @Code({ optional: true, description: '产业链 (industry-chains)' })
  industryChain?: string;

  @Int({ min: 1, description: 'the version you read; a stale one is refused with 409' })
  version: number;

  // Corrections of stage data already entered (a project cannot gain a stage by edit: use a transition).
  @DateField({ optional: true })
  signedOn?: string;

  @Wan({ optional: true, positive: true, description: '协议引资' })
  contractInvestment?: number;

  @OneOf(AGREEMENT_TYPES, { optional: true })
  agreementType?: AgreementType;

  @Str({ optional: true, nullable: true, max: 100 })
  contractNo?: string | null;

  @DateField({ optional: true })
  constructionStartedOn?: string;

  @DateField({ optional: true })
  productionStartedOn?: string;
}

export class ProjectQuery extends ListQuery {
  @OneOfList(STAGES, { description: 'stage(s)' })
  stage?: Stage[];

  @Code({ optional: true })
  industryChain?: string;

  @Code({ optional: true })
  park?: string;

  @Code({ optional: true })
  sourceChannel?: string;

  @Code({ optional: true })
  sourceRegion?: string;

  @Int({ optional: true, min: 1, query: true })
  ownerId?: number;

  @Int({ optional: true, min: 1, query: true })
  teamId?: number;

  @Int({ optional: true, min: 1, query: true })
  companyId?: number;

  @Bool({ optional: true, query: true })
  isKeyProject?: boolean;

  @OneOfList(LIGHTS, { description: '督办灯' })
  light?: Light[];

  @Str({ optional: true, max: 100, description: 'project or company name contains' })
  q?: string;

  @DateField({ optional: true }) signedFrom?: string;
  @DateField({ optional: true }) signedTo?: string;
  @DateField({ optional: true }) createdFrom?: string;
  @DateField({ optional: true }) createdTo?: string;
  @DateField({ optional: true }) lastActivityFrom?: string;
  @DateField({ optional: true }) lastActivityTo?: string;
}

/** POST /projects/:id/transitions. Which data fields apply depends on `to` (see GET /pipeline). */
export class TransitionDto {
  @OneOf(STAGES)
  to: Stage;

  @Int({ min: 1, description: 'the project version you read' })
  version: number;

  @DateField({ optional: true, description: 'business date of the move (default today; for signed/construction/production the stage date)' })
  effectiveOn?: string;

  @Str({ optional: true, max: 1000 })
  note?: string;

  @DateField({ optional: true, description: 'signed: 签约日期, not in the future' })
  signedOn?: string;

  @Wan({ optional: true, positive: true, description: 'signed: 协议引资' })
  contractInvestment?: number;

  @OneOf(AGREEMENT_TYPES, { optional: true, description: 'signed: framework 框架协议 | investment 投资协议' })
  agreementType?: AgreementType;

  @Str({ optional: true, max: 100, description: 'signed: 合同编号' })
  contractNo?: string;

  @DateField({ optional: true, description: 'construction: 开工日期' })
  constructionStartedOn?: string;

  @DateField({ optional: true, description: 'production: 投产日期' })
  productionStartedOn?: string;

  @Str({ optional: true, max: 1000, description: 'on_hold / dropped: the reason' })
  reason?: string;

  @Code({ optional: true, description: 'dropped: drop-reasons code' })
  reasonCode?: string;

  @DateField({ optional: true, description: 'on_hold: expected resume date' })
  expectedResumeOn?: string;
}

export class RevertDto {
  @Int({ min: 1 })
  version: number;

  @Str({ max: 1000, description: 'why the last transition was a mistake' })
  reason: string;
}
