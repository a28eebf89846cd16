import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { JsonColumn } from '../core/database/columns';

export const IMPORT_STATUSES = ['analysing', 'ready', 'committing', 'done', 'failed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

export const IMPORT_STATUS_LABELS: Record<ImportStatus, string> = {
  analysing: '分析中',
  ready: '待确认',
  committing: '导入中',
  done: '已导入',
  failed: '失败',
};

/** One column of the uploaded sheet and the field it fills (null: ignored). */
export interface ImportMappingEntry {
  column: number;
  header: string;
  field: string | null;
  /** the unit the header names (协议引资（亿元）), so that money is scaled */
  unit?: '元' | '万元' | '亿元' | null;
}

export interface ImportCounts {
  rows: number;
  valid: number;
  errors: number;
  duplicates: number;
  toCreate: number;
  toUpdate: number;
  toSkip: number;
  created?: number;
  updated?: number;
  skipped?: number;
  fundsRows?: number;
  /** rows of the projects sheet with a 提示 (a value taken by a near-guess) */
  warnings?: number;
}

export interface ImportProgress {
  phase: 'analysing' | 'committing';
  done: number;
  total: number;
  rowsPerSecond: number;
}

export const EMPTY_COUNTS: ImportCounts = { rows: 0, valid: 0, errors: 0, duplicates: 0, toCreate: 0, toUpdate: 0, toSkip: 0 };

/**
 * One upload of a ledger: who, when, the file (name, SHA-256, size), the
 * column mapping of its dry run, the counts, the progress of the job in hand,
 * and when it was committed. The file itself is kept under the upload
 * directory (config imports.dir) as `<id>.xlsx` until the import is done.
 */
@Entity('imports')
export class Import {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 12 })
  status: ImportStatus;

  @Column({ type: 'varchar', length: 255 })
  fileName: string;

  @Column({ type: 'varchar', length: 64 })
  fileHash: string;

  @Column({ type: 'integer' })
  fileSize: number;

  @Column({ type: 'integer' })
  createdById: number;

  /** an officer's import goes into his team; null: each row names its team */
  @Column({ type: 'integer', nullable: true })
  teamId: number | null;

  @JsonColumn()
  mapping: ImportMappingEntry[] | null;

  @JsonColumn()
  counts: ImportCounts | null;

  @JsonColumn()
  progress: ImportProgress | null;

  /** why the dry run or the commit failed (Chinese, for the person) */
  @Column({ type: 'text', nullable: true })
  error: string | null;

  @CreateDateColumn()
  createdAt: Date;

  @UpdateDateColumn()
  updatedAt: Date;

  @Column({ type: Date, nullable: true })
  committedAt: Date | null;

  /** compare-and-set version: mapping, decisions and commit carry it */
  @Column({ type: 'integer', default: 1 })
  version: number;
}
