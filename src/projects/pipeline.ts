/**
 * The pipeline state machine (DOMAIN.md): one table of transitions, read by
 * the service that enforces it, by the API (`allowedTransitions`,
 * `GET /pipeline`) and by the UI.
 */
import type { Role } from '../core/auth/roles';

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
export type TransitionField =
  | 'signedOn'
  | 'contractInvestment'
  | 'agreementType'
  | 'contractNo'
  | 'constructionStartedOn'
  | 'productionStartedOn'
  | 'reason'
  | 'reasonCode'
  | 'expectedResumeOn';

/** The fields each target stage requires, and those it accepts besides. */
export const STAGE_DATA: Record<Stage, { required: TransitionField[]; optional: TransitionField[] }> = {
  visit: { required: [], optional: [] },
  negotiation: { required: [], optional: [] },
  signed: { required: ['signedOn', 'contractInvestment', 'agreementType'], optional: ['contractNo'] },
  construction: { required: ['constructionStartedOn'], optional: [] },
  production: { required: ['productionStartedOn'], optional: [] },
  on_hold: { required: ['reason'], optional: ['expectedResumeOn'] },
  dropped: { required: ['reasonCode', 'reason'], optional: [] },
};

/**
 * `resume` stands for "the stage the project was paused from".
 * `reopen` edges need a manager or admin and a drop that happened before signing.
 */
export type Target = Stage | 'resume';

export interface Edge {
  to: Target;
  /** roles that may take this edge beyond the general "may move this project" rule */
  onlyRoles?: readonly Role[];
  guard?: 'droppedBeforeSigning';
}

export const TRANSITIONS: Record<Stage, readonly Edge[]> = {
  visit: [{ to: 'negotiation' }, { to: 'signed' }, { to: 'on_hold' }, { to: 'dropped' }],
  negotiation: [{ to: 'signed' }, { to: 'on_hold' }, { to: 'dropped' }],
  signed: [{ to: 'construction' }, { to: 'on_hold' }, { to: 'dropped' }],
  construction: [{ to: 'production' }, { to: 'on_hold' }, { to: 'dropped' }],
  production: [],
  on_hold: [{ to: 'resume' }, { to: 'dropped' }],
  dropped: [
    { to: 'visit', onlyRoles: ['manager', 'admin'], guard: 'droppedBeforeSigning' },
    { to: 'negotiation', onlyRoles: ['manager', 'admin'], guard: 'droppedBeforeSigning' },
  ],
};

/** The part of a project's state the machine reads. */
export interface PipelineState {
  stage: Stage;
  pausedFromStage: Stage | null;
  droppedFromStage: Stage | null;
}

const BEFORE_SIGNING: readonly Stage[] = ['visit', 'negotiation'];

/** Resolves an edge's target for this project (`resume` → the paused stage). */
function targetOf(edge: Edge, state: PipelineState): Stage | null {
  return edge.to === 'resume' ? state.pausedFromStage : edge.to;
}

function guardHolds(edge: Edge, state: PipelineState): boolean {
  if (edge.guard === 'droppedBeforeSigning') {
    return state.droppedFromStage !== null && BEFORE_SIGNING.includes(state.droppedFromStage);
  }
  return true;
}

/** Stages reachable from here by the table and its guards, whoever asks. */
export function allowedTargets(state: PipelineState): Stage[] {
  const out: Stage[] = [];
  for (const edge of TRANSITIONS[state.stage]) {
    const to = targetOf(edge, state);
    if (to && guardHolds(edge, state) && !out.includes(to)) out.push(to);
  }
  return out;
}

/** Stages this role may move the project to (the caller may still lack the right to move it at all). */
export function allowedTargetsFor(state: PipelineState, role: Role): Stage[] {
  const out: Stage[] = [];
  for (const edge of TRANSITIONS[state.stage]) {
    const to = targetOf(edge, state);
    if (!to || !guardHolds(edge, state)) continue;
    if (edge.onlyRoles && !edge.onlyRoles.includes(role)) continue;
    if (!out.includes(to)) out.push(to);
  }
  return out;
}

export type TransitionCheck =
  | { ok: true }
  | { ok: false; reason: 'not_allowed'; allowed: Stage[] }
  | { ok: false; reason: 'role'; onlyRoles: readonly Role[] };

/** Whether the machine lets `role` move a project in `state` to `to`. */
export function checkTransition(state: PipelineState, to: Stage, role: Role): TransitionCheck {
  const edge = TRANSITIONS[state.stage].find((e) => targetOf(e, state) === to && guardHolds(e, state));
  if (!edge) return { ok: false, reason: 'not_allowed', allowed: allowedTargets(state) };
  if (edge.onlyRoles && !edge.onlyRoles.includes(role)) return { ok: false, reason: 'role', onlyRoles: edge.onlyRoles };
  return { ok: true };
}

/** Whether moving to `to` resumes a paused project to the stage it was paused from. */
export function isResume(state: PipelineState, to: Stage): boolean {
  return state.stage === 'on_hold' && state.pausedFromStage === to;
}

const NO_DATA: { required: TransitionField[]; optional: TransitionField[] } = { required: [], optional: [] };

/**
 * The data a move to `to` takes from this state. Resuming re-enters a stage
 * the project already has the data of (its signing, its construction start),
 * so it asks for none and keeps what is there.
 */
export function stageDataFor(state: PipelineState, to: Stage): { required: TransitionField[]; optional: TransitionField[] } {
  return isResume(state, to) ? NO_DATA : STAGE_DATA[to];
}

/** Main-line order, for "dates may not run backwards" and funnel reports. */
export function stageRank(stage: Stage): number {
  return (MAIN_STAGES as readonly string[]).indexOf(stage);
}

/** The table as the API serves it (`GET /pipeline`). */
export function describePipeline() {
  return {
    stages: STAGES.map((s) => ({ code: s, label: STAGE_LABELS[s], active: ACTIVE_STAGES.includes(s) })),
    transitions: STAGES.map((from) => ({
      from,
      to: TRANSITIONS[from].map((e) => ({
        to: e.to,
        onlyRoles: e.onlyRoles ?? null,
        guard: e.guard ?? null,
        requires: e.to === 'resume' ? [] : STAGE_DATA[e.to].required,
        optional: e.to === 'resume' ? [] : STAGE_DATA[e.to].optional,
      })),
    })),
  };
}
