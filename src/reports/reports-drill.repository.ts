import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthUser } from '../core/auth/auth-user';
import { MATERIALIZED, sql } from '../core/database/dialect';
import { InjectReadDataSource } from '../core/database/read-data-source';
import { dbSum, parseDbInteger } from '../core/money';
import type { Stage } from '../projects/pipeline';
import { liveProject } from '../projects/live-projects';
import { OPEN_END } from '../projects/pipeline-history';
import { type CountingRules, countingSql, projectColumns } from './counting-rules';
import type { BreakdownKey } from './report.types';
import { scopeOnDate } from './report-scope';
import { STAGE_AT_END_SQL } from './reports.repository';

/**
 * Which rows a drill reads, one project each, with the event's date (`on`),
 * an amount and whether it counts:
 * - signings: signed in the window (amount: contract investment), counted when the signing counts;
 * - starts: started construction or production in the window, counted when the year keeps the project;
 * - funds: funds in place in the window's months, per project (amount: their sum), counted when kept;
 * - dropped: signed in the window and dropped at its end (签约后终止), counted when the signing counts;
 * - stage: in `stage` at the window's end (the funnel), all counted (amount: planned investment);
 * - signedFunds: signed in the window, with funds in its months (amount: their sum), counted when the signing counts;
 * - signedStarted: signed in the window and started by its end, counted when the signing counts.
 */
export type DrillRows =
  | { kind: 'signings' | 'funds' | 'dropped' | 'signedFunds' }
  | { kind: 'starts' | 'signedStarted'; column: 'constructionStartedOn' | 'productionStartedOn' }
  | { kind: 'stage'; stage: Stage };

/** The dates a drill reads: events from … to, funds of the months fromMonth … toMonth, stages at `end`. */
export interface DrillWindow {
  from: string;
  to: string;
  fromMonth: string;
  toMonth: string;
  end: string;
}

export interface DrillAsk {
  rows: DrillRows;
  window: DrillWindow;
  rules: CountingRules;
  user: AuthUser | null;
  /** one row of a breakdown: its code, null for 未填写 */
  breakdown?: { key: BreakdownKey; code: string | null };
}

/** One row of a drill page, money in integer 元. */
export interface DrillRow {
  id: number;
  name: string;
  companyName: string;
  teamName: string | null;
  ownerName: string | null;
  stage: Stage;
  on: string;
  amount: bigint | null;
  counted: boolean;
  agreementType: string | null;
  contractInvestment: number | null;
}

/** The column of the project (aliased `p`, its company `c`) each breakdown groups by: the summary's breakdowns read the same. */
const BREAKDOWN_SQL: Record<BreakdownKey, string> = {
  industryChain: 'p."industryChain"', park: 'p.park', sourceChannel: 'p."sourceChannel"', sourceRegion: 'p."sourceRegion"',
  team: 'p."teamId"', companyTier: 'c.tier',
};

const LIVE = ` AND ${liveProject('p')}`;
const ORDER = 'd.counted DESC, d."on", d.id';
const text = (v: unknown) => (v === null || v === undefined ? null : String(v));

/**
 * The drill-down's reads: the rows of one figure, as the summary's
 * statements select them (the same date ranges of the same indexed columns,
 * the same 统计口径 from counting-rules.ts), summed and paged in the database.
 */
@Injectable()
export class ReportsDrillRepository {
  constructor(@InjectReadDataSource() private readonly ds: DataSource) {}

  /**
   * How many rows, how many count and the amount of those that count, and
   * one page of the rows (counted first, then by date and id), each project
   * as it stood at the window's end: one statement, the rows read once.
   */
  async read(a: DrillAsk, skip: number, take: number, em: EntityManager = this.ds.manager): Promise<{ total: number; counted: number; amount: bigint; rows: DrillRow[] }> {
    const s = this.source(a);
    const rows = await sql(em, `WITH d AS ${MATERIALIZED} (${s.text}),
      s AS (SELECT COUNT(*) AS n, SUM(d.counted) AS counted, SUM(CASE WHEN d.counted = 1 THEN d.amount ELSE 0 END) AS amount FROM d),
      pg AS (SELECT * FROM d ORDER BY ${ORDER} LIMIT :take OFFSET :skip)
      SELECT s.n AS "sumN", s.counted AS "sumCounted", s.amount AS "sumAmount",
             d.id, d."on", d.amount, d.counted, p.name, c.name AS "companyName", tm.name AS "teamName", u.name AS "ownerName", p.stage,
             ${STAGE_AT_END_SQL} AS "stageAtEnd", p."agreementType", p."contractInvestment"
        FROM s LEFT JOIN pg d ON 1 = 1 LEFT JOIN projects p ON p.id = d.id LEFT JOIN companies c ON c.id = p."companyId"
        LEFT JOIN teams tm ON tm.id = p."teamId" LEFT JOIN users u ON u.id = p."ownerId"
       ORDER BY ${ORDER}`, { ...s.params, take, skip });
    const [first] = rows;
    return {
      total: Number(first?.sumN ?? 0), counted: Number(first?.sumCounted ?? 0), amount: dbSum(first?.sumAmount),
      rows: rows.filter((r) => r.id !== null && r.id !== undefined).map((r) => ({
        id: Number(r.id), name: String(r.name), companyName: String(r.companyName), teamName: text(r.teamName), ownerName: text(r.ownerName),
        stage: ((r.stageAtEnd as Stage | null) ?? r.stage) as Stage, on: String(r.on),
        amount: r.amount === null || r.amount === undefined ? null : dbSum(r.amount), counted: Number(r.counted) === 1,
        agreementType: text(r.agreementType), contractInvestment: parseDbInteger(r.contractInvestment, 'contractInvestment'),
      })),
    };
  }

  /** The rows' statement: `id, on, amount, counted` (1 or 0) per project, with its parameters. */
  private source(a: DrillAsk): { text: string; params: Record<string, unknown> } {
    const rule = countingSql(a.rules, projectColumns('p'));
    const w = a.window;
    const bd = a.breakdown;
    const tier = bd?.key === 'companyTier' ? ' JOIN companies c ON c.id = p."companyId"' : '';
    const bdAnd = !bd ? '' : bd.code === null ? ` AND ${BREAKDOWN_SQL[bd.key]} IS NULL` : ` AND ${BREAKDOWN_SQL[bd.key]} = :bdCode`;
    const bdParams = bd && bd.code !== null ? { bdCode: bd.key === 'team' ? Number(bd.code) : bd.code } : {};
    const is = (cond: string) => `CASE WHEN ${cond} THEN 1 ELSE 0 END`;
    /** the conditions every row has: a live project, in the caller's scope for an event on `eventDate`, in the breakdown's row */
    const common = (eventDate: string) => {
      const scope = scopeOnDate(a.user, eventDate);
      return { and: `${LIVE}${scope.and}${bdAnd}`, params: scope.params };
    };
    const signedIn = `p."signedOn" >= :from AND p."signedOn" <= :to`;
    const fundsIn = 'f.month >= :fromMonth AND f.month <= :toMonth';
    const r = a.rows;
    let body: string;
    let c: { and: string; params: Record<string, unknown> };
    switch (r.kind) {
      case 'signings':
      case 'dropped':
        c = common('p."signedOn"');
        body = `SELECT p.id, p."signedOn" AS "on", p."contractInvestment" AS amount, ${is(rule.counted)} AS counted
          FROM projects p${tier} WHERE ${signedIn}${r.kind === 'dropped' ? ` AND ${STAGE_AT_END_SQL} = 'dropped'` : ''}${c.and}`;
        break;
      case 'starts':
        c = common(`p."${r.column}"`);
        body = `SELECT p.id, p."${r.column}" AS "on", p."contractInvestment" AS amount, ${is(rule.kept)} AS counted
          FROM projects p${tier} WHERE p."${r.column}" >= :from AND p."${r.column}" <= :to${c.and}`;
        break;
      case 'signedStarted':
        c = common(`p."${r.column}"`);
        body = `SELECT p.id, p."${r.column}" AS "on", p."contractInvestment" AS amount, ${is(rule.counted)} AS counted
          FROM projects p${tier} WHERE ${signedIn} AND p."${r.column}" <= :end${c.and}`;
        break;
      case 'funds':
        c = common('f.month');
        body = `SELECT p.id, MAX(f.month) AS "on", SUM(f.amount) AS amount, ${is(rule.kept)} AS counted
          FROM funds_reports f JOIN projects p ON p.id = f."projectId"${tier} WHERE ${fundsIn}${c.and} GROUP BY p.id`;
        break;
      case 'signedFunds':
        c = common('p."signedOn"');
        body = `SELECT x.* FROM (SELECT p.id, p."signedOn" AS "on", ${is(rule.counted)} AS counted,
            (SELECT SUM(f.amount) FROM funds_reports f WHERE f."projectId" = p.id AND ${fundsIn}) AS amount
          FROM projects p${tier} WHERE ${signedIn}${c.and}) x WHERE x.amount IS NOT NULL`;
        break;
      case 'stage': {
        // The standing move at the end (endedOn > :end ≥ effectiveOn), as two ranges of the index on
        // (endedOn, toStage): the stays still open, and those that ended after :end.
        c = common(':end');
        const standing = (ended: string) => `SELECT p.id, t."effectiveOn" AS "on", p."plannedInvestment" AS amount, 1 AS counted
          FROM project_transitions t JOIN projects p ON p.id = t."projectId"${tier}
         WHERE ${ended} AND t."toStage" = :stage AND t."effectiveOn" <= :end${c.and}`;
        body = `${standing('t."endedOn" = :open')}\n UNION ALL ${standing('t."endedOn" > :end AND t."endedOn" < :open')}`;
        break;
      }
    }
    return {
      text: body,
      params: { ...w, ...rule.params, ...bdParams, ...c.params, ...(r.kind === 'stage' ? { stage: r.stage, open: OPEN_END } : {}) },
    };
  }
}
