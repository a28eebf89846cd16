import { ElMessage } from 'element-plus';
import { ref } from 'vue';
import { api, ApiError, call, type Schemas } from '../../api/client';
import { useCompanyForm } from './useCompanyForm';

/** 企业详情: GET /companies/{id} (with 重复研判), PATCH with its version; a stale version reloads, keeping what was typed. */
export function useCompanyDetail(id: () => number) {
  const company = ref<Schemas['CompanyDetailResponse'] | null>(null);
  const loading = ref(false);
  const error = ref('');
  const notFound = ref(false);
  /** A merged company answers 404 company_merged naming where it went. */
  const mergedInto = ref<{ id: number; name: string } | null>(null);
  const editing = ref(false);
  const saving = ref(false);
  const stale = ref('');
  const f = useCompanyForm();

  async function load() {
    loading.value = true;
    error.value = '';
    notFound.value = false;
    mergedInto.value = null;
    try {
      company.value = await call(api.GET('/api/v1/companies/{id}', { params: { path: { id: id() } } }));
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) {
        notFound.value = true;
        mergedInto.value = (err.body.mergedInto as { id: number; name: string } | undefined) ?? null;
      }
      error.value = err instanceof ApiError ? err.message : String(err);
    } finally {
      loading.value = false;
    }
  }

  function fill(c: Schemas['CompanyResponse']) {
    Object.assign(f.form, {
      name: c.name, creditCode: c.creditCode ?? '', tier: c.tier ?? '', region: c.region ?? '',
      address: c.address ?? '', industry: c.industry ?? '', description: c.description ?? '',
    });
  }

  function startEdit() {
    if (!company.value) return;
    fill(company.value);
    f.clearErrors();
    stale.value = '';
    editing.value = true;
  }

  async function save() {
    if (!company.value) return;
    f.clearErrors();
    stale.value = '';
    if (!f.form.name.trim()) {
      f.failure.value = '请填写企业名称';
      return;
    }
    if (f.creditCodeHint.value) return;
    saving.value = true;
    try {
      const body: Schemas['UpdateCompanyDto'] = { ...f.body({ nulls: true }), version: company.value.version };
      await call(api.PATCH('/api/v1/companies/{id}', { params: { path: { id: company.value.id } }, body }));
      ElMessage.success('已保存');
      editing.value = false;
      await load();
    } catch (err) {
      if (err instanceof ApiError && err.code === 'stale_version') {
        // someone else saved first: show their version, keep the form as typed, the next save carries the new version
        stale.value = '已被他人修改：上方已载入最新内容，您填写的修改仍保留在表单中，请核对后再保存。';
        await load();
      } else f.refused(err);
    } finally {
      saving.value = false;
    }
  }

  return { company, loading, error, notFound, mergedInto, editing, saving, stale, f, load, startEdit, save };
}
