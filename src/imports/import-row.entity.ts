import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { JsonColumn } from '../core/database/columns';

export const IMPORT_SHEETS = ['projects', 'funds'] as const;
export type ImportSheet = (typeof IMPORT_SHEETS)[number];
export const IMPORT_SHEET_LABELS: Record<ImportSheet, string> = { projects: '项目', funds: '到位资金' };

export const IMPORT_ACTIONS = ['create', 'update', 'skip'] as const;
export type ImportAction = (typeof IMPORT_ACTIONS)[number];
export const IMPORT_ACTION_LABELS: Record<ImportAction, string> = { create: '新建', update: '更新', skip: '跳过' };

export const IMPORT_PROPOSALS = [...IMPORT_ACTIONS, 'error'] as const;
export type ImportProposal = (typeof IMPORT_PROPOSALS)[number];
export const IMPORT_PROPOSAL_LABELS: Record<ImportProposal, string> = { ...IMPORT_ACTION_LABELS, error: '有错误' };

/** A problem of one cell: the column as the sheet heads it, the field, the value read, a code and a Chinese message. */
export interface RowProblem {
  column: string;
  field: string | null;
  value: string | null;
  code: string;
  message: string;
}

export const DUPLICATE_KINDS = ['database', 'file'] as const;
export type DuplicateKind = (typeof DUPLICATE_KINDS)[number];

/** A row that looks like a project already in the database, or like another row of the file. */
export interface RowDuplicate {
  kind: DuplicateKind;
  /** which rule matched: code | credit_code_name | company_chain | credit_code | company_name */
  rule: string;
  projectId?: number;
  projectName?: string;
  rowNo?: number;
  message: string;
}

/**
 * One parsed row of an import, staged by the dry run: the cells as read
 * (`raw`, for errors.xlsx), the normalised row (`data`: NormalisedProject or
 * NormalisedFunds), its problems, the proposed action and the user's decision.
 */
@Entity('import_rows')
@Index('idx_import_rows_proposed', ['importId', 'proposed'])
export class ImportRow {
  @PrimaryColumn({ type: 'integer' })
  importId: number;

  @PrimaryColumn({ type: 'varchar', length: 8 })
  sheet: ImportSheet;

  /** the row number as Excel shows it */
  @PrimaryColumn({ type: 'integer' })
  rowNo: number;

  @JsonColumn()
  raw: Record<string, string | null> | null;

  @JsonColumn()
  data: Record<string, unknown> | null;

  @JsonColumn()
  errors: RowProblem[] | null;

  @JsonColumn()
  warnings: RowProblem[] | null;

  @JsonColumn()
  duplicates: RowDuplicate[] | null;

  @Column({ type: 'integer', nullable: true })
  matchProjectId: number | null;

  @Column({ type: 'varchar', length: 8 })
  proposed: ImportProposal;

  @Column({ type: 'varchar', length: 8, nullable: true })
  decision: ImportAction | null;
}
