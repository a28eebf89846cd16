/**
 * The 到位资金 sheet of an import: each row's month and amount, and the
 * project it is for — by 项目编号, else 企业名称 + 项目名称 — among the rows
 * of the file first, then in the database. The lookups of the database are
 * made for all rows at once (a statement per IN_LIST_LIMIT keys).
 */
import { normalizeCompanyName } from '../companies/company-identity';
import { inScope, type Viewer } from '../core/auth/scope';
import { type FileKeys, nameKey } from './analysis-duplicates';
import type { AnalysisRepository } from './analysis.repository';
import type { ImportRow, RowProblem } from './import-row.entity';
import { compactKey, type HeaderMatch, normText, parseMoney, parseMonth } from './parse';

const LABELS: Record<string, string> = { code: '项目编号', companyName: '企业名称', name: '项目名称', month: '月份', amount: '金额' };

export async function normaliseFunds(
  rows: { rowNo: number; cells: unknown[]; columns: HeaderMatch[] }[], keys: FileKeys, repo: AnalysisRepository, viewer: Viewer, currentMonth: string,
): Promise<Omit<ImportRow, 'importId'>[]> {
  const read = rows.map((r) => {
    const errors: RowProblem[] = [];
    const raw: Record<string, string | null> = {};
    const col = new Map<string, HeaderMatch>();
    for (const c of r.columns) {
      if (c.header && !(c.header in raw)) raw[c.header] = normText(r.cells[c.column]);
      if (c.field && !col.has(c.field)) col.set(c.field, c);
    }
    const cell = (f: string) => (col.has(f) ? r.cells[col.get(f)!.column] : null);
    const fail = (f: string, code: string, message: string) =>
      errors.push({ column: col.get(f)?.header ?? LABELS[f], field: f, value: normText(cell(f)), code, message });
    const month = parseMonth(cell('month'));
    const amount = parseMoney(cell('amount'), col.get('amount')?.unit ?? '万元');
    if (month.error) fail('month', month.error.code, month.error.message);
    else if (!month.value) fail('month', 'required', '月份不能为空');
    else if (month.value > currentMonth) fail('month', 'in_future', `月份（${month.value}）不能晚于本月（${currentMonth}）`);
    if (amount.error) fail('amount', amount.error.code, amount.error.message);
    else if (amount.value === null || amount.value === undefined) fail('amount', 'required', '金额不能为空');
    const data = {
      code: normText(cell('code')), companyName: normText(cell('companyName')), name: normText(cell('name')),
      month: month.value ?? null, amount: amount.value ?? null, projectRowNo: null as number | null, projectId: null as number | null,
    };
    return { rowNo: r.rowNo, raw, data, errors, fail };
  });

  const pending = read.filter((r) => !r.errors.length).map((r) => {
    const d = r.data;
    const inFile = d.code ? keys.byCode.get(d.code) : d.companyName && d.name ? keys.byCompanyName.get(nameKey(d.companyName, d.name)) : undefined;
    return { ...r, inFile };
  });
  // Only the rows naming no row of the file are looked up in the database.
  const elsewhere = pending.filter((r) => !r.inFile);
  const [byCode, byName] = await Promise.all([
    repo.byCodes(elsewhere.flatMap((r) => (r.data.code ? [r.data.code] : []))),
    repo.byCompanyNames(elsewhere.flatMap((r) => (!r.data.code && r.data.companyName && r.data.name ? [normalizeCompanyName(r.data.companyName)] : []))),
  ]);
  const codeMap = new Map(byCode.map((p) => [p.code, p]));
  const nameMap = new Map<string, (typeof byName)[number]>();
  for (const p of byName) if (!nameMap.has(`${p.normalizedName}|${compactKey(p.name)}`)) nameMap.set(`${p.normalizedName}|${compactKey(p.name)}`, p);
  const seen = new Map<string, number>();
  for (const r of pending) {
    const d = r.data;
    const inFile = r.inFile;
    const stored = inFile ? undefined
      : d.code ? codeMap.get(d.code)
        : d.companyName && d.name ? nameMap.get(`${normalizeCompanyName(d.companyName)}|${compactKey(d.name)}`) : undefined;
    const field = d.code ? 'code' : 'name';
    if (!d.code && !(d.companyName && d.name)) r.fail('code', 'project_required', '请填项目编号，或企业名称和项目名称');
    else if (inFile && !inFile.ok) r.fail(field, 'project_row_has_errors', `对应的项目（项目表第 ${inFile.rowNo} 行）有错误，改正后才能导入其到位资金`);
    else if (inFile) d.projectRowNo = inFile.rowNo;
    else if (stored && !inScope(viewer, stored)) r.fail(field, 'out_of_scope', `对应的项目「${stored.name}」不在您的数据范围内`);
    else if (stored) d.projectId = stored.id;
    else r.fail(field, 'no_project', d.code ? `找不到项目编号为“${d.code}”的项目（文件和系统中都没有）` : `找不到企业“${d.companyName}”的项目“${d.name}”（文件和系统中都没有）`);
    if (r.errors.length) continue;
    const key = `${d.projectRowNo ?? ''}|${d.projectId ?? ''}|${d.month}`;
    const first = seen.get(key);
    if (first !== undefined) r.fail('month', 'duplicate_month', `同一项目同一月份的到位资金已在第 ${first} 行填写`);
    else seen.set(key, r.rowNo);
  }
  return read.map((r) => ({
    sheet: 'funds', rowNo: r.rowNo, raw: r.raw, data: r.data, errors: r.errors, warnings: null, duplicates: null, matchProjectId: r.data.projectId,
    proposed: r.errors.length ? 'error' : 'create', decision: null,
  }));
}
