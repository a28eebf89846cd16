import { ElMessage } from 'element-plus';
import { reactive, ref } from 'vue';
import { api, call, type Schemas } from '../../api/client';
import { useLatestPage } from '../../components/useLatestPage';
import { usePeople } from '../../stores/people';
import { useFormErrors } from '../../components/useFormErrors';

type Team = Schemas['TeamResponse'];
export interface TeamForm { name: string; description: string; active: boolean }

/** 团队管理: GET/POST/PATCH /teams (every team on one page; the search filters it here). */
export function useTeamsAdmin() {
  const keyword = ref('');
  const showInactive = ref(true);
  const { rows, loading, error, load } = useLatestPage(() => call(api.GET('/api/v1/teams')));
  const visible = () => rows.value.filter((t) => (showInactive.value || t.active) && (!keyword.value.trim() || t.name.includes(keyword.value.trim())));

  const dialog = ref(false);
  const editing = ref<Team | null>(null);
  const form = reactive<TeamForm>({ name: '', description: '', active: true });
  const { errors, failure, reset: resetErrors, refused } = useFormErrors('name');
  const saving = ref(false);

  function open(t: Team | null) {
    editing.value = t;
    Object.assign(form, t ? { name: t.name, description: t.description ?? '', active: t.active } : { name: '', description: '', active: true });
    resetErrors();
    dialog.value = true;
  }

  async function save() {
    resetErrors();
    saving.value = true;
    const body = { name: form.name.trim(), description: form.description.trim() || null };
    try {
      if (editing.value) {
        await call(api.PATCH('/api/v1/teams/{id}', { params: { path: { id: editing.value.id } }, body: { ...body, active: form.active } }));
        ElMessage.success(`已保存：${body.name}`);
      } else {
        await call(api.POST('/api/v1/teams', { body }));
        ElMessage.success(`已新建团队：${body.name}`);
      }
      dialog.value = false;
      usePeople().reset(); // the team pickers elsewhere read the new list
      await load();
    } catch (err) {
      refused(err);
    } finally {
      saving.value = false;
    }
  }

  void load();
  return { keyword, showInactive, rows, visible, loading, error, load, dialog, editing, form, errors, failure, saving, open, save };
}
