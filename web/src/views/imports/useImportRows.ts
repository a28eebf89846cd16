import { ElMessage } from 'element-plus';
import { ref, watch, type Ref } from 'vue';
import { ApiError } from '../../api/client';
import { useLatestPage } from '../../components/useLatestPage';
import { importsApi } from './importsApi';
import type { ImportDetail, ImportRow, RowAction, RowKind, SheetName } from './importTypes';

/** The first tab worth looking at: errors, else duplicates to decide, else everything. */
export function firstKind(imp: ImportDetail | null): RowKind {
  if (imp?.counts?.errors) return 'errors';
  if (imp?.counts?.duplicates) return 'duplicates';
  return 'all';
}

/** 预检's paged rows (GET /imports/:id/rows) by tab and sheet, and the per-row decisions. */
export function useImportRows(imp: Ref<ImportDetail | null>, stamp: Ref<number>, onDecided: (next: ImportDetail) => void) {
  const kind = ref<RowKind>(firstKind(imp.value));
  const sheet = ref<SheetName>('projects');
  const page = ref(1);
  const pageSize = ref(20);
  const { rows, total, loading, error, load } = useLatestPage<ImportRow>(() =>
    imp.value && imp.value.status !== 'analysing'
      ? importsApi.rows(imp.value.id, { kind: kind.value, sheet: sheet.value, page: page.value, pageSize: pageSize.value })
      : Promise.resolve({ items: [], total: 0 }),
  );

  const setKind = (k: RowKind) => ((kind.value = k), (page.value = 1), load());
  const setSheet = (s: SheetName) => ((sheet.value = s), (page.value = 1), load());
  const setPage = (p: number) => ((page.value = p), load());
  const setPageSize = (s: number) => ((pageSize.value = s), (page.value = 1), load());

  const saving = ref<string | null>(null);
  async function decide(row: ImportRow, action: RowAction) {
    if (!imp.value) return;
    saving.value = `${row.sheet}:${row.rowNo}`;
    try {
      onDecided(await importsApi.decide(imp.value.id, { rows: [{ sheet: row.sheet, rowNo: row.rowNo, action }], version: imp.value.version }));
    } catch (err) {
      ElMessage.error(err instanceof ApiError ? err.message : String(err));
      void load();
    } finally {
      saving.value = null;
    }
  }

  /** 其余全部接受: every row not decided yet takes its proposed action. */
  async function acceptAll() {
    if (!imp.value) return;
    saving.value = 'all';
    try {
      onDecided(await importsApi.decide(imp.value.id, { rows: [], acceptAll: true, version: imp.value.version }));
      ElMessage.success('其余各行已按建议处理');
    } catch (err) {
      ElMessage.error(err instanceof ApiError ? err.message : String(err));
    } finally {
      saving.value = null;
    }
  }

  watch(stamp, () => void load());
  // A new dry run may change which tab has something: open the first useful one when it finishes.
  watch(
    () => imp.value?.status,
    (s, before) => {
      if (before === 'analysing' && s === 'ready') {
        kind.value = firstKind(imp.value);
        page.value = 1;
        void load();
      }
    },
  );
  void load();
  return { kind, sheet, page, pageSize, rows, total, loading, error, load, setKind, setSheet, setPage, setPageSize, saving, decide, acceptAll };
}
