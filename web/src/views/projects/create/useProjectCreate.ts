import { ElMessage } from 'element-plus';
import { computed, reactive, ref, watch } from 'vue';
import { useRouter } from 'vue-router';
import { api, ApiError, call, type Schemas } from '../../../api/client';
import { today } from '../../../format';
import { useSession } from '../../../stores/session';

type Duplicate = Schemas['PossibleDuplicateResponse'];
type Company = Schemas['CompanyResponse'];
export type CreateProjectBody = Schemas['CreateProjectDto'];

export interface ProjectForm {
  name: string;
  industryChain: string;
  park: string;
  sourceChannel: string;
  sourceRegion: string;
  plannedInvestment: number | undefined;
  expectedAnnualOutput: number | undefined;
  expectedAnnualTax: number | undefined;
  landArea: number | undefined;
  jobs: number | undefined;
  ownerId: string;
  leaderInCharge: string;
  code: string;
  isKeyProject: boolean;
  keyProjectLevel: string;
  description: string;
  createdOn: string;
}

function blankForm(): ProjectForm {
  return {
    name: '', industryChain: '', park: '', sourceChannel: '', sourceRegion: '', plannedInvestment: undefined, expectedAnnualOutput: undefined,
    expectedAnnualTax: undefined, landArea: undefined, jobs: undefined, ownerId: '', leaderInCharge: '', code: '', isKeyProject: false, keyProjectLevel: '', description: '', createdOn: today(),
  };
}

/** The form → CreateProjectDto: empty fields left out, the owner as a number. */
export function toBody(form: ProjectForm, companyId: number): CreateProjectBody {
  const body: Record<string, unknown> = { name: form.name.trim(), companyId, industryChain: form.industryChain };
  for (const k of ['code', 'park', 'sourceChannel', 'sourceRegion', 'leaderInCharge', 'description', 'createdOn'] as const) if (form[k].trim()) body[k] = form[k].trim();
  for (const k of ['plannedInvestment', 'expectedAnnualOutput', 'expectedAnnualTax', 'landArea', 'jobs'] as const) if (form[k] !== undefined && form[k] !== null) body[k] = form[k];
  if (form.ownerId) body.ownerId = Number(form.ownerId);
  if (form.isKeyProject) {
    body.isKeyProject = true;
    if (form.keyProjectLevel) body.keyProjectLevel = form.keyProjectLevel;
  }
  return body as unknown as CreateProjectBody;
}

/**
 * 新建项目: pick (or register) the investor, type the project, see the 撞单 warnings from
 * POST /duplicates/check before saving, and confirm explicitly to create a project that has them.
 */
export function useProjectCreate() {
  const router = useRouter();
  const session = useSession();
  const company = ref<Company | null>(null);
  const form = reactive<ProjectForm>(blankForm());
  const fieldErrors = ref<Record<string, string>>({});
  const duplicates = ref<Duplicate[]>([]);
  const checking = ref(false);
  const saving = ref(false);
  const confirmDuplicates = ref(false);
  const error = ref('');
  let checkSeq = 0;

  async function check() {
    const mine = ++checkSeq;
    if (!company.value) {
      duplicates.value = [];
      return;
    }
    checking.value = true;
    try {
      const res = await call(api.POST('/api/v1/duplicates/check', { body: { project: { companyId: company.value.id, ...(form.industryChain ? { industryChain: form.industryChain } : {}) } } }));
      if (mine === checkSeq) duplicates.value = res.possibleDuplicates;
    } catch {
      // The warnings are advisory: the create response carries them too.
    } finally {
      if (mine === checkSeq) checking.value = false;
    }
  }

  watch(() => [company.value?.id, form.industryChain], () => {
    confirmDuplicates.value = false;
    void check();
  });

  const needsConfirmation = computed(() => duplicates.value.length > 0 && !confirmDuplicates.value);

  async function submit(): Promise<void> {
    error.value = '';
    fieldErrors.value = {};
    if (!company.value) {
      fieldErrors.value = { companyId: '请选择或登记投资企业' };
      return;
    }
    if (needsConfirmation.value) {
      error.value = '存在疑似重复的项目，请核实后勾选「仍然创建」';
      return;
    }
    saving.value = true;
    try {
      const created = await call(api.POST('/api/v1/projects', { body: toBody(form, company.value.id) }));
      ElMessage.success(`已创建项目「${created.name}」`);
      await router.push({ name: 'project', params: { id: created.id } });
    } catch (err) {
      if (err instanceof ApiError) {
        fieldErrors.value = err.fieldErrors();
        error.value = err.message;
      } else error.value = String(err);
    } finally {
      saving.value = false;
    }
  }

  return { session, company, form, fieldErrors, duplicates, checking, saving, confirmDuplicates, needsConfirmation, error, submit };
}
