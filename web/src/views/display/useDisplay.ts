import createClient from 'openapi-fetch';
import { computed, onBeforeUnmount, onMounted, ref, shallowRef } from 'vue';
import { useRoute } from 'vue-router';
import { api, ApiError, call, type Schemas } from '../../api/client';
import type { paths } from '../../api/schema';
import { today as todayIso } from '../../format';
import { useSession } from '../../stores/session';

export type DisplaySummary = Schemas['DisplaySummaryResponse'];

/** The screen re-reads its figures this often (the server caches them a minute). */
export const REFRESH_MS = 5 * 60_000;
/** After a failed first read (the network, the server restarting) it tries again sooner. */
const RETRY_MS = 60_000;
export const STAGE = { width: 1920, height: 1080 };

export const REVOKED_MESSAGE = '此大屏链接已失效，请联系管理员';
const NO_KEY_MESSAGE = '缺少大屏链接密钥，请使用管理员提供的大屏链接打开';

/**
 * Without a key, someone signed in who sees the whole district (a leader, an admin) sees the same
 * figures through their own session: the summary and the series are theirs to read; the 督办 counts
 * are the project list's totals (the per-team split is the display link's). Null when nobody such is signed in.
 */
async function readBySession(): Promise<DisplaySummary | null> {
  const session = useSession();
  if (!(await session.restore()) || session.user?.dataScope !== 'all') return null;
  const [year, month] = todayIso().split('-').map(Number);
  const lights = (light: 'red' | 'yellow') => call(api.GET('/api/v1/projects', { params: { query: { light, pageSize: 1 } } }));
  const [summary, series, red, yellow] = await Promise.all([
    call(api.GET('/api/v1/reports/summary', { params: { query: { year, month } } })),
    call(api.GET('/api/v1/reports/series', { params: { query: { year } } })),
    lights('red'),
    lights('yellow'),
  ]);
  return { generatedAt: new Date().toISOString(), year, month, summary, series, supervision: { red: red.total, yellow: yellow.total, teams: [] } };
}

// The screen has no session: its own client, without the app's token and its 401 → login redirect.
const displayApi = createClient<paths>({ baseUrl: '' });

const shanghai = (o: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false, ...o });
const clockFmt = shanghai({ hour: '2-digit', minute: '2-digit', second: '2-digit' });
const dayFmt = shanghai({ year: 'numeric', month: 'long', day: 'numeric', weekday: 'long' });
const hmFmt = shanghai({ hour: '2-digit', minute: '2-digit' });

/**
 * The 大屏 (#/display?key=…): the district's figures read with a display link's key, re-read every
 * five minutes, a clock, and the stage scaled to fit whatever screen it is on (drawn at 1920×1080).
 * A revoked or unknown key shows 「此大屏链接已失效，请联系管理员」 in place of the figures.
 */
export function useDisplay() {
  const route = useRoute();
  const key = computed(() => (typeof route.query.key === 'string' ? route.query.key.trim() : ''));
  const data = shallowRef<DisplaySummary | null>(null);
  /** why the figures cannot be shown (revoked, no key, first read failed); null while they can */
  const error = ref<string | null>(null);
  /** a later read failed: the figures shown are the last ones read */
  const stale = ref(false);
  const now = ref(new Date());
  const scale = ref(1);
  const offset = ref({ left: 0, top: 0 });

  let timer: ReturnType<typeof setTimeout> | undefined;
  let ticker: ReturnType<typeof setInterval> | undefined;

  async function load(): Promise<void> {
    clearTimeout(timer);
    let next = REFRESH_MS;
    try {
      if (key.value) data.value = await call(displayApi.GET('/api/v1/display/summary', { headers: { 'X-Display-Key': key.value } }));
      else {
        const mine = await readBySession();
        if (!mine) {
          error.value = NO_KEY_MESSAGE;
          return;
        }
        data.value = mine;
      }
      error.value = null;
      stale.value = false;
    } catch (err) {
      if (err instanceof ApiError && err.status === 401 && key.value) {
        // Revoked: the figures leave the wall at once; the screen keeps asking in case a new link replaces it.
        data.value = null;
        error.value = REVOKED_MESSAGE;
      } else if (data.value) {
        stale.value = true;
        next = RETRY_MS;
      } else {
        error.value = err instanceof ApiError ? `大屏数据加载失败：${err.message}` : '大屏数据加载失败';
        next = RETRY_MS;
      }
    }
    timer = setTimeout(() => void load(), next);
  }

  function fit(): void {
    const s = Math.min(window.innerWidth / STAGE.width, window.innerHeight / STAGE.height);
    scale.value = s;
    offset.value = { left: Math.max(0, (window.innerWidth - STAGE.width * s) / 2), top: Math.max(0, (window.innerHeight - STAGE.height * s) / 2) };
  }

  onMounted(() => {
    fit();
    window.addEventListener('resize', fit);
    ticker = setInterval(() => (now.value = new Date()), 1000);
    void load();
  });
  onBeforeUnmount(() => {
    clearTimeout(timer);
    clearInterval(ticker);
    window.removeEventListener('resize', fit);
  });

  return {
    data,
    error,
    stale,
    scale,
    offset,
    clock: computed(() => clockFmt.format(now.value)),
    today: computed(() => dayFmt.format(now.value)),
    updatedAt: computed(() => (data.value ? hmFmt.format(new Date(data.value.generatedAt)) : '')),
    reload: load,
  };
}
