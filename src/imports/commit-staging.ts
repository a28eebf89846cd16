/**
 * The rows an import's commit stages before its write transaction
 * (commit.service.ts): new projects with their history, team span and audit
 * row; the changes of matched projects and the moves they gain. Built a
 * page of rows at a time and written to the import_publish_* tables; the
 * write copies them with one statement each.
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
export const PROJECT_STAGE_COLUMNS = ['importId', 'ord', 'id', 'rowNo', 'mode', 'stageChanged', 'companyId', 'companyOrd', ...STAGED_PROJECT_COLUMNS, 'auditAfter'] as const;
export const TRANSITION_STAGE_COLUMNS = [
  'importId', 'ord', 'projectId', 'projectOrd', 'seq', 'fromStage', 'toStage', 'effectiveOn', 'note', 'data', 'before', 'endedOn', 'stayDays', 'reachedRank', 'version',
] as const;

const json = (v: unknown): string | null => (v === null || v === undefined ? null : JSON.stringify(v));

/**
 * The staged rows of one page of an import. `values(p)`: the project's
 * columns from its row; `seqs`: the last history number of each matched
 * project; `staged`: how many history rows and updates earlier pages staged
 * (their `ord` continues from there). A new project's `ord` is its number
 * among the import's creates (its id on SQLite: the highest id + ord); an
 * update takes no new id and is numbered below zero.
 *
 * A matched project (an update) is staged like a new one, as mode 'update'
 * with its id, so that the write changes all of them with one UPDATE … FROM:
 * its team and owner stay (a 移交 is its own act, with its own history), an
 * empty 项目编号 or 最近跟进 keeps the stored one (the follow-ups behind it are
 * real), and its stage columns change only when its history gains moves
 * (`stageChanged`).
 */
export function stagedRows(
  importId: number,
  actorId: number,
  page: Prepared[],
  companyOf: (p: Prepared) => CompanyPlan,
  seqs: Map<number, number>,
  values: (p: Prepared) => Record<string, unknown>,
  staged: { updates: number; transitions: number },
) {
  const note = `Excel 导入 #${importId}`;
  const projects: unknown[][] = [];
  const transitions: unknown[][] = [];
  const extended: number[] = [];
  let t = staged.transitions;
  let u = staged.updates;
  for (const p of page) {
    const company = companyOf(p);
    const companyId = company.id ?? company.newId ?? null;
    const v = values(p);
    if (p.row.action === 'create') {
      const after = json({ importId, rowNo: p.row.rowNo, action: 'create', code: p.data.code, name: p.data.name });
      projects.push([importId, p.ord, p.newId ?? null, p.row.rowNo, 'create', 1, companyId, companyId === null ? company.ord : null,
        ...STAGED_PROJECT_COLUMNS.map((c) => (c === 'version' ? p.moves.length : v[c] ?? null)), after]);
      const stays = staysOf(p.moves);
      p.moves.forEach((m, k) => transitions.push([importId, ++t, p.newId ?? null, p.newId === undefined ? p.ord : null, k + 1, m.fromStage, m.toStage, m.effectiveOn,
        k === 0 ? `登记项目（${note}）` : note, json(m.data), json(m.before), stays[k].endedOn, stays[k].stayDays, stays[k].reachedRank, k + 1]));
      continue;
    }
    const m = p.match!;
    const append = p.append!;
    if (!p.data.lastActivityOn) v.lastActivityOn = null;
    const after = json({ importId, rowNo: p.row.rowNo, action: 'update', code: p.data.code, name: p.data.name, appendedMoves: append.length });
    projects.push([importId, -++u, m.id, p.row.rowNo, 'update', append.length ? 1 : 0, companyId, companyId === null ? company.ord : null,
      ...STAGED_PROJECT_COLUMNS.map((c) => (c === 'version' ? m.version + 1 : v[c] ?? null)), after]);
    let seq = seqs.get(m.id) ?? 0;
    for (const mv of append) transitions.push([importId, ++t, m.id, null, ++seq, mv.fromStage, mv.toStage, mv.effectiveOn, note, json(mv.data), json(mv.before), null, null, null, m.version + 1]);
    if (append.length) extended.push(m.id);
  }
  return { projects, transitions, extended, updates: u - staged.updates };
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
