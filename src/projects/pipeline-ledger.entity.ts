import { Column, Entity, PrimaryColumn } from 'typeorm';
import { MoneyColumn } from '../core/database/columns';
import type { Stage } from './pipeline';

/**
 * The district's pipeline by month (pipeline-history.ts): stays begun (+) and
 * ended (−) in `month`, per stage and furthest stage reached. Summed up to a
 * month, it is the pipeline at that month's end. Written only by PipelineHistory.
 */
@Entity('pipeline_ledger')
export class PipelineLedgerEntry {
  /** `YYYY-MM` */
  @PrimaryColumn({ type: 'varchar', length: 7 })
  month: string;

  @PrimaryColumn({ type: 'varchar', length: 20 })
  stage: Stage;

  /** 0 visit … 4 production, −1 none */
  @PrimaryColumn({ type: 'integer' })
  reachedRank: number;

  @Column({ type: 'integer', default: 0 })
  projects: number;

  /** integer 元 */
  @MoneyColumn({ nullable: false, default: 0 })
  plannedInvestment: number;
}
