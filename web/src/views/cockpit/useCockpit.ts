import { computed, ref, shallowRef, watch } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import { api, ApiError, call, type Schemas } from '../../api/client';
import { currentPeriod, periodOf, takePrefetched } from './period';

export type Summary = Schemas['SummaryResponse'];
export type Indicator = Schemas['IndicatorResponse'];
export type ProjectRow = Schemas['ProjectResponse'];
export type Series = Schemas['SeriesResponse'];

/** 督办 per team: red and yellow counts (GET /projects?light=… totals, in the caller's scope). */
export interface TeamLights {
  teamId: number;
  teamName: string;
  red: number;
  yellow: number;
}

const FLAGGED_PAGE = 10;
export { currentPeriod };

/**
 * The cockpit's state: the period (year + month, in the URL), the summary for it and the caller's
 * scope, the year's series, the 督办 overview and the key projects. Each call's answer is kept only if
 * the period has not changed meanwhile.
 */
export function useCockpit() {
  const route = useRoute();
  const router = useRouter();
  const now = currentPeriod();
  const period = computed(() => periodOf(route.query));

  const summary = shallowRef<Summary | null>(null);
  const series = shallowRef<Series | null>(null);
  const flagged = shallowRef<ProjectRow[]>([]);
  const flaggedTotal = ref(0);
  /** null until asked for and loaded */
  const teamLights = shallowRef<TeamLights[] | null>(null);
  const keyProjects = shallowRef<ProjectRow[]>([]);
  const keyTotal = ref(0);
  const loading = ref(false);
  const loaded = ref(false);
  const error = ref('');
  let seq = 0;

  const years = computed(() => Array.from({ length: now.year - 2000 + 1 }, (_, i) => now.year - i).slice(0, 15));
  const months = computed(() => Array.from({ length: period.value.year === now.year ? now.month : 12 }, (_, i) => i + 1));

  function setPeriod(year: number, month: number) {
    const maxMonth = year === now.year ? now.month : 12;
    void router.push({ query: { year: String(year), month: String(Math.min(month, maxMonth)) } });
  }

  async function teamLightsOf(teams: { code: string | null; label: string }[]): Promise<TeamLights[]> {
    const count = (teamId: number, light: string) =>
      call(api.GET('/api/v1/projects', { params: { query: { light, teamId, pageSize: 1 } } })).then((r) => r.total);
    const rows: TeamLights[] = [];
    for (const t of teams) {
      if (t.code === null) continue; // a few at a time: one team's two counts, then the next
      const id = Number(t.code);
      const [red, yellow] = await Promise.all([count(id, 'red'), count(id, 'yellow')]);
      rows.push({ teamId: id, teamName: t.label, red, yellow });
    }
    return rows.sort((a, b) => b.red - a.red || b.yellow - a.yellow);
  }

  /** The figures of the period (summary, and the year's series unless already there): what data-ready waits on. */
  async function load() {
    const mine = ++seq;
    const { year, month } = period.value;
    loading.value = true;
    error.value = '';
    try {
      const early = takePrefetched(year, month);
      const [s, y] = await Promise.all([
        early?.summary ?? call(api.GET('/api/v1/reports/summary', { params: { query: { year, month } } })),
        series.value?.year === year ? Promise.resolve(series.value) : (early?.series ?? call(api.GET('/api/v1/reports/series', { params: { query: { year } } }))),
      ]);
      if (mine !== seq) return;
      summary.value = s;
      series.value = y;
      loaded.value = true;
      teamLights.value = null;
      if (lightsWanted) void loadTeamLights(mine, s);
      if (!listsLoaded) void loadLists();
    } catch (err) {
      if (mine === seq) error.value = err instanceof ApiError ? err.message : String(err);
    } finally {
      if (mine === seq) loading.value = false;
    }
  }

  /**
   * 督办 and 重点项目 are today's state, not the period's: loaded once, after the figures (the server
   * answers the figures first).
   */
  let listsLoaded = false;
  async function loadLists() {
    listsLoaded = true;
    try {
      const [f, k] = await Promise.all([
        call(api.GET('/api/v1/projects', { params: { query: { light: 'red,yellow', pageSize: FLAGGED_PAGE, sort: 'lastActivityOn:asc' } } })),
        call(api.GET('/api/v1/projects', { params: { query: { isKeyProject: true, pageSize: 20, sort: 'plannedInvestment:desc' } } })),
      ]);
      flagged.value = f.items;
      flaggedTotal.value = f.total;
      keyProjects.value = k.items;
      keyTotal.value = k.total;
    } catch (err) {
      listsLoaded = false;
      error.value = err instanceof ApiError ? err.message : String(err);
    }
  }

  function reload() {
    listsLoaded = false;
    series.value = null;
    void load();
  }

  /**
   * The 督办 counts per team (two counts a team) load when their panel first comes into view, not with the
   * figures: with many teams they would keep the server busy while a leader clicks a figure.
   */
  let lightsWanted = false;
  function wantTeamLights() {
    if (lightsWanted) return;
    lightsWanted = true;
    if (summary.value && !loading.value) void loadTeamLights(seq, summary.value);
  }
  async function loadTeamLights(mine: number, s: Summary) {
    try {
      const lights = await teamLightsOf(s.breakdowns.team);
      if (mine === seq) teamLights.value = lights;
    } catch (err) {
      if (mine === seq) error.value = err instanceof ApiError ? err.message : String(err);
    }
  }

  watch(
    () => [route.name, period.value.year, period.value.month] as const,
    ([name]) => {
      if (name === 'cockpit') void load();
    },
    { immediate: true },
  );

  return { period, years, months, setPeriod, summary, series, flagged, flaggedTotal, teamLights, wantTeamLights, keyProjects, keyTotal, loading, loaded, error, reload };
}
