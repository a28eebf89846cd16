import { computed, reactive, ref, watch } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import { ElMessage, ElMessageBox } from 'element-plus';
import { api, ApiError, call, type Schemas } from '../../api/client';
import { usePeople } from '../../stores/people';

type Target = Schemas['TargetResponse'];

/** The five annual figures as typed (money in 万元; null while empty). */
export interface Figures {
  signedInvestment: number | null;
  fundsInPlace: number | null;
  signings: number | null;
  constructionStarts: number | null;
  productionStarts: number | null;
}

/** The five figures in the order the page shows them, with their labels and units. */
export const FIGURES: { key: keyof Figures; label: string; money: boolean }[] = [
  { key: 'signedInvestment', label: '签约投资（万元）', money: true },
  { key: 'fundsInPlace', label: '实际到位资金（万元）', money: true },
  { key: 'signings', label: '新签约项目（个）', money: false },
  { key: 'constructionStarts', label: '新开工项目（个）', money: false },
  { key: 'productionStarts', label: '新投产项目（个）', money: false },
];

const emptyFigures = (): Figures => ({ signedInvestment: null, fundsInPlace: null, signings: null, constructionStarts: null, productionStarts: null });
const figuresOf = (t: Figures): Figures => ({
  signedInvestment: t.signedInvestment, fundsInPlace: t.fundsInPlace, signings: t.signings, constructionStarts: t.constructionStarts, productionStarts: t.productionStarts,
});

/** One team on the page: its own targets, or none (「未设目标」). */
export interface TeamRow {
  teamId: number;
  teamName: string;
  active: boolean;
  figures: Figures | null;
}

export interface Exclusion {
  projectId: number;
  projectName: string;
  reason: string;
}

/** The years an admin may pick: five back, two ahead (a new year is set up before it starts). */
export function yearChoices(current: number): number[] {
  const out: number[] = [];
  for (let y = current + 2; y >= current - 5; y--) out.push(y);
  return out;
}

/**
 * 年度目标与统计口径 (admin): one year's district targets, each team's own targets, the minimum
 * amount, framework agreements and the exclusions, edited together and saved as one version of
 * the year (GET/PUT /targets/:year). A save on a stale copy answers 409: the page says
 * 「已被他人修改」 and offers to reload, keeping what was typed until then.
 */
export function useTargetsAdmin() {
  const people = usePeople();
  const route = useRoute();
  const router = useRouter();
  // the year lives in the URL (#/admin/targets?year=2027): a reload or a shared link opens the same year
  const fromUrl = Number(route.query.year);
  const year = ref(Number.isInteger(fromUrl) && fromUrl >= 2000 && fromUrl <= 2100 ? fromUrl : new Date().getFullYear());
  watch(year, (y) => void router.replace({ query: { ...route.query, year: String(y) } }));
  const loading = ref(false);
  const saving = ref(false);
  const loaded = ref<Target | null>(null);
  const district = reactive<Figures>(emptyFigures());
  const teams = ref<TeamRow[]>([]);
  const conventions = reactive({ hasMinimum: false, minContractAmount: null as number | null, frameworkAgreementsCount: true });
  const exclusions = ref<Exclusion[]>([]);
  const errors = ref<Record<string, string>>({});
  const failure = ref('');

  const status = computed(() => {
    const t = loaded.value;
    if (!t) return '';
    return t.stored ? `已设置（第 ${t.version} 版）` : '尚未设置：以下为默认目标，保存后生效';
  });

  async function load() {
    loading.value = true;
    failure.value = '';
    errors.value = {};
    try {
      const [t] = await Promise.all([call(api.GET('/api/v1/targets/{year}', { params: { path: { year: year.value } } })), people.loadTeams()]);
      loaded.value = t;
      Object.assign(district, figuresOf(t));
      conventions.hasMinimum = t.minContractAmount !== null;
      conventions.minContractAmount = t.minContractAmount;
      conventions.frameworkAgreementsCount = t.frameworkAgreementsCount;
      exclusions.value = t.exclusions.map((e) => ({ projectId: e.projectId, projectName: e.projectName, reason: e.reason }));
      const own = new Map(t.teams.map((x) => [x.teamId, x]));
      // every team that exists (inactive ones only when they still have a target), then its own targets or none
      teams.value = people.teams
        .filter((team) => team.active || own.has(team.id))
        .map((team) => {
          const o = own.get(team.id);
          return { teamId: team.id, teamName: team.name, active: team.active, figures: o ? figuresOf(o) : null };
        });
    } catch (err) {
      failure.value = err instanceof ApiError ? err.message : String(err);
    } finally {
      loading.value = false;
    }
  }

  function setTeamTarget(row: TeamRow) {
    row.figures = emptyFigures();
  }
  function clearTeamTarget(row: TeamRow) {
    row.figures = null;
  }

  function addExclusion(project: { id: number; name: string }, reason: string): boolean {
    if (exclusions.value.some((e) => e.projectId === project.id)) {
      ElMessage.warning(`「${project.name}」已在不计入名单中`);
      return false;
    }
    exclusions.value.push({ projectId: project.id, projectName: project.name, reason: reason.trim() });
    return true;
  }
  function removeExclusion(projectId: number) {
    exclusions.value = exclusions.value.filter((e) => e.projectId !== projectId);
  }

  /** Projects by name or company for the exclusion picker (GET /projects?q=). */
  async function searchProjects(q: string): Promise<{ id: number; name: string; companyName: string }[]> {
    if (!q.trim()) return [];
    const res = await call(api.GET('/api/v1/projects', { params: { query: { q: q.trim(), page: 1, pageSize: 20 } } }));
    return res.items.map((p) => ({ id: p.id, name: p.name, companyName: p.companyName ?? '' }));
  }

  function body() {
    const n = (v: number | null) => v ?? (undefined as unknown as number);
    return {
      signedInvestment: n(district.signedInvestment),
      fundsInPlace: n(district.fundsInPlace),
      signings: n(district.signings),
      constructionStarts: n(district.constructionStarts),
      productionStarts: n(district.productionStarts),
      minContractAmount: conventions.hasMinimum ? n(conventions.minContractAmount) : null,
      frameworkAgreementsCount: conventions.frameworkAgreementsCount,
      exclusions: exclusions.value.map((e) => ({ projectId: e.projectId, reason: e.reason })),
      teams: teams.value
        .filter((t): t is TeamRow & { figures: Figures } => t.figures !== null)
        .map((t) => ({ teamId: t.teamId, ...figuresOf(t.figures) }) as Schemas['TeamTargetDto']),
      ...(loaded.value?.version ? { version: loaded.value.version } : {}),
    };
  }

  async function save() {
    saving.value = true;
    errors.value = {};
    failure.value = '';
    try {
      const t = await call(api.PUT('/api/v1/targets/{year}', { params: { path: { year: year.value } }, body: body() }));
      ElMessage.success(`${year.value} 年度目标与统计口径已保存`);
      loaded.value = t;
      await load();
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        failure.value = '已被他人修改：请重新加载后再改（您的输入仍在页面上）';
        try {
          await ElMessageBox.confirm('这一年的目标已被他人修改。重新加载将显示最新内容，您未保存的修改会丢失。', '已被他人修改', {
            type: 'warning', confirmButtonText: '重新加载', cancelButtonText: '暂不',
          });
          await load();
        } catch {
          // kept what was typed
        }
      } else if (err instanceof ApiError) {
        errors.value = err.fieldErrors();
        failure.value = err.message;
      } else {
        failure.value = String(err);
      }
    } finally {
      saving.value = false;
    }
  }

  /** The message of a field (or of a team's / an exclusion's entry) the server refused. */
  function errorOf(field: string): string {
    return errors.value[field] ?? '';
  }

  return {
    year, loading, saving, loaded, status, district, teams, conventions, exclusions, failure, errorOf,
    load, save, setTeamTarget, clearTeamTarget, addExclusion, removeExclusion, searchProjects,
  };
}
