import { DataSource, type EntityManager } from 'typeorm';
import { sql } from '../../core/database/dialect';
import { COUNTING_CONDITIONS, type CountedFields, type CountingRules, countingSql, isKept, projectColumns, whyNotCounted } from '../counting-rules';

/**
 * The 统计口径 is one table of conditions; the per-project verdict (JS) and
 * the filters of the report statements (SQL) are both generated from it.
 * Here the SQL runs on a tiny in-memory SQLite table of sample projects and
 * must say, project by project, what the JS says.
 */
const WAN = 10_000; // 元 per 万元

const SAMPLES: CountedFields[] = [
  { id: 1, agreementType: 'investment', contractInvestment: 5000 * WAN },
  { id: 2, agreementType: 'framework', contractInvestment: 5000 * WAN },
  { id: 3, agreementType: 'investment', contractInvestment: 2999.9999 * WAN },
  { id: 4, agreementType: 'investment', contractInvestment: 3000 * WAN }, // exactly the minimum
  { id: 5, agreementType: null, contractInvestment: null }, // signed before the fields were required
  { id: 6, agreementType: 'framework', contractInvestment: 100 * WAN }, // framework and below the minimum
  { id: 7, agreementType: 'investment', contractInvestment: 8000 * WAN }, // excluded in some years
  { id: 8, agreementType: 'framework', contractInvestment: 9000 * WAN }, // excluded and framework
];

const DEFAULTS: CountingRules = { minContractAmount: null, frameworkAgreementsCount: true, exclusions: [] };
const EXCLUSIONS = [{ projectId: 7, reason: '存量企业扩能' }, { projectId: 8, reason: '异地搬迁' }];
const ALL_THREE: CountingRules = { minContractAmount: 3000 * WAN, frameworkAgreementsCount: false, exclusions: EXCLUSIONS };
const RULE_SETS: [string, CountingRules][] = [
  ['the defaults', DEFAULTS],
  ['a minimum of 3000 万元', { ...DEFAULTS, minContractAmount: 3000 * WAN }],
  ['a minimum of 0', { ...DEFAULTS, minContractAmount: 0 }],
  ['framework agreements do not count', { ...DEFAULTS, frameworkAgreementsCount: false }],
  ['two exclusions', { ...DEFAULTS, exclusions: EXCLUSIONS }],
  ['all three at once', ALL_THREE],
];

describe('统计口径 (counting-rules.ts)', () => {
  let ds: DataSource;
  let em: EntityManager;

  beforeAll(async () => {
    ds = await new DataSource({ type: 'sqlite', database: ':memory:' }).initialize();
    em = ds.manager;
    await em.query('CREATE TABLE projects (id INTEGER PRIMARY KEY, "agreementType" VARCHAR(20), "contractInvestment" BIGINT)');
    for (const p of SAMPLES) {
      await sql(em, 'INSERT INTO projects (id, "agreementType", "contractInvestment") VALUES (:id, :agreementType, :contractInvestment)', { ...p });
    }
  });
  afterAll(() => ds?.destroy());

  /** What the SQL says of each sample: [id, kept, counted]. */
  async function bySql(rules: CountingRules): Promise<[number, boolean, boolean][]> {
    const rule = countingSql(rules, projectColumns('p'));
    const rows = await sql<{ id: number; kept: number; counted: number }>(em, `
      SELECT p.id, CASE WHEN ${rule.kept} THEN 1 ELSE 0 END AS kept, CASE WHEN ${rule.counted} THEN 1 ELSE 0 END AS counted
        FROM projects p ORDER BY p.id`, rule.params);
    return rows.map((r) => [Number(r.id), r.kept === 1, r.counted === 1]);
  }

  it.each(RULE_SETS)('the SQL and the per-project verdict agree on every sample under %s', async (_name, rules) => {
    const byJs = SAMPLES.map((p): [number, boolean, boolean] => [p.id, isKept(rules, p), whyNotCounted(rules, p) === null]);
    expect(await bySql(rules)).toEqual(byJs);
  });

  it('the defaults count every signing', () => {
    expect(SAMPLES.map((p) => whyNotCounted(DEFAULTS, p))).toEqual(SAMPLES.map(() => null));
    expect(countingSql(DEFAULTS, projectColumns('p'))).toEqual({ kept: '1 = 1', counted: '1 = 1', params: {} });
  });

  it('says why a signing does not count, the exclusion first, then the agreement type, then the amount', () => {
    expect(SAMPLES.map((p) => [p.id, whyNotCounted(ALL_THREE, p)])).toEqual([
      [1, null],
      [2, '框架协议不计入（统计口径）'],
      [3, '协议引资低于统计口径下限 3000 万元'],
      [4, null],
      [5, '协议引资低于统计口径下限 3000 万元'], // no amount counts as 0
      [6, '框架协议不计入（统计口径）'],
      [7, '按统计口径剔除：存量企业扩能'],
      [8, '按统计口径剔除：异地搬迁'],
    ]);
  });

  it('an excluded project is out of the year altogether; a framework or small signing only loses its signing', () => {
    expect(SAMPLES.filter((p) => !isKept(ALL_THREE, p)).map((p) => p.id)).toEqual([7, 8]);
    expect(COUNTING_CONDITIONS.map((c) => [c.key, c.leavesOut])).toEqual([
      ['excluded', 'project'], ['framework', 'signing'], ['belowMinimum', 'signing'],
    ]);
  });

  it('reads the id from another column when asked (funds in place filter on their project id)', () => {
    const rule = countingSql({ ...DEFAULTS, exclusions: EXCLUSIONS }, { ...projectColumns('p'), id: 'f."projectId"' });
    expect(rule.kept).toBe('f."projectId" NOT IN (:...rule_excluded)');
    expect(rule.params).toEqual({ rule_excluded: [7, 8] });
  });
});
