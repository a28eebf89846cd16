import type { Schemas } from '../../api/client';
import { money } from '../../format';
import type { DictionaryKind, useReference } from '../../stores/reference';

type Entry = Schemas['AuditEntryResponse'];
type Reference = ReturnType<typeof useReference>;
type LabelGroup = keyof Schemas['LabelsResponse'];

export interface DiffLine { field: string; label: string; before: string; after: string }

/** Fields that hold a dictionary's code: shown by the entry's name. */
const DICTIONARY_FIELDS: Record<string, DictionaryKind> = {
  industryChain: 'industry-chains', park: 'parks', sourceChannel: 'source-channels', sourceRegion: 'source-regions', tier: 'company-tiers', dropReasonCode: 'drop-reasons', reasonCode: 'drop-reasons',
};
/** Fields that hold an enumeration's code: shown by its label (GET /labels). */
const LABEL_FIELDS: Record<string, LabelGroup> = {
  role: 'roles', dataScope: 'dataScopes', light: 'lights', agreementType: 'agreementTypes', keyProjectLevel: 'keyProjectLevels',
};
const STAGE_FIELDS = new Set(['stage', 'pausedFromStage', 'droppedFromStage']);
/** Money the API speaks in 万元. */
const MONEY_FIELDS = new Set(['plannedInvestment', 'contractInvestment', 'expectedAnnualOutput', 'expectedAnnualTax', 'amount', 'signedInvestment', 'fundsInPlace', 'minContractAmount']);
/** Bookkeeping a reader does not need: the optimistic-lock counter. */
const HIDDEN = new Set(['version']);

function plain(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/**
 * A row's before / after as lines a person reads: each changed field by its Chinese name (from the API),
 * codes by their labels, an id by the name recorded beside it (ownerId → ownerName), the label copies left out.
 */
export function diffLines(row: Entry, ref: Reference): DiffLine[] {
  const before = row.before ?? {};
  const after = row.after ?? {};
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  const has = (k: string) => k in before || k in after;
  const shown = (side: Record<string, unknown>, k: string): string => {
    if (!(k in side)) return '—';
    const v = side[k];
    // an id with its name recorded beside it: the name
    if (k.endsWith('Id') && has(`${k.slice(0, -2)}Name`)) return plain(side[`${k.slice(0, -2)}Name`] ?? v);
    if (MONEY_FIELDS.has(k) && typeof v === 'number') return money(v);
    if (typeof v === 'string') {
      if (row.entity === 'dictionary' && k === 'kind') return ref.label('dictionaryKinds', v);
      if (row.entity !== 'dictionary' && DICTIONARY_FIELDS[k]) return (ref.dictionaries[DICTIONARY_FIELDS[k]] ?? []).find((e) => e.code === v)?.label ?? v;
      if (LABEL_FIELDS[k]) return ref.label(LABEL_FIELDS[k], v);
      if (k === 'kind') return ref.label('activityKinds', v);
      if (STAGE_FIELDS.has(k)) return ref.stageLabel(v);
    }
    return plain(v);
  };
  return keys
    .filter((k) => !HIDDEN.has(k))
    .filter((k) => !(k.endsWith('Label') && k !== 'label' && has(k.slice(0, -5)))) // stageLabel beside stage
    .filter((k) => !(k.endsWith('Name') && has(`${k.slice(0, -4)}Id`))) // ownerName beside ownerId
    .map((k) => ({ field: k, label: String(row.fieldLabels[k] ?? k), before: shown(before, k), after: shown(after, k) }));
}

/** What the row is about: 项目「名称」 #12. */
export function subject(row: Entry): string {
  return `${row.entityLabel}${row.entityName ? `「${row.entityName}」` : ''}`;
}
