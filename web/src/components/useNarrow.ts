import { onBeforeUnmount, ref } from 'vue';

/** True at phone width (≤ 768 px): the menu becomes a drawer, tables become cards. */
export function useNarrow(width = 768) {
  const query = window.matchMedia(`(max-width: ${width}px)`);
  const narrow = ref(query.matches);
  const update = (e: MediaQueryListEvent) => (narrow.value = e.matches);
  query.addEventListener('change', update);
  onBeforeUnmount(() => query.removeEventListener('change', update));
  return narrow;
}
