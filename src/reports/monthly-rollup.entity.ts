import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { JsonColumn } from '../core/database/columns';

/** What wrote a revision: the 1st-of-month job, a recompute, an admin's 生成, a 补齐全年, or an Excel import that changed a reported month (导入调整). */
export const ROLLUP_TRIGGERS = ['scheduled', 'recompute', 'manual', 'backfill', 'import'] as const;
export type RollupTrigger = (typeof ROLLUP_TRIGGERS)[number];

export const ROLLUP_TRIGGER_LABELS: Record<RollupTrigger, string> = {
  scheduled: '定时汇总',
  recompute: '重算',
  manual: '管理员生成',
  backfill: '补齐全年',
  import: '导入调整',
};

/**
 * 月度汇总: the frozen figures of one closed month. Revision 1 is what was
 * first reported; a recompute that finds different figures writes the next
 * revision, one that finds the same writes nothing.
 */
@Entity('monthly_rollups')
@Unique('uq_rollup_year_month_revision', ['year', 'month', 'revision'])
export class MonthlyRollup {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  year: number;

  @Column({ type: 'integer' })
  month: number;

  @Column({ type: 'integer' })
  revision: number;

  /** the report (see report.types.ts), money in 万元 as exact decimal numbers */
  @JsonColumn({ nullable: false })
  figures: Record<string, unknown>;

  /** sha256 of the figures: the same data give the same hash */
  @Column({ type: 'varchar', length: 64 })
  hash: string;

  @Column({ type: 'varchar', length: 20 })
  trigger: RollupTrigger;

  @Column({ type: 'integer', nullable: true })
  computedById: number | null;

  @CreateDateColumn()
  createdAt: Date;
}
