import { ref } from 'vue';
import { useLatestPage } from '../../components/useLatestPage';
import { importsApi } from './importsApi';
import type { ImportSummary } from './importTypes';

/** 数据导入: the past imports (GET /imports), newest first, paged; a running one is polled until it ends. */
export function useImportList() {
  const page = ref(1);
  const pageSize = ref(20);
  const { rows, total, loading, error, load } = useLatestPage<ImportSummary>(() => importsApi.list(page.value, pageSize.value));
  const setPage = (p: number) => ((page.value = p), load());
  const setPageSize = (s: number) => ((pageSize.value = s), (page.value = 1), load());
  void load();
  return { rows, total, loading, error, page, pageSize, load, setPage, setPageSize };
}
