import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { MoneyColumn } from '../core/database/columns';

/** 年度目标 and that year's 统计口径 (counting conventions). Money in integer 元. */
@Entity('annual_targets')
export class AnnualTarget {
  @PrimaryColumn({ type: 'integer' })
  year: number;

  /** 签约投资 */
  @MoneyColumn({ nullable: false })
  signedInvestment: number;

  /** 实际到位资金 */
  @MoneyColumn({ nullable: false })
  fundsInPlace: number;

  @Column({ type: 'integer' })
  signings: number;

  @Column({ type: 'integer' })
  constructionStarts: number;

  @Column({ type: 'integer' })
  productionStarts: number;

  /** 统计口径: a signing below this contract amount does not count; null = no minimum */
  @MoneyColumn()
  minContractAmount: number | null;

  /** 统计口径: whether framework agreements (框架协议) count as signings */
  @Column({ type: 'boolean', default: true })
  frameworkAgreementsCount: boolean;

  @Column({ type: 'integer', default: 1 })
  version: number;

  @CreateDateColumn()
  createdAt: Date;

  @UpdateDateColumn()
  updatedAt: Date;
}

/** 统计口径: one project left out of a year's figures, with the reason. */
@Entity('target_exclusions')
export class TargetExclusion {
  @PrimaryColumn({ type: 'integer' })
  year: number;

  @PrimaryColumn({ type: 'integer' })
  projectId: number;

  @Column({ type: 'varchar', length: 500 })
  reason: string;

  @CreateDateColumn()
  createdAt: Date;
}
