import { ElMessage } from 'element-plus';
import { computed, reactive, ref, watch } from 'vue';
import { useRoute, useRouter, type LocationQuery } from 'vue-router';
import { api, ApiError, call, download } from '../../api/client';
import { sortParam, tableSort, type TableSort } from '../../components/listSort';
import { useLatestPage } from '../../components/useLatestPage';

type ListQuery = NonNullable<import('../../api/schema').operations['Projects_list']['parameters']['query']>;

/** The search form: every filter GET /projects has. Multi-selects are arrays here, comma lists on the wire. */
export interface ProjectFilters {
  q: string;
  stage: string[];
  light: string[];
  industryChain: string;
  park: string;
  sourceChannel: string;
  sourceRegion: string;
  ownerId: string;
  teamId: string;
  isKeyProject: '' | 'true' | 'false';
  signed: string[];
  created: string[];
  lastActivity: string[];
}

const RANGES = ['signed', 'created', 'lastActivity'] as const;
const LISTS = ['stage', 'light'] as const;
const SINGLES = ['q', 'industryChain', 'park', 'sourceChannel', 'sourceRegion', 'ownerId', 'teamId', 'isKeyProject'] as const;

export function emptyFilters(): ProjectFilters {
  return { q: '', stage: [], light: [], industryChain: '', park: '', sourceChannel: '', sourceRegion: '', ownerId: '', teamId: '', isKeyProject: '', signed: [], created: [], lastActivity: [] };
}

const str = (v: unknown) => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '');

/** URL query → form state (the URL is the truth: a shared link or the back button restores the search). */
export function filtersFromQuery(query: LocationQuery): ProjectFilters {
  const f = emptyFilters();
  for (const k of SINGLES) (f as unknown as Record<string, string>)[k] = str(query[k]);
  if (!['true', 'false'].includes(f.isKeyProject)) f.isKeyProject = '';
  for (const k of LISTS) f[k] = str(query[k]).split(',').filter(Boolean);
  for (const k of RANGES) {
    const from = str(query[`${k}From`]);
    const to = str(query[`${k}To`]);
    f[k] = from && to ? [from, to] : [];
  }
  return f;
}

/** Form state (+ page, sort) → URL query and API query: the same names as GET /projects. */
export function queryFromFilters(f: ProjectFilters, extra: { page?: number; pageSize?: number; sort?: string } = {}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of SINGLES) if (f[k]) out[k] = String(f[k]).trim();
  for (const k of LISTS) if (f[k].length) out[k] = f[k].join(',');
  for (const k of RANGES) {
    if (f[k]?.length === 2) {
      out[`${k}From`] = f[k][0];
      out[`${k}To`] = f[k][1];
    }
  }
  if (extra.page && extra.page > 1) out.page = String(extra.page);
  if (extra.pageSize && extra.pageSize !== 20) out.pageSize = String(extra.pageSize);
  if (extra.sort) out.sort = extra.sort;
  return out;
}

function toApiQuery(q: Record<string, string>): ListQuery {
  const out: Record<string, unknown> = { ...q };
  for (const k of ['ownerId', 'teamId', 'page', 'pageSize']) if (q[k]) out[k] = Number(q[k]);
  if (q.isKeyProject) out.isKeyProject = q.isKeyProject === 'true';
  return out as ListQuery;
}

export function useProjectList() {
  const route = useRoute();
  const router = useRouter();
  const filters = reactive<ProjectFilters>(filtersFromQuery(route.query));
  const exporting = ref(false);
  const page = computed(() => Number(str(route.query.page)) || 1);
  const pageSize = computed(() => Number(str(route.query.pageSize)) || 20);
  const sort = computed(() => str(route.query.sort));
  const advanced = ref(RANGES.some((k) => filters[k].length > 0) || !!(filters.sourceChannel || filters.sourceRegion || filters.isKeyProject));

  const { rows, total, loading, error, load } = useLatestPage(() => {
    const q = queryFromFilters(filtersFromQuery(route.query), { page: page.value, pageSize: pageSize.value, sort: sort.value });
    return call(api.GET('/api/v1/projects', { params: { query: { ...toApiQuery(q), page: page.value, pageSize: pageSize.value } } }));
  });
  /** The table's loading mask: only for a load that takes a while (a quick filter change swaps the rows without a flash). */
  const slow = ref(false);
  let slowTimer: ReturnType<typeof setTimeout> | undefined;
  watch(loading, (on) => {
    clearTimeout(slowTimer);
    if (on) slowTimer = setTimeout(() => (slow.value = true), 300);
    else slow.value = false;
  });

  function navigate(changes: { page?: number; pageSize?: number; sort?: string }) {
    const q = queryFromFilters(filters, { page: changes.page ?? 1, pageSize: changes.pageSize ?? pageSize.value, sort: changes.sort ?? sort.value });
    // The same search again (搜索 pressed twice): the URL does not change, so reload by hand.
    if (new URLSearchParams(q).toString() === new URLSearchParams(route.query as Record<string, string>).toString()) void load();
    else void router.push({ query: q });
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

  /** 导出台账: the xlsx of exactly this search (fetch + blob with the token). */
  async function exportLedger() {
    exporting.value = true;
    try {
      const q = queryFromFilters(filtersFromQuery(route.query), { sort: sort.value });
      const name = await download(`api/v1/reports/projects.xlsx?${new URLSearchParams(q)}`, '项目台账.xlsx');
      ElMessage.success(`已导出：${name}`);
    } catch (err) {
      ElMessage.error(err instanceof ApiError ? err.message : '导出失败');
    } finally {
      exporting.value = false;
    }
  }

  watch(
    () => route.query,
    (q) => {
      if (route.name !== 'projects') return; // leaving the page
      Object.assign(filters, filtersFromQuery(q));
      void load();
    },
    { immediate: true },
  );

  return { filters, rows, total, loading, slow, exporting, error, page, pageSize, sortState, advanced, search, reset, setPage, setPageSize, setSort, exportLedger, reload: load };
}
