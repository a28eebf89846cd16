import { ref, watch, type Ref } from 'vue';
import { api, ApiError, call, type Schemas } from '../../../api/client';

export type Activity = Schemas['ActivityResponse'];
export type ActivityBody = Schemas['CreateActivityDto'];

/**
 * ============================================================================================
 * TO BE WIRED BY THE LEAD: PATCH /activities/{id} and DELETE /activities/{id} are being built
 * by another engineer and are not in openapi.json yet. Until then these two refuse honestly
 * (no fake success); the timeline's 编辑/删除 buttons call them and show the message.
 * When the routes land, replace the bodies with e.g.
 *   return call(api.PATCH('/api/v1/activities/{id}', { params: { path: { id } }, body }));
 *   await call(api.DELETE('/api/v1/activities/{id}', { params: { path: { id } } }));
 * and flip ACTIVITY_CHANGES_WIRED to true.
 * ============================================================================================
 */
export const ACTIVITY_CHANGES_WIRED = false;
const notYet = (what: string) =>
  new ApiError(501, { statusCode: 501, error: 'Not Implemented', code: 'not_implemented', message: `${what}跟进记录的功能尚未开通，请稍后再试` } as Schemas['ErrorResponse']);

export async function updateActivity(id: number, body: Partial<ActivityBody>): Promise<Activity> {
  void id;
  void body;
  throw notYet('修改');
}

export async function deleteActivity(id: number): Promise<void> {
  void id;
  throw notYet('删除');
}

/** 跟进记录 of one project: GET /projects/:id/activities (newest first, all pages), POST to add. */
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

  async function create(body: ActivityBody): Promise<Activity> {
    const created = await call(api.POST('/api/v1/projects/{id}/activities', { params: { path: { id: projectId.value } }, body }));
    await load();
    return created;
  }

  async function update(id: number, body: Partial<ActivityBody>): Promise<Activity> {
    const a = await updateActivity(id, body);
    await load();
    return a;
  }

  async function remove(id: number): Promise<void> {
    await deleteActivity(id);
    await load();
  }

  watch([projectId, revision], () => void load(), { immediate: true });
  return { items, total, loading, error, load, create, update, remove };
}
