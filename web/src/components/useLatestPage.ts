import { ref, type Ref } from 'vue';
import { ApiError } from '../api/client';

/**
 * A page of a list whose search can change while a call is under way: only the latest call's
 * answer (or error) is kept, so a slow earlier search never overwrites a newer one.
 */
export function useLatestPage<T>(fetchPage: () => Promise<{ items: T[]; total: number }>) {
  const rows = ref([]) as Ref<T[]>;
  const total = ref(0);
  const loading = ref(false);
  const error = ref('');
  let seq = 0;

  async function load() {
    const mine = ++seq;
    loading.value = true;
    error.value = '';
    try {
      const res = await fetchPage();
      if (mine !== seq) return; // a newer search has started: drop this answer
      rows.value = res.items;
      total.value = res.total;
    } catch (err) {
      if (mine !== seq) return;
      error.value = err instanceof ApiError ? err.message : String(err);
    } finally {
      if (mine === seq) loading.value = false;
    }
  }

  return { rows, total, loading, error, load };
}
