/**
 * The shapes of /api/v1/imports (COMMON12's contract) until openapi.json describes them; then these
 * become aliases of the generated Schemas.
 */
export type ImportStatus = 'analysing' | 'ready' | 'committing' | 'done' | 'failed';
export type RowAction = 'create' | 'update' | 'skip';
export type RowKind = 'errors' | 'duplicates' | 'warnings' | 'all';
export type SheetName = 'projects' | 'funds';

export interface ImportCounts {
  rows: number;
  valid: number;
  errors: number;
  duplicates: number;
  toCreate: number;
  toUpdate: number;
  toSkip: number;
  created?: number | null;
  updated?: number | null;
  skipped?: number | null;
  fundsRows?: number | null;
}
export interface ImportProgress { phase: 'analysing' | 'committing'; done: number; total: number; rowsPerSecond: number }
export interface MappingEntry { column: number; header: string; field: string | null; fieldLabel?: string | null }
export interface ImportField { field: string; label: string; required: boolean }

export interface ImportDetail {
  id: number;
  status: ImportStatus;
  statusLabel: string;
  fileName: string;
  createdBy: { id: number; name: string };
  createdAt: string;
  progress: ImportProgress | null;
  mapping: MappingEntry[];
  fields: ImportField[];
  counts: ImportCounts | null;
  error: string | null;
  committedAt: string | null;
  version: number;
}

export interface RowProblem { column: string | null; field: string | null; value: string | null; code: string; message: string }
export interface RowDuplicate { kind: 'database' | 'file'; rule: string; projectId?: number | null; projectName?: string | null; rowNo?: number | null; message: string }
export interface ImportRow {
  sheet: SheetName;
  rowNo: number;
  name: string | null;
  companyName: string | null;
  code: string | null;
  errors: RowProblem[];
  warnings: RowProblem[];
  duplicates: RowDuplicate[];
  proposed: RowAction | 'error';
  decision: RowAction | null;
  matchProjectId: number | null;
}
export interface ImportResult { id: number; name: string; action: 'created' | 'updated' | RowAction }
export interface Page<T> { items: T[]; total: number; page: number; pageSize: number }
