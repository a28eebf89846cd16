import { Injectable } from '@nestjs/common';
import { InjectReadDataSource } from '../core/database/read-data-source';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthUser } from '../core/auth/auth-user';
import { scopeCondition } from '../core/auth/scope';
import { MATERIALIZED, sql } from '../core/database/dialect';
import { dbSum, parseDbInteger } from '../core/money';
import type { Stage } from '../projects/pipeline';
import { liveProject, onLiveProject } from '../projects/live-projects';
import { OPEN_END } from '../projects/pipeline-history';
import { creditCondition, creditScope, monthEndSql, teamOnSql } from '../projects/team-history';
import { type CountingRules, countingSql, projectColumns } from './counting-rules';
import type { ActivityFigures, BreakdownKey, IndicatorKey } from './report.types';
import type { Period } from './report-period';

/** What a period adds up to for each indicator: counts, and money in integer 元. */
export type Totals = { [K in IndicatorKey]: K extends 'signedInvestment' | 'fundsInPlace' ? bigint : number };

/** One row of a breakdown before it is labelled: a code of the breakdown's column and its year-to-date totals. */
export type BreakdownSums = Totals & { key: BreakdownKey; code: string | null };

/** The year's signings as they stood at the end of the period. */
export interface SignedState {
  /** every signing of the year to the end of the period */
  total: number;
  /** those that count under the 统计口径, and of those: amount, started, producing, funds in place */
  counted: number;
  amount: bigint;
  built: number;
  producing: number;
  funds: bigint;
  /** counted signings dropped by the end of the period (签约后终止), in signing order; `visible`: the caller sees the project today */
  dropped: { id: number; name: string; signedOn: string; amount: bigint; visible: boolean }[];
}

/** One signed project of the year, as the report lists it (money in integer 元). */
export interface SignedProjectRow {
  id: number;
  /** 项目编号 (the district's own) */
  code: string | null;
  name: string;
  companyName: string;
  industryChain: string;
  park: string | null;
  teamName: string | null;
  ownerName: string | null;
  /** today's stage */
  stage: Stage;
  /** the stage at the end of the period, from the history (null: no standing move by then) */
  stageAtEnd: Stage | null;
  signedOn: string;
  contractInvestment: number | null;
  agreementType: string | null;
  constructionStartedOn: string | null;
  productionStartedOn: string | null;
  /** funds in place reported from January to the period's month */
  fundsYtd: bigint;
  /** the signing counts for the caller (team-history.ts: his team held the project on the signing date) */
  credited: boolean;
  /** the caller sees the project today (false: credited to his team, since handed over) */
  visible: boolean;
}

/** Projects in a stage at the end of the period, by the furthest main stage they had reached (rank 0 visit … 4 production). */
export interface PipelineCell {
  stage: Stage;
  rank: number;
  projects: number;
  planned: bigint;
}

/** Stays in a stage that ended in the period, by length in whole days. */
export interface StayCount {
  stage: Stage;
  days: number;
  stays: number;
}

/** The breakdowns: each a column of the breakdowns' events. */
const BREAKDOWN_COLUMNS: Record<BreakdownKey, string> = {
  industryChain: 'chain', park: 'park', sourceChannel: 'channel', sourceRegion: 'region', team: 'team', companyTier: 'tier',
};

/**
 * A project's stage at the end of :end — its standing move with effectiveOn ≤
 * :end < endedOn (pipeline-history.ts): the latest move dated on or before that
 * day, latest in the order the moves were made.
 */
export const STAGE_AT_END_SQL = `(SELECT t."toStage" FROM project_transitions t WHERE t."projectId" = p.id AND t."endedOn" > :end
  AND t."effectiveOn" <= :end ORDER BY t.seq DESC LIMIT 1)`;

/** ` AND <scope>` for the project aliased `p`, with its parameters; nothing for the whole district (user null or scope 'all'). */
function scopeOf(user: AuthUser | null): { and: string; params: Record<string, unknown> } {
  const c = user ? scopeCondition(user, 'p') : null;
  return c ? { and: ` AND ${c.sql}`, params: c.params } : { and: '', params: {} };
}

/**
 * The year's signings as a person's report lists them (team-history.ts): those
 * credited to him at the signing date, and those he sees today (a project
 * handed into his team after its signing is listed, not counted); each row
 * says which (`credited`, `visible`: 1 or 0).
 */
function signingsOf(user: AuthUser | null) {
  const credit = creditCondition(user, 'p', 'p."signedOn"');
  const now = user ? scopeCondition(user, 'p') : null;
  return {
    credited: credit ? `CASE WHEN ${credit.sql} THEN 1 ELSE 0 END` : '1',
    visible: now ? `CASE WHEN ${now.sql} THEN 1 ELSE 0 END` : '1',
    and: credit && now ? ` AND (${credit.sql} OR ${now.sql})` : '',
    params: { ...credit?.params, ...now?.params },
  };
}

const num = (v: unknown) => Number(v ?? 0);

/** ` AND` the project `p` is not deleted (live-projects.ts): every read here leaves deleted projects out. */
const LIVE = ` AND ${liveProject('p')}`;

/**
 * ` AND` the project of `column` is not deleted, for a read that joins
 * projects only for a scope: with the join (`joined`), on `p`; without, by id.
 */
const liveBy = (joined: boolean, column: string) => ` AND ${joined ? liveProject('p') : onLiveProject(column)}`;

/**
 * The reports' reads, on either database: every figure summed in the
 * database over the projects in the caller's scope (user null: the whole
 * district, as the monthly rollup reads it), money as integer 元.
 */
@Injectable()
export class ReportsRepository {
  constructor(@InjectReadDataSource() private readonly ds: DataSource) {}

  /**
   * The period's totals for each indicator, the month's and the year to
   * date, under the year's 统计口径 and in the caller's scope: each a range of
   * an index (the signing, start and funds dates). The one way a year's totals
   * are computed: this year's column and last year's alike. A team-scoped
   * caller gets each event credited to the team holding the project on its
   * date (team-history.ts): a signing on its signing date, a start on its
   * start date, a month's funds in place on the month's last day.
   */
  async periodTotals(period: Period, rules: CountingRules, user: AuthUser | null, em: EntityManager = this.ds.manager): Promise<{ ytd: Totals; month: Totals }> {
    const rule = countingSql(rules, projectColumns('p'));
    const funds = countingSql(rules, { ...projectColumns('p'), id: 'f."projectId"' });
    const credit = (col: string) => creditScope(user, 'p', col);
    const fundsCredit = credit(monthEndSql('f.month'));
    const inMonth = (col: string, what = '1') => `SUM(CASE WHEN p."${col}" >= :ms THEN ${what} ELSE 0 END)`;
    const started = (col: string, ytd: string, month: string) => `(SELECT COUNT(*) AS ${ytd}, ${inMonth(col)} AS "${month}"
        FROM projects p WHERE p."${col}" >= :d0 AND p."${col}" <= :end AND ${rule.kept}${LIVE}${credit(`p."${col}"`).and}) ${ytd}_t`;
    const [r] = await sql(em, `SELECT * FROM
      (SELECT COUNT(*) AS signings, SUM(p."contractInvestment") AS amount,
              ${inMonth('signedOn')} AS "mSignings", ${inMonth('signedOn', 'p."contractInvestment"')} AS "mAmount"
         FROM projects p WHERE p."signedOn" >= :d0 AND p."signedOn" <= :end AND ${rule.counted}${LIVE}${credit('p."signedOn"').and}) s,
      ${started('constructionStartedOn', 'cs', 'mCs')},
      ${started('productionStartedOn', 'ps', 'mPs')},
      (SELECT SUM(f.amount) AS funds, SUM(CASE WHEN f.month = :m1 THEN f.amount ELSE 0 END) AS "mFunds"
         FROM funds_reports f${fundsCredit.and ? ' JOIN projects p ON p.id = f."projectId"' : ''}
        WHERE f.month >= :m0 AND f.month <= :m1 AND ${funds.kept}${liveBy(!!fundsCredit.and, 'f."projectId"')}${fundsCredit.and}) fr`,
    { ...this.bounds(period), ...rule.params, ...funds.params, ...fundsCredit.params });
    return {
      ytd: {
        signings: num(r.signings), signedInvestment: dbSum(r.amount), constructionStarts: num(r.cs), productionStarts: num(r.ps), fundsInPlace: dbSum(r.funds),
      },
      month: {
        signings: num(r.mSignings), signedInvestment: dbSum(r.mAmount), constructionStarts: num(r.mCs), productionStarts: num(r.mPs),
        fundsInPlace: dbSum(r.mFunds),
      },
    };
  }

  /**
   * The six year-to-date breakdowns: the period's events (signings that
   * count, construction and production starts, each month's funds in place)
   * of the projects kept by the 统计口径, one row per event, credited as
   * periodTotals credits them, summed per code in one statement. The team of
   * an event is the team holding the project on its date (team-history.ts),
   * so a 移交 does not move a team's ranking. Each breakdown's rows add up to
   * periodTotals' year to date.
   */
  async breakdowns(period: Period, rules: CountingRules, user: AuthUser | null, em: EntityManager = this.ds.manager): Promise<BreakdownSums[]> {
    const rule = countingSql(rules, projectColumns('p'));
    const by = (key: BreakdownKey) => `SELECT '${key}' AS k, CAST(e.${BREAKDOWN_COLUMNS[key]} AS VARCHAR(50)) AS code,
      SUM(e.signings) AS signings, SUM(e.amount) AS amount, SUM(e.cs) AS cs, SUM(e.ps) AS ps, SUM(e.funds) AS funds FROM e GROUP BY e.${BREAKDOWN_COLUMNS[key]}`;
    const COLUMNS = 'p."industryChain" AS chain, p.park, p."sourceChannel" AS channel, p."sourceRegion" AS region, c.tier';
    const params: Record<string, unknown> = {};
    /** one kind of event dated `on`, with its figures and condition */
    const events = (on: string, figures: string, from: string, where: string) => {
      const credit = creditScope(user, 'p', on);
      Object.assign(params, credit.params);
      return `SELECT ${COLUMNS}, ${teamOnSql('p', on)} AS team, ${figures}
          FROM ${from} JOIN companies c ON c.id = p."companyId" WHERE ${where}${LIVE}${credit.and}`;
    };
    const dated = (col: string) => `p."${col}" >= :d0 AND p."${col}" <= :end AND ${rule.kept}`;
    const rows = await sql(em, `
      WITH e AS ${MATERIALIZED} (
        ${events('p."signedOn"', `CASE WHEN ${rule.counted} THEN 1 ELSE 0 END AS signings, CASE WHEN ${rule.counted} THEN p."contractInvestment" ELSE 0 END AS amount,
          0 AS cs, 0 AS ps, CAST(0 AS BIGINT) AS funds`, 'projects p', dated('signedOn'))}
        UNION ALL ${events('p."constructionStartedOn"', '0, 0, 1, 0, 0', 'projects p', dated('constructionStartedOn'))}
        UNION ALL ${events('p."productionStartedOn"', '0, 0, 0, 1, 0', 'projects p', dated('productionStartedOn'))}
        UNION ALL ${events(monthEndSql('f.month'), '0, 0, 0, 0, f.amount', 'funds_reports f JOIN projects p ON p.id = f."projectId"',
          `f.month >= :m0 AND f.month <= :m1 AND ${rule.kept}`)})
      ${(Object.keys(BREAKDOWN_COLUMNS) as BreakdownKey[]).map(by).join('\n      UNION ALL ')}`,
    { ...this.bounds(period), ...rule.params, ...params });
    return rows.map((r) => ({
      key: r.k as BreakdownKey, code: r.code === null ? null : String(r.code),
      signings: num(r.signings), signedInvestment: dbSum(r.amount), constructionStarts: num(r.cs), productionStarts: num(r.ps), fundsInPlace: dbSum(r.funds),
    }));
  }

  /**
   * The year's signings (all, and those that count) as they stood at the end
   * of the period: started, funded (the rates) and, by name, those dropped
   * since (签约后终止). A team-scoped caller: the signings credited to his
   * team, and, listed as not counted, those he sees now that another team
   * signed (signingsOf).
   */
  async signedState(period: Period, rules: CountingRules, user: AuthUser | null, em: EntityManager = this.ds.manager): Promise<SignedState> {
    const rule = countingSql(rules, projectColumns('p'));
    const mine = signingsOf(user);
    const rows = await sql(em, `
      WITH x AS ${MATERIALIZED} (
        SELECT p.id, p.name, p."signedOn", p."contractInvestment" AS amount, CASE WHEN ${rule.counted} AND ${mine.credited} = 1 THEN 1 ELSE 0 END AS counted,
               ${mine.visible} AS visible, ${STAGE_AT_END_SQL} AS stage,
               CASE WHEN p."constructionStartedOn" <= :end THEN 1 ELSE 0 END AS built,
               CASE WHEN p."productionStartedOn" <= :end THEN 1 ELSE 0 END AS producing,
               (SELECT SUM(f.amount) FROM funds_reports f WHERE f."projectId" = p.id AND f.month >= :m0 AND f.month <= :m1) AS funds
          FROM projects p WHERE p."signedOn" >= :d0 AND p."signedOn" <= :end${LIVE}${mine.and})
      SELECT 'all' AS k, NULL AS id, NULL AS name, NULL AS "signedOn", COUNT(*) AS n, SUM(x.counted) AS counted,
             SUM(CASE WHEN x.counted = 1 THEN x.amount ELSE 0 END) AS amount, SUM(x.counted * x.built) AS built,
             SUM(x.counted * x.producing) AS producing, SUM(CASE WHEN x.counted = 1 THEN x.funds ELSE 0 END) AS funds, 1 AS visible FROM x
      UNION ALL
      SELECT 'dropped', x.id, x.name, x."signedOn", 1, 1, x.amount, 0, 0, 0, x.visible FROM x WHERE x.counted = 1 AND x.stage = 'dropped'`,
    { ...this.bounds(period), ...rule.params, ...mine.params });
    const all = rows.find((r) => r.k === 'all')!;
    return {
      total: num(all.n), counted: num(all.counted), amount: dbSum(all.amount), built: num(all.built), producing: num(all.producing), funds: dbSum(all.funds),
      dropped: rows
        .filter((r) => r.k === 'dropped')
        .map((r) => ({ id: Number(r.id), name: String(r.name), signedOn: String(r.signedOn), amount: dbSum(r.amount), visible: num(r.visible) === 1 }))
        .sort((a, b) => (a.signedOn < b.signedOn ? -1 : a.signedOn > b.signedOn ? 1 : a.id - b.id)),
    };
  }

  /** The year's signed projects to the end of the period, in signing order, each with its stage at the end of the period. */
  async signedProjects(period: Period, user: AuthUser | null, em: EntityManager = this.ds.manager): Promise<SignedProjectRow[]> {
    const mine = signingsOf(user);
    const rows = await sql(em, `
      SELECT p.id, p.code, p.name, c.name AS "companyName", p."industryChain", p.park, tm.name AS "teamName", u.name AS "ownerName", p.stage,
             ${mine.credited} AS credited, ${mine.visible} AS visible,
             ${STAGE_AT_END_SQL} AS "stageAtEnd", p."signedOn", p."contractInvestment", p."agreementType", p."constructionStartedOn",
             p."productionStartedOn",
             (SELECT SUM(f.amount) FROM funds_reports f WHERE f."projectId" = p.id AND f.month >= :m0 AND f.month <= :m1) AS funds
        FROM projects p JOIN companies c ON c.id = p."companyId" LEFT JOIN teams tm ON tm.id = p."teamId" LEFT JOIN users u ON u.id = p."ownerId"
       WHERE p."signedOn" >= :d0 AND p."signedOn" <= :end${LIVE}${mine.and}
       ORDER BY p."signedOn", p.id`,
    { ...this.bounds(period), ...mine.params });
    const text = (v: unknown) => (v === null || v === undefined ? null : String(v));
    return rows.map((r) => ({
      id: Number(r.id), code: text(r.code), name: String(r.name), companyName: String(r.companyName), industryChain: String(r.industryChain),
      park: text(r.park), teamName: text(r.teamName), ownerName: text(r.ownerName), stage: r.stage as Stage,
      stageAtEnd: (r.stageAtEnd as Stage | null) ?? null, signedOn: String(r.signedOn),
      contractInvestment: parseDbInteger(r.contractInvestment, 'contractInvestment'), agreementType: text(r.agreementType),
      constructionStartedOn: text(r.constructionStartedOn), productionStartedOn: text(r.productionStartedOn), fundsYtd: dbSum(r.funds),
      credited: num(r.credited) === 1, visible: num(r.visible) === 1,
    }));
  }

  /**
   * The pipeline at the end of the period, from the history (not today's
   * stage), by stage and furthest stage reached: for the district from the
   * monthly ledger (a deleted project's share was taken out of it when it
   * was deleted), for a team or one person from their projects' stays.
   */
  async pipelineAt(period: Period, user: AuthUser | null, em: EntityManager = this.ds.manager): Promise<PipelineCell[]> {
    const scope = scopeOf(user);
    const rows = scope.and
      ? await sql(em, `SELECT t."toStage" AS stage, t."reachedRank" AS rank, COUNT(*) AS n, SUM(p."plannedInvestment") AS planned
          FROM projects p JOIN project_transitions t ON t."projectId" = p.id
         WHERE t."endedOn" > :end AND t."effectiveOn" <= :end${LIVE}${scope.and}
         GROUP BY t."toStage", t."reachedRank"`, { end: period.end, ...scope.params })
      : await sql(em, `SELECT stage, "reachedRank" AS rank, SUM(projects) AS n, SUM("plannedInvestment") AS planned
          FROM pipeline_ledger WHERE month <= :m GROUP BY stage, "reachedRank"`, { m: period.endMonth });
    return rows
      .map((r) => ({ stage: r.stage as Stage, rank: Number(r.rank), projects: num(r.n), planned: dbSum(r.planned) }))
      .filter((r) => r.projects !== 0);
  }

  /** The stays that ended this year up to the end of the period, by stage and length (for the median days in stage). */
  async staysEnded(period: Period, user: AuthUser | null, em: EntityManager = this.ds.manager): Promise<StayCount[]> {
    const scope = scopeOf(user);
    const rows = await sql(em, `
      SELECT t."toStage" AS stage, t."stayDays" AS days, COUNT(*) AS n
        FROM project_transitions t${scope.and ? ' JOIN projects p ON p.id = t."projectId"' : ''}
       WHERE t."endedOn" >= :d0 AND t."endedOn" <= :end AND t."endedOn" <> :open AND t."stayDays" IS NOT NULL${liveBy(!!scope.and, 't."projectId"')}${scope.and}
       GROUP BY t."toStage", t."stayDays"`,
    { d0: period.start, end: period.end, open: OPEN_END, ...scope.params });
    return rows.map((r) => ({ stage: r.stage as Stage, days: Number(r.days), stays: num(r.n) }));
  }

  /**
   * Visits out, receptions, 客商人次 and leader-led activities: the month and
   * the year to date. For the district each figure is a range of an index;
   * for a team or one person, one pass over their projects' activities.
   */
  async activityFigures(period: Period, user: AuthUser | null, em: EntityManager = this.ds.manager): Promise<{ month: ActivityFigures; ytd: ActivityFigures }> {
    const scope = scopeOf(user);
    const FIGURES = [
      ['VisitsOut', `a.kind = 'visit_out'`, '1'],
      ['Receptions', `a.kind = 'reception'`, '1'],
      ['Guests', `a.kind = 'reception'`, 'COALESCE(a."guestCount", 0)'],
      ['LeaderLed', 'a."leaderLed" = TRUE', '1'],
      ['Total', '1 = 1', '1'],
    ] as const;
    const spans = [['y', ':d0'], ['m', ':ms']] as const;
    const text = scope.and
      ? `SELECT ${spans.flatMap(([p, from]) => FIGURES.map(([name, when, what]) =>
        `SUM(CASE WHEN ${when} AND a."occurredOn" >= ${from} THEN ${what} ELSE 0 END) AS "${p}${name}"`)).join(',\n')}
        FROM projects p JOIN activities a ON a."projectId" = p.id
       WHERE a."occurredOn" >= :d0 AND a."occurredOn" <= :end${LIVE}${scope.and}`
      : `SELECT ${spans.flatMap(([p, from]) => FIGURES.map(([name, when, what]) =>
        `(SELECT ${what === '1' ? 'COUNT(*)' : `SUM(${what})`} FROM activities a WHERE ${when} AND a."occurredOn" >= ${from} AND a."occurredOn" <= :end${liveBy(false, 'a."projectId"')}) AS "${p}${name}"`)).join(',\n')}`;
    const [r] = await sql(em, text, { d0: period.start, ms: period.monthStart, end: period.end, ...scope.params });
    const pick = (p: 'm' | 'y'): ActivityFigures => ({
      visitsOut: num(r[`${p}VisitsOut`]), receptions: num(r[`${p}Receptions`]), guests: num(r[`${p}Guests`]),
      leaderLed: num(r[`${p}LeaderLed`]), total: num(r[`${p}Total`]),
    });
    return { month: pick('m'), ytd: pick('y') };
  }

  /** Team names by id, for the team breakdown. */
  async teamNames(ids: number[], em: EntityManager = this.ds.manager): Promise<Map<number, string>> {
    if (!ids.length) return new Map();
    const rows = await sql(em, 'SELECT id, name FROM teams WHERE id IN (:...ids)', { ids });
    return new Map(rows.map((r) => [Number(r.id), String(r.name)]));
  }

  /** The named bounds of a period every statement here uses. */
  private bounds(p: Period) {
    return { d0: p.start, ms: p.monthStart, end: p.end, m0: p.startMonth, m1: p.endMonth };
  }
}
