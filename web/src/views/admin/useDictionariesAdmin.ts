import { ElMessage } from 'element-plus';
import { reactive, ref, watch } from 'vue';
import { api, ApiError, call, type Schemas } from '../../api/client';
import { useLatestPage } from '../../components/useLatestPage';
import { useReference } from '../../stores/reference';
import { useFormErrors } from '../../components/useFormErrors';

type Kind = Schemas['DictionaryKind'];
type Entry = Schemas['DictionaryEntryResponse'];
export interface EntryForm { code: string; label: string; category: string; sortOrder: number | undefined }

/** 字典管理: GET /dictionaries (the kinds), GET/POST/PATCH /dictionaries/:kind[/:code]. A code never changes once created. */
export function useDictionariesAdmin() {
  const reference = useReference();
  const kinds = ref<Kind[]>([]);
  const kind = ref<Kind>('industry-chains');
  const { rows, loading, error, load } = useLatestPage(() =>
    call(api.GET('/api/v1/dictionaries/{kind}', { params: { path: { kind: kind.value }, query: { includeInactive: true } } })),
  );
  watch(kind, () => void load());

  async function loadKinds() {
    try {
      kinds.value = [...(await call(api.GET('/api/v1/dictionaries'))).items];
    } catch (err) {
      error.value = err instanceof ApiError ? err.message : String(err);
    }
  }
  const kindLabel = (k: string) => reference.label('dictionaryKinds', k);

  /** The other pages' pickers read the dictionaries from the reference store: reload it after a change. */
  function refreshReference() {
    reference.reset();
    void reference.load().catch(() => undefined);
  }

  const dialog = ref(false);
  const editing = ref<Entry | null>(null);
  const form = reactive<EntryForm>({ code: '', label: '', category: '', sortOrder: undefined });
  const { errors, failure, reset: resetErrors, refused } = useFormErrors('code');
  const saving = ref(false);

  function open(e: Entry | null) {
    editing.value = e;
    const next = rows.value.reduce((m, r) => Math.max(m, r.sortOrder), 0) + 10;
    Object.assign(form, e ? { code: e.code, label: e.label, category: e.category ?? '', sortOrder: e.sortOrder } : { code: '', label: '', category: '', sortOrder: next });
    resetErrors();
    dialog.value = true;
  }

  async function save() {
    resetErrors();
    saving.value = true;
    const body = { label: form.label.trim(), category: form.category.trim() || null, ...(form.sortOrder !== undefined && { sortOrder: form.sortOrder }) };
    try {
      if (editing.value) {
        await call(api.PATCH('/api/v1/dictionaries/{kind}/{code}', { params: { path: { kind: kind.value, code: editing.value.code } }, body }));
        ElMessage.success(`已保存：${body.label}`);
      } else {
        await call(api.POST('/api/v1/dictionaries/{kind}', { params: { path: { kind: kind.value } }, body: { ...body, code: form.code.trim() } }));
        ElMessage.success(`已新增：${body.label}`);
      }
      dialog.value = false;
      refreshReference();
      await load();
    } catch (err) {
      refused(err);
    } finally {
      saving.value = false;
    }
  }

  async function setActive(e: Entry, active: boolean) {
    try {
      await call(api.PATCH('/api/v1/dictionaries/{kind}/{code}', { params: { path: { kind: kind.value, code: e.code } }, body: { active } }));
      ElMessage.success(active ? `已启用：${e.label}` : `已停用：${e.label}（旧记录仍显示该名称）`);
      refreshReference();
      await load();
    } catch (err) {
      ElMessage.error(err instanceof ApiError ? err.message : String(err));
    }
  }

  void loadKinds();
  void load();
  return { kinds, kind, kindLabel, rows, loading, error, load, dialog, editing, form, errors, failure, saving, open, save, setActive };
}
