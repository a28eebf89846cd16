/**
 * One ledger row read into a NormalisedProject (COMMON12): labels → codes,
 * money → integer 元, dates → YYYY-MM-DD, the owner found by name in the
 * row's team, the stage given or derived from the latest date, and every
 * problem named by its column. The order and presence of dates are checked
 * by the state machine's own rule (pipeline.ts dateOrderProblems), move by
 * move, as the transitions API would check them. Pure: no database.
 */
import { canonicalCreditCode, creditCodeProblem } from '../companies/company-identity';
import { checks, type Problem } from '../core/errors';
import { dateOrderProblems, type Stage, STAGE_DATA, STAGE_LABELS, type StageDateField, stageRank, type StageDates } from '../projects/pipeline';
import { AGREEMENT_TYPE_LABELS, KEY_PROJECT_LEVEL_LABELS } from '../projects/project.entity';
import type { RowProblem } from './import-row.entity';
import {
  compactKey, entriesOf, type HeaderMatch, type LabelEntry, matchLabel, matchStage, nearestLabel, normText, parseArea, parseCount, parseDate,
  parseKeyProject, parseMoney, PROJECT_FIELDS, type Result,
} from './parse';

import type { NormalisedProject } from './commit-plan';

export type DictionaryField = 'industryChain' | 'park' | 'sourceChannel' | 'sourceRegion' | 'companyTier' | 'dropReason';

export interface Person {
  id: number;
  name: string;
  teamId: number | null;
}

/** What a row is read against: the dictionaries, the teams and people, the importer, today. */
export interface Reference {
  today: string;
  dictionaries: Record<DictionaryField, LabelEntry[]>;
  teams: { id: number; name: string }[];
  /** active people by compactKey(name) */
  people: Map<string, Person[]>;
  /** an officer's team: every row goes there */
  forcedTeamId: number | null;
  /** the importer's team (a manager's rows without a team go there) */
  importerTeamId: number | null;
}

export interface NormalisedRow {
  /** the row as far as it could be read (complete when there is no error) */
  data: Omit<Partial<NormalisedProject>, 'name'> & { name: string | null };
  errors: RowProblem[];
  warnings: RowProblem[];
  raw: Record<string, string | null>;
}

const LABEL_OF = new Map(PROJECT_FIELDS.map((s) => [s.field, s.label]));
const AGREEMENTS = entriesOf(AGREEMENT_TYPE_LABELS);
const LEVELS = entriesOf(KEY_PROJECT_LEVEL_LABELS);
const TEXT_MAX: Record<string, number> = {
  code: 40, name: 200, companyName: 200, creditCode: 40, ownerName: 50, teamName: 100, leaderInCharge: 50, contractNo: 100, onHoldReason: 1000, droppedReason: 1000,
};
const DATE_FIELDS = ['createdOn', 'negotiationOn', 'signedOn', 'constructionStartedOn', 'productionStartedOn', 'onHoldOn', 'droppedOn', 'lastActivityOn'] as const;
const MONEY_FIELDS = ['plannedInvestment', 'contractInvestment', 'expectedAnnualOutput', 'expectedAnnualTax'] as const;
const DICT_FIELDS = ['industryChain', 'park', 'sourceChannel', 'sourceRegion', 'companyTier'] as const;
/** the stage each main-line date brings a project to */
const DATE_STAGE: [StageDateField | 'negotiationOn', Stage][] = [['negotiationOn', 'negotiation'], ['signedOn', 'signed'], ['constructionStartedOn', 'construction'], ['productionStartedOn', 'production']];

/** A cell as text for the errors file and messages. */
export function cellText(v: unknown): string | null {
  return normText(v);
}

export function normaliseProject(cells: unknown[], columns: HeaderMatch[], ref: Reference): NormalisedRow {
  const errors: RowProblem[] = [];
  const warnings: RowProblem[] = [];
  const raw: Record<string, string | null> = {};
  const colOf = new Map<string, HeaderMatch>();
  for (const c of columns) {
    if (c.header && !(c.header in raw)) raw[c.header] = cellText(cells[c.column]);
    if (c.field && !colOf.has(c.field)) colOf.set(c.field, c);
  }
  const cell = (field: string): unknown => {
    const c = colOf.get(field);
    return c ? cells[c.column] : null;
  };
  const at = (field: string) => colOf.get(field)?.header ?? LABEL_OF.get(field) ?? field;
  const problem = (list: RowProblem[], field: string, code: string, message: string, value?: unknown) =>
    list.push({ column: at(field), field, value: value === undefined ? cellText(cell(field)) : cellText(value), code, message });
  const error = (field: string, code: string, message: string, value?: unknown) => problem(errors, field, code, message, value);
  const warn = (field: string, code: string, message: string) => problem(warnings, field, code, message);
  function take<T>(field: string, r: Result<T>): T | null {
    if (r.error) {
      error(field, r.error.code, r.error.message);
      return null;
    }
    if (r.guess) warn(field, 'guessed', r.guess);
    return r.value ?? null;
  }
  const text = (field: string, required = false): string | null => {
    const t = normText(cell(field));
    if (t === null) {
      if (required) error(field, 'required', `${LABEL_OF.get(field)}不能为空`);
      return null;
    }
    const max = TEXT_MAX[field] ?? 200;
    if ([...t].length > max) error(field, 'too_long', `${LABEL_OF.get(field)}不能超过 ${max} 个字符`);
    return t;
  };

  const code = text('code');
  const name = text('name', true);
  const companyName = text('companyName', true);
  let creditCode = text('creditCode');
  if (creditCode) {
    creditCode = canonicalCreditCode(creditCode);
    const bad = creditCodeProblem(creditCode);
    if (bad) error('creditCode', bad.code, bad.message);
  }
  const dict: Partial<Record<DictionaryField, string | null>> = {};
  for (const f of DICT_FIELDS) {
    dict[f] = take(f, matchLabel(cell(f), ref.dictionaries[f], LABEL_OF.get(f)));
    if (f === 'industryChain' && dict[f] === null && !errors.some((e) => e.field === f)) error(f, 'required', '产业链不能为空');
  }
  const givenStage = take('stage', matchStage(cell('stage'), STAGE_LABELS));
  const key = take('isKeyProject', parseKeyProject(cell('isKeyProject'), LEVELS));
  const money: Partial<Record<(typeof MONEY_FIELDS)[number], number | null>> = {};
  for (const f of MONEY_FIELDS) money[f] = take(f, parseMoney(cell(f), colOf.get(f)?.unit ?? '万元'));
  const landArea = take('landArea', parseArea(cell('landArea')));
  const jobs = take('jobs', parseCount(cell('jobs')));
  const dates: Partial<Record<(typeof DATE_FIELDS)[number], string | null>> = {};
  for (const f of DATE_FIELDS) dates[f] = take(f, parseDate(cell(f)));
  let agreementType = take('agreementType', matchLabel(cell('agreementType'), AGREEMENTS, '协议类型'));
  const leaderInCharge = text('leaderInCharge');
  const contractNo = text('contractNo');
  const onHoldReason = text('onHoldReason');
  const droppedReason = text('droppedReason');

  // 登记日期: given, else the earliest date of the row, else the import's day — said, not silent.
  let createdOn = dates.createdOn ?? null;
  if (!createdOn && !errors.some((e) => e.field === 'createdOn')) {
    const given = DATE_FIELDS.filter((f) => f !== 'createdOn' && f !== 'lastActivityOn').map((f) => dates[f]).filter((d): d is string => !!d).sort();
    createdOn = given[0] ?? ref.today;
    warn('createdOn', 'registration_assumed', given[0] ? `未填登记日期，按最早的日期 ${createdOn} 计` : `未填登记日期，按导入当天 ${createdOn} 计`);
  }

  // The stage: given, else derived from the dates (暂缓 / 终止 when their date is given).
  const reached = DATE_STAGE.filter(([f]) => dates[f]).map(([, s]) => s);
  const mainFromDates: Stage = reached.length ? reached[reached.length - 1] : 'visit';
  const stage: Stage = givenStage ?? (dates.droppedOn ? 'dropped' : dates.onHoldOn ? 'on_hold' : mainFromDates);
  if (!givenStage && !errors.some((e) => e.field === 'stage') && colOf.has('stage')) warn('stage', 'stage_derived', `未填阶段，按日期推定为「${STAGE_LABELS[stage]}」`);
  const paused = stage === 'on_hold' || stage === 'dropped';
  const mainStage = paused ? mainFromDates : stage;
  for (const [f, s] of DATE_STAGE) {
    if (f === 'negotiationOn') continue;
    const needed = stageRank(s) <= stageRank(mainStage);
    if (needed && !dates[f] && !errors.some((e) => e.field === f)) error(f, 'stage_without_date', `阶段为「${STAGE_LABELS[stage]}」，须填${LABEL_OF.get(f)}`);
  }
  if (!paused) {
    for (const [f, s] of DATE_STAGE) {
      if (dates[f] && stageRank(s) > stageRank(stage)) error(f, 'date_beyond_stage', `阶段为「${STAGE_LABELS[stage]}」，却填了${LABEL_OF.get(f)}；请核对阶段或删去该日期`);
    }
  }
  if (dates.signedOn) {
    if (!(money.contractInvestment && money.contractInvestment > 0) && !errors.some((e) => e.field === 'contractInvestment')) {
      error('contractInvestment', 'signed_without_amount', '已签约的项目须填协议引资（大于 0）');
    }
    if (!agreementType && !errors.some((e) => e.field === 'agreementType')) {
      agreementType = 'investment';
      warn('agreementType', 'agreement_assumed', `未填协议类型，按「${AGREEMENT_TYPE_LABELS.investment}」计`);
    }
  }
  const requires = (s: Stage, field: string, value: unknown) => {
    if (STAGE_DATA[s].required.includes('reason') && !value) error(field, 'reason_required', `阶段为「${STAGE_LABELS[s]}」，须填${LABEL_OF.get(field)}`);
  };
  if (stage === 'on_hold') requires('on_hold', 'onHoldReason', onHoldReason);
  if (stage === 'dropped') requires('dropped', 'droppedReason', droppedReason);
  for (const [f, s] of [['onHoldOn', 'on_hold'], ['droppedOn', 'dropped']] as const) {
    if (dates[f] && stage !== s) error(f, 'date_beyond_stage', `阶段为「${STAGE_LABELS[stage]}」，却填了${LABEL_OF.get(f)}；请核对阶段或删去该日期`);
  }
  const latest = [createdOn, ...reached.map((s) => dates[DATE_STAGE.find(([, x]) => x === s)![0]])].filter((d): d is string => !!d).sort().pop() ?? createdOn;
  if (stage === 'on_hold' && !dates.onHoldOn) warn('onHoldOn', 'date_assumed', `未填暂缓日期，按最近一次日期 ${latest} 计`);
  if (stage === 'dropped' && !dates.droppedOn) warn('droppedOn', 'date_assumed', `未填终止日期，按最近一次日期 ${latest} 计`);

  // The history, move by move, against the state machine's date rule.
  if (createdOn) for (const p of historyProblems(createdOn, stage, dates, ref.today)) error(p.field, p.code, p.message, cell(p.field));
  if (dates.lastActivityOn) {
    const future = checks.notInFuture('lastActivityOn', '最近跟进日期', dates.lastActivityOn, ref.today);
    if (future) error('lastActivityOn', future.code, future.message);
  }

  const { teamId, ownerId } = resolveOwner(text('ownerName', true), text('teamName'), ref, error, warn);
  const droppedReasonCode = droppedReason ? (ref.dictionaries.dropReason.find((e) => compactKey(e.label) === compactKey(droppedReason))?.code ?? null) : null;

  const data: NormalisedRow['data'] = {
    code, name, company: { name: companyName ?? '', creditCode: creditCode ?? null, tier: dict.companyTier ?? null },
    industryChain: dict.industryChain ?? undefined, park: dict.park ?? null, sourceChannel: dict.sourceChannel ?? null, sourceRegion: dict.sourceRegion ?? null,
    stage, ownerId: ownerId ?? undefined, teamId, leaderInCharge, isKeyProject: key?.isKeyProject ?? false, keyProjectLevel: key?.keyProjectLevel ?? null,
    plannedInvestment: money.plannedInvestment ?? null, contractInvestment: money.contractInvestment ?? null, agreementType: dates.signedOn ? agreementType : null,
    createdOn: createdOn ?? undefined, negotiationOn: dates.negotiationOn ?? null, signedOn: dates.signedOn ?? null, constructionStartedOn: dates.constructionStartedOn ?? null,
    productionStartedOn: dates.productionStartedOn ?? null, onHoldOn: stage === 'on_hold' ? (dates.onHoldOn ?? latest) : null, onHoldReason: stage === 'on_hold' ? onHoldReason : null,
    droppedOn: stage === 'dropped' ? (dates.droppedOn ?? latest) : null, droppedReason: stage === 'dropped' ? droppedReason : null, droppedReasonCode: stage === 'dropped' ? droppedReasonCode : null,
    lastActivityOn: dates.lastActivityOn ?? null, contractNo, expectedAnnualOutput: money.expectedAnnualOutput ?? null, expectedAnnualTax: money.expectedAnnualTax ?? null,
    landArea, jobs,
  };
  return { data, errors: dedupe(errors), warnings: dedupe(warnings), raw };
}

/**
 * The moves the row's dates imply, each checked by dateOrderProblems as the
 * transitions API checks a backdated move: not in the future, not before the
 * registration, not before the move before it.
 */
function historyProblems(createdOn: string, stage: Stage, dates: Partial<Record<(typeof DATE_FIELDS)[number], string | null>>, today: string): Problem[] {
  const current: StageDates = { signedOn: null, constructionStartedOn: null, productionStartedOn: null };
  const out = dateOrderProblems({ today, registeredOn: createdOn, current, entered: { createdOn } });
  let previous: { effectiveOn: string; toStage: Stage } = { effectiveOn: createdOn, toStage: 'visit' };
  const steps: [string, Stage][] = [...DATE_STAGE, ['onHoldOn', 'on_hold'], ['droppedOn', 'dropped']];
  for (const [field, to] of steps) {
    const on = dates[field as (typeof DATE_FIELDS)[number]];
    if (!on || (to === 'on_hold' && stage !== 'on_hold') || (to === 'dropped' && stage !== 'dropped')) continue;
    out.push(...dateOrderProblems({ today, registeredOn: createdOn, current: { ...current }, move: { to, field, on, previous } }));
    if (field in current) current[field as StageDateField] = on;
    previous = { effectiveOn: on, toStage: to };
  }
  return out;
}

/** The owner by name: a person of the row's team (or the importer's); an officer's rows stay in his team. */
function resolveOwner(
  ownerName: string | null, teamName: string | null, ref: Reference,
  error: (field: string, code: string, message: string) => void, warn: (field: string, code: string, message: string) => void,
): { teamId: number | null; ownerId: number | null } {
  let rowTeam: number | null = null;
  if (teamName) {
    const team = ref.teams.find((t) => compactKey(t.name) === compactKey(teamName));
    if (!team) {
      const near = nearestLabel(teamName, ref.teams.map((t) => ({ code: String(t.id), label: t.name })));
      error('teamName', 'unknown_team', `没有名为“${teamName}”的团队${near ? `，是否为“${near}”？` : ''}`);
      return { teamId: null, ownerId: null };
    }
    rowTeam = team.id;
  }
  if (ref.forcedTeamId !== null && rowTeam !== null && rowTeam !== ref.forcedTeamId) {
    error('teamName', 'other_team', '招商专员只能导入本团队的项目');
    return { teamId: null, ownerId: null };
  }
  const teamId = ref.forcedTeamId ?? rowTeam ?? ref.importerTeamId;
  if (!ownerName) return { teamId, ownerId: null };
  const named = ref.people.get(compactKey(ownerName)) ?? [];
  const teamLabel = (id: number | null) => ref.teams.find((t) => t.id === id)?.name ?? '未分配团队';
  if (teamId !== null) {
    const inTeam = named.filter((p) => p.teamId === teamId);
    if (inTeam.length === 1) return { teamId, ownerId: inTeam[0].id };
    if (inTeam.length > 1) error('ownerName', 'owner_ambiguous', `“${teamLabel(teamId)}”有 ${inTeam.length} 位名为“${ownerName}”的人员，无法确定负责人`);
    else error('ownerName', 'owner_not_in_team', `负责人“${ownerName}”不是“${teamLabel(teamId)}”的在职人员`);
    return { teamId, ownerId: null };
  }
  if (named.length === 1) {
    if (named[0].teamId !== null) warn('ownerName', 'team_from_owner', `未填所属团队，按负责人“${ownerName}”所在的“${teamLabel(named[0].teamId)}”计`);
    return { teamId: named[0].teamId, ownerId: named[0].id };
  }
  error('ownerName', named.length ? 'owner_ambiguous' : 'unknown_owner', named.length ? `有 ${named.length} 位名为“${ownerName}”的人员，请填所属团队` : `系统中没有名为“${ownerName}”的在职人员`);
  return { teamId: null, ownerId: null };
}

function dedupe(list: RowProblem[]): RowProblem[] {
  const seen = new Set<string>();
  return list.filter((p) => {
    const k = String(p.field);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

