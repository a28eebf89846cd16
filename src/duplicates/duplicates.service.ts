import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  type CompanyDuplicateCheck,
  type CompanyFingerprint,
  DUPLICATE_REASON_LABELS,
  type DuplicateReason,
  type PossibleDuplicate,
} from '../companies/company-duplicates.port';
import { normalizePhone } from '../companies/company-identity';
import { STAGE_LABELS } from '../projects/pipeline';
import type { ProjectDuplicateCheck } from '../projects/project-duplicates.port';
import { type Candidate, type CompanyIdentity, DuplicatesRepository, type MatchLimits, type PursuedProject } from './duplicates.repository';

/** How many look-alikes of each kind are looked at: a warning, not a search. */
const LIMITS: MatchLimits = { names: 20, phones: 50, chain: 20 };

/**
 * 重复研判 (DOMAIN.md "Duplicates"): look-alike investors by credit code,
 * folded name or contact phone, and an investor's other pursued projects in
 * the same chain. It sits above companies and projects and serves both
 * through their ports, so that neither imports the other. Each check is one
 * statement (DuplicatesRepository); the rules of what counts are here.
 */
@Injectable()
export class DuplicatesService implements CompanyDuplicateCheck, ProjectDuplicateCheck {
  constructor(private readonly repo: DuplicatesRepository) {}

  /** Possible duplicates for a new or existing company: each look-alike with its pursued projects. */
  async forCompany(f: CompanyFingerprint, em?: EntityManager): Promise<PossibleDuplicate[]> {
    const phones = [...new Set((f.phones ?? []).map(normalizePhone).filter((p): p is string => !!p))];
    const found = await this.repo.forFingerprint(
      { companyId: f.companyId ?? null, creditCode: f.creditCode ?? null, normalizedName: f.normalizedName ?? null, phones },
      LIMITS,
      em,
    );
    return expand(matches(found.candidates, f.companyId), found.pursued);
  }

  /** Possible duplicates of a project: its investor's other pursued projects in the chain, and look-alike investors. */
  async forProject(p: { id?: number; companyId: number; industryChain: string }, em?: EntityManager): Promise<PossibleDuplicate[]> {
    const found = await this.repo.forProject({ companyId: p.companyId, industryChain: p.industryChain, exceptProjectId: p.id ?? null }, LIMITS, em);
    const company = found.company;
    if (!company) return [];
    return [
      ...found.sameChain.map((pr) => describe(pr, company, 'same_investor_same_chain')),
      ...expand(matches(found.candidates, company.id), found.pursued),
    ];
  }
}

/** Each look-alike once, under the first reason it was found by (credit code, then name, then phone), never the company itself. */
function matches(candidates: Candidate[], self: number | undefined): Candidate[] {
  const out: Candidate[] = [];
  for (const c of candidates) {
    if (c.company.id === self || out.some((m) => m.company.id === c.company.id)) continue;
    out.push(c);
  }
  return out;
}

/** Each look-alike with its pursued projects, one entry per project, or one for the company alone. */
function expand(found: Candidate[], pursued: PursuedProject[]): PossibleDuplicate[] {
  return found.flatMap((m) => {
    const own = pursued.filter((p) => p.companyId === m.company.id);
    return own.length ? own.map((p) => describe(p, m.company, m.reason)) : [describe(null, m.company, m.reason)];
  });
}

function describe(project: PursuedProject | null, company: CompanyIdentity, reason: DuplicateReason): PossibleDuplicate {
  const teamName = project?.teamName ?? null;
  const ownerName = project?.ownerName ?? null;
  const what = project ? `项目「${project.name}」（${STAGE_LABELS[project.stage]}${teamName ? `，${teamName}` : ''}${ownerName ? `，${ownerName}` : ''}）` : '已有企业档案';
  return {
    reason,
    message: `${DUPLICATE_REASON_LABELS[reason]}：${company.name} ${what}`,
    companyId: company.id,
    companyName: company.name,
    projectId: project?.id ?? null,
    projectName: project?.name ?? null,
    stage: project?.stage ?? null,
    teamName,
    ownerName,
  };
}
