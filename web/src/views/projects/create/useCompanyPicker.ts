import { ref } from 'vue';
import { api, ApiError, call, type Schemas } from '../../../api/client';

type Company = Schemas['CompanyResponse'];
type Duplicate = Schemas['PossibleDuplicateResponse'];

export interface NewCompany { name: string; creditCode: string; tier: string; region: string; address: string; industry: string }

/** Find the investor by name or credit code, or register it (the code checked by the server as typed). */
export function useCompanyPicker() {
  const options = ref<Company[]>([]);
  const searching = ref(false);
  const draft = ref<NewCompany>({ name: '', creditCode: '', tier: '', region: '', address: '', industry: '' });
  const draftErrors = ref<Record<string, string>>({});
  const draftWarnings = ref<Duplicate[]>([]);
  const creating = ref(false);
  const existing = ref<{ id: number; name: string } | null>(null);
  let seq = 0;

  async function search(text: string) {
    const q = text.trim();
    const mine = ++seq;
    if (!q) {
      options.value = [];
      return;
    }
    searching.value = true;
    try {
      const code = /^[0-9A-Za-z]{18}$/.test(q.replace(/\s/g, ''));
      const res = await call(api.GET('/api/v1/companies', { params: { query: code ? { creditCode: q.replace(/\s/g, ''), pageSize: 20 } : { q, pageSize: 20 } } }));
      if (mine === seq) options.value = res.items;
    } catch {
      if (mine === seq) options.value = [];
    } finally {
      if (mine === seq) searching.value = false;
    }
  }

  let checkTimer: ReturnType<typeof setTimeout> | undefined;
  /** As the new company is typed: the server's verdict on the credit code, and the 重复研判 warnings. */
  function checkDraft() {
    clearTimeout(checkTimer);
    checkTimer = setTimeout(async () => {
      const d = draft.value;
      const company: Record<string, string> = {};
      if (d.name.trim()) company.name = d.name.trim();
      if (d.creditCode.trim()) company.creditCode = d.creditCode.trim();
      if (!Object.keys(company).length) {
        draftWarnings.value = [];
        draftErrors.value = {};
        return;
      }
      try {
        const res = await call(api.POST('/api/v1/duplicates/check', { body: { company } }));
        draftWarnings.value = res.possibleDuplicates;
        const problem = res.creditCodeProblem;
        draftErrors.value = problem ? { creditCode: problem.message } : {};
      } catch (err) {
        if (err instanceof ApiError) draftErrors.value = err.fieldErrors();
      }
    }, 300);
  }

  async function create(): Promise<Company | null> {
    creating.value = true;
    existing.value = null;
    draftErrors.value = {};
    try {
      const d = draft.value;
      const body: Schemas['CreateCompanyDto'] = { name: d.name.trim() };
      for (const k of ['creditCode', 'tier', 'region', 'address', 'industry'] as const) if (d[k].trim()) body[k] = d[k].trim();
      const created = await call(api.POST('/api/v1/companies', { body }));
      return created;
    } catch (err) {
      if (err instanceof ApiError) {
        draftErrors.value = { ...err.fieldErrors(), ...(Object.keys(err.fieldErrors()).length ? {} : { _: err.message }) };
        if (err.status === 409 && err.body.existing) existing.value = err.body.existing as { id: number; name: string };
      }
      return null;
    } finally {
      creating.value = false;
    }
  }

  /** The company the 409 named: load it to pick it instead. */
  async function pickExisting(): Promise<Company | null> {
    if (!existing.value) return null;
    return call(api.GET('/api/v1/companies/{id}', { params: { path: { id: existing.value.id } } }));
  }

  return { options, searching, search, draft, draftErrors, draftWarnings, checkDraft, creating, create, existing, pickExisting };
}
