import { reactive, ref } from 'vue';
import { api, call, type Schemas } from '../../api/client';
import { useLatestPage } from '../../components/useLatestPage';

type AuditQuery = NonNullable<import('../../api/schema').operations['Audit_list']['parameters']['query']>;
export interface AuditFilters { actorId: string; entity: '' | Schemas['AuditEntity']; id: string; days: string[] }

/** 审计日志: GET /audit by person, kind of record (and its id), days; newest first, paged. */
export function useAuditLog() {
  const filters = reactive<AuditFilters>({ actorId: '', entity: '', id: '', days: [] });
  const page = ref(1);
  const pageSize = ref(20);
  const { rows, total, loading, error, load } = useLatestPage(() => {
    const query: AuditQuery = { page: page.value, pageSize: pageSize.value };
    if (filters.actorId) query.actorId = Number(filters.actorId);
    if (filters.entity) query.entity = filters.entity;
    if (filters.entity && filters.id.trim()) query.id = filters.id.trim();
    if (filters.days?.length === 2) [query.from, query.to] = filters.days;
    return call(api.GET('/api/v1/audit', { params: { query } }));
  });

  // Everyone who ever acted, the deactivated too (GET /users, admin).
  const people = ref<Schemas['UserResponse'][]>([]);
  async function loadPeople() {
    if (people.value.length) return;
    people.value = (await call(api.GET('/api/v1/users', { params: { query: { pageSize: 200 } } }))).items;
  }

  const search = () => ((page.value = 1), load());
  function reset() {
    Object.assign(filters, { actorId: '', entity: '', id: '', days: [] });
    return search();
  }
  const setPage = (p: number) => ((page.value = p), load());
  const setPageSize = (s: number) => ((pageSize.value = s), (page.value = 1), load());

  void load();
  void loadPeople().catch(() => undefined);
  return { filters, rows, total, loading, error, page, pageSize, people, search, reset, setPage, setPageSize };
}
