import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In, type SelectQueryBuilder, type ObjectLiteral } from 'typeorm';
import type { AuthUser } from '../core/auth/auth-user';
import { whereInScope } from '../core/auth/scope';
import { Clock } from '../core/clock';
import { badField } from '../core/http/errors';
import { parseDbInteger, yuanToWan } from '../core/money';
import { DictionariesService } from '../dictionaries/dictionaries.service';
import type { DictionaryKind } from '../dictionaries/dictionary-entry.entity';
import { MAIN_STAGES, STAGE_LABELS, type Stage, STAGES } from '../projects/pipeline';
import { Team } from '../teams/team.entity';
import { TargetsService, type YearTarget } from '../targets/targets.service';
import { User } from '../users/user.entity';
import type {
  ActivityFigures,
  BreakdownKey,
  BreakdownRow,
  Funnel,
  Indicator,
  IndicatorKey,
  ReportProject,
  SummaryReport,
} from './report.types';

/** A project with an event in the period: the raw material of every figure. */
interface Fact {
  id: number;
  name: string;
  companyName: string;
  companyTier: string | null;
  stage: Stage;
  industryChain: string;
  park: string | null;
  sourceChannel: string | null;
  sourceRegion: string | null;
  teamId: number | null;
  ownerId: number;
  signedOn: string | null;
  contractInvestment: number | null;
  agreementType: string | null;
  constructionStartedOn: string | null;
  productionStartedOn: string | null;
  /** integer 元, YTD and the month itself */
  fundsYtd: bigint;
  fundsMonth: bigint;
}

/** What one period (a year to a month) adds up to, in integer 元 and counts. */
interface Totals {
  signings: number;
  signedInvestment: bigint;
  constructionStarts: number;
  productionStarts: number;
  fundsInPlace: bigint;
}

interface Period {
  year: number;
  month: number;
  start: string;
  monthStart: string;
  end: string;
  startMonth: string;
  endMonth: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A project's stage on :end — the target of its latest standing move dated on
 * or before that day, latest in the order the moves were made (seq), so that a
 * project registered today with a signing dated last month was signed last month.
 * Reverted moves and the revert rows themselves are not part of the history.
 */
const LATEST_STAGE_SQL = `SELECT t."toStage" FROM project_transitions t WHERE t."projectId" = p.id AND t.kind = 'transition'
  AND t."revertedById" IS NULL AND t."effectiveOn" <= :end ORDER BY t.seq DESC LIMIT 1`;
const round4 = (x: number) => Math.round(x * 10_000) / 10_000;
const ratio = (a: number | bigint, b: number | bigint): number | null => (Number(b) === 0 ? null : round4(Number(a) / Number(b)));
const sumBig = (xs: bigint[]) => xs.reduce((a, b) => a + b, 0n);
const toBig = (v: unknown): bigint => {
  if (v === null || v === undefined) return 0n;
  if (typeof v === 'bigint') return v;
  // PostgreSQL answers SUM(bigint) as numeric text; SQLite as an integer number.
  return BigInt(typeof v === 'string' ? v.split('.')[0] : Math.round(v as number));
};

export function periodOf(year: number, month: number): Period {
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return {
    year, month,
    start: `${year}-01-01`, monthStart: `${year}-${pad(month)}-01`, end: `${year}-${pad(month)}-${pad(last)}`,
    startMonth: `${year}-01`, endMonth: `${year}-${pad(month)}`,
  };
}

const INDICATORS: { key: IndicatorKey; label: string; unit: '万元' | '个' }[] = [
  { key: 'signedInvestment', label: '签约投资', unit: '万元' },
  { key: 'fundsInPlace', label: '实际到位资金', unit: '万元' },
  { key: 'signings', label: '新签约项目', unit: '个' },
  { key: 'constructionStarts', label: '新开工项目', unit: '个' },
  { key: 'productionStarts', label: '新投产项目', unit: '个' },
];

const BREAKDOWNS: { key: BreakdownKey; field: keyof Fact; dict?: DictionaryKind }[] = [
  { key: 'industryChain', field: 'industryChain', dict: 'industry-chains' },
  { key: 'park', field: 'park', dict: 'parks' },
  { key: 'sourceChannel', field: 'sourceChannel', dict: 'source-channels' },
  { key: 'sourceRegion', field: 'sourceRegion', dict: 'source-regions' },
  { key: 'team', field: 'teamId' },
  { key: 'companyTier', field: 'companyTier', dict: 'company-tiers' },
];

/**
 * DOMAIN.md "Counting rules for reports", for a caller's scope (null: the
 * whole district, as the monthly rollup uses). Amounts are summed as integer
 * 元 (BigInt) and only turned into 万元 at the end, so SQLite and PostgreSQL
 * give the same figures to the yuan.
 */
@Injectable()
export class ReportsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly targets: TargetsService,
    private readonly dictionaries: DictionariesService,
    private readonly clock: Clock,
  ) {}

  /** Checks year and month; a month after the current one is refused. */
  assertPeriod(year: number, month: number): void {
    if (!Number.isInteger(year) || year < 2000 || year > 2100) throw badField('year', 'must be a year from 2000 to 2100', year);
    if (!Number.isInteger(month) || month < 1 || month > 12) throw badField('month', 'must be 1 to 12', month);
    const current = this.clock.currentMonth();
    if (`${year}-${pad(month)}` > current) throw badField('month', `${year}-${pad(month)} has not begun (this month is ${current})`);
  }

  async summary(user: AuthUser | null, year: number, month: number, em: EntityManager = this.ds.manager): Promise<SummaryReport> {
    this.assertPeriod(year, month);
    const period = periodOf(year, month);
    const lastPeriod = periodOf(year - 1, month);
    const target = await this.targets.get(year, em);
    const lastTarget = await this.targets.get(year - 1, em);

    const facts = await this.asOf(em, await this.facts(em, user, period), period);
    const lastFacts = await this.asOf(em, await this.facts(em, user, lastPeriod), lastPeriod);
    const judged = this.judge(facts, target, period);
    const lastJudged = this.judge(lastFacts, lastTarget, lastPeriod);
    const ytd = this.totals(judged, period, false);
    const inMonth = this.totals(judged, period, true);
    const lastYtd = this.totals(lastJudged, lastPeriod, false);

    const timeProgress = round4(month / 12);
    const targetOf: Record<IndicatorKey, number | bigint> = {
      signedInvestment: BigInt(target.signedInvestment), fundsInPlace: BigInt(target.fundsInPlace), signings: target.signings,
      constructionStarts: target.constructionStarts, productionStarts: target.productionStarts,
    };
    const indicators: Indicator[] = INDICATORS.map(({ key, label, unit }) => {
      const show = (v: number | bigint) => (unit === '万元' ? yuanToWan(v) : Number(v));
      const completionRate = ratio(ytd[key], targetOf[key]);
      const ahead = completionRate === null ? null : round4(completionRate - timeProgress);
      return {
        key, label, unit,
        month: show(inMonth[key]),
        ytd: show(ytd[key]),
        lastYearYtd: show(lastYtd[key]),
        target: show(targetOf[key]),
        completionRate,
        timeProgress,
        ahead,
        aheadLabel: ahead === null ? null : ahead > 0 ? '快于序时进度' : ahead < 0 ? '慢于序时进度' : '与序时进度持平',
        yoy: Number(lastYtd[key]) === 0 ? null : round4((Number(ytd[key]) - Number(lastYtd[key])) / Number(lastYtd[key])),
      };
    });

    const signed = judged.filter((j) => j.signedThisYear && j.counted);
    const dropped = signed.filter((j) => j.fact.stage === 'dropped');
    const names = await this.names(em, facts);
    const funnel = await this.funnel(em, user, period);
    return {
      year, month, periodEnd: period.end,
      scope: user?.dataScope ?? 'all',
      timeProgress,
      conventions: {
        minContractAmount: target.minContractAmount === null ? null : yuanToWan(target.minContractAmount),
        frameworkAgreementsCount: target.frameworkAgreementsCount,
        exclusions: target.exclusions,
      },
      indicators,
      signedThenDropped: {
        count: dropped.length,
        amount: yuanToWan(sumBig(dropped.map((j) => BigInt(j.fact.contractInvestment ?? 0)))),
        projects: dropped.map((j) => ({ id: j.fact.id, name: j.fact.name, signedOn: j.fact.signedOn!, contractInvestment: yuanToWan(j.fact.contractInvestment ?? 0) })),
      },
      breakdowns: await this.breakdowns(judged, period, names.teams),
      funnel,
      activities: await this.activities(em, user, period),
      rates: {
        fundsRate: ratio(sumBig(signed.map((j) => j.fact.fundsYtd)), sumBig(signed.map((j) => BigInt(j.fact.contractInvestment ?? 0)))),
        constructionRate: ratio(signed.filter((j) => j.fact.constructionStartedOn && j.fact.constructionStartedOn <= period.end).length, signed.length),
        productionRate: ratio(signed.filter((j) => j.fact.productionStartedOn && j.fact.productionStartedOn <= period.end).length, signed.length),
      },
      projects: judged
        .filter((j) => j.signedThisYear)
        .sort((a, b) => (a.fact.signedOn! < b.fact.signedOn! ? -1 : a.fact.signedOn! > b.fact.signedOn! ? 1 : a.fact.id - b.fact.id))
        .map((j): ReportProject => ({
          id: j.fact.id, name: j.fact.name, companyName: j.fact.companyName, industryChain: j.fact.industryChain, park: j.fact.park,
          teamName: j.fact.teamId === null ? null : (names.teams.get(j.fact.teamId) ?? null),
          ownerName: names.owners.get(j.fact.ownerId) ?? null, stage: j.fact.stage, signedOn: j.fact.signedOn,
          contractInvestment: j.fact.contractInvestment === null ? null : yuanToWan(j.fact.contractInvestment),
          agreementType: j.fact.agreementType, constructionStartedOn: j.fact.constructionStartedOn,
          productionStartedOn: j.fact.productionStartedOn, fundsInPlaceYtd: yuanToWan(j.fact.fundsYtd), counted: j.counted,
          reason: j.reason, signedThenDropped: j.fact.stage === 'dropped',
        })),
    };
  }

  /** Projects in scope with a signing, a start or funds in the period, with their funds summed in the database. */
  private async facts(em: EntityManager, user: AuthUser | null, period: Period): Promise<Fact[]> {
    const qb = em
      .createQueryBuilder()
      .select([
        'p.id AS id', 'p.name AS name', 'p.stage AS stage', 'p."industryChain" AS "industryChain"', 'p.park AS park',
        'p."sourceChannel" AS "sourceChannel"', 'p."sourceRegion" AS "sourceRegion"', 'p."teamId" AS "teamId"', 'p."ownerId" AS "ownerId"',
        'p."signedOn" AS "signedOn"', 'p."contractInvestment" AS "contractInvestment"', 'p."agreementType" AS "agreementType"',
        'p."constructionStartedOn" AS "constructionStartedOn"', 'p."productionStartedOn" AS "productionStartedOn"',
        'c.name AS "companyName"', 'c.tier AS "companyTier"',
      ])
      .addSelect('(SELECT SUM(f.amount) FROM funds_reports f WHERE f."projectId" = p.id AND f.month >= :m0 AND f.month <= :m1)', 'fundsYtd')
      .addSelect('(SELECT SUM(f.amount) FROM funds_reports f WHERE f."projectId" = p.id AND f.month = :m1)', 'fundsMonth')
      .from('projects', 'p')
      .innerJoin('companies', 'c', 'c.id = p."companyId"')
      .where(
        `p.id IN (SELECT id FROM projects WHERE "signedOn" >= :d0 AND "signedOn" <= :d1
           UNION SELECT id FROM projects WHERE "constructionStartedOn" >= :d0 AND "constructionStartedOn" <= :d1
           UNION SELECT id FROM projects WHERE "productionStartedOn" >= :d0 AND "productionStartedOn" <= :d1
           UNION SELECT "projectId" FROM funds_reports WHERE month >= :m0 AND month <= :m1)`,
        { d0: period.start, d1: period.end, m0: period.startMonth, m1: period.endMonth },
      );
    this.scope(qb, user);
    const rows = await qb.getRawMany<Record<string, unknown>>();
    return rows.map((r) => ({
      id: Number(r.id), name: String(r.name), companyName: String(r.companyName), companyTier: (r.companyTier as string) ?? null,
      stage: r.stage as Stage, industryChain: String(r.industryChain), park: (r.park as string) ?? null,
      sourceChannel: (r.sourceChannel as string) ?? null, sourceRegion: (r.sourceRegion as string) ?? null,
      teamId: r.teamId === null ? null : Number(r.teamId), ownerId: Number(r.ownerId), signedOn: (r.signedOn as string) ?? null,
      contractInvestment: parseDbInteger(r.contractInvestment, 'contractInvestment'), agreementType: (r.agreementType as string) ?? null,
      constructionStartedOn: (r.constructionStartedOn as string) ?? null, productionStartedOn: (r.productionStartedOn as string) ?? null,
      fundsYtd: toBig(r.fundsYtd), fundsMonth: toBig(r.fundsMonth),
    }));
  }

  /**
   * The projects as they stood at the end of the period: the stage from the
   * transition history, and no start dated after it. So a closed month's
   * figures do not move when a project goes on later (only corrections and
   * late entries for the month itself change them).
   */
  private async asOf(em: EntityManager, facts: Fact[], period: Period): Promise<Fact[]> {
    const stageAt = new Map<number, Stage>();
    const ids = facts.map((f) => f.id);
    for (let i = 0; i < ids.length; i += 1000) {
      const rows = await em
        .createQueryBuilder()
        .select('p.id', 'projectId')
        .addSelect(`(${LATEST_STAGE_SQL})`, 'stage')
        .from('projects', 'p')
        .where('p.id IN (:...ids)', { ids: ids.slice(i, i + 1000), end: period.end })
        .getRawMany<{ projectId: unknown; stage: Stage | null }>();
      for (const r of rows) if (r.stage) stageAt.set(Number(r.projectId), r.stage);
    }
    const upTo = (d: string | null) => (d && d <= period.end ? d : null);
    return facts.map((f) => ({
      ...f,
      stage: stageAt.get(f.id) ?? f.stage,
      constructionStartedOn: upTo(f.constructionStartedOn),
      productionStartedOn: upTo(f.productionStartedOn),
    }));
  }

  private scope<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, user: AuthUser | null): SelectQueryBuilder<T> {
    return user ? whereInScope(qb, user, 'p') : qb;
  }

  /** 统计口径: whether each project's signing counts this year, and why not. */
  private judge(facts: Fact[], target: YearTarget, period: Period) {
    const excluded = new Map(target.exclusions.map((e) => [e.projectId, e.reason]));
    return facts.map((fact) => {
      const signedThisYear = !!fact.signedOn && fact.signedOn >= period.start && fact.signedOn <= period.end;
      let reason: string | null = null;
      if (excluded.has(fact.id)) reason = `按统计口径剔除：${excluded.get(fact.id)}`;
      else if (signedThisYear && !target.frameworkAgreementsCount && fact.agreementType === 'framework') reason = '框架协议不计入（统计口径）';
      else if (signedThisYear && target.minContractAmount !== null && (fact.contractInvestment ?? 0) < target.minContractAmount) {
        reason = `协议引资低于统计口径下限 ${yuanToWan(target.minContractAmount)} 万元`;
      }
      return { fact, signedThisYear, counted: reason === null, excluded: excluded.has(fact.id), reason };
    });
  }

  private totals(judged: ReturnType<ReportsService['judge']>, period: Period, monthOnly: boolean): Totals {
    const from = monthOnly ? period.monthStart : period.start;
    const inRange = (d: string | null) => !!d && d >= from && d <= period.end;
    const kept = judged.filter((j) => !j.excluded);
    const signed = judged.filter((j) => j.counted && j.signedThisYear && inRange(j.fact.signedOn));
    return {
      signings: signed.length,
      signedInvestment: sumBig(signed.map((j) => BigInt(j.fact.contractInvestment ?? 0))),
      constructionStarts: kept.filter((j) => inRange(j.fact.constructionStartedOn)).length,
      productionStarts: kept.filter((j) => inRange(j.fact.productionStartedOn)).length,
      fundsInPlace: sumBig(kept.map((j) => (monthOnly ? j.fact.fundsMonth : j.fact.fundsYtd))),
    };
  }

  private async names(em: EntityManager, facts: Fact[]) {
    const teamIds = [...new Set(facts.map((f) => f.teamId).filter((t): t is number => t !== null))];
    const ownerIds = [...new Set(facts.map((f) => f.ownerId))];
    const teams = teamIds.length ? await em.find(Team, { where: { id: In(teamIds) } }) : [];
    const owners: User[] = [];
    for (let i = 0; i < ownerIds.length; i += 500) owners.push(...(await em.find(User, { where: { id: In(ownerIds.slice(i, i + 500)) } })));
    return { teams: new Map(teams.map((t) => [t.id, t.name])), owners: new Map(owners.map((u) => [u.id, u.name])) };
  }

  /** Year-to-date figures split by chain, park, channel, region, team and company tier. */
  private async breakdowns(judged: ReturnType<ReportsService['judge']>, period: Period, teams: Map<number, string>) {
    const out = {} as Record<BreakdownKey, BreakdownRow[]>;
    const inYtd = (d: string | null) => !!d && d >= period.start && d <= period.end;
    for (const b of BREAKDOWNS) {
      const labels = b.dict ? await this.dictionaries.labels(b.dict) : null;
      const rows = new Map<string, { row: BreakdownRow; signed: bigint; funds: bigint }>();
      for (const j of judged) {
        if (j.excluded) continue;
        const raw = j.fact[b.field] as string | number | null;
        const code = raw === null ? null : String(raw);
        const key = code ?? '';
        let entry = rows.get(key);
        if (!entry) {
          const label = code === null ? '未填写' : b.key === 'team' ? (teams.get(Number(code)) ?? `团队 ${code}`) : (labels?.get(code) ?? code);
          entry = { row: { code, label, signings: 0, signedInvestment: 0, constructionStarts: 0, productionStarts: 0, fundsInPlace: 0 }, signed: 0n, funds: 0n };
          rows.set(key, entry);
        }
        if (j.counted && j.signedThisYear) {
          entry.row.signings++;
          entry.signed += BigInt(j.fact.contractInvestment ?? 0);
        }
        if (inYtd(j.fact.constructionStartedOn)) entry.row.constructionStarts++;
        if (inYtd(j.fact.productionStartedOn)) entry.row.productionStarts++;
        entry.funds += j.fact.fundsYtd;
      }
      out[b.key] = [...rows.values()]
        .map((e) => ({ ...e.row, signedInvestment: yuanToWan(e.signed), fundsInPlace: yuanToWan(e.funds) }))
        .sort((x, y) => y.signedInvestment - x.signedInvestment || y.signings - x.signings || x.label.localeCompare(y.label));
    }
    return out;
  }

  /**
   * The pipeline at the end of the period, rebuilt from the transition
   * history (a project's latest standing move on or before that day), not
   * from today's stage; conversions and median days per stage likewise.
   */
  private async funnel(em: EntityManager, user: AuthUser | null, period: Period): Promise<Funnel> {
    const effective = `t.kind = 'transition' AND t."revertedById" IS NULL AND t."effectiveOn" <= :end`;
    const latest = em
      .createQueryBuilder()
      .select('x.stage', 'stage')
      .addSelect('COUNT(*)', 'n')
      .addSelect('SUM(x.planned)', 'planned')
      .from((sub) => {
        const q = sub.select(`(${LATEST_STAGE_SQL})`, 'stage').addSelect('p."plannedInvestment"', 'planned').from('projects', 'p')
          .where('(p."createdOn" <= :end OR EXISTS (SELECT 1 FROM project_transitions t0 WHERE t0."projectId" = p.id AND t0."effectiveOn" <= :end))', { end: period.end });
        return this.scope(q, user);
      }, 'x')
      .where('x.stage IS NOT NULL')
      .groupBy('x.stage');
    const stageRows = await latest.getRawMany<{ stage: Stage; n: unknown; planned: unknown }>();

    const rankCase = `CASE t."toStage" ${MAIN_STAGES.map((s, i) => `WHEN '${s}' THEN ${i}`).join(' ')} ELSE -1 END`;
    const reachedQb = em
      .createQueryBuilder()
      .select('r.top', 'top')
      .addSelect('COUNT(*)', 'n')
      .from((sub) => {
        const q = sub.select('t."projectId"', 'projectId').addSelect(`MAX(${rankCase})`, 'top').from('project_transitions', 't')
          .innerJoin('projects', 'p', 'p.id = t."projectId"').where(effective, { end: period.end }).groupBy('t."projectId"');
        return this.scope(q, user);
      }, 'r')
      .groupBy('r.top');
    const reachedRows = await reachedQb.getRawMany<{ top: unknown; n: unknown }>();
    const reachedAtLeast = (rank: number) => reachedRows.filter((r) => Number(r.top) >= rank).reduce((a, r) => a + Number(r.n), 0);

    const days = this.ds.options.type === 'postgres'
      ? `(TO_DATE(x.next, 'YYYY-MM-DD') - TO_DATE(x."effectiveOn", 'YYYY-MM-DD'))`
      : `CAST(julianday(x.next) - julianday(x."effectiveOn") AS INTEGER)`;
    const staysQb = em
      .createQueryBuilder()
      .select('x.stage', 'stage')
      .addSelect(days, 'days')
      .addSelect('COUNT(*)', 'n')
      .from((sub) => {
        const q = sub.select('t."toStage"', 'stage').addSelect('t."effectiveOn"', 'effectiveOn')
          .addSelect('LEAD(t."effectiveOn") OVER (PARTITION BY t."projectId" ORDER BY t.seq)', 'next')
          .from('project_transitions', 't').innerJoin('projects', 'p', 'p.id = t."projectId"').where(effective, { end: period.end });
        return this.scope(q, user);
      }, 'x')
      .where('x.next IS NOT NULL AND x.next >= x."effectiveOn"')
      .groupBy('x.stage')
      .addGroupBy(days);
    const stays = await staysQb.getRawMany<{ stage: Stage; days: unknown; n: unknown }>();
    const median = (stage: Stage): number | null => {
      const rows = stays.filter((s) => s.stage === stage).map((s) => ({ d: Number(s.days), n: Number(s.n) })).sort((a, b) => a.d - b.d);
      const total = rows.reduce((a, r) => a + r.n, 0);
      if (!total) return null;
      // the lower median for an even count: a whole number of days, as a person would read it
      let seen = 0;
      for (const r of rows) {
        seen += r.n;
        if (seen >= Math.ceil(total / 2)) return r.d;
      }
      return null;
    };

    return {
      stages: STAGES.map((stage) => {
        const row = stageRows.find((r) => r.stage === stage);
        return { stage, label: STAGE_LABELS[stage], count: row ? Number(row.n) : 0, plannedInvestment: yuanToWan(toBig(row?.planned)) };
      }),
      conversions: MAIN_STAGES.slice(0, -1).map((from, i) => {
        const reached = reachedAtLeast(i);
        const advanced = reachedAtLeast(i + 1);
        return { from, to: MAIN_STAGES[i + 1], reached, advanced, rate: ratio(advanced, reached) };
      }),
      medianDaysInStage: Object.fromEntries(MAIN_STAGES.slice(0, -1).map((s) => [s, median(s)])),
    };
  }

  /** Visits out, receptions, 客商人次 and leader-led activities: the month and the year to date. */
  private async activities(em: EntityManager, user: AuthUser | null, period: Period): Promise<{ month: ActivityFigures; ytd: ActivityFigures }> {
    const qb = em
      .createQueryBuilder()
      .select('a.kind', 'kind')
      .addSelect('a."leaderLed"', 'leaderLed')
      .addSelect(`CASE WHEN a."occurredOn" >= :ms THEN 1 ELSE 0 END`, 'inMonth')
      .addSelect('COUNT(*)', 'n')
      .addSelect('SUM(COALESCE(a."guestCount", 0))', 'guests')
      .from('activities', 'a')
      .where('a."occurredOn" >= :d0 AND a."occurredOn" <= :d1', { d0: period.start, d1: period.end, ms: period.monthStart })
      .groupBy('a.kind')
      .addGroupBy('a."leaderLed"')
      .addGroupBy(`CASE WHEN a."occurredOn" >= :ms THEN 1 ELSE 0 END`);
    // The project is needed only to apply a limited scope.
    if (user && user.dataScope !== 'all') this.scope(qb.innerJoin('projects', 'p', 'p.id = a."projectId"'), user);
    const rows = await qb.getRawMany<{ kind: string; leaderLed: unknown; inMonth: unknown; n: unknown; guests: unknown }>();
    const figures = (monthOnly: boolean): ActivityFigures => {
      const rs = rows.filter((r) => !monthOnly || Number(r.inMonth) === 1);
      const count = (f: (r: (typeof rows)[number]) => boolean) => rs.filter(f).reduce((a, r) => a + Number(r.n), 0);
      return {
        visitsOut: count((r) => r.kind === 'visit_out'),
        receptions: count((r) => r.kind === 'reception'),
        guests: rs.filter((r) => r.kind === 'reception').reduce((a, r) => a + Number(r.guests ?? 0), 0),
        leaderLed: count((r) => r.leaderLed === true || Number(r.leaderLed) === 1),
        total: count(() => true),
      };
    };
    return { month: figures(true), ytd: figures(false) };
  }
}
