import { ElMessage } from 'element-plus';
import { computed, onBeforeUnmount, ref, watch } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import { ApiError, download } from '../../api/client';
import { importsApi } from './importsApi';
import { stepOf, type Step } from './importFormat';
import type { ImportDetail } from './importTypes';

export { STEPS } from './importFormat';

const message = (err: unknown) => (err instanceof ApiError ? err.message : String(err));

/**
 * 数据导入 wizard (#/imports/new, #/imports/:id): upload → the detected columns → the dry run with
 * its rows and decisions → the commit's progress → the result. The import's status is the truth; the
 * page polls GET /imports/:id while a job (analyse or commit) runs.
 */
/** Bytes as the server words them (src/imports/parse/workbook.ts): 「20 MB」, 「20.5 MB」. */
export const megabytes = (bytes: number): string => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

export function useImportWizard() {
  const route = useRoute();
  const router = useRouter();
  const imp = ref<ImportDetail | null>(null);
  const loading = ref(false);
  const error = ref('');
  const busy = ref(false);
  const id = computed(() => (route.params.id ? Number(route.params.id) : null));
  const step = computed<Step>(() => stepOf(imp.value, String(route.query.step ?? '')));
  const running = computed(() => imp.value?.status === 'analysing' || imp.value?.status === 'committing');
  /** Bumped when the dry run's rows may have changed (a new analysis, decisions): the rows list reloads. */
  const rowsStamp = ref(0);
  /** The server's upload limit (GET /imports says it); null until known — the server refuses a bigger file anyway. */
  const maxUploadBytes = ref<number | null>(null);

  let timer: ReturnType<typeof setTimeout> | undefined;
  let alive = true;
  onBeforeUnmount(() => {
    alive = false;
    clearTimeout(timer);
  });

  async function load() {
    clearTimeout(timer);
    if (!id.value) {
      imp.value = null;
      return;
    }
    const wanted = id.value;
    loading.value = !imp.value;
    try {
      const next = await importsApi.get(wanted);
      if (wanted !== id.value) return;
      const finished = imp.value && imp.value.status !== next.status;
      imp.value = next;
      error.value = '';
      if (finished) rowsStamp.value++;
    } catch (err) {
      error.value = message(err);
    } finally {
      loading.value = false;
    }
    if (alive && running.value) timer = setTimeout(load, 800);
  }

  // 1 上传: the file goes up, the dry run starts at once; the columns it found are shown next.
  async function upload(file: File): Promise<boolean> {
    // A file over the server's limit is refused here, before minutes of uploading from a phone, in the server's words.
    if (maxUploadBytes.value !== null && file.size > maxUploadBytes.value) {
      error.value = `文件过大（${megabytes(file.size)}），上限为 ${megabytes(maxUploadBytes.value)}，请拆分后分批导入`;
      return false;
    }
    busy.value = true;
    error.value = '';
    try {
      const created = await importsApi.upload(file);
      imp.value = null;
      await router.push({ name: 'import', params: { id: String(created.id) }, query: { step: 'mapping' } });
      return true;
    } catch (err) {
      error.value = message(err);
      return false;
    } finally {
      busy.value = false;
    }
  }

  /**
   * A step's request on the import as loaded, the page busy meanwhile, then the import read again; a
   * refusal is shown, and a 409 (someone else moved the import on) reloads it as it now stands.
   */
  async function act(send: (current: ImportDetail) => Promise<unknown>, after?: () => Promise<unknown>) {
    if (!imp.value) return;
    busy.value = true;
    try {
      await send(imp.value);
      await after?.();
      await load();
    } catch (err) {
      ElMessage.error(message(err));
      if (err instanceof ApiError && err.status === 409) await load();
    } finally {
      busy.value = false;
    }
  }

  // 2 核对列: 重新识别 sends the corrected mapping and the dry run runs again.
  const remap = (mapping: { column: number; field: string | null }[]) => act(
    (i) => importsApi.remap(i.id, mapping, i.version),
    () => {
      ElMessage.success('已按新的列对应重新预检');
      return router.replace({ query: {} });
    },
  );

  const toMapping = () => router.replace({ query: { step: 'mapping' } });
  const toCheck = () => router.replace({ query: {} });

  // 3 预检: a decision answers the import with its new counts and version.
  function decided(next: ImportDetail) {
    imp.value = next;
    rowsStamp.value++;
  }

  // 4 导入
  const commit = () => act((i) => importsApi.commit(i.id, i.version));

  const downloading = ref(false);
  async function downloadTemplate() {
    downloading.value = true;
    try {
      await download(importsApi.templateUrl, '招商项目导入模板.xlsx');
    } catch (err) {
      ElMessage.error(message(err));
    } finally {
      downloading.value = false;
    }
  }
  async function downloadErrors() {
    if (!imp.value) return;
    downloading.value = true;
    try {
      await download(importsApi.errorsUrl(imp.value.id), `导入错误清单-${imp.value.id}.xlsx`);
    } catch (err) {
      ElMessage.error(message(err));
    } finally {
      downloading.value = false;
    }
  }

  watch(id, () => {
    imp.value = null;
    void load();
  });
  void load();
  importsApi.list(1, 1).then((page) => (maxUploadBytes.value = page.maxUploadBytes)).catch(() => undefined);

  return { imp, loading, error, busy, step, running, rowsStamp, maxUploadBytes, load, upload, remap, toMapping, toCheck, decided, commit, downloading, downloadTemplate, downloadErrors };
}
