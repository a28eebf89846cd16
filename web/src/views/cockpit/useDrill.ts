import { inject, provide, ref, shallowRef, type InjectionKey, type Ref } from 'vue';
import { api, ApiError, call, type Schemas } from '../../api/client';

type DrillQuery = NonNullable<import('../../api/schema').operations['Drill_drill']['parameters']['query']>;
/** What a click asks for: GET /reports/drill's own parameters, less the page; the period defaults to the cockpit's. */
export type DrillAsk = Omit<DrillQuery, 'year' | 'month' | 'page' | 'pageSize'> & Partial<Pick<DrillQuery, 'year' | 'month'>>;
export type DrillAnswer = Schemas['DrillPageResponse'];
type ActivitiesQuery = NonNullable<import('../../api/schema').operations['Activities_list']['parameters']['query']>;

/** An activity figure's list: GET /activities with the figure's filters; `guests` sums 客商人次 instead of counting. */
export interface ActivityAsk {
  title: string;
  query: Omit<ActivitiesQuery, 'page' | 'pageSize'>;
  measure: 'count' | 'guests';
}

export interface Drill {
  open: Ref<boolean>;
  mode: Ref<'projects' | 'activities'>;
  loading: Ref<boolean>;
  error: Ref<string>;
  page: Ref<number>;
  pageSize: Ref<number>;
  answer: Ref<DrillAnswer | null>;
  activityAsk: Ref<ActivityAsk | null>;
  activities: Ref<Schemas['ActivityPage'] | null>;
  projects: (ask: DrillAsk) => void;
  activityList: (ask: ActivityAsk) => void;
  setPage: (p: number) => void;
  setPageSize: (s: number) => void;
}

const KEY: InjectionKey<Drill> = Symbol('drill');

/**
 * The drill-down behind every figure: a drawer with the list of exactly what makes the figure
 * (GET /reports/drill for projects, GET /activities for activity figures), paged, for the period the
 * cockpit shows. Only the latest call's answer is kept.
 */
export function provideDrill(period: () => { year: number; month: number }): Drill {
  const open = ref(false);
  const mode = ref<'projects' | 'activities'>('projects');
  const loading = ref(false);
  const error = ref('');
  const page = ref(1);
  const pageSize = ref(20);
  const answer = shallowRef<DrillAnswer | null>(null);
  const activities = shallowRef<Schemas['ActivityPage'] | null>(null);
  const activityAsk = shallowRef<ActivityAsk | null>(null);
  let ask: DrillAsk | null = null;
  let seq = 0;

  async function load() {
    const mine = ++seq;
    loading.value = true;
    error.value = '';
    try {
      if (mode.value === 'projects' && ask) {
        const res = await call(api.GET('/api/v1/reports/drill', { params: { query: { ...period(), ...ask, page: page.value, pageSize: pageSize.value } } }));
        if (mine === seq) answer.value = res;
      } else if (activityAsk.value) {
        const res = await call(api.GET('/api/v1/activities', { params: { query: { ...activityAsk.value.query, page: page.value, pageSize: pageSize.value, sort: 'occurredOn:desc' } } }));
        if (mine === seq) activities.value = res;
      }
    } catch (err) {
      if (mine === seq) error.value = err instanceof ApiError ? err.message : String(err);
    } finally {
      if (mine === seq) loading.value = false;
    }
  }

  const drill: Drill = {
    open, mode, loading, error, page, pageSize, answer, activityAsk, activities,
    projects(a) {
      ask = a;
      mode.value = 'projects';
      answer.value = null;
      page.value = 1;
      open.value = true;
      void load();
    },
    activityList(a) {
      activityAsk.value = a;
      mode.value = 'activities';
      activities.value = null;
      page.value = 1;
      open.value = true;
      void load();
    },
    setPage(p) {
      page.value = p;
      void load();
    },
    setPageSize(s) {
      pageSize.value = s;
      page.value = 1;
      void load();
    },
  };
  provide(KEY, drill);
  return drill;
}

export function useDrill(): Drill {
  const d = inject(KEY);
  if (!d) throw new Error('useDrill() outside the cockpit');
  return d;
}
