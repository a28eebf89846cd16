import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api, call, type Schemas } from '../api/client';

export type DictionaryKind = Schemas['DictionaryKind'];
type Labels = Schemas['LabelsResponse'];
type Entry = { code: string; label: string };

const DICTIONARY_KINDS: DictionaryKind[] = ['industry-chains', 'parks', 'source-channels', 'source-regions', 'company-tiers', 'drop-reasons'];

/**
 * What the server says things are called: the pipeline's stages and moves (`GET /pipeline`),
 * every enumeration's labels (`GET /labels`) and the dictionaries. Loaded once per session;
 * the UI holds no copy of a label or a rule.
 */
export const useReference = defineStore('reference', () => {
  const pipeline = ref<Schemas['PipelineResponse'] | null>(null);
  const labels = ref<Labels | null>(null);
  const dictionaries = ref<Partial<Record<DictionaryKind, Schemas['DictionaryEntryResponse'][]>>>({});
  let loading: Promise<void> | null = null;

  function load(): Promise<void> {
    loading ??= (async () => {
      const [p, l, ...dicts] = await Promise.all([
        call(api.GET('/api/v1/pipeline')),
        call(api.GET('/api/v1/labels')),
        ...DICTIONARY_KINDS.map((kind) => call(api.GET('/api/v1/dictionaries/{kind}', { params: { path: { kind } } }))),
      ]);
      pipeline.value = p;
      labels.value = l;
      DICTIONARY_KINDS.forEach((kind, i) => (dictionaries.value[kind] = dicts[i].items));
    })().catch((err) => {
      loading = null;
      throw err;
    });
    return loading;
  }

  /** Active entries of a dictionary, in the bureau's order. */
  function options(kind: DictionaryKind): Entry[] {
    return (dictionaries.value[kind] ?? []).filter((e) => e.active);
  }

  function labelsOf<K extends keyof Labels>(group: K): Entry[] {
    return (labels.value?.[group] ?? []) as Entry[];
  }

  function label<K extends keyof Labels>(group: K, code: string | null | undefined): string {
    if (!code) return '';
    return labelsOf(group).find((e) => e.code === code)?.label ?? code;
  }

  function stages() {
    return pipeline.value?.stages ?? [];
  }

  function stageLabel(code: string | null | undefined): string {
    return stages().find((s) => s.code === code)?.label ?? code ?? '';
  }

  function reset() {
    loading = null;
    pipeline.value = null;
    labels.value = null;
    dictionaries.value = {};
  }

  return { pipeline, labels, dictionaries, load, options, labelsOf, label, stages, stageLabel, reset };
});
