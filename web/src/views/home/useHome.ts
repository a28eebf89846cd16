import { computed, ref } from 'vue';
import { api, ApiError, call, type Schemas } from '../../api/client';
import { useReference } from '../../stores/reference';
import { useSession } from '../../stores/session';

type Reminder = Schemas['ReminderItemResponse'];
type Project = Schemas['ProjectResponse'];
export type Light = 'red' | 'yellow' | 'green';
export const LIGHTS: Light[] = ['red', 'yellow', 'green'];

/**
 * 工作台: my reminders as of today (GET /notifications/reminders), my projects and their 督办灯
 * (GET /projects?ownerId=me, counts by ?light=…&pageSize=1), and for a manager or leader the
 * red and yellow projects of the scope (GET /projects?light=red,yellow).
 */
export function useHome() {
  const session = useSession();
  const reference = useReference();
  const reminders = ref<Schemas['RemindersResponse'] | null>(null);
  const mine = ref<Project[]>([]);
  const mineTotal = ref(0);
  const lightCounts = ref<Record<Light, number | null>>({ red: null, yellow: null, green: null });
  const flagged = ref<Project[]>([]);
  const flaggedTotal = ref(0);
  const loading = ref(false);
  const loaded = ref(false);
  const error = ref('');
  /** Managers (their team) and leaders / admins (everyone) watch the red and yellow projects. */
  const watchesOthers = computed(() => session.isManager || session.role === 'leader');

  async function load() {
    const me = session.user?.id;
    if (!me) return;
    loading.value = true;
    error.value = '';
    // in-progress stages only (the pipeline says which are active): a dropped or producing project needs no follow-up here
    const stage = reference.stages().filter((s) => s.active).map((s) => s.code).join(',') || undefined;
    const byLight = (light: Light) =>
      call(api.GET('/api/v1/projects', { params: { query: { ownerId: me, light, pageSize: 1 } } })).then((r) => (lightCounts.value[light] = r.total));
    const tasks: Promise<unknown>[] = [
      call(api.GET('/api/v1/notifications/reminders')).then((r) => (reminders.value = r)),
      call(api.GET('/api/v1/projects', { params: { query: { ownerId: me, stage, pageSize: 100, sort: 'lastActivityOn:asc' } } })).then((r) => {
        mine.value = r.items;
        mineTotal.value = r.total;
      }),
      ...LIGHTS.map(byLight),
    ];
    if (watchesOthers.value) {
      tasks.push(
        call(api.GET('/api/v1/projects', { params: { query: { light: 'red,yellow', pageSize: 100, sort: 'lastActivityOn:asc' } } })).then((r) => {
          // red before yellow, the longest silence first
          flagged.value = [...r.items].sort((a, b) => lightRank(a) - lightRank(b));
          flaggedTotal.value = r.total;
        }),
      );
    }
    const results = await Promise.allSettled(tasks);
    const failed = results.find((r) => r.status === 'rejected') as PromiseRejectedResult | undefined;
    if (failed) error.value = failed.reason instanceof ApiError ? failed.reason.message : String(failed.reason);
    loading.value = false;
    loaded.value = true;
  }

  function lightRank(p: Project): number {
    return p.supervision?.light === 'red' ? 0 : p.supervision?.light === 'yellow' ? 1 : 2;
  }

  /** Own reminders, the most overdue first. */
  const own = computed<Reminder[]>(() => [...(reminders.value?.own ?? [])].sort((a, b) => b.days - a.days));

  return { reminders, own, mine, mineTotal, lightCounts, flagged, flaggedTotal, loading, loaded, error, watchesOthers, load };
}
