import { computed, reactive, ref, watch } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import { api, ApiError, call, type Schemas } from '../../api/client';

type Query = NonNullable<import('../../api/schema').operations['Notifications_list']['parameters']['query']>;
type Status = NonNullable<Query['status']>;
type Kind = NonNullable<Query['kind']>;

const str = (v: unknown) => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '');

/** 我的通知: GET /notifications with its status and kind filters; the filters and page live in the URL. */
export function useNotificationList() {
  const route = useRoute();
  const router = useRouter();
  const filters = reactive({ status: str(route.query.status), kind: str(route.query.kind) });
  const rows = ref<Schemas['NotificationResponse'][]>([]);
  const total = ref(0);
  const loading = ref(false);
  const error = ref('');
  const page = computed(() => Number(str(route.query.page)) || 1);
  const pageSize = computed(() => Number(str(route.query.pageSize)) || 20);
  let seq = 0;

  async function load() {
    const mine = ++seq;
    loading.value = true;
    error.value = '';
    try {
      const query: Query = { page: page.value, pageSize: pageSize.value };
      const status = str(route.query.status);
      const kind = str(route.query.kind);
      if (status) query.status = status as Status;
      if (kind) query.kind = kind as Kind;
      const res = await call(api.GET('/api/v1/notifications', { params: { query } }));
      if (mine !== seq) return;
      rows.value = res.items;
      total.value = res.total;
    } catch (err) {
      if (mine === seq) error.value = err instanceof ApiError ? err.message : String(err);
    } finally {
      if (mine === seq) loading.value = false;
    }
  }

  function navigate(p: number, size = pageSize.value) {
    const q: Record<string, string> = {};
    if (filters.status) q.status = filters.status;
    if (filters.kind) q.kind = filters.kind;
    if (p > 1) q.page = String(p);
    if (size !== 20) q.pageSize = String(size);
    void router.push({ query: q });
  }
  const search = () => navigate(1);
  const setPage = (p: number) => navigate(p);
  const setPageSize = (s: number) => navigate(1, s);

  watch(
    () => route.query,
    (q) => {
      if (route.name !== 'notifications') return;
      filters.status = str(q.status);
      filters.kind = str(q.kind);
      void load();
    },
    { immediate: true },
  );

  return { filters, rows, total, loading, error, page, pageSize, search, setPage, setPageSize, reload: load };
}

/** The digest's lines (每日提醒) when the summary is one. */
export function digestLines(n: Schemas['NotificationResponse']): Schemas['DigestLineResponse'][] {
  const s = n.summary as Partial<Schemas['DigestSummaryResponse']> | null;
  return s && Array.isArray(s.own) ? [...s.own, ...(s.team ?? [])] : [];
}

/** The monthly report's indicators when the summary is one. */
export function reportSummary(n: Schemas['NotificationResponse']): Schemas['MonthlyReportSummaryResponse'] | null {
  const s = n.summary as Partial<Schemas['MonthlyReportSummaryResponse']> | null;
  return s && Array.isArray(s.indicators) ? (s as Schemas['MonthlyReportSummaryResponse']) : null;
}
