import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import { MoneyColumn } from '../core/database/columns';

/** 实际到位资金: money actually invested in one month by one project. */
@Entity('funds_reports')
@Unique('uq_funds_project_month', ['projectId', 'month'])
export class FundsReport {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  projectId: number;

  /** `YYYY-MM` */
  @Column({ type: 'varchar', length: 7 })
  month: string;

  /** integer 元 */
  @MoneyColumn({ nullable: false })
  amount: number;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  note: string | null;

  @Column({ type: 'integer' })
  reportedById: number;

  @CreateDateColumn()
  createdAt: Date;

  @UpdateDateColumn()
  updatedAt: Date;
}
