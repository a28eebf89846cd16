import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { DuplicateReason } from '../companies/company-duplicates.port';
import { sql } from '../core/database/dialect';
import { PURSUED_STAGES, type Stage } from '../projects/pipeline';

/** An investor as 重复研判 compares it. */
export interface CompanyIdentity {
  id: number;
  name: string;
  creditCode: string | null;
  normalizedName: string;
}

/** A pursued project as 重复研判 names it: with its team and owner. */
export interface PursuedProject {
  id: number;
  name: string;
  companyId: number;
  stage: Stage;
  teamName: string | null;
  ownerName: string | null;
}

/** A company that looks like the one checked, and why; the same company may come once per reason. */
export interface Candidate {
  company: CompanyIdentity;
  reason: Exclude<DuplicateReason, 'same_investor_same_chain'>;
}

/** How many look-alikes of each kind are looked at: a warning, not a search. */
export interface MatchLimits {
  /** companies with the same folded name */
  names: number;
  /** contacts with one of the phone numbers (the company's own included) */
  phones: number;
  /** the investor's other pursued projects in the chain */
  chain: number;
}

/** What is known of the company checked: its id (to leave out), and what look-alikes are found by, each a SQL expression. */
interface Fingerprint {
  id: string;
  creditCode: string;
  normalizedName: string;
  /** a list or subquery of folded phone numbers; null: none */
  phones: string | null;
}

/** Look-alike companies: one SELECT of (pos, reason, id) per reason, `pos` the order the reasons are weighed in. */
function candidatesSql(f: Fingerprint, limits: MatchLimits): string {
  const members = [
    `SELECT 1 AS pos, 'credit_code' AS reason, c.id FROM companies c
      WHERE ${f.creditCode} <> '' AND c."creditCode" = ${f.creditCode} AND c.id <> ${f.id}`,
    `SELECT 2, 'company_name', n.id FROM (SELECT c.id FROM companies c
      WHERE ${f.normalizedName} <> '' AND c."normalizedName" = ${f.normalizedName} AND c.id <> ${f.id} ORDER BY c.id LIMIT ${int(limits.names)}) n`,
  ];
  if (f.phones !== null) {
    members.push(`SELECT 3, 'contact_phone', c.id FROM companies c WHERE c.id <> ${f.id} AND c.id IN (
      SELECT x."companyId" FROM (SELECT k."companyId" FROM contacts k WHERE k."normalizedPhone" IN (${f.phones}) ORDER BY k.id LIMIT ${int(limits.phones)}) x)`);
  }
  return members.join(' UNION ALL ');
}

// One row shape for every part of the statement; PostgreSQL wants the NULLs typed (a UNION resolves its types pair by pair).
const NO_COMPANY = 'CAST(NULL AS TEXT) AS "companyName", CAST(NULL AS TEXT) AS "creditCode", CAST(NULL AS TEXT) AS "normalizedName"';
const NO_PROJECT = 'CAST(NULL AS INTEGER) AS "projectId", CAST(NULL AS TEXT) AS "projectName", CAST(NULL AS TEXT) AS stage, CAST(NULL AS TEXT) AS "teamName", CAST(NULL AS TEXT) AS "ownerName"';
const COMPANY = 'c.name AS "companyName", c."creditCode", c."normalizedName"';
const PROJECT = 'p.id AS "projectId", p.name AS "projectName", p.stage, t.name AS "teamName", u.name AS "ownerName"';
const PROJECT_JOINS = 'LEFT JOIN teams t ON t.id = p."teamId" LEFT JOIN users u ON u.id = p."ownerId"';

/** The pursued projects (PURSUED_STAGES) of the candidates (the CTE `cand`). */
const PURSUED_OF_CANDIDATES = `SELECT 'pursued' AS part, 0 AS pos, CAST(NULL AS TEXT) AS reason, p."companyId", ${NO_COMPANY}, ${PROJECT}
  FROM projects p ${PROJECT_JOINS} WHERE p."companyId" IN (SELECT id FROM cand) AND p.stage IN (:...stages)`;

const CANDIDATE_COMPANIES = `SELECT 'candidate' AS part, x.pos, x.reason, c.id AS "companyId", ${COMPANY}, ${NO_PROJECT} FROM cand x JOIN companies c ON c.id = x.id`;

interface RawRow {
  part: 'company' | 'chain' | 'candidate' | 'pursued';
  pos: unknown;
  reason: Candidate['reason'] | null;
  companyId: unknown;
  companyName: string | null;
  creditCode: string | null;
  normalizedName: string | null;
  projectId: unknown;
  projectName: string | null;
  stage: Stage | null;
  teamName: string | null;
  ownerName: string | null;
}

const identity = (r: RawRow): CompanyIdentity => ({ id: Number(r.companyId), name: r.companyName!, creditCode: r.creditCode, normalizedName: r.normalizedName! });
const project = (r: RawRow): PursuedProject => ({
  id: Number(r.projectId), name: r.projectName!, companyId: Number(r.companyId), stage: r.stage!, teamName: r.teamName, ownerName: r.ownerName,
});
const byId = (a: { id: number }, b: { id: number }) => a.id - b.id;

/** The candidates in the order they are weighed (reason, then company id), and the pursued projects, oldest first. */
function sorted(rows: RawRow[]): { candidates: Candidate[]; pursued: PursuedProject[] } {
  const candidates = rows
    .filter((r) => r.part === 'candidate')
    .sort((a, b) => Number(a.pos) - Number(b.pos) || Number(a.companyId) - Number(b.companyId))
    .map((r) => ({ company: identity(r), reason: r.reason! }));
  return { candidates, pursued: rows.filter((r) => r.part === 'pursued').map(project).sort(byId) };
}

/** A whole number written into the statement (LIMIT): never text from outside. */
function int(n: number): number {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`expected a whole number, got ${n}`);
  return n;
}

/**
 * The reads of 重复研判, each check in one statement: look-alike companies
 * by credit code, folded name and contact phone, with their pursued projects
 * across every team (the check names projects outside the caller's scope on
 * purpose). Which look-alike counts, and how, is DuplicatesService's to say.
 */
@Injectable()
export class DuplicatesRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Companies that look like a company being created or shown (`companyId`: itself, left out), with their pursued projects. */
  async forFingerprint(
    f: { companyId: number | null; creditCode: string | null; normalizedName: string | null; phones: string[] },
    limits: MatchLimits,
    em: EntityManager = this.ds.manager,
  ): Promise<{ candidates: Candidate[]; pursued: PursuedProject[] }> {
    const cand = candidatesSql(
      { id: ':self', creditCode: 'CAST(:creditCode AS TEXT)', normalizedName: 'CAST(:normalizedName AS TEXT)', phones: f.phones.length ? ':...phones' : null },
      limits,
    );
    const rows = await sql<RawRow>(em, `WITH cand AS (${cand}) ${CANDIDATE_COMPANIES} UNION ALL ${PURSUED_OF_CANDIDATES}`, {
      self: f.companyId ?? 0, creditCode: f.creditCode, normalizedName: f.normalizedName, phones: f.phones, stages: [...PURSUED_STAGES],
    });
    return sorted(rows);
  }

  /**
   * What 重复研判 of a project looks at, in one statement: its investor, the
   * investor's other pursued projects in the same chain (`exceptProjectId`:
   * the project itself), and the companies that look like the investor by
   * its credit code, name and contacts' phones, with their pursued projects.
   */
  async forProject(
    p: { companyId: number; industryChain: string; exceptProjectId: number | null },
    limits: MatchLimits,
    em: EntityManager = this.ds.manager,
  ): Promise<{ company: CompanyIdentity | null; sameChain: PursuedProject[]; candidates: Candidate[]; pursued: PursuedProject[] }> {
    const own = (column: string) => `(SELECT o.${column} FROM companies o WHERE o.id = :companyId)`;
    const cand = candidatesSql(
      {
        id: ':companyId',
        creditCode: own('"creditCode"'),
        normalizedName: own('"normalizedName"'),
        phones: 'SELECT o."normalizedPhone" FROM contacts o WHERE o."companyId" = :companyId',
      },
      limits,
    );
    const rows = await sql<RawRow>(
      em,
      `WITH cand AS (${cand})
       SELECT 'company' AS part, 0 AS pos, CAST(NULL AS TEXT) AS reason, c.id AS "companyId", ${COMPANY}, ${NO_PROJECT} FROM companies c WHERE c.id = :companyId
       UNION ALL
       SELECT * FROM (SELECT 'chain', 0, CAST(NULL AS TEXT), p."companyId", ${NO_COMPANY}, ${PROJECT} FROM projects p ${PROJECT_JOINS}
         WHERE p."companyId" = :companyId AND p."industryChain" = :industryChain AND p.stage IN (:...stages) AND p.id <> :except
         ORDER BY p.id LIMIT ${int(limits.chain)}) chain
       UNION ALL ${CANDIDATE_COMPANIES}
       UNION ALL ${PURSUED_OF_CANDIDATES}`,
      { companyId: p.companyId, industryChain: p.industryChain, except: p.exceptProjectId ?? 0, stages: [...PURSUED_STAGES] },
    );
    const company = rows.find((r) => r.part === 'company');
    return {
      company: company ? identity(company) : null,
      sameChain: rows.filter((r) => r.part === 'chain').map(project).sort(byId),
      ...sorted(rows),
    };
  }
}
