import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { DateColumn, JsonColumn } from '../core/database/columns';
import type { Stage } from './pipeline';
import type { PipelineSnapshot } from './project.entity';

export const TRANSITION_KINDS = ['transition', 'revert'] as const;
export type TransitionKind = (typeof TRANSITION_KINDS)[number];

export const TRANSITION_KIND_LABELS: Record<TransitionKind, string> = {
  transition: '阶段变更',
  revert: '撤回',
};

/** One move of a project along the pipeline, or the revert of one. The history is append-only. */
@Entity('project_transitions')
@Unique('uq_transition_project_seq', ['projectId', 'seq'])
@Index('idx_transitions_stays', ['endedOn', 'toStage', 'stayDays', 'projectId'])
export class ProjectTransition {
  @PrimaryGeneratedColumn()
  id: number;

  @Index('idx_transitions_project')
  @Column({ type: 'integer' })
  projectId: number;

  /** 1, 2, 3 … per project, without gaps */
  @Column({ type: 'integer' })
  seq: number;

  @Column({ type: 'varchar', length: 20 })
  kind: TransitionKind;

  @Column({ type: 'varchar', length: 20, nullable: true })
  fromStage: Stage | null;

  @Column({ type: 'varchar', length: 20 })
  toStage: Stage;

  /** business date of the move */
  @DateColumn({ nullable: false })
  effectiveOn: string;

  @Column({ type: 'integer' })
  actorId: number;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  note: string | null;

  /** the data entered with the move (money in 万元, as entered) */
  @JsonColumn()
  data: Record<string, unknown> | null;

  /** the project's pipeline fields before this move, so that it can be reverted */
  @JsonColumn()
  before: PipelineSnapshot | null;

  /** for a revert: the transition it undid */
  @Column({ type: 'integer', nullable: true })
  revertsId: number | null;

  /** set on a transition once it has been reverted */
  @Column({ type: 'integer', nullable: true })
  revertedById: number | null;

  /**
   * Kept from the history by PipelineHistory (pipeline-history.ts): the end of
   * this stay (OPEN_END while it lasts; NULL unless the move stands), its
   * length in whole days, and the furthest main-line stage reached with it.
   */
  @DateColumn()
  endedOn: string | null;

  @Column({ type: 'integer', nullable: true })
  stayDays: number | null;

  @Column({ type: 'integer', nullable: true })
  reachedRank: number | null;

  /** project version after this move */
  @Column({ type: 'integer' })
  version: number;

  @CreateDateColumn()
  createdAt: Date;
}
