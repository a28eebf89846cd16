import { Column, CreateDateColumn, DeleteDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** 客商 / 企业: the investor. */
@Entity('companies')
export class Company {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** name folded for 重复研判: half-width, no spaces, no 有限公司-type suffix */
  @Index('idx_companies_normalized_name')
  @Column({ type: 'varchar', length: 200 })
  normalizedName: string;

  /** 统一社会信用代码; unique when present */
  @Column({ type: 'varchar', length: 18, nullable: true, unique: true })
  creditCode: string | null;

  /** 企业类型 (dictionary company-tiers) */
  @Column({ type: 'varchar', length: 50, nullable: true })
  tier: string | null;

  /** 来源地区 of the investor (dictionary source-regions) */
  @Column({ type: 'varchar', length: 50, nullable: true })
  region: string | null;

  @Column({ type: 'varchar', length: 300, nullable: true })
  address: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  industry: string | null;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  description: string | null;

  @Column({ type: 'integer', nullable: true })
  createdById: number | null;

  @Column({ type: 'integer', default: 1 })
  version: number;

  @CreateDateColumn()
  createdAt: Date;

  @UpdateDateColumn()
  updatedAt: Date;

  /** Merged into that company (POST /companies/:id/merge): its projects and contacts moved there; the row stays for the audit. */
  @Column({ type: 'integer', nullable: true })
  mergedIntoId: number | null;

  /**
   * When it was merged. A delete-date column: TypeORM's finds leave a merged
   * company out, so that every read and write by id answers 404 for it
   * (CompaniesService names where it went).
   */
  @DeleteDateColumn({ nullable: true })
  mergedAt: Date | null;

  @Column({ type: 'integer', nullable: true })
  mergedById: number | null;
}
