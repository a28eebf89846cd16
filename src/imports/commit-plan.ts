/**
 * The pure part of publishing an import (no database): what history a
 * staged row becomes, whether it agrees with the history a matched project
 * already has, and the stays (endedOn, stayDays, reachedRank) of new rows,
 * computed here so that the write transaction stays short.
 */
import { daysBetween } from '../core/dates';
import { yuanToWan } from '../core/money';
import { MAIN_STAGES, type Stage } from '../projects/pipeline';
import { PIPELINE_FIELDS, type PipelineSnapshot } from '../projects/project.entity';
import { OPEN_END } from '../projects/transitions.repository';

/** import_rows.data of sheet 'projects' (COMMON12: money integer 元, dates 'YYYY-MM-DD', codes not labels). */
export interface NormalisedProject {
  code: string | null;
  name: string;
  company: { name: string; creditCode: string | null; tier?: string | null; region?: string | null };
  industryChain: string;
  park: string | null;
  sourceChannel: string | null;
  sourceRegion: string | null;
  stage: Stage;
  ownerId: number;
  teamId: number | null;
  leaderInCharge: string | null;
  isKeyProject: boolean;
  keyProjectLevel: string | null;
  plannedInvestment: number | null;
  contractInvestment: number | null;
  agreementType: string | null;
  createdOn: string;
  negotiationOn?: string | null;
  signedOn: string | null;
  constructionStartedOn: string | null;
  productionStartedOn: string | null;
  onHoldOn?: string | null;
  onHoldReason?: string | null;
  droppedOn?: string | null;
  droppedReason?: string | null;
  /** the drop reason's dictionary code, when the sheet gives one */
  droppedReasonCode?: string | null;
  lastActivityOn: string | null;
  contractNo: string | null;
  expectedAnnualOutput: number | null;
  expectedAnnualTax: number | null;
  landArea: number | null;
  jobs: number | null;
}

/** import_rows.data of sheet 'funds'. */
export interface NormalisedFunds {
  code: string | null;
  companyName: string | null;
  name: string | null;
  month: string;
  /** integer 元 */
  amount: number;
}

/** One move of the history a row implies. */
export interface PlannedMove {
  fromStage: Stage | null;
  toStage: Stage;
  effectiveOn: string;
  data: Record<string, unknown> | null;
  /** the pipeline fields before the move (null for the registration) */
  before: PipelineSnapshot | null;
}

/** A history row as stored, as far as the comparison needs it. */
export interface StoredMove {
  toStage: Stage;
  effectiveOn: string;
}

const EMPTY_PIPELINE: PipelineSnapshot = {
  stage: 'visit', pausedFromStage: null, droppedFromStage: null, stageEnteredOn: null, signedOn: null, contractInvestment: null,
  agreementType: null, contractNo: null, constructionStartedOn: null, productionStartedOn: null, onHoldReason: null,
  expectedResumeOn: null, dropReasonCode: null, dropReasonText: null,
};

/** Why a row's history cannot be published (Chinese), or null. */
export type HistoryProblem = { code: string; message: string } | null;

/**
 * The row's history as the state machine would have written it: registered
 * on 登记日期 (visit), then each main-line stage whose date is given
 * (negotiation on its date or, when the stage says negotiation without one,
 * on the registration day), then 暂缓 or 终止 on their dates. Also the
 * project's pipeline fields after the last move. Dates must not run
 * backwards (the dry run refuses such rows already; checked again here).
 */
export function plannedHistory(row: NormalisedProject, dropReasonFallback: string | null): { moves: PlannedMove[]; pipeline: PipelineSnapshot; problem: HistoryProblem } {
  const moves: PlannedMove[] = [];
  let state: PipelineSnapshot = { ...EMPTY_PIPELINE, stageEnteredOn: row.createdOn };
  moves.push({ fromStage: null, toStage: 'visit', effectiveOn: row.createdOn, data: null, before: null });
  const move = (to: Stage, on: string, data: Record<string, unknown> | null, next: Partial<PipelineSnapshot>) => {
    moves.push({ fromStage: state.stage, toStage: to, effectiveOn: on, data, before: pick(state) });
    state = { ...state, ...next, stage: to, stageEnteredOn: on };
  };
  const rank = MAIN_STAGES.indexOf(row.stage as (typeof MAIN_STAGES)[number]);
  const paused = row.stage === 'on_hold' || row.stage === 'dropped';
  const negotiationOn = row.negotiationOn ?? (row.stage === 'negotiation' ? row.createdOn : null);
  if (negotiationOn) move('negotiation', negotiationOn, null, {});
  if (row.signedOn) {
    const contractInvestment = row.contractInvestment ?? 0;
    move('signed', row.signedOn, {
      signedOn: row.signedOn, contractInvestment: yuanToWan(contractInvestment), agreementType: row.agreementType ?? 'investment',
      ...(row.contractNo ? { contractNo: row.contractNo } : {}),
    }, { signedOn: row.signedOn, contractInvestment, agreementType: row.agreementType ?? 'investment', contractNo: row.contractNo ?? null });
  }
  if (row.constructionStartedOn) move('construction', row.constructionStartedOn, { constructionStartedOn: row.constructionStartedOn }, { constructionStartedOn: row.constructionStartedOn });
  if (row.productionStartedOn) move('production', row.productionStartedOn, { productionStartedOn: row.productionStartedOn }, { productionStartedOn: row.productionStartedOn });
  if (row.stage === 'on_hold') {
    const on = row.onHoldOn ?? latest(moves);
    move('on_hold', on, { reason: row.onHoldReason ?? '导入：暂缓' }, { pausedFromStage: state.stage, onHoldReason: row.onHoldReason ?? '导入：暂缓' });
  }
  if (row.stage === 'dropped') {
    const on = row.droppedOn ?? latest(moves);
    const reasonCode = row.droppedReasonCode ?? dropReasonFallback;
    move('dropped', on, { reasonCode, reason: row.droppedReason ?? '导入：终止' }, {
      droppedFromStage: state.stage, dropReasonCode: reasonCode, dropReasonText: row.droppedReason ?? '导入：终止',
    });
  }
  let problem: HistoryProblem = null;
  for (let i = 1; i < moves.length; i++) {
    if (moves[i].effectiveOn < moves[i - 1].effectiveOn) {
      problem = { code: 'dates_out_of_order', message: `日期先后不符：${stageName(moves[i].toStage)}日期 ${moves[i].effectiveOn} 早于${stageName(moves[i - 1].toStage)}日期 ${moves[i - 1].effectiveOn}` };
      break;
    }
  }
  if (!problem && !paused && rank >= 0 && state.stage !== row.stage) {
    problem = { code: 'stage_without_date', message: `阶段为「${stageName(row.stage)}」，但缺少该阶段的日期` };
  }
  if (!problem && row.signedOn && !(row.contractInvestment && row.contractInvestment > 0)) {
    problem = { code: 'signed_without_amount', message: '已签约的项目需要协议引资（大于 0）' };
  }
  return { moves, pipeline: state, problem };
}

/**
 * A re-import of a project that has a history: its stored standing moves
 * must be the beginning of the row's (the same stages on the same dates);
 * the row may only add later moves. Anything else — a different 签约日期 for a
 * project already past signing, a stage the sheet does not reach, a pause
 * the sheet does not show — is a conflict, reported as a row error.
 * Returns the moves to append, or the problem.
 */
export function movesToAppend(stored: StoredMove[], planned: PlannedMove[]): { append: PlannedMove[]; problem: HistoryProblem } {
  if (stored.length > planned.length) {
    const extra = stored[planned.length];
    return { append: [], problem: { code: 'history_conflict', message: `与已有历史冲突：项目已于 ${extra.effectiveOn} 进入「${stageName(extra.toStage)}」，表中没有这一步` } };
  }
  for (let i = 0; i < stored.length; i++) {
    const s = stored[i];
    const p = planned[i];
    if (s.toStage !== p.toStage) {
      return { append: [], problem: { code: 'history_conflict', message: `与已有历史冲突：已有记录第 ${i + 1} 步为「${stageName(s.toStage)}」（${s.effectiveOn}），表中为「${stageName(p.toStage)}」（${p.effectiveOn}）` } };
    }
    if (s.effectiveOn !== p.effectiveOn) {
      const what = i === 0 ? '登记日期' : `${stageName(s.toStage)}日期`;
      return { append: [], problem: { code: 'history_conflict', message: `与已有历史冲突：${what}已记为 ${s.effectiveOn}，表中为 ${p.effectiveOn}` } };
    }
  }
  return { append: planned.slice(stored.length), problem: null };
}

/** endedOn, stayDays and reachedRank of a project's standing moves in order (what refreshStays would compute). */
export function staysOf(moves: { toStage: Stage; effectiveOn: string }[], rankBefore = -1): { endedOn: string; stayDays: number | null; reachedRank: number }[] {
  let top = rankBefore;
  return moves.map((m, i) => {
    top = Math.max(top, MAIN_STAGES.indexOf(m.toStage as (typeof MAIN_STAGES)[number]));
    const next = moves[i + 1]?.effectiveOn ?? null;
    if (next === null) return { endedOn: OPEN_END, stayDays: null, reachedRank: top };
    return { endedOn: next > m.effectiveOn ? next : m.effectiveOn, stayDays: next >= m.effectiveOn ? daysBetween(m.effectiveOn, next) : null, reachedRank: top };
  });
}

function pick(s: PipelineSnapshot): PipelineSnapshot {
  const out = {} as Record<string, unknown>;
  for (const f of PIPELINE_FIELDS) out[f] = s[f];
  return out as PipelineSnapshot;
}

function latest(moves: PlannedMove[]): string {
  return moves[moves.length - 1].effectiveOn;
}

const STAGE_NAMES: Record<Stage, string> = { visit: '登记', negotiation: '洽谈', signed: '签约', construction: '开工', production: '投产', on_hold: '暂缓', dropped: '终止' };
function stageName(s: Stage): string {
  return STAGE_NAMES[s];
}
