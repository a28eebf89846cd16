import { computed, inject, onBeforeUnmount, provide, reactive, type InjectionKey } from 'vue';

/**
 * Whether every chart of a page is drawn: each ChartBox registers itself, is pending until ECharts
 * says `finished` for its current option, and leaves on unmount. The page exposes `drawn` as a
 * `data-ready` attribute (the browser tests and the bench wait on it).
 */
export interface ChartReadiness {
  register: (id: symbol) => void;
  pending: (id: symbol) => void;
  done: (id: symbol) => void;
  leave: (id: symbol) => void;
}
const KEY: InjectionKey<ChartReadiness> = Symbol('chart-readiness');

export function provideChartReadiness() {
  const state = reactive(new Map<symbol, boolean>());
  const readiness: ChartReadiness = {
    register: (id) => void state.set(id, false),
    pending: (id) => void state.set(id, false),
    done: (id) => state.has(id) && void state.set(id, true),
    leave: (id) => void state.delete(id),
  };
  provide(KEY, readiness);
  /** true when every registered chart has drawn its latest option */
  const drawn = computed(() => [...state.values()].every(Boolean));
  return { drawn, charts: computed(() => state.size) };
}

/** One chart's side: pending when its option changes, done when drawn. */
export interface ChartSlot {
  pending: () => void;
  done: () => void;
}

export function useChartReadiness(): ChartSlot | null {
  const r = inject(KEY, null);
  if (r) {
    const id = Symbol('chart');
    r.register(id);
    onBeforeUnmount(() => r.leave(id));
    return { pending: () => r.pending(id), done: () => r.done(id) };
  }
  return null;
}
