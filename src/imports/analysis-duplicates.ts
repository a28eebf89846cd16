/**
 * 重复研判 of a batch of staged rows (DOMAIN.md "Duplicates"), set-based: the
 * batch's keys are looked up in a few statements, rows of the file are
 * remembered in memory. A row is matched to the project it would update
 * (项目编号; else credit code + project name) — an update, not a duplicate —
 * or flagged when it looks like another row of the file or like a project
 * another team pursues (撞单): a flagged row needs a decision.
 */
import { normalizeCompanyName } from '../companies/company-identity';
import { inScope, type Viewer } from '../core/auth/scope';
import { PURSUED_STAGES, STAGE_LABELS } from '../projects/pipeline';
import type { AnalysisRepository, KnownProject } from './analysis.repository';
import type { ImportProposal, RowDuplicate, RowProblem } from './import-row.entity';
import type { NormalisedRow } from './normalise';
import { compactKey } from './parse';

export interface StagedProject {
  rowNo: number;
  row: NormalisedRow;
  duplicates: RowDuplicate[];
  matchProjectId: number | null;
  proposed: ImportProposal;
}

/** What the file has shown so far, for rows further down and for the funds sheet. */
export class FileKeys {
  readonly byCode = new Map<string, { rowNo: number; ok: boolean }>();
  readonly byCreditName = new Map<string, number>();
  readonly byCompanyChain = new Map<string, number>();
  /** folded company name + project name → row (the funds sheet's second way to name a project) */
  readonly byCompanyName = new Map<string, { rowNo: number; ok: boolean }>();
}

export const nameKey = (companyName: string, projectName: string) => `${normalizeCompanyName(companyName)}|${compactKey(projectName)}`;

const facts = (p: KnownProject, opens: boolean) => [opens ? STAGE_LABELS[p.stage] : null, p.teamName, p.ownerName].filter(Boolean).join('，');

/** Matches and flags a batch (rows in file order), updating `keys`; errors found here (an update outside the importer's scope) are added to the row. */
export async function judgeBatch(batch: StagedProject[], keys: FileKeys, repo: AnalysisRepository, viewer: Viewer): Promise<void> {
  const valid = batch.filter((s) => !s.row.errors.length);
  const codes = valid.flatMap((s) => (s.row.data.code ? [s.row.data.code] : []));
  const credit = valid.flatMap((s) => (s.row.data.company?.creditCode ? [s.row.data.company.creditCode] : []));
  const names = valid.map((s) => normalizeCompanyName(s.row.data.company?.name ?? ''));
  const [byCode, byCredit, byName, companies] = await Promise.all([
    repo.byCodes(codes), repo.byCreditCodes(credit), repo.byCompanyNames(names), repo.companiesByNames(names),
  ]);
  const codeMap = new Map(byCode.map((p) => [p.code!, p]));
  // indexed once a batch: a re-import finds a project for nearly every row, and a scan per row made it quadratic
  const creditMap = groupBy(byCredit, (p) => p.creditCode);
  const nameMap = groupBy(byName, (p) => p.normalizedName);
  const companyMap = groupBy(companies, (c) => c.normalizedName);
  for (const s of batch) {
    const d = s.row.data;
    const company = d.company?.name ?? '';
    const name = d.name ?? '';
    const okRow = !s.row.errors.length;
    if (d.code && !keys.byCode.has(d.code)) keys.byCode.set(d.code, { rowNo: s.rowNo, ok: okRow });
    const nk = nameKey(company, name);
    if (!keys.byCompanyName.has(nk)) keys.byCompanyName.set(nk, { rowNo: s.rowNo, ok: okRow });
    if (!okRow) continue;
    judgeInFile(s, keys);
    if (s.proposed === 'skip') continue;
    const cc = d.company?.creditCode ?? null;
    const match = (d.code ? codeMap.get(d.code) : undefined)
      ?? (cc ? creditMap.get(cc)?.find((p) => compactKey(p.name) === compactKey(name) && (!d.code || !p.code)) : undefined);
    if (match) {
      if (!inScope(viewer, match)) {
        s.row.errors.push(problem(d.code && match.code === d.code ? 'code' : 'name', d.code ?? name, 'out_of_scope', `对应的已有项目「${match.name}」不在您的数据范围内，不能更新`));
        s.proposed = 'error';
        continue;
      }
      s.matchProjectId = match.id;
      s.proposed = 'update';
      continue;
    }
    // 撞单: the same investor (credit code or folded name) already pursues a project in the chain.
    const folded = normalizeCompanyName(company);
    const rivals = [...((cc && creditMap.get(cc)) || []), ...(nameMap.get(folded) ?? [])]
      .filter((p, i, all) => all.findIndex((q) => q.id === p.id) === i)
      .filter((p) => p.industryChain === d.industryChain && PURSUED_STAGES.includes(p.stage));
    for (const p of rivals.slice(0, 5)) {
      const opens = inScope(viewer, p);
      const what = facts(p, opens);
      s.duplicates.push({
        kind: 'database', rule: 'company_chain', ...(opens ? { projectId: p.id } : {}), projectName: p.name,
        message: `同一投资方在同一产业链已有在谈项目：「${p.name}」${what ? `（${what}）` : ''}`,
      });
    }
    // One rival of the same project name (a ledger without credit codes or 项目编号 read back): offered as the project to
    // update — still flagged, the person decides (新建 / 更新 / 跳过).
    const sameName = rivals.filter((p) => inScope(viewer, p) && compactKey(p.name) === compactKey(name) && !(d.code && p.code && p.code !== d.code));
    if (sameName.length === 1) s.matchProjectId = sameName[0].id;
    const namesake = cc ? companyMap.get(folded)?.find((c) => c.creditCode && c.creditCode !== cc) : undefined;
    if (namesake) {
      s.duplicates.push({ kind: 'database', rule: 'company_name', message: `系统中已有同名企业「${namesake.name}」，但统一社会信用代码不同（${namesake.creditCode}），请核对是否为同一企业` });
    }
  }
}

/** The file's own repeats: a later row with the same 项目编号, credit code + project name, or investor + chain as an earlier one. */
function judgeInFile(s: StagedProject, keys: FileKeys): void {
  const d = s.row.data;
  const first = d.code ? keys.byCode.get(d.code) : undefined;
  if (first && first.rowNo !== s.rowNo && first.ok) {
    s.duplicates.push({ kind: 'file', rule: 'code', rowNo: first.rowNo, message: `与第 ${first.rowNo} 行的项目编号（${d.code}）相同` });
    s.proposed = 'skip';
    return;
  }
  const cc = d.company?.creditCode;
  if (cc && d.name) {
    const k = `${cc}|${compactKey(d.name)}`;
    const other = keys.byCreditName.get(k);
    if (other !== undefined) {
      s.duplicates.push({ kind: 'file', rule: 'credit_code_name', rowNo: other, message: `与第 ${other} 行的统一社会信用代码和项目名称相同` });
      s.proposed = 'skip';
      return;
    }
    keys.byCreditName.set(k, s.rowNo);
  }
  const chainKey = `${normalizeCompanyName(d.company?.name ?? '')}|${d.industryChain}`;
  const same = keys.byCompanyChain.get(chainKey);
  if (same !== undefined) s.duplicates.push({ kind: 'file', rule: 'company_chain', rowNo: same, message: `与第 ${same} 行是同一企业在同一产业链的项目` });
  else keys.byCompanyChain.set(chainKey, s.rowNo);
}

function groupBy<T, K>(items: T[], key: (item: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

function problem(field: string, value: string, code: string, message: string): RowProblem {
  return { column: field === 'code' ? '项目编号' : '项目名称', field, value, code, message };
}
