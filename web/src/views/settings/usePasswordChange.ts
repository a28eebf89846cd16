import { ElMessage } from 'element-plus';
import { reactive, ref } from 'vue';
import { api, ApiError, call } from '../../api/client';
import { useSession } from '../../stores/session';

/** 修改密码: POST /auth/password; the policy is the server's (its messages land on the fields); the fresh token is kept. */
export function usePasswordChange() {
  const session = useSession();
  const form = reactive({ currentPassword: '', newPassword: '', confirm: '' });
  const errors = ref<Record<string, string>>({});
  const failure = ref('');
  const saving = ref(false);
  const done = ref(false);

  async function submit() {
    errors.value = {};
    failure.value = '';
    done.value = false;
    const e: Record<string, string> = {};
    if (!form.currentPassword) e.currentPassword = '请输入当前密码';
    if (!form.newPassword) e.newPassword = '请输入新密码';
    if (form.newPassword && form.confirm !== form.newPassword) e.confirm = '两次输入的新密码不一致';
    if (Object.keys(e).length) {
      errors.value = e;
      return;
    }
    saving.value = true;
    try {
      const res = await call(api.POST('/api/v1/auth/password', { body: { currentPassword: form.currentPassword, newPassword: form.newPassword } }));
      session.setToken(res.accessToken); // every earlier token is revoked; this session stays signed in
      session.user = res.user;
      Object.assign(form, { currentPassword: '', newPassword: '', confirm: '' });
      done.value = true;
      ElMessage.success('密码已修改，其他设备上的登录已失效');
    } catch (err) {
      if (err instanceof ApiError) {
        errors.value = err.fieldErrors();
        if (!Object.keys(errors.value).length) failure.value = err.message;
      } else failure.value = String(err);
    } finally {
      saving.value = false;
    }
  }

  return { form, errors, failure, saving, done, submit };
}
