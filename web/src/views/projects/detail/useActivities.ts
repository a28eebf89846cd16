import { ref, watch, type Ref } from 'vue';
import { api, ApiError, call, type Schemas } from '../../../api/client';

export type Activity = Schemas['ActivityResponse'];

export async function deleteActivity(a: Activity): Promise<void> {
  await call(api.DELETE('/api/v1/activities/{id}', { params: { path: { id: a.id }, query: { version: a.version } } }));
}

/** 跟进记录 of one project: GET /projects/:id/activities (newest first, page by page); adding and correcting go through ActivityDialog. */
export function useActivities(projectId: Ref<number>, revision: Ref<number>) {
  const items = ref<Activity[]>([]);
  const total = ref(0);
  const loading = ref(false);
  const error = ref('');
  const pageSize = 50;
  const page = ref(1);

  async function load(more = false) {
    loading.value = true;
    error.value = '';
    try {
      const next = more ? page.value + 1 : 1;
      const res = await call(api.GET('/api/v1/projects/{id}/activities', { params: { path: { id: projectId.value }, query: { page: next, pageSize, sort: 'occurredOn:desc' } } }));
      items.value = more ? [...items.value, ...res.items] : res.items;
      total.value = res.total;
      page.value = next;
    } catch (err) {
      error.value = err instanceof ApiError ? err.message : String(err);
    } finally {
      loading.value = false;
    }
  }

  async function remove(activity: Activity): Promise<void> {
    await deleteActivity(activity);
    await load();
  }

  watch([projectId, revision], () => void load(), { immediate: true });
  return { items, total, loading, error, load, remove };
}
