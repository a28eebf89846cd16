import { computed, reactive, watch } from 'vue';
import { useRoute, useRouter, type LocationQuery } from 'vue-router';
import { api, call } from '../../api/client';
import { sortParam, tableSort, type TableSort } from '../../components/listSort';
import { useLatestPage } from '../../components/useLatestPage';

type ListQuery = NonNullable<import('../../api/schema').operations['Companies_list']['parameters']['query']>;

/** The search form: the filters GET /companies has. */
export interface CompanyFilters { q: string; creditCode: string; tier: string; region: string }
const KEYS = ['q', 'creditCode', 'tier', 'region'] as const;

const str = (v: unknown) => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '');
export const emptyFilters = (): CompanyFilters => ({ q: '', creditCode: '', tier: '', region: '' });

export function filtersFromQuery(query: LocationQuery): CompanyFilters {
  const f = emptyFilters();
  for (const k of KEYS) f[k] = str(query[k]);
  return f;
}

/** Form state (+ page, sort) → URL query, with the names of GET /companies. */
export function queryFromFilters(f: CompanyFilters, extra: { page?: number; pageSize?: number; sort?: string } = {}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of KEYS) if (f[k].trim()) out[k] = k === 'creditCode' ? f[k].replace(/\s/g, '') : f[k].trim();
  if (extra.page && extra.page > 1) out.page = String(extra.page);
  if (extra.pageSize && extra.pageSize !== 20) out.pageSize = String(extra.pageSize);
  if (extra.sort) out.sort = extra.sort;
  return out;
}

/** 客商库 list: search form, table, pager; the URL is the truth (a shared link or the back button restores it). */
export function useCompanyList() {
  const route = useRoute();
  const router = useRouter();
  const filters = reactive<CompanyFilters>(filtersFromQuery(route.query));
  const page = computed(() => Number(str(route.query.page)) || 1);
  const pageSize = computed(() => Number(str(route.query.pageSize)) || 20);
  const sort = computed(() => str(route.query.sort));

  const { rows, total, loading, error, load } = useLatestPage(() => {
    const q = queryFromFilters(filtersFromQuery(route.query), { sort: sort.value });
    const query: ListQuery = { ...q, page: page.value, pageSize: pageSize.value };
    return call(api.GET('/api/v1/companies', { params: { query } }));
  });

  function navigate(changes: { page?: number; pageSize?: number; sort?: string }) {
    void router.push({ query: queryFromFilters(filters, { page: changes.page ?? 1, pageSize: changes.pageSize ?? pageSize.value, sort: changes.sort ?? sort.value }) });
  }
  const search = () => navigate({ page: 1 });
  function reset() {
    Object.assign(filters, emptyFilters());
    void router.push({ query: {} });
  }
  const setPage = (p: number) => navigate({ page: p });
  const setPageSize = (s: number) => navigate({ page: 1, pageSize: s });
  const setSort = (s: TableSort) => navigate({ page: 1, sort: sortParam(s) });
  const sortState = computed(() => tableSort(sort.value));

  watch(
    () => route.query,
    (q) => {
      if (route.name !== 'companies') return;
      Object.assign(filters, filtersFromQuery(q));
      void load();
    },
    { immediate: true },
  );

  return { filters, rows, total, loading, error, page, pageSize, sortState, search, reset, setPage, setPageSize, setSort, reload: load };
}
