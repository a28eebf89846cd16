import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { JsonColumn } from '../core/database/columns';

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
  trigger: 'scheduled' | 'recompute';

  @Column({ type: 'integer', nullable: true })
  computedById: number | null;

  @CreateDateColumn()
  createdAt: Date;
}
