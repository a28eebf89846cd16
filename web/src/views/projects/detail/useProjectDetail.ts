import { ElMessage } from 'element-plus';
import { computed, ref, watch } from 'vue';
import { useRoute } from 'vue-router';
import { api, ApiError, call, type Schemas } from '../../../api/client';
import { useReference } from '../../../stores/reference';

export type ProjectDetail = Schemas['ProjectDetailResponse'];
export type AllowedTransition = Schemas['AllowedTransitionResponse'];
export type TransitionBody = Schemas['TransitionDto'];
export type UpdateBody = Schemas['UpdateProjectDto'];

/** What a refused write leaves for the form: the server's message, its fields, and (for a refused move) the stages allowed. */
export interface WriteFailure {
  message: string;
  fields: Record<string, string>;
  stale: boolean;
  allowed: string[];
}

export const STALE_MESSAGE = '已被他人修改：已重新载入最新数据，请核对后再提交';

/**
 * 项目详情: the project (GET /projects/:id), its moves, revert and edit. The tabs load their own lists;
 * `revision` ticks after every write here so that they reload (history, audit trail).
 */
export function useProjectDetail() {
  const route = useRoute();
  const reference = useReference();
  const id = computed(() => Number(route.params.id));
  const project = ref<ProjectDetail | null>(null);
  const loading = ref(false);
  const error = ref('');
  const notFound = ref(false);
  const revision = ref(0);
  let seq = 0;

  async function load() {
    const mine = ++seq;
    loading.value = true;
    error.value = '';
    try {
      const p = await call(api.GET('/api/v1/projects/{id}', { params: { path: { id: id.value } } }));
      if (mine !== seq) return;
      project.value = p;
      notFound.value = false;
    } catch (err) {
      if (mine !== seq) return;
      if (err instanceof ApiError && err.status === 404) notFound.value = true;
      error.value = err instanceof ApiError ? err.message : String(err);
    } finally {
      if (mine === seq) loading.value = false;
    }
  }

  /** Reload after a write (or a stale version): the project, and the tabs via `revision`. */
  async function refresh() {
    revision.value++;
    await load();
  }

  /** A refused write → what the form shows; a stale version also reloads the project. */
  async function failure(err: unknown): Promise<WriteFailure> {
    if (!(err instanceof ApiError)) return { message: String(err), fields: {}, stale: false, allowed: [] };
    const stale = err.status === 409 && err.code === 'stale_version';
    const allowed = err.code === 'transition_not_allowed' ? (err.body.allowed ?? []) : [];
    if (stale || allowed.length || err.code === 'transition_not_allowed') await refresh();
    if (stale) ElMessage.warning(STALE_MESSAGE);
    return { message: stale ? STALE_MESSAGE : err.message, fields: err.fieldErrors(), stale, allowed };
  }

  /** POST /projects/:id/transitions with the version read; returns null on success, else the failure. */
  async function move(body: Omit<TransitionBody, 'version'>): Promise<WriteFailure | null> {
    if (!project.value) return null;
    try {
      const res = await call(api.POST('/api/v1/projects/{id}/transitions', { params: { path: { id: id.value } }, body: { ...body, version: project.value.version } as TransitionBody }));
      project.value = res.project;
      revision.value++;
      ElMessage.success(`已改为「${res.project.stageLabel}」`);
      return null;
    } catch (err) {
      return failure(err);
    }
  }

  /** 撤销上一步 (manager, admin): POST /projects/:id/transitions/revert with a reason. */
  async function revert(reason: string): Promise<WriteFailure | null> {
    if (!project.value) return null;
    try {
      const res = await call(api.POST('/api/v1/projects/{id}/transitions/revert', { params: { path: { id: id.value } }, body: { version: project.value.version, reason } }));
      project.value = res.project;
      revision.value++;
      ElMessage.success(`已撤销上一步，项目回到「${res.project.stageLabel}」`);
      return null;
    } catch (err) {
      return failure(err);
    }
  }

  /** PATCH /projects/:id with only the changed fields and the version read. */
  async function update(changes: Omit<UpdateBody, 'version'>): Promise<WriteFailure | null> {
    if (!project.value) return null;
    try {
      await call(api.PATCH('/api/v1/projects/{id}', { params: { path: { id: id.value } }, body: { ...changes, version: project.value.version } as UpdateBody }));
      ElMessage.success('已保存');
      await refresh();
      return null;
    } catch (err) {
      return failure(err);
    }
  }

  /** Stage codes → labels from GET /pipeline, for「当前可推进到」. */
  const stageNames = (codes: string[]) => codes.map((c) => reference.stageLabel(c)).join('、');

  watch(id, (v) => {
    if (Number.isFinite(v) && v > 0) void load();
  }, { immediate: true });

  return { id, project, loading, error, notFound, revision, load, refresh, move, revert, update, stageNames };
}

export type ProjectDetailState = ReturnType<typeof useProjectDetail>;
