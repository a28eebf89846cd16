/**
 * The pipeline state machine (DOMAIN.md), and every rule of it in one place:
 * the stages and their sets, the edges and who may take them, the data each
 * target takes, and the order of the dates. Read by the services that enforce
 * it, by the API (`allowedTransitions`, `GET /pipeline`) and by the UI.
 */
import type { Role } from '../core/auth/roles';
import { checks, type Problem } from '../core/errors';
import { fieldLabel } from '../core/http/field-labels';

export const MAIN_STAGES = ['visit', 'negotiation', 'signed', 'construction', 'production'] as const;
export const STAGES = [...MAIN_STAGES, 'on_hold', 'dropped'] as const;
export type Stage = (typeof STAGES)[number];
export type MainStage = (typeof MAIN_STAGES)[number];

export const STAGE_LABELS: Record<Stage, string> = {
  visit: '拜访接洽',
  negotiation: '洽谈',
  signed: '签约',
  construction: '开工建设',
  production: '投产',
  on_hold: '暂缓',
  dropped: '终止',
};

/** Stages in which a project is being worked: reminders and the 督办灯 apply. */
export const ACTIVE_STAGES: readonly Stage[] = ['visit', 'negotiation', 'signed', 'construction'];

/** Stages in which a project is still pursued: another team chasing the same investor is 撞单 (重复研判). */
export const PURSUED_STAGES: readonly Stage[] = [...ACTIVE_STAGES, 'on_hold'];

/** Data fields a transition may carry, by name in the request body. */
export const TRANSITION_FIELDS = [
  'signedOn',
  'contractInvestment',
  'agreementType',
  'contractNo',
  'constructionStartedOn',
  'productionStartedOn',
  'reason',
  'reasonCode',
  'expectedResumeOn',
] as const;
export type TransitionField = (typeof TRANSITION_FIELDS)[number];

export interface StageData {
  required: TransitionField[];
  optional: TransitionField[];
}

/** The fields each target stage requires, and those it accepts besides. */
export const STAGE_DATA: Record<Stage, StageData> = {
  visit: { required: [], optional: [] },
  negotiation: { required: [], optional: [] },
  signed: { required: ['signedOn', 'contractInvestment', 'agreementType'], optional: ['contractNo'] },
  construction: { required: ['constructionStartedOn'], optional: [] },
  production: { required: ['productionStartedOn'], optional: [] },
  on_hold: { required: ['reason'], optional: ['expectedResumeOn'] },
  dropped: { required: ['reasonCode', 'reason'], optional: [] },
};

export type StageDateField = 'signedOn' | 'constructionStartedOn' | 'productionStartedOn';

/** The stage date a move into the stage carries, and which is the move's business date; other targets are dated by effectiveOn. */
export const STAGE_DATE: Partial<Record<Stage, StageDateField>> = {
  signed: 'signedOn',
  construction: 'constructionStartedOn',
  production: 'productionStartedOn',
};

/**
 * Who may correct the pipeline: undo the latest move (revert) and take a
 * project dropped before signing back in (reopen). Who may move a project at
 * all is who may write it (project-access.ts `canWriteProject`, the roles
 * PROJECT_WRITERS); these roles are needed on top of that.
 */
export const CORRECTOR_ROLES: readonly Role[] = ['manager', 'admin'];

export interface Edge {
  to: Stage;
  /** roles that may take this edge beyond the general "may move this project" rule */
  onlyRoles?: readonly Role[];
  /**
   * droppedBeforeSigning: a reopening, only for a drop before signing;
   * pausedFromThisStage: a resumption, only to the stage the project was paused from.
   */
  guard?: EdgeGuard;
  /** re-enters a stage the project already has the data of: no data is asked for, and what is there stays */
  resume?: true;
}

export const EDGE_GUARDS = ['droppedBeforeSigning', 'pausedFromThisStage'] as const;
export type EdgeGuard = (typeof EDGE_GUARDS)[number];
export const EDGE_GUARD_LABELS: Record<EdgeGuard, string> = {
  droppedBeforeSigning: '仅限签约前终止的项目',
  pausedFromThisStage: '仅恢复到暂缓前所处的阶段',
};

/** on_hold resumes to the stage it was paused from: one edge per stage that can be paused. */
const RESUME: readonly Edge[] = (['visit', 'negotiation', 'signed', 'construction'] as const).map((to): Edge => ({ to, guard: 'pausedFromThisStage', resume: true }));

export const TRANSITIONS: Record<Stage, readonly Edge[]> = {
  visit: [{ to: 'negotiation' }, { to: 'signed' }, { to: 'on_hold' }, { to: 'dropped' }],
  negotiation: [{ to: 'signed' }, { to: 'on_hold' }, { to: 'dropped' }],
  signed: [{ to: 'construction' }, { to: 'on_hold' }, { to: 'dropped' }],
  construction: [{ to: 'production' }, { to: 'on_hold' }, { to: 'dropped' }],
  production: [],
  on_hold: [...RESUME, { to: 'dropped' }],
  dropped: [
    { to: 'visit', onlyRoles: CORRECTOR_ROLES, guard: 'droppedBeforeSigning' },
    { to: 'negotiation', onlyRoles: CORRECTOR_ROLES, guard: 'droppedBeforeSigning' },
  ],
};

/** The part of a project's state the machine reads. */
export interface PipelineState {
  stage: Stage;
  pausedFromStage: Stage | null;
  droppedFromStage: Stage | null;
}

const BEFORE_SIGNING: readonly Stage[] = ['visit', 'negotiation'];

function guardHolds(edge: Edge, state: PipelineState): boolean {
  if (edge.guard === 'droppedBeforeSigning') {
    return state.droppedFromStage !== null && BEFORE_SIGNING.includes(state.droppedFromStage);
  }
  if (edge.guard === 'pausedFromThisStage') return state.pausedFromStage === edge.to;
  return true;
}

/** The edge this project would take to `to`, if the table and its guards have one. */
function edgeTo(state: PipelineState, to: Stage): Edge | undefined {
  return TRANSITIONS[state.stage].find((e) => e.to === to && guardHolds(e, state));
}

/** Stages reachable from here by the table and its guards, whoever asks. */
export function allowedTargets(state: PipelineState): Stage[] {
  return TRANSITIONS[state.stage].filter((e) => guardHolds(e, state)).map((e) => e.to);
}

/** Stages this role may move the project to (the caller may still lack the right to move it at all). */
export function allowedTargetsFor(state: PipelineState, role: Role): Stage[] {
  return TRANSITIONS[state.stage].filter((e) => guardHolds(e, state) && (!e.onlyRoles || e.onlyRoles.includes(role))).map((e) => e.to);
}

export type TransitionCheck =
  | { ok: true }
  | { ok: false; reason: 'not_allowed'; allowed: Stage[] }
  | { ok: false; reason: 'role'; onlyRoles: readonly Role[] };

/** Whether the machine lets `role` move a project in `state` to `to`. */
export function checkTransition(state: PipelineState, to: Stage, role: Role): TransitionCheck {
  const edge = edgeTo(state, to);
  if (!edge) return { ok: false, reason: 'not_allowed', allowed: allowedTargets(state) };
  if (edge.onlyRoles && !edge.onlyRoles.includes(role)) return { ok: false, reason: 'role', onlyRoles: edge.onlyRoles };
  return { ok: true };
}

/** Whether moving to `to` resumes a paused project to the stage it was paused from. */
export function isResume(state: PipelineState, to: Stage): boolean {
  return edgeTo(state, to)?.resume === true;
}

const NO_DATA: StageData = { required: [], optional: [] };

/** The data an edge takes: none for a resumption, else what its target requires. */
function edgeData(edge: Edge): StageData {
  return edge.resume ? NO_DATA : STAGE_DATA[edge.to];
}

/**
 * The data a move to `to` takes from this state. Resuming re-enters a stage
 * the project already has the data of (its signing, its construction start),
 * so it asks for none and keeps what is there.
 */
export function stageDataFor(state: PipelineState, to: Stage): StageData {
  const edge = edgeTo(state, to);
  return edge ? edgeData(edge) : STAGE_DATA[to];
}

/** The stage date a move to `to` enters, if any: a resumption keeps the date the stage already has. */
export function stageDateFieldFor(state: PipelineState, to: Stage): StageDateField | undefined {
  return isResume(state, to) ? undefined : STAGE_DATE[to];
}

/** Main-line order, for "dates may not run backwards" and funnel reports. */
export function stageRank(stage: Stage): number {
  return (MAIN_STAGES as readonly string[]).indexOf(stage);
}

export type StageDates = Record<StageDateField, string | null>;

export const STAGE_DATE_FIELDS: readonly StageDateField[] = ['signedOn', 'constructionStartedOn', 'productionStartedOn'];

export interface DatedChange {
  today: string;
  /** the project's 登记日期 (`createdOn`) as it stands: nothing along the line is dated before it */
  registeredOn: string;
  /** the stage dates the project has now */
  current: StageDates;
  /**
   * dates entered now (a PATCH correcting them, or the registration of a new
   * project): each is checked against today, the registration and the others;
   * `createdOn` moves the registration itself
   */
  entered?: Partial<Record<StageDateField | 'createdOn', string>>;
  /** when `createdOn` is entered: the project's earliest standing move after the registration, which the registration may not come after */
  firstMove?: { effectiveOn: string; toStage: Stage } | null;
  /** a transition: its target, its business date under the field it was given in, the latest standing move before it, and on_hold's expected resume date */
  move?: {
    to: Stage;
    field: string;
    on: string;
    previous: { effectiveOn: string; toStage: Stage } | null;
    expectedResumeOn?: string | null;
  };
}

/**
 * Dates may not lie in the future nor run backwards along the line
 * (DOMAIN.md): nothing is dated before the project's registration (登记日期);
 * a move is not dated before the move before it; construction starts on or
 * after the signing, production on or after the construction start; a pause
 * is not expected to end before it began. One rule for moves, for corrections
 * of the stage dates and of the registration date, and for a new project's
 * registration; an empty list when all is in order.
 */
export function dateOrderProblems(c: DatedChange): Problem[] {
  const problems: Problem[] = [];
  const dates: StageDates = { ...c.current };
  const touched = new Set<StageDateField>();
  const notFuture: [string, string][] = [];
  const reRegistered = c.entered?.createdOn !== undefined;
  const registeredOn = c.entered?.createdOn ?? c.registeredOn;
  if (reRegistered) notFuture.push(['createdOn', registeredOn]);
  if (c.move) {
    notFuture.push([c.move.field, c.move.on]);
    const field = STAGE_DATE[c.move.to];
    if (field) {
      dates[field] = c.move.on;
      touched.add(field);
    }
  }
  for (const field of STAGE_DATE_FIELDS) {
    const v = c.entered?.[field];
    if (v === undefined) continue;
    notFuture.push([field, v]);
    dates[field] = v;
    touched.add(field);
  }
  for (const [field, v] of notFuture) {
    const future = checks.notInFuture(field, fieldLabel(field), v, c.today);
    if (future) problems.push(future);
  }
  problems.push(...registrationProblems(c, registeredOn, reRegistered, dates, touched));
  const prev = c.move?.previous;
  if (c.move && prev && c.move.on < prev.effectiveOn) {
    problems.push({
      field: c.move.field,
      code: 'dates_out_of_order',
      message: `${fieldLabel(c.move.field)}（${c.move.on}）不能早于上一次变更（${prev.effectiveOn} ${STAGE_LABELS[prev.toStage]}）`,
    });
  }
  const { signedOn: signed, constructionStartedOn: built, productionStartedOn: produced } = dates;
  if (signed && built && built < signed && (touched.has('signedOn') || touched.has('constructionStartedOn'))) {
    problems.push({
      field: touched.has('constructionStartedOn') ? 'constructionStartedOn' : 'signedOn',
      code: 'dates_out_of_order',
      message: `开工日期（${built}）不能早于签约日期（${signed}）`,
    });
  }
  if (built && produced && produced < built && (touched.has('constructionStartedOn') || touched.has('productionStartedOn'))) {
    problems.push({
      field: touched.has('productionStartedOn') ? 'productionStartedOn' : 'constructionStartedOn',
      code: 'dates_out_of_order',
      message: `投产日期（${produced}）不能早于开工日期（${built}）`,
    });
  }
  const resumeOn = c.move?.expectedResumeOn;
  if (c.move && resumeOn && resumeOn < c.move.on) {
    problems.push({ field: 'expectedResumeOn', code: 'dates_out_of_order', message: `预计恢复日期（${resumeOn}）不能早于暂缓日期（${c.move.on}）` });
  }
  return problems;
}

/**
 * The registration part of dateOrderProblems: a move, or a stage date
 * entered now, dated before the 登记日期; or a 登记日期 corrected to after a
 * stage date or the first move. Dates nobody touched are left alone.
 */
function registrationProblems(c: DatedChange, registeredOn: string, reRegistered: boolean, dates: StageDates, touched: Set<StageDateField>): Problem[] {
  const problems: Problem[] = [];
  const code = 'before_registration';
  const tooEarly = (field: string, on: string): Problem => ({ field, code, message: `${fieldLabel(field)}（${on}）不能早于登记日期（${registeredOn}）` });
  const tooLate = (what: string, on: string): Problem => ({ field: 'createdOn', code, message: `登记日期（${registeredOn}）不能晚于${what}（${on}）` });
  const moved = c.move ? STAGE_DATE[c.move.to] : undefined;
  if (c.move && c.move.on < registeredOn) problems.push(tooEarly(c.move.field, c.move.on));
  for (const field of STAGE_DATE_FIELDS) {
    const v = dates[field];
    // The stage date a move enters is the move's own date: said once, above.
    if (!v || v >= registeredOn || field === moved) continue;
    if (touched.has(field)) problems.push(tooEarly(field, v));
    else if (reRegistered) problems.push(tooLate(fieldLabel(field), v));
  }
  const first = c.firstMove;
  if (reRegistered && first && first.effectiveOn < registeredOn) problems.push(tooLate(`第一次阶段变更（${STAGE_LABELS[first.toStage]}）的日期`, first.effectiveOn));
  return problems;
}

/**
 * The table as the API serves it (`GET /pipeline`). Every `to` is a stage
 * that POST /projects/:id/transitions accepts when the edge's guard holds;
 * `resume` edges take no data.
 */
export function describePipeline() {
  return {
    stages: STAGES.map((s) => ({ code: s, label: STAGE_LABELS[s], active: ACTIVE_STAGES.includes(s) })),
    transitions: STAGES.map((from) => ({
      from,
      to: TRANSITIONS[from].map((e) => ({
        to: e.to,
        onlyRoles: e.onlyRoles ?? null,
        guard: e.guard ?? null,
        resume: e.resume ?? false,
        requires: edgeData(e).required,
        optional: edgeData(e).optional,
      })),
    })),
  };
}
