import { ElMessage } from 'element-plus';
import { onBeforeUnmount, reactive, ref } from 'vue';
import { api, ApiError, call, type Schemas } from '../../api/client';
import { useReference } from '../../stores/reference';

type Job = Schemas['JobResponse'];
type JobName = Schemas['JobName'];

/** What 立即运行 asks for (POST /jobs/:name/run documents one optional parameter per job). */
export const RUN_PARAMETER: Partial<Record<JobName, { field: 'date' | 'month'; label: string; hint: string }>> = {
  'reminders.daily': { field: 'date', label: '提醒日期', hint: '不填为今天；不能晚于今天' },
  'reports.monthly-rollup': { field: 'month', label: '汇总月份', hint: '不填为刚结束的月份；只能是已结束的月份' },
};

/** 后台任务: GET /jobs, POST /jobs/:name/run; after a run is queued the page watches for it to finish. */
export function useJobsAdmin() {
  const jobs = ref<Job[]>([]);
  const health = ref<Schemas['QueueHealthResponse'] | null>(null);
  const loading = ref(false);
  const error = ref('');

  async function load() {
    loading.value = true;
    try {
      const res = await call(api.GET('/api/v1/jobs'));
      jobs.value = res.items;
      health.value = res.health;
      error.value = '';
    } catch (err) {
      error.value = err instanceof ApiError ? err.message : String(err);
    } finally {
      loading.value = false;
    }
  }

  // 立即运行: one dialog, its parameter by job.
  const dialog = ref(false);
  const running = ref<Job | null>(null);
  const params = reactive({ date: '', month: '' });
  const errors = ref<Record<string, string>>({});
  const failure = ref('');
  const saving = ref(false);
  const watching = ref<string | null>(null);
  let timer: ReturnType<typeof setTimeout> | undefined;

  function openRun(job: Job) {
    running.value = job;
    Object.assign(params, { date: '', month: '' });
    errors.value = {};
    failure.value = '';
    dialog.value = true;
  }

  /** Reloads until the queued run shows as finished (or ~30 s pass). */
  function watchRun(jobId: string, tries = 20) {
    clearTimeout(timer);
    watching.value = jobId;
    timer = setTimeout(async () => {
      await load();
      const run = jobs.value.flatMap((j) => j.lastRuns).find((r) => r.jobId === jobId);
      if ((run && run.finishedAt) || tries <= 1) watching.value = null;
      else watchRun(jobId, tries - 1);
    }, 1500);
  }
  onBeforeUnmount(() => clearTimeout(timer));

  async function run() {
    const job = running.value;
    if (!job) return;
    errors.value = {};
    failure.value = '';
    saving.value = true;
    const p = RUN_PARAMETER[job.name];
    const body = p && params[p.field] ? { [p.field]: params[p.field] } : {};
    try {
      const queued = await call(api.POST('/api/v1/jobs/{name}/run', { params: { path: { name: job.name } }, body }));
      ElMessage.success(`已排入运行：${useReference().label('jobNames', job.name)}`);
      dialog.value = false;
      await load();
      watchRun(queued.jobId);
    } catch (err) {
      if (err instanceof ApiError) {
        errors.value = err.fieldErrors();
        failure.value = Object.keys(errors.value).length ? '' : err.message;
      } else failure.value = String(err);
    } finally {
      saving.value = false;
    }
  }

  void load();
  return { jobs, health, loading, error, load, dialog, running, params, errors, failure, saving, watching, openRun, run };
}
