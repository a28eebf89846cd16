import { ElMessage, ElMessageBox } from 'element-plus';
import { reactive, ref } from 'vue';
import { api, ApiError, call, type Schemas } from '../../api/client';
import { useLatestPage } from '../../components/useLatestPage';
import { usePeople } from '../../stores/people';
import { useFormErrors } from '../../components/useFormErrors';

type User = Schemas['UserResponse'];
type Role = Schemas['Role'];
type DataScope = Schemas['DataScope'];

export interface UserFilters { q: string; role: '' | Role; teamId: string; active: '' | 'true' | 'false' }

/** The create / edit form: a new account also has an e-mail and a first password. */
export interface UserForm { email: string; name: string; password: string; role: Role; dataScope: '' | DataScope; teamId: string; phone: string }

const emptyForm = (): UserForm => ({ email: '', name: '', password: '', role: 'officer', dataScope: '', teamId: '', phone: '' });

/** A password the admin can read out or copy: 14 characters without look-alikes. */
export function suggestPassword(): string {
  const chars = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = crypto.getRandomValues(new Uint8Array(14));
  return Array.from(bytes, (b) => chars[b % chars.length]).join('');
}

/** 用户管理: GET/POST/PATCH /users, POST /users/:id/password and /unlock. */
export function useUsersAdmin() {
  const filters = reactive<UserFilters>({ q: '', role: '', teamId: '', active: '' });
  const page = ref(1);
  const pageSize = ref(20);
  const { rows, total, loading, error, load } = useLatestPage(() => {
    const query: NonNullable<import('../../api/schema').operations['Users_list']['parameters']['query']> = { page: page.value, pageSize: pageSize.value };
    if (filters.q.trim()) query.q = filters.q.trim();
    if (filters.role) query.role = filters.role;
    if (filters.teamId) query.teamId = Number(filters.teamId);
    if (filters.active) query.active = filters.active === 'true';
    return call(api.GET('/api/v1/users', { params: { query } }));
  });

  const search = () => ((page.value = 1), load());
  function reset() {
    Object.assign(filters, { q: '', role: '', teamId: '', active: '' });
    return search();
  }
  const setPage = (p: number) => ((page.value = p), load());
  const setPageSize = (s: number) => ((pageSize.value = s), (page.value = 1), load());

  // The create / edit dialog.
  const dialog = ref(false);
  const editing = ref<User | null>(null);
  const form = reactive<UserForm>(emptyForm());
  const { errors, failure, reset: resetErrors, refused } = useFormErrors('email');
  const saving = ref(false);

  function openCreate() {
    editing.value = null;
    Object.assign(form, emptyForm(), { password: suggestPassword() });
    resetErrors();
    dialog.value = true;
  }
  function openEdit(u: User) {
    editing.value = u;
    Object.assign(form, { email: u.email, name: u.name, password: '', role: u.role, dataScope: u.dataScope, teamId: u.teamId ? String(u.teamId) : '', phone: u.phone ?? '' });
    resetErrors();
    dialog.value = true;
  }

  async function save() {
    resetErrors();
    saving.value = true;
    const common = { name: form.name.trim(), role: form.role, teamId: form.teamId ? Number(form.teamId) : null, phone: form.phone.trim() || null, ...(form.dataScope ? { dataScope: form.dataScope } : {}) };
    try {
      if (editing.value) {
        await call(api.PATCH('/api/v1/users/{id}', { params: { path: { id: editing.value.id } }, body: common }));
        ElMessage.success(`已保存：${common.name}`);
      } else {
        const created = await call(api.POST('/api/v1/users', { body: { ...common, email: form.email.trim(), password: form.password } }));
        ElMessage.success(`已新建用户：${created.name}`);
      }
      dialog.value = false;
      usePeople().reset();
      await load();
    } catch (err) {
      refused(err);
    } finally {
      saving.value = false;
    }
  }

  async function setActive(u: User, active: boolean) {
    if (!active) {
      const ok = await ElMessageBox.confirm(`停用后「${u.name}」不能再登录，已登录的会话立即失效。`, '停用用户', { confirmButtonText: '停用', cancelButtonText: '取消', type: 'warning' }).catch(() => false);
      if (!ok) return;
    }
    try {
      await call(api.PATCH('/api/v1/users/{id}', { params: { path: { id: u.id } }, body: { active } }));
      ElMessage.success(active ? `已启用：${u.name}` : `已停用：${u.name}`);
      usePeople().reset();
      await load();
    } catch (err) {
      ElMessage.error(err instanceof ApiError ? err.message : String(err));
    }
  }

  // 重置密码: the admin types (or takes the suggested) new password; it is shown until the dialog closes.
  const pwDialog = ref(false);
  const pwUser = ref<User | null>(null);
  const newPassword = ref('');
  const pwError = ref('');
  const pwDone = ref(false);
  function openPassword(u: User) {
    pwUser.value = u;
    newPassword.value = suggestPassword();
    pwError.value = '';
    pwDone.value = false;
    pwDialog.value = true;
  }
  async function resetPassword() {
    if (!pwUser.value) return;
    pwError.value = '';
    saving.value = true;
    try {
      await call(api.POST('/api/v1/users/{id}/password', { params: { path: { id: pwUser.value.id } }, body: { password: newPassword.value } }));
      pwDone.value = true;
    } catch (err) {
      pwError.value = err instanceof ApiError ? (err.fieldErrors().password ?? err.message) : String(err);
    } finally {
      saving.value = false;
    }
  }

  async function unlock(u: User) {
    try {
      const res = await call(api.POST('/api/v1/users/{id}/unlock', { params: { path: { id: u.id } } }));
      ElMessage.success(res.failuresCleared ? `已解除「${u.name}」的登录锁定` : `「${u.name}」没有被锁定`);
    } catch (err) {
      ElMessage.error(err instanceof ApiError ? err.message : String(err));
    }
  }

  void load();
  return {
    filters, rows, total, loading, error, page, pageSize, search, reset, setPage, setPageSize,
    dialog, editing, form, errors, failure, saving, openCreate, openEdit, save, setActive,
    pwDialog, pwUser, newPassword, pwError, pwDone, openPassword, resetPassword, suggestPassword, unlock,
  };
}
