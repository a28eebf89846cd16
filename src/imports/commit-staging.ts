/**
 * The rows an import's commit stages before its write transaction
 * (commit.service.ts): new projects with their history, team span and audit
 * row; the moves matched projects gain; the changes of matched projects.
 * Built in memory from the plan; written to the import_publish_* tables a
 * chunk at a time; copied by the write with one INSERT … SELECT each.
 */
import type { EntityManager } from 'typeorm';
import { refreshStays } from '../projects/pipeline-history';
import { TransitionsRepository } from '../projects/transitions.repository';
import type { PlannedMove, NormalisedProject, plannedHistory } from './commit-plan';
import { staysOf } from './commit-plan';
import type { AcceptedRow, MatchedProject } from './commit.repository';
import { STAGED_PROJECT_COLUMNS } from './commit.repository';

/** A row ready to publish: the plan built before the write transaction. */
export interface Prepared {
  row: AcceptedRow;
  data: NormalisedProject;
  companyKey: string;
  moves: PlannedMove[];
  pipeline: ReturnType<typeof plannedHistory>['pipeline'];
  /** for a new project: its number in the import, and its id when taken beforehand (PostgreSQL; else the highest id + ord) */
  ord?: number;
  newId?: number;
  /** for an update: the project and the moves its history gains */
  match?: MatchedProject;
  append?: PlannedMove[];
}

/** The company of a row: an existing one (`id`), or a new one staged as `ord`. */
export interface CompanyPlan {
  id: number | null;
  /** a new company: its number in the import, and its id when taken beforehand */
  ord?: number;
  newId?: number;
  name: string;
  normalizedName: string;
  creditCode: string | null;
  tier: string | null;
  region: string | null;
}

export const COMPANY_STAGE_COLUMNS = ['importId', 'ord', 'id', 'name', 'normalizedName', 'creditCode', 'tier', 'region'] as const;
export const PROJECT_STAGE_COLUMNS = ['importId', 'ord', 'id', 'rowNo', 'companyId', 'companyOrd', ...STAGED_PROJECT_COLUMNS, 'auditAfter'] as const;
export const TRANSITION_STAGE_COLUMNS = [
  'importId', 'ord', 'projectId', 'projectOrd', 'seq', 'fromStage', 'toStage', 'effectiveOn', 'note', 'data', 'before', 'endedOn', 'stayDays', 'reachedRank', 'version',
] as const;

const json = (v: unknown): string | null => (v === null || v === undefined ? null : JSON.stringify(v));

/**
 * The staged rows of an import. `values(p)`: the project's columns from its
 * row; `seqs`: the last history number of each matched project.
 */
export function stagedRows(
  importId: number,
  actorId: number,
  creates: Prepared[],
  updates: Prepared[],
  companyOf: (p: Prepared) => CompanyPlan,
  seqs: Map<number, number>,
  values: (p: Prepared) => Record<string, unknown>,
) {
  const note = `Excel 导入 #${importId}`;
  const projects: unknown[][] = [];
  const transitions: unknown[][] = [];
  let t = 0;
  for (const p of creates) {
    const company = companyOf(p);
    const v: Record<string, unknown> = { ...values(p), version: p.moves.length };
    const after = json({ importId, rowNo: p.row.rowNo, action: 'create', code: p.data.code, name: p.data.name });
    const companyId = company.id ?? company.newId ?? null;
    projects.push([importId, p.ord, p.newId ?? null, p.row.rowNo, companyId, companyId === null ? company.ord : null, ...STAGED_PROJECT_COLUMNS.map((c) => v[c] ?? null), after]);
    const stays = staysOf(p.moves);
    p.moves.forEach((m, k) => transitions.push([importId, ++t, p.newId ?? null, p.newId === undefined ? p.ord : null, k + 1, m.fromStage, m.toStage, m.effectiveOn, k === 0 ? `登记项目（${note}）` : note,
      json(m.data), json(m.before), stays[k].endedOn, stays[k].stayDays, stays[k].reachedRank, k + 1]));
  }
  const changes: { id: number; changes: Record<string, unknown>; companyOrd?: number }[] = [];
  const updateAudit: unknown[][] = [];
  const extended: number[] = [];
  for (const p of updates) {
    const m = p.match!;
    const { version: _v, teamId: _t, ownerId: _o, ...c } = values(p);
    // The team and owner stay (a 移交 is its own act, with its own history); an empty code keeps the stored one.
    if (c.code === null) delete c.code;
    // Without 最近跟进 the stored last activity stays (the follow-ups behind it are real).
    if (!p.data.lastActivityOn) delete c.lastActivityOn;
    if (!p.append!.length) for (const f of ['stage', 'stageEnteredOn', 'pausedFromStage', 'droppedFromStage'] as const) delete c[f];
    const company = companyOf(p);
    c.companyId = company.id ?? company.newId;
    if (c.companyId === undefined) delete c.companyId;
    // a company new with this import, numbered by the write (SQLite): companyBase + ord
    changes.push({ id: m.id, changes: c, companyOrd: c.companyId === undefined ? company.ord : undefined });
    let seq = seqs.get(m.id) ?? 0;
    for (const mv of p.append!) transitions.push([importId, ++t, m.id, null, ++seq, mv.fromStage, mv.toStage, mv.effectiveOn, note, json(mv.data), json(mv.before), null, null, null, m.version + 1]);
    if (p.append!.length) extended.push(m.id);
    updateAudit.push(['project', String(m.id), 'import', actorId, null, json({ importId, rowNo: p.row.rowNo, action: 'update', code: p.data.code, name: p.data.name, appendedMoves: p.append!.length })]);
  }
  return { projects, transitions, updates: changes, updateAudit, extended };
}

/**
 * After the write: the stays of the histories that gained moves (new
 * histories were staged with theirs), then the pipeline ledger written
 * afresh from the whole history, once.
 */
export async function refreshAndRewriteLedger(em: EntityManager, extended: number[]): Promise<void> {
  if (extended.length > 200) await refreshStays(em);
  else for (const id of extended) await refreshStays(em, id);
  await new TransitionsRepository(em.connection).rewriteLedger(em);
}
