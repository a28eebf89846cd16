import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';

export const DICTIONARY_KINDS = [
  'industry-chains',
  'parks',
  'source-channels',
  'source-regions',
  'company-tiers',
  'drop-reasons',
] as const;
export type DictionaryKind = (typeof DICTIONARY_KINDS)[number];

/** What each dictionary is called (error messages, the admin pages). */
export const DICTIONARY_KIND_LABELS: Record<DictionaryKind, string> = {
  'industry-chains': '产业链',
  parks: '园区组团',
  'source-channels': '招商方式',
  'source-regions': '来源地区',
  'company-tiers': '企业类型',
  'drop-reasons': '终止原因',
};

/** One entry of an editable dictionary (产业链, 园区组团 …). Codes are stable; labels may change. */
@Entity('dictionary_entries')
@Unique('uq_dictionary_kind_code', ['kind', 'code'])
export class DictionaryEntry {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 40 })
  kind: DictionaryKind;

  @Column({ type: 'varchar', length: 50 })
  code: string;

  @Column({ type: 'varchar', length: 100 })
  label: string;

  /** A grouping shown beside the label, e.g. 主导 / 特色 / 新兴 for industry chains. */
  @Column({ type: 'varchar', length: 50, nullable: true })
  category: string | null;

  @Column({ type: 'integer', default: 0 })
  sortOrder: number;

  /** Inactive entries stay valid on old records but cannot be chosen for new ones. */
  @Column({ type: 'boolean', default: true })
  active: boolean;

  @CreateDateColumn()
  createdAt: Date;

  @UpdateDateColumn()
  updatedAt: Date;
}
