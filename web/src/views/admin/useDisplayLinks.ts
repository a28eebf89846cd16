import { ElMessage, ElMessageBox } from 'element-plus';
import { onMounted, reactive, ref } from 'vue';
import { api, ApiError, call, type Schemas } from '../../api/client';

export type DisplayLink = Schemas['DisplayLinkResponse'];

/** The screen's address on the origin the admin is using (what the wall's browser opens). */
export const displayUrl = (key: string): string => `${window.location.origin}${window.location.pathname}#/display?key=${encodeURIComponent(key)}`;

/** Copies text; a page served over plain http has no Clipboard API, so the old way is tried next. */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.appendChild(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    return ok;
  }
}

/** 大屏链接 (admin): the links, making one (its address shown once, to copy) and revoking one. */
export function useDisplayLinks() {
  const rows = ref<DisplayLink[]>([]);
  const loading = ref(false);
  const error = ref('');
  const form = reactive({ open: false, name: '', saving: false, fieldError: '' });
  /** the link just made: its address is shown this once */
  const created = ref<{ name: string; url: string } | null>(null);

  async function load() {
    loading.value = true;
    error.value = '';
    try {
      rows.value = (await call(api.GET('/api/v1/display-links'))).items;
    } catch (err) {
      error.value = err instanceof ApiError ? err.message : String(err);
    } finally {
      loading.value = false;
    }
  }

  function startCreate() {
    Object.assign(form, { open: true, name: '', fieldError: '' });
  }

  async function create() {
    form.saving = true;
    form.fieldError = '';
    try {
      const link = await call(api.POST('/api/v1/display-links', { body: { name: form.name.trim() } }));
      form.open = false;
      created.value = { name: link.name, url: displayUrl(link.key) };
      await load();
    } catch (err) {
      if (err instanceof ApiError) form.fieldError = err.fieldErrors().name ?? err.message;
      else form.fieldError = String(err);
    } finally {
      form.saving = false;
    }
  }

  async function copy(url: string) {
    if (await copyText(url)) ElMessage.success('地址已复制，请在大屏的浏览器中打开');
    else ElMessage.warning('无法自动复制，请选中地址后手动复制');
  }

  async function revoke(link: DisplayLink) {
    try {
      await ElMessageBox.confirm(`撤销「${link.name}」后，正在使用它的大屏将显示「此大屏链接已失效」，且不能恢复。`, '撤销大屏链接', {
        type: 'warning', confirmButtonText: '撤销', cancelButtonText: '取消',
      });
    } catch {
      return;
    }
    try {
      await call(api.DELETE('/api/v1/display-links/{id}', { params: { path: { id: link.id } } }));
      ElMessage.success(`已撤销「${link.name}」`);
      await load();
    } catch (err) {
      ElMessage.error(err instanceof ApiError ? err.message : String(err));
    }
  }

  onMounted(load);
  return { rows, loading, error, form, created, load, startCreate, create, copy, revoke };
}
