import { Column, CreateDateColumn, DeleteDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { DateColumn, MoneyColumn } from '../core/database/columns';
import type { Stage } from './pipeline';

export const AGREEMENT_TYPES = ['framework', 'investment'] as const;
export type AgreementType = (typeof AGREEMENT_TYPES)[number];

export const AGREEMENT_TYPE_LABELS: Record<AgreementType, string> = {
  framework: '框架协议',
  investment: '投资协议',
};

export const KEY_PROJECT_LEVELS = ['city', 'district'] as const;
export type KeyProjectLevel = (typeof KEY_PROJECT_LEVELS)[number];

export const KEY_PROJECT_LEVEL_LABELS: Record<KeyProjectLevel, string> = {
  city: '市级',
  district: '区级',
};

/**
 * 招商项目: one investor, one intended investment; the unit of the pipeline.
 * Money columns hold integer 元; the API speaks 万元.
 */
@Entity('projects')
export class Project {
  @PrimaryGeneratedColumn()
  id: number;

  /** 项目编号: the district's own number, unique when given (matches re-imports; the internal id differs between installs) */
  @Index('uq_projects_code', { unique: true })
  @Column({ type: 'varchar', length: 40, nullable: true })
  code: string | null;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Index('idx_projects_company')
  @Column({ type: 'integer' })
  companyId: number;

  @Index('idx_projects_stage')
  @Column({ type: 'varchar', length: 20 })
  stage: Stage;

  /** on_hold: the stage it resumes to */
  @Column({ type: 'varchar', length: 20, nullable: true })
  pausedFromStage: Stage | null;

  /** dropped: the stage it was dropped from (reopen only before signing) */
  @Column({ type: 'varchar', length: 20, nullable: true })
  droppedFromStage: Stage | null;

  /** business date the current stage was entered */
  @DateColumn()
  stageEnteredOn: string | null;

  @Column({ type: 'varchar', length: 50 })
  industryChain: string;

  @Column({ type: 'varchar', length: 50, nullable: true })
  park: string | null;

  @Column({ type: 'varchar', length: 50, nullable: true })
  sourceChannel: string | null;

  @Column({ type: 'varchar', length: 50, nullable: true })
  sourceRegion: string | null;

  @MoneyColumn()
  plannedInvestment: number | null;

  @MoneyColumn()
  expectedAnnualOutput: number | null;

  @MoneyColumn()
  expectedAnnualTax: number | null;

  /** land in 1/100 亩 */
  @Column({ type: 'integer', nullable: true })
  landAreaCentimu: number | null;

  @Column({ type: 'integer', nullable: true })
  jobs: number | null;

  @Index('idx_projects_owner')
  @Column({ type: 'integer' })
  ownerId: number;

  @Index('idx_projects_team')
  @Column({ type: 'integer', nullable: true })
  teamId: number | null;

  /** 包联领导 */
  @Column({ type: 'varchar', length: 50, nullable: true })
  leaderInCharge: string | null;

  @Column({ type: 'boolean', default: false })
  isKeyProject: boolean;

  @Column({ type: 'varchar', length: 20, nullable: true })
  keyProjectLevel: string | null;

  @Column({ type: 'varchar', length: 4000, nullable: true })
  description: string | null;

  @DateColumn()
  signedOn: string | null;

  @MoneyColumn()
  contractInvestment: number | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  agreementType: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  contractNo: string | null;

  @DateColumn()
  constructionStartedOn: string | null;

  @DateColumn()
  productionStartedOn: string | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  onHoldReason: string | null;

  @DateColumn()
  expectedResumeOn: string | null;

  @Column({ type: 'varchar', length: 50, nullable: true })
  dropReasonCode: string | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  dropReasonText: string | null;

  /** business date the project was registered (Asia/Shanghai) */
  @DateColumn({ nullable: false })
  createdOn: string;

  /** latest activity date, kept by ActivitiesService (for 督办灯 and stale reminders) */
  @Index('idx_projects_last_activity')
  @DateColumn()
  lastActivityOn: string | null;

  /** compare-and-set version: every write to the project carries it */
  @Column({ type: 'integer', default: 1 })
  version: number;

  @Column({ type: 'integer', nullable: true })
  createdById: number | null;

  @CreateDateColumn()
  createdAt: Date;

  @UpdateDateColumn()
  updatedAt: Date;

  /**
   * Set when the project was deleted as registered by mistake (DELETE
   * /projects/:id). The row stays for the audit; TypeORM's finds leave it out
   * (a delete-date column), and SQL reads say so with LIVE_PROJECT
   * (live-projects.ts).
   */
  @Index('idx_projects_deleted')
  @DeleteDateColumn({ nullable: true })
  deletedAt: Date | null;

  @Column({ type: 'integer', nullable: true })
  deletedById: number | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  deleteReason: string | null;
}

/** The fields a transition changes; a transition row keeps them as they were, for revert. */
export const PIPELINE_FIELDS = [
  'stage',
  'pausedFromStage',
  'droppedFromStage',
  'stageEnteredOn',
  'signedOn',
  'contractInvestment',
  'agreementType',
  'contractNo',
  'constructionStartedOn',
  'productionStartedOn',
  'onHoldReason',
  'expectedResumeOn',
  'dropReasonCode',
  'dropReasonText',
] as const satisfies readonly (keyof Project)[];
export type PipelineSnapshot = Pick<Project, (typeof PIPELINE_FIELDS)[number]>;
