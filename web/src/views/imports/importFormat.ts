import type { ImportCounts, ImportDetail, ImportStatus, RowAction } from './importTypes';

/** The wizard's steps, in el-steps order. */
export const STEPS = ['上传', '核对列', '预检', '导入', '结果'] as const;
export type Step = 0 | 1 | 2 | 3 | 4;

/**
 * Where an import reopens: its status decides, `?step=mapping` goes back to the columns. A failed
 * dry run ('failed') reopens at the columns; a failed commit is back at 'ready' with its error.
 */
export function stepOf(imp: ImportDetail | null, asked: string): Step {
  if (!imp) return 0;
  if (imp.status === 'committing') return 3;
  if (imp.status === 'done') return 4;
  if (imp.status === 'failed') return 1;
  return asked === 'mapping' ? 1 : 2;
}

/** Excel's column letters for the API's column number, counted from 0 (0 → A, 26 → AA). */
export function columnLetter(n: number): string {
  let s = '';
  for (let c = n + 1; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s;
  return s;
}

/** A row's problem as a person reads it: 「列」“值”：why. */
export function problemText(p: { column?: string | null; value?: string | null; message: string }): string {
  const where = p.column ? `「${p.column}」` : '';
  const value = p.value !== null && p.value !== undefined && p.value !== '' ? `“${p.value}”` : '';
  return `${where}${value}${where || value ? '：' : ''}${p.message}`;
}

/** The wizard's words for what happens to a row (the radio buttons and tags). */
export const ACTION_WORDS: Record<RowAction | 'error', string> = { create: '新建', update: '更新已有项目', skip: '跳过', error: '有错误，不导入' };
export const actionType = (a: string | null | undefined) => (a === 'create' ? 'success' : a === 'update' ? 'warning' : a === 'error' ? 'danger' : 'info');
export const statusType = (s: ImportStatus) => (s === 'done' ? 'success' : s === 'failed' ? 'danger' : s === 'ready' ? 'primary' : 'warning');

/** The counts of an import as short tags: 共 N 行 · 错误 · 疑似重复 · 新建 · 更新 · 跳过 (or, once done, what happened). */
export function countTags(c: ImportCounts | null, done = false): { label: string; value: number; type: string }[] {
  if (!c) return [];
  if (done) {
    return [
      { label: '新建', value: c.created ?? 0, type: 'success' },
      { label: '更新', value: c.updated ?? 0, type: 'warning' },
      { label: '跳过', value: c.skipped ?? 0, type: 'info' },
    ];
  }
  return [
    { label: '共', value: c.rows, type: 'info' },
    { label: '有效', value: c.valid, type: 'success' },
    { label: '错误', value: c.errors, type: 'danger' },
    { label: '疑似重复', value: c.duplicates, type: 'warning' },
    { label: '将新建', value: c.toCreate, type: 'success' },
    { label: '将更新', value: c.toUpdate, type: 'warning' },
    { label: '将跳过', value: c.toSkip, type: 'info' },
  ];
}
