/**
 * The columns an import understands, and how a sheet's header row is matched
 * to them: by name, with the variants districts' own ledgers use
 * (项目名称/项目名, 协议引资/签约金额/协议投资额 …). A header's unit in brackets
 * (「协议引资（万元）」, 「金额(亿元)」) is kept apart so that money in 元 or 亿元
 * columns is scaled. `column` is the 0-based index of the cell in the row
 * (`readSheets` gives cells from column A at index 0).
 */
import { compactKey, fold, normText } from './text';

export type ProjectField = 'code' | 'name' | 'companyName' | 'creditCode' | 'companyTier' | 'industryChain' | 'park' | 'sourceChannel'
  | 'sourceRegion' | 'stage' | 'ownerName' | 'teamName' | 'leaderInCharge' | 'isKeyProject' | 'plannedInvestment' | 'contractInvestment'
  | 'agreementType' | 'createdOn' | 'negotiationOn' | 'signedOn' | 'constructionStartedOn' | 'productionStartedOn' | 'onHoldOn' | 'onHoldReason'
  | 'droppedOn' | 'droppedReason' | 'lastActivityOn' | 'contractNo' | 'expectedAnnualOutput' | 'expectedAnnualTax' | 'landArea' | 'jobs';
export type FundsField = 'code' | 'companyName' | 'name' | 'month' | 'amount';

export type FieldKind = 'text' | 'date' | 'month' | 'wan' | 'count' | 'area' | 'label' | 'bool' | 'stage';
export type MoneyUnit = '元' | '万元' | '亿元';

export interface FieldSpec {
  field: string;
  /** the header the template and the 台账 export write (without its unit) */
  label: string;
  /** other headers read as this field (without their unit) */
  synonyms: string[];
  /** a row without it is an error */
  required?: boolean;
  /** a header row must have it to be recognised as one (findHeaderRow) */
  anchor?: boolean;
  kind: FieldKind;
}

const f = (field: string, label: string, kind: FieldKind, synonyms: string[] = [], extra: Partial<FieldSpec> = {}): FieldSpec =>
  ({ field, label, kind, synonyms, ...extra });

/** The 项目台账's columns (src/reports/excel.service.ts) and the dates and reasons the history needs. */
export const PROJECT_FIELDS: FieldSpec[] = [
  f('code', '项目编号', 'text', ['编号', '项目代码', '项目编码', '项目ID', '项目序号']),
  f('name', '项目名称', 'text', ['项目名', '项目', '项目全称', '项目简称'], { required: true, anchor: true }),
  f('companyName', '企业名称', 'text', ['企业', '公司名称', '公司', '企业全称', '投资方', '投资企业', '投资主体', '签约企业', '客商名称', '单位名称'], { required: true }),
  f('creditCode', '统一社会信用代码', 'text', ['信用代码', '社会信用代码', '统一信用代码', '统一代码', '企业信用代码', '组织机构代码']),
  f('companyTier', '企业类型', 'label', ['企业层级', '企业类别', '企业性质', '企业级别']),
  f('industryChain', '产业链', 'label', ['所属产业链', '产业', '产业类别', '所属产业', '行业', '所属行业', '产业方向'], { required: true }),
  f('park', '园区组团', 'label', ['园区', '所属园区', '落户园区', '组团', '落地园区', '拟落户园区', '承接园区', '落户地点']),
  f('sourceChannel', '招商方式', 'label', ['招商渠道', '来源渠道', '项目来源', '信息来源', '引进方式']),
  f('sourceRegion', '来源地区', 'label', ['来源地', '投资方来源地', '客商来源地', '来源区域', '投资来源地']),
  f('stage', '阶段', 'stage', ['项目阶段', '当前阶段', '项目进展', '进展阶段', '项目状态', '推进阶段', '状态', '进度']),
  f('ownerName', '负责人', 'text', ['招商责任人', '责任人', '项目负责人', '招商负责人', '经办人', '跟进人', '对接人', '招商专员'], { required: true }),
  f('teamName', '所属团队', 'text', ['团队', '招商团队', '责任团队', '招商小组', '小组']),
  f('leaderInCharge', '包联领导', 'text', ['包抓领导', '联系领导', '分管领导', '包挂领导', '责任领导']),
  f('isKeyProject', '重点项目', 'bool', ['是否重点项目', '是否重点', '重点']),
  f('plannedInvestment', '计划投资', 'wan', ['计划总投资', '总投资', '投资总额', '计划投资额', '拟投资', '拟投资额', '投资额', '项目总投资']),
  f('contractInvestment', '协议引资', 'wan', ['签约金额', '协议投资额', '合同金额', '协议投资', '签约投资', '签约投资额', '合同投资额', '协议金额', '引资金额']),
  f('agreementType', '协议类型', 'label', ['签约类型', '合同类型', '协议种类']),
  f('createdOn', '登记日期', 'date', ['首次接洽日期', '入库日期', '接洽日期', '首次接洽时间', '录入日期', '信息获取日期', '登记时间', '拜访日期', '首次对接日期'], { required: true }),
  f('negotiationOn', '洽谈日期', 'date', ['进入洽谈日期', '洽谈时间', '开始洽谈日期']),
  f('signedOn', '签约日期', 'date', ['签约时间', '签订日期', '协议签订日期', '合同签订日期']),
  f('constructionStartedOn', '开工日期', 'date', ['开工时间', '动工日期', '开工建设日期']),
  f('productionStartedOn', '投产日期', 'date', ['投产时间', '竣工投产日期', '建成投产日期']),
  f('onHoldOn', '暂缓日期', 'date', ['暂缓时间', '搁置日期']),
  f('onHoldReason', '暂缓原因', 'text', ['搁置原因']),
  f('droppedOn', '终止日期', 'date', ['终止时间', '放弃日期']),
  f('droppedReason', '终止原因', 'text', ['放弃原因']),
  f('lastActivityOn', '最近跟进', 'date', ['最近跟进日期', '最后跟进日期', '最近跟进时间', '最后跟进', '最新跟进日期', '最近对接日期']),
  f('contractNo', '合同编号', 'text', ['协议编号', '合同号', '协议号']),
  f('expectedAnnualOutput', '预计年产值', 'wan', ['年产值', '预计产值', '达产年产值']),
  f('expectedAnnualTax', '预计年税收', 'wan', ['年税收', '预计税收', '达产年税收', '预计年纳税']),
  f('landArea', '用地', 'area', ['用地面积', '占地面积', '用地规模', '拟用地', '供地面积']),
  f('jobs', '就业人数', 'count', ['用工人数', '带动就业', '新增就业', '预计就业人数', '就业']),
];

/** The 到位资金 sheet: the project by 项目编号 or 企业名称 + 项目名称, the month, the amount. */
export const FUNDS_FIELDS: FieldSpec[] = [
  f('code', '项目编号', 'text', ['编号', '项目代码', '项目编码']),
  f('companyName', '企业名称', 'text', ['企业', '公司名称', '公司']),
  f('name', '项目名称', 'text', ['项目名', '项目']),
  f('month', '月份', 'month', ['到位月份', '年月', '到位时间', '到位日期', '所属月份', '月度', '日期'], { required: true, anchor: true }),
  f('amount', '金额', 'wan', ['到位资金', '到位金额', '到位资金金额', '本月到位', '本月到位资金', '资金'], { required: true, anchor: true }),
];

export interface HeaderMatch {
  column: number;
  header: string;
  field: string | null;
  /** a money column's unit: from the header, 万元 when it names none; null for other columns */
  unit: MoneyUnit | null;
}

const UNITS: Record<string, MoneyUnit> = { 元: '元', 人民币元: '元', 万元: '万元', 万: '万元', 亿元: '亿元', 亿: '亿元' };

/** A header split into its name and what its brackets said: 「协议引资（万元）」 → 协议引资 + 万元. */
export function splitHeader(header: string): { name: string; unit: string | null } {
  let unit: string | null = null;
  let name = fold(header).replace(/[([【<{]([^)\]】>}]*)[)\]】>}]/g, (_, inner: string) => {
    const u = compactKey(inner).replace(/^单位[:：]?/, '');
    if (unit === null && u) unit = u;
    return '';
  });
  name = compactKey(name).replace(/^[*＊※]+|[*＊※:：]+$/g, '');
  // 「协议引资万元」, 「金额/万元」: a unit written without brackets
  const tail = /^(.+?)[/／]?(万元|亿元|元)$/.exec(name);
  if (unit === null && tail && tail[1].length >= 2) { name = tail[1]; unit = tail[2]; }
  return { name, unit };
}

function keysOf(spec: FieldSpec): string[] {
  return [spec.label, ...spec.synonyms].map((s) => compactKey(s));
}

/**
 * Each header matched to a field by its name (the label or a variant); a
 * field is taken by the first column that names it, later ones stay
 * unmatched (null), as do headers nobody knows.
 */
export function matchHeaders(headers: (string | null)[], specs: FieldSpec[]): HeaderMatch[] {
  const byKey = new Map<string, FieldSpec>();
  for (const s of specs) for (const k of keysOf(s)) if (!byKey.has(k)) byKey.set(k, s);
  const taken = new Set<string>();
  return headers.map((raw, column) => {
    const header = normText(raw) ?? '';
    const { name, unit } = splitHeader(header);
    const spec = name ? byKey.get(name) : undefined;
    if (!spec || taken.has(spec.field)) return { column, header, field: null, unit: null };
    taken.add(spec.field);
    const money = spec.kind === 'wan' ? (unit && UNITS[unit]) || '万元' : null;
    return { column, header, field: spec.field, unit: money };
  });
}

/** How many rows from the top a header row is looked for in. */
export const HEADER_SEARCH_ROWS = 15;

/**
 * The index (in `rows`) of the header row: the first of the first 15 rows
 * whose cells name at least three fields, the anchor ones among them (a
 * project sheet names 项目名称; a funds sheet 月份 and 金额). A merged title
 * row above the table names none and is passed over. Null when no row does.
 */
export function findHeaderRow(rows: unknown[][], specs: FieldSpec[]): number | null {
  const anchors = specs.filter((s) => s.anchor).map((s) => s.field);
  for (let i = 0; i < Math.min(rows.length, HEADER_SEARCH_ROWS); i++) {
    const headers = (rows[i] ?? []).map((c) => (typeof c === 'string' ? c : normText(c)));
    const fields = new Set(matchHeaders(headers, specs).flatMap((m) => (m.field ? [m.field] : [])));
    if (fields.size >= 3 && anchors.every((a) => fields.has(a))) return i;
  }
  return null;
}

/** The spec of a field, for its label and kind. */
export function fieldSpec(specs: FieldSpec[], field: string): FieldSpec | undefined {
  return specs.find((s) => s.field === field);
}

export type SheetKind = 'projects' | 'funds';

/**
 * Which kind of sheet `rows` (its first rows) is, and where its header row
 * is: a 到位资金 sheet names 月份 and 金额 (and also 项目名称, 企业名称: it is
 * tried first); a projects sheet names 项目名称 and two more fields. Null
 * for a sheet with no recognisable header (an instructions sheet, a chart).
 */
export function detectSheet(rows: unknown[][]): { kind: SheetKind; headerIndex: number } | null {
  const funds = findHeaderRow(rows, FUNDS_FIELDS);
  const projects = findHeaderRow(rows, PROJECT_FIELDS);
  if (funds !== null && (projects === null || funds <= projects)) {
    // a projects sheet may name 月份-like dates too: a funds header names few project fields besides the shared ones
    const shared = new Set(['code', 'name', 'companyName']);
    const headers = rows[funds].map((c) => normText(c));
    const projectOnly = matchHeaders(headers, PROJECT_FIELDS).filter((m) => m.field && !shared.has(m.field)).length;
    if (projectOnly <= 1) return { kind: 'funds', headerIndex: funds };
  }
  return projects === null ? null : { kind: 'projects', headerIndex: projects };
}
