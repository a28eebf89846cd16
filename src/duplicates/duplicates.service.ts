import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  type CompanyDuplicateCheck,
  type CompanyFingerprint,
  DUPLICATE_REASON_LABELS,
  type DuplicateReason,
  type PossibleDuplicate,
} from '../companies/company-duplicates.port';
import { canonicalCreditCode, creditCodeProblem, normalizeCompanyName, normalizePhone } from '../companies/company-identity';
import { badField } from '../core/errors';
import { inScope, type Viewer } from '../core/auth/scope';
import { STAGE_LABELS } from '../projects/pipeline';
import type { ProjectDuplicateCheck } from '../projects/project-duplicates.port';
import type { DuplicateCheckDto } from './duplicates.dto';
import { type CompanyIdentity, DuplicatesRepository, type PursuedProject } from './duplicates.repository';

/** How many look-alikes of each kind are looked at: a warning, not a search. */
const NAME_MATCHES = 20;
const PHONE_MATCHES = 50;
const CHAIN_MATCHES = 20;

interface Match {
  company: CompanyIdentity;
  reason: DuplicateReason;
}

/**
 * 重复研判 (DOMAIN.md "Duplicates"): look-alike investors by credit code,
 * folded name or contact phone, and an investor's other pursued projects in
 * the same chain. It sits above companies and projects and serves both
 * through their ports, so that neither imports the other.
 */
@Injectable()
export class DuplicatesService implements CompanyDuplicateCheck, ProjectDuplicateCheck {
  constructor(private readonly repo: DuplicatesRepository) {}

  /** Other companies that look like this one: same credit code, folded name or contact phone (each company once, first reason wins). */
  async companyMatches(f: CompanyFingerprint, em?: EntityManager): Promise<Match[]> {
    const out: Match[] = [];
    const add = (company: CompanyIdentity, reason: DuplicateReason) => {
      if (company.id === f.companyId || out.some((m) => m.company.id === company.id)) return;
      out.push({ company, reason });
    };
    const self = f.companyId ?? null;
    if (f.creditCode) for (const c of await this.repo.companiesByCreditCode(f.creditCode, self, em)) add(c, 'credit_code');
    if (f.normalizedName) for (const c of await this.repo.companiesByNormalizedName(f.normalizedName, self, NAME_MATCHES, em)) add(c, 'company_name');
    const phones = [...new Set((f.phones ?? []).map(normalizePhone).filter((p): p is string => !!p))];
    for (const c of await this.repo.companiesByContactPhones(phones, self, PHONE_MATCHES, em)) add(c, 'contact_phone');
    return out;
  }

  /** Possible duplicates for a new or existing company: each look-alike with its pursued projects, as `viewer` may read them. */
  async forCompany(f: CompanyFingerprint, viewer: Viewer, em?: EntityManager): Promise<PossibleDuplicate[]> {
    return this.expand(await this.companyMatches(f, em), viewer, em);
  }

  /** Possible duplicates of a project: its investor's other pursued projects in the chain, and look-alike investors, as `viewer` may read them. */
  async forProject(p: { id?: number; companyId: number; industryChain: string }, viewer: Viewer, em?: EntityManager): Promise<PossibleDuplicate[]> {
    const company = await this.repo.company(p.companyId, em);
    if (!company) return [];
    const sameChain = await this.repo.pursuedInChain(p.companyId, p.industryChain, p.id ?? null, CHAIN_MATCHES, em);
    const phones = await this.repo.contactPhones(p.companyId, em);
    const matches = await this.companyMatches(
      { companyId: company.id, creditCode: company.creditCode, normalizedName: company.normalizedName, phones },
      em,
    );
    return [...sameChain.map((pr) => warningFor(pr, company, 'same_investor_same_chain', viewer)), ...(await this.expand(matches, viewer, em))];
  }

  /**
   * POST /duplicates/check: the warnings the create forms would get for what
   * is being typed, read only. The company part is matched as a new company
   * would be; the project part as a new project of a registered investor
   * (same chain, look-alike investors), or, with only the investor's name
   * typed, as a company of that name. Each warning once.
   */
  async check(dto: DuplicateCheckDto, viewer: Viewer): Promise<{ possibleDuplicates: PossibleDuplicate[]; creditCodeProblem: { field: string; code: string; message: string } | null }> {
    const found: PossibleDuplicate[] = [];
    const c = dto.company;
    if (c) {
      found.push(...(await this.forCompany({
        creditCode: c.creditCode ? canonicalCreditCode(c.creditCode) : null, normalizedName: c.name ? normalizeCompanyName(c.name) : null, phones: [c.phone],
      }, viewer)));
    }
    const p = dto.project;
    if (p?.companyId !== undefined) {
      const company = await this.repo.company(p.companyId);
      if (!company) throw badField('project.companyId', 'unknown_company', `企业 ${p.companyId} 不存在`);
      found.push(...(p.industryChain
        ? await this.forProject({ companyId: company.id, industryChain: p.industryChain }, viewer)
        : await this.forCompany({ companyId: company.id, creditCode: company.creditCode, normalizedName: company.normalizedName, phones: await this.repo.contactPhones(company.id) }, viewer)));
    } else if (p?.companyName) {
      found.push(...(await this.forCompany({ normalizedName: normalizeCompanyName(p.companyName) }, viewer)));
    }
    const seen = new Set<string>();
    const possibleDuplicates = found.filter((d) => {
      const key = JSON.stringify([d.reason, d.companyId, d.projectId, d.projectName, d.teamName, d.ownerName]);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    // The same check as saving a company, so that the form can say what is wrong as the code is typed.
    const typed = c?.creditCode ? canonicalCreditCode(c.creditCode) : '';
    const problem = typed ? creditCodeProblem(typed) : null;
    return { possibleDuplicates, creditCodeProblem: problem ? { field: 'company.creditCode', ...problem } : null };
  }

  private async expand(matches: Match[], viewer: Viewer, em?: EntityManager): Promise<PossibleDuplicate[]> {
    if (!matches.length) return [];
    const projects = await this.repo.pursuedProjectsOf(matches.map((m) => m.company.id), em);
    return matches.flatMap((m) => {
      const own = projects.filter((p) => p.companyId === m.company.id);
      return own.length ? own.map((p) => warningFor(p, m.company, m.reason, viewer)) : [warningFor(null, m.company, m.reason, viewer)];
    });
  }
}

/**
 * The warning as `viewer` reads it. 撞单 needs the investor, the project's
 * name, its team and owner — who to call — whoever the viewer is; the id (a
 * link he could not open) and the stage only when the project is in his scope.
 */
export function warningFor(project: PursuedProject | null, company: CompanyIdentity, reason: DuplicateReason, viewer: Viewer): PossibleDuplicate {
  const teamName = project?.teamName ?? null;
  const ownerName = project?.ownerName ?? null;
  const opens = project !== null && inScope(viewer, project);
  const facts = [opens ? STAGE_LABELS[project.stage] : null, teamName, ownerName].filter((x): x is string => !!x);
  const what = project ? `项目「${project.name}」${facts.length ? `（${facts.join('，')}）` : ''}` : '已有企业档案';
  return {
    reason,
    message: `${DUPLICATE_REASON_LABELS[reason]}：${company.name} ${what}`,
    companyId: company.id,
    companyName: company.name,
    projectId: opens ? project.id : null,
    projectName: project?.name ?? null,
    stage: opens ? project.stage : null,
    teamName,
    ownerName,
  };
}
