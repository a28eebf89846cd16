import { computed, onBeforeUnmount, onMounted, reactive, ref, watch } from 'vue';
import { api, ApiError, call, type Schemas } from '../../api/client';
import { today } from '../../format';
import { useSession } from '../../stores/session';
import { newClientKey } from '../../components/clientKey';

type Kind = Schemas['CreateActivityDto']['kind'];
type Project = Schemas['ProjectResponse'];

/** What the officer has typed, kept in localStorage as typed: nothing is lost if the page or the network goes. */
export interface QuickDraft {
  /** clientKey: one per draft, kept across retries; renewed only after the server refused (nothing recorded). */
  key: string;
  /** Saving was asked for: retried until the server answers. */
  queued: boolean;
  projectId: number | null;
  projectName: string;
  kind: Kind;
  occurredOn: string;
  guestCount: number | null;
  leaderLed: boolean;
  leaderName: string;
  summary: string;
  nextFollowUpOn: string;
}

export type QuickState = 'editing' | 'sending' | 'queued' | 'refused' | 'saved';

export const OFFLINE_MESSAGE = '网络不可用，已保存草稿，将自动重试';
const RETRY_MS = 30_000;


function blank(): QuickDraft {
  return { key: newClientKey(), queued: false, projectId: null, projectName: '', kind: 'visit_out', occurredOn: today(), guestCount: null, leaderLed: false, leaderName: '', summary: '', nextFollowUpOn: '' };
}

function isEmpty(d: QuickDraft): boolean {
  return !d.queued && !d.projectId && !d.summary.trim() && !d.leaderName.trim() && !d.guestCount && !d.nextFollowUpOn;
}

function readDraft(storageKey: string): QuickDraft | null {
  try {
    const raw = localStorage.getItem(storageKey);
    const d = raw ? { ...blank(), ...(JSON.parse(raw) as Partial<QuickDraft>) } : null;
    return d && !isEmpty(d) ? d : null;
  } catch {
    return null;
  }
}

/** 快速记录: pick a project, type the visit, save; offline → queued and retried (online event, every 30 s, next open). */
export function useQuickLog() {
  const session = useSession();
  const storageKey = `zst.quickLog.draft.${session.user?.id ?? 'anon'}`;
  const restored = readDraft(storageKey);
  const draft = reactive<QuickDraft>(restored ?? blank());
  const state = ref<QuickState>(restored?.queued ? 'queued' : 'editing');
  const message = ref(restored?.queued ? OFFLINE_MESSAGE : '');
  const errors = ref<Record<string, string>>({});
  const saved = ref<{ projectId: number; projectName: string; kindLabel: string; occurredOn: string } | null>(null);
  const hasRestored = ref(!!restored && !restored.queued);
  const options = ref<Pick<Project, 'id' | 'name' | 'companyName'>[]>([]);
  const searching = ref(false);

  // Kept as typed (an untouched form is not a draft: it would keep yesterday's date).
  watch(draft, (d) => (isEmpty(d) ? localStorage.removeItem(storageKey) : localStorage.setItem(storageKey, JSON.stringify(d))), { deep: true });

  let seq = 0;
  async function searchProjects(text: string) {
    const q = text.trim();
    const mine = ++seq;
    searching.value = true;
    try {
      const query = q ? { q, pageSize: 20 } : { ownerId: session.user?.id, pageSize: 20, sort: 'lastActivityOn:asc' };
      const res = await call(api.GET('/api/v1/projects', { params: { query } }));
      if (mine === seq) options.value = res.items.map((p) => ({ id: p.id, name: p.name, companyName: p.companyName }));
    } catch {
      if (mine === seq) options.value = [];
    } finally {
      if (mine === seq) searching.value = false;
    }
  }
  function pickProject(id: number | null) {
    const p = options.value.find((o) => o.id === id);
    draft.projectId = p ? p.id : null;
    draft.projectName = p ? p.name : '';
  }

  // Checked here as well as on the server, because a draft may wait offline: what it queues must be
  // what the server will take (the server's messages still land on the fields when it refuses).
  function check(): boolean {
    const e: Record<string, string> = {};
    if (!draft.projectId) e.projectId = '请选择项目';
    if (!draft.occurredOn) e.occurredOn = '请填写发生日期';
    if (!draft.summary.trim()) e.summary = '请填写跟进情况';
    if (draft.kind === 'reception' && !draft.guestCount) e.guestCount = '来访接待请填写客商人次';
    if (draft.leaderLed && !draft.leaderName.trim()) e.leaderName = '领导带队时请填写带队领导';
    errors.value = e;
    return !Object.keys(e).length;
  }

  let sending = false;
  async function send() {
    if (sending || !draft.queued || !draft.projectId) return;
    sending = true;
    state.value = 'sending';
    try {
      const body: Schemas['CreateActivityDto'] = {
        kind: draft.kind,
        occurredOn: draft.occurredOn,
        summary: draft.summary.trim(),
        leaderLed: draft.leaderLed,
        guestCount: draft.guestCount || null,
        leaderName: draft.leaderLed ? draft.leaderName.trim() : null,
        nextFollowUpOn: draft.nextFollowUpOn || null,
      };
      const res = await call(
        api.POST('/api/v1/projects/{id}/activities', { params: { path: { id: draft.projectId } }, body: { ...body, clientKey: draft.key } }),
      );
      saved.value = { projectId: res.projectId, projectName: res.projectName ?? draft.projectName, kindLabel: res.kindLabel, occurredOn: res.occurredOn };
      Object.assign(draft, blank());
      localStorage.removeItem(storageKey);
      state.value = 'saved';
      message.value = '';
      errors.value = {};
    } catch (err) {
      const e = err instanceof ApiError ? err : null;
      const status = e?.status ?? 0;
      if (status === 0 || status >= 500 || status === 429 || status === 401) {
        // not answered (or not yet): stays queued with the same key, so a late success cannot be recorded twice
        state.value = 'queued';
        message.value = status === 0 ? OFFLINE_MESSAGE : `${e?.message ?? '保存失败'}（已保存草稿，将自动重试）`;
      } else {
        // refused: nothing was recorded; the draft stays for correction, the next attempt is a new request
        draft.queued = false;
        draft.key = newClientKey();
        state.value = 'refused';
        errors.value = e?.fieldErrors() ?? {};
        message.value = Object.keys(errors.value).length ? '未能保存：请按提示修改后再保存（草稿已保留）' : (e?.message ?? String(err));
      }
    } finally {
      sending = false;
    }
  }

  async function submit() {
    if (!check()) return;
    draft.queued = true;
    message.value = '';
    await send();
  }

  function discard() {
    Object.assign(draft, blank());
    localStorage.removeItem(storageKey);
    state.value = 'editing';
    message.value = '';
    errors.value = {};
    hasRestored.value = false;
  }

  function another() {
    saved.value = null;
    state.value = 'editing';
    hasRestored.value = false;
  }

  const retryNow = () => void send();
  let timer: ReturnType<typeof setInterval> | undefined;
  onMounted(() => {
    window.addEventListener('online', retryNow);
    timer = setInterval(retryNow, RETRY_MS);
    if (draft.projectId) options.value = [{ id: draft.projectId, name: draft.projectName, companyName: null }];
    void searchProjects('').then(() => {
      if (draft.projectId && !options.value.some((o) => o.id === draft.projectId)) options.value.unshift({ id: draft.projectId, name: draft.projectName, companyName: null });
    });
    if (draft.queued) void send(); // a draft queued on a previous visit
  });
  onBeforeUnmount(() => {
    window.removeEventListener('online', retryNow);
    clearInterval(timer);
  });

  const busy = computed(() => state.value === 'sending');
  return { draft, state, message, errors, saved, hasRestored, options, searching, busy, searchProjects, pickProject, submit, retryNow, discard, another };
}
