/**
 * 统计口径 (DOMAIN.md "Counting rules for reports"), defined once: a table of
 * conditions from which both the per-project verdict ("counted, or why not")
 * and the SQL the report statements filter with are generated.
 *
 * What counts where:
 * - a project the year excludes is out of that year's figures altogether:
 *   its signing, its construction and production starts and its funds in
 *   place (`kept`);
 * - a kept project's signing counts when it also passes the signing
 *   conditions: framework agreements (when they do not count) and the
 *   minimum contract amount (`counted`);
 * - starts and funds of a kept project count whatever its signing does.
 *
 * Pure: no database; the SQL is text with named parameters for `sql()`.
 */
import { yuanToWan } from '../core/money';

/** A year's 统计口径, money in integer 元 (what YearTarget carries). */
export interface CountingRules {
  /** a signing below this contract amount does not count; null: no minimum */
  minContractAmount: number | null;
  frameworkAgreementsCount: boolean;
  /** projects left out of the year's figures, with the reason */
  exclusions: readonly { projectId: number; reason: string }[];
}

/** The fields of a project the conditions look at (contract investment in integer 元). */
export interface CountedFields {
  id: number;
  agreementType: string | null;
  contractInvestment: number | null;
}

/** How a condition compares a project's field with the year's value: one meaning, in JS and in SQL. */
type Comparison = 'notIn' | 'notEqual' | 'atLeast';

const COMPARISONS: Record<Comparison, { passes: (field: unknown, value: unknown) => boolean; sql: (column: string, param: string) => string }> = {
  /** not on the list */
  notIn: { passes: (f, v) => !(v as readonly unknown[]).includes(f), sql: (c, p) => `${c} NOT IN (:...${p})` },
  /** anything else, a missing value included */
  notEqual: { passes: (f, v) => f === null || f !== v, sql: (c, p) => `(${c} IS NULL OR ${c} <> :${p})` },
  /** a missing amount is 0 */
  atLeast: { passes: (f, v) => ((f as number | null) ?? 0) >= (v as number), sql: (c, p) => `COALESCE(${c}, 0) >= :${p}` },
};

export interface CountingCondition {
  key: 'excluded' | 'framework' | 'belowMinimum';
  /** what a project that fails it loses: the whole year's figures, or only its signing */
  leavesOut: 'project' | 'signing';
  field: keyof CountedFields;
  /** the project passes when `field` compares so with the year's value */
  comparison: Comparison;
  /** the year's value; undefined when the year does not apply this condition */
  value: (rules: CountingRules) => unknown;
  /** why a project that fails it does not count, zh-CN */
  reason: (rules: CountingRules, p: CountedFields) => string;
}

/** In the order a project is judged: the first condition it fails is the reason given. */
export const COUNTING_CONDITIONS: readonly CountingCondition[] = [
  {
    key: 'excluded', leavesOut: 'project', field: 'id', comparison: 'notIn',
    value: (r) => (r.exclusions.length ? r.exclusions.map((e) => e.projectId) : undefined),
    reason: (r, p) => `按统计口径剔除：${r.exclusions.find((e) => e.projectId === p.id)?.reason ?? ''}`,
  },
  {
    key: 'framework', leavesOut: 'signing', field: 'agreementType', comparison: 'notEqual',
    value: (r) => (r.frameworkAgreementsCount ? undefined : 'framework'),
    reason: () => '框架协议不计入（统计口径）',
  },
  {
    key: 'belowMinimum', leavesOut: 'signing', field: 'contractInvestment', comparison: 'atLeast',
    value: (r) => r.minContractAmount ?? undefined,
    reason: (r) => `协议引资低于统计口径下限 ${yuanToWan(r.minContractAmount ?? 0)} 万元`,
  },
];

/** The conditions a year applies, each with that year's value. */
function inForce(rules: CountingRules): { condition: CountingCondition; value: unknown }[] {
  return COUNTING_CONDITIONS.map((condition) => ({ condition, value: condition.value(rules) })).filter((c) => c.value !== undefined);
}

/** Why a signing of the year does not count (zh-CN), or null when it counts. */
export function whyNotCounted(rules: CountingRules, p: CountedFields): string | null {
  for (const { condition, value } of inForce(rules)) {
    if (!COMPARISONS[condition.comparison].passes(p[condition.field], value)) return condition.reason(rules, p);
  }
  return null;
}

/** Whether the project's events (starts, funds) are in the year's figures at all. */
export function isKept(rules: CountingRules, p: CountedFields): boolean {
  return inForce(rules).every(({ condition, value }) => condition.leavesOut !== 'project' || COMPARISONS[condition.comparison].passes(p[condition.field], value));
}

/** The SQL expressions of the fields the conditions read, in the statement at hand. */
export type CountedColumns = Record<keyof CountedFields, string>;

/** The fields of the project aliased `alias`. */
export const projectColumns = (alias: string): CountedColumns => ({
  id: `${alias}.id`, agreementType: `${alias}."agreementType"`, contractInvestment: `${alias}."contractInvestment"`,
});

export interface CountingSql {
  /** true when the project is in the year's figures (whyNotCounted's 'project' conditions pass) */
  kept: string;
  /** true when its signing counts (every condition passes) */
  counted: string;
  /** the named parameters both use */
  params: Record<string, unknown>;
}

/**
 * The same conditions as SQL over `columns`. Parameters are named
 * `<prefix>_<key>`, so that two years' rules can sit in one statement.
 */
export function countingSql(rules: CountingRules, columns: CountedColumns, prefix = 'rule'): CountingSql {
  const kept: string[] = [];
  const counted: string[] = [];
  const params: Record<string, unknown> = {};
  for (const { condition, value } of inForce(rules)) {
    const param = `${prefix}_${condition.key}`;
    const text = COMPARISONS[condition.comparison].sql(columns[condition.field], param);
    params[param] = value;
    (condition.leavesOut === 'project' ? kept : counted).push(text);
  }
  const all = (parts: string[]) => (parts.length ? parts.join(' AND ') : '1 = 1');
  return { kept: all(kept), counted: all([...kept, ...counted]), params };
}
