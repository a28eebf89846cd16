import { computed, onBeforeUnmount, ref, watch } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import { ElMessage } from 'element-plus';
import { api, ApiError, call, download, type Schemas } from '../../api/client';
import { useSession } from '../../stores/session';

export type MonthItem = Schemas['MonthlyRollupItemResponse'];
export type Backfill = Schemas['BackfillResponse'];

/** One row of the year's table: a month with its report, or the reason it has none. */
export interface MonthRow {
  month: number;
  state: 'reported' | 'missing' | 'open';
  item: MonthItem | null;
}

const POLL_MS = 1000;
const str = (v: unknown) => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '');
const message = (err: unknown) => (err instanceof ApiError ? err.message : String(err));

/**
 * 月报: GET /reports/monthly for the year in the URL (?year=), an admin's
 * 生成 of one missing month and 补齐全年 (a background job whose progress is
 * polled until it ends, the months appearing as they are produced).
 */
export function useMonthlyReport() {
  const route = useRoute();
  const router = useRouter();
  const session = useSession();
  const thisYear = new Date().getFullYear();
  const year = computed(() => Number(str(route.query.year)) || thisYear);
  const years = computed(() => Array.from({ length: 11 }, (_, i) => thisYear - i));
  const data = ref<Schemas['MonthlyRollupListResponse'] | null>(null);
  const loading = ref(false);
  const error = ref('');
  const producing = ref<number | null>(null);
  const backfill = ref<Backfill | null>(null);
  const starting = ref(false);
  const isAdmin = computed(() => session.role === 'admin');
  let seq = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const rows = computed<MonthRow[]>(() => {
    const d = data.value;
    return Array.from({ length: 12 }, (_, i) => {
      const month = i + 1;
      const item = d?.items.find((x) => x.month === month) ?? null;
      const state = item ? 'reported' : d?.missingMonths.includes(month) ? 'missing' : 'open';
      return { month, state, item };
    });
  });
  const missing = computed(() => data.value?.missingMonths ?? []);
  const running = computed(() => backfill.value?.status === 'running');
  const progress = computed(() => {
    const b = backfill.value;
    return b && b.total ? Math.round((b.done / b.total) * 100) : 100;
  });

  /** `quiet`: a refresh while a backfill runs, without the table's loading mask. */
  async function load(quiet = false) {
    const mine = ++seq;
    if (!quiet) loading.value = true;
    error.value = '';
    try {
      const res = await call(api.GET('/api/v1/reports/monthly', { params: { query: { year: year.value } } }));
      if (mine !== seq) return;
      data.value = res;
      // The year's latest backfill; one still running (started here or elsewhere) is followed.
      const following = running.value;
      backfill.value = res.backfill;
      if (res.backfill?.status === 'running' && !following) poll();
    } catch (err) {
      if (mine === seq) {
        data.value = null;
        error.value = message(err);
      }
    } finally {
      if (mine === seq) loading.value = false;
    }
  }

  function poll() {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const b = backfill.value;
      if (!b || b.status !== 'running') return;
      try {
        const now = await call(api.GET('/api/v1/reports/monthly/backfills/{id}', { params: { path: { id: b.id } } }));
        const moved = now.done !== b.done || now.status !== b.status;
        backfill.value = now;
        if (moved && now.year === year.value) await load(true);
        if (now.status === 'running') return poll();
        if (now.status === 'succeeded') ElMessage.success(`补齐完成：生成 ${now.produced} 个月的月报`);
        else ElMessage.warning(`补齐结束，${now.failures.length} 个月未能生成`);
      } catch (err) {
        ElMessage.error(message(err));
        poll();
      }
    }, POLL_MS);
  }

  async function startBackfill() {
    starting.value = true;
    try {
      backfill.value = await call(api.POST('/api/v1/reports/monthly/backfills', { body: { year: year.value } }));
      if (backfill.value.status === 'running') poll();
      else ElMessage.info('没有缺少的月份');
      await load(true);
    } catch (err) {
      ElMessage.error(message(err));
    } finally {
      starting.value = false;
    }
  }

  async function produce(month: number) {
    producing.value = month;
    try {
      await call(api.POST('/api/v1/reports/monthly/{year}/{month}', { params: { path: { year: year.value, month } } }));
      ElMessage.success(`已生成 ${year.value} 年 ${month} 月月报`);
      await load();
    } catch (err) {
      ElMessage.error(message(err));
    } finally {
      producing.value = null;
    }
  }

  async function downloadExcel(month: number) {
    try {
      const m = String(month).padStart(2, '0');
      await download(`api/v1/reports/monthly/${year.value}/${month}.xlsx`, `招商引资月报-${year.value}-${m}.xlsx`);
    } catch (err) {
      ElMessage.error(message(err));
    }
  }

  const setYear = (y: number) => void router.push({ query: y === thisYear ? {} : { year: String(y) } });

  watch(
    () => route.query.year,
    () => {
      if (route.name !== 'monthly-report') return;
      void load();
    },
    { immediate: true },
  );
  onBeforeUnmount(() => clearTimeout(timer));

  return { year, years, setYear, data, rows, missing, loading, error, isAdmin, backfill, running, progress, starting, producing, startBackfill, produce, downloadExcel, reload: () => load() };
}

/** An adjustment as people read it: 0 as —, a sign in front otherwise. */
export function signed(n: number, show: (v: number) => string): string {
  if (!n) return '—';
  return n > 0 ? `+${show(n)}` : `−${show(-n)}`;
}

/** Whether any indicator of the month was adjusted since first reported. */
export const adjusted = (item: MonthItem): boolean => item.adjustments.some((a) => a.month !== 0 || a.ytd !== 0);

/** The e-mails of a month in a few words: 「已发送 2/2」, 「1 封失败」, 「未发送」. */
export function mailSummary(item: MonthItem): { text: string; type: 'success' | 'danger' | 'info' | 'warning' } {
  const all = item.mail.length;
  if (!all) return { text: '未发送', type: 'info' };
  const sent = item.mail.filter((m) => m.status === 'sent').length;
  const failed = item.mail.filter((m) => m.status === 'failed').length;
  if (failed) return { text: `${failed} 封失败（已发 ${sent}/${all}）`, type: 'danger' };
  return { text: `已发送 ${sent}/${all}`, type: sent === all ? 'success' : 'warning' };
}
