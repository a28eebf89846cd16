import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In, Not } from 'typeorm';
import { Project } from '../projects/project.entity';
import { STAGE_LABELS, type Stage } from '../projects/pipeline';
import { Team } from '../teams/team.entity';
import { User } from '../users/user.entity';
import { normalizePhone } from './company-identity';
import { Company } from './company.entity';
import { Contact } from './contact.entity';

export type DuplicateReason = 'credit_code' | 'company_name' | 'contact_phone' | 'same_investor_same_chain';

/**
 * One possible duplicate (重复研判). It names the other record, its team and
 * owner, and nothing more, even when that project is outside the caller's
 * scope: two teams must not chase the same investor without knowing it.
 */
export interface PossibleDuplicate {
  reason: DuplicateReason;
  message: string;
  companyId: number;
  companyName: string;
  projectId: number | null;
  projectName: string | null;
  stage: Stage | null;
  teamName: string | null;
  ownerName: string | null;
}

/** Stages in which a project is still being pursued (counts for 撞单). */
const PURSUED: Stage[] = ['visit', 'negotiation', 'signed', 'construction', 'on_hold'];

const REASON_TEXT: Record<DuplicateReason, string> = {
  credit_code: '统一社会信用代码相同',
  company_name: '企业名称相同',
  contact_phone: '联系人电话相同',
  same_investor_same_chain: '同一客商在同一产业链已有在谈项目',
};

export interface CompanyFingerprint {
  companyId?: number;
  creditCode?: string | null;
  normalizedName?: string | null;
  phones?: (string | null | undefined)[];
}

@Injectable()
export class DuplicatesService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Other companies that look like this one: same credit code, folded name or contact phone. */
  async companyMatches(f: CompanyFingerprint, em: EntityManager = this.ds.manager): Promise<{ company: Company; reason: DuplicateReason }[]> {
    const out: { company: Company; reason: DuplicateReason }[] = [];
    const seen = new Set<number>();
    const add = (company: Company, reason: DuplicateReason) => {
      if (seen.has(company.id) || company.id === f.companyId) return;
      seen.add(company.id);
      out.push({ company, reason });
    };
    const notSelf = f.companyId ? { id: Not(f.companyId) } : {};
    if (f.creditCode) {
      for (const c of await em.find(Company, { where: { creditCode: f.creditCode, ...notSelf } })) add(c, 'credit_code');
    }
    if (f.normalizedName) {
      for (const c of await em.find(Company, { where: { normalizedName: f.normalizedName, ...notSelf }, take: 20 })) add(c, 'company_name');
    }
    const phones = [...new Set((f.phones ?? []).map(normalizePhone).filter((p): p is string => !!p))];
    if (phones.length) {
      const contacts = await em.find(Contact, { where: { normalizedPhone: In(phones) }, take: 50 });
      const ids = [...new Set(contacts.map((c) => c.companyId))].filter((id) => id !== f.companyId);
      if (ids.length) for (const c of await em.find(Company, { where: { id: In(ids) } })) add(c, 'contact_phone');
    }
    return out;
  }

  /** Possible duplicates for a new or existing company (before any project exists). */
  async forCompany(f: CompanyFingerprint, em: EntityManager = this.ds.manager): Promise<PossibleDuplicate[]> {
    return this.expand(await this.companyMatches(f, em), em);
  }

  /** Possible duplicates of a project: its investor's other pursued projects in the chain, and look-alike investors. */
  async forProject(
    p: { id?: number; companyId: number; industryChain: string },
    em: EntityManager = this.ds.manager,
  ): Promise<PossibleDuplicate[]> {
    const company = await em.findOne(Company, { where: { id: p.companyId } });
    if (!company) return [];
    const sameChain = await em.find(Project, {
      where: { companyId: p.companyId, industryChain: p.industryChain, stage: In(PURSUED), ...(p.id ? { id: Not(p.id) } : {}) },
      take: 20,
    });
    const contacts = await em.find(Contact, { where: { companyId: p.companyId } });
    const matches = await this.companyMatches(
      { companyId: company.id, creditCode: company.creditCode, normalizedName: company.normalizedName, phones: contacts.map((c) => c.phone) },
      em,
    );
    const rows = await this.describe(sameChain.map((pr) => ({ project: pr, company, reason: 'same_investor_same_chain' as const })), em);
    return [...rows, ...(await this.expand(matches, em))];
  }

  private async expand(matches: { company: Company; reason: DuplicateReason }[], em: EntityManager) {
    if (!matches.length) return [];
    const projects = await em.find(Project, { where: { companyId: In(matches.map((m) => m.company.id)), stage: In(PURSUED) } });
    const items: { project: Project | null; company: Company; reason: DuplicateReason }[] = [];
    for (const m of matches) {
      const own = projects.filter((p) => p.companyId === m.company.id);
      if (own.length) for (const project of own) items.push({ project, company: m.company, reason: m.reason });
      else items.push({ project: null, company: m.company, reason: m.reason });
    }
    return this.describe(items, em);
  }

  private async describe(items: { project: Project | null; company: Company; reason: DuplicateReason }[], em: EntityManager) {
    const teamIds = [...new Set(items.map((i) => i.project?.teamId).filter((x): x is number => !!x))];
    const ownerIds = [...new Set(items.map((i) => i.project?.ownerId).filter((x): x is number => !!x))];
    const teams = teamIds.length ? await em.find(Team, { where: { id: In(teamIds) } }) : [];
    const owners = ownerIds.length ? await em.find(User, { where: { id: In(ownerIds) } }) : [];
    return items.map(({ project, company, reason }): PossibleDuplicate => {
      const teamName = teams.find((t) => t.id === project?.teamId)?.name ?? null;
      const ownerName = owners.find((u) => u.id === project?.ownerId)?.name ?? null;
      const what = project ? `项目「${project.name}」(${STAGE_LABELS[project.stage]}${teamName ? `，${teamName}` : ''}${ownerName ? `，${ownerName}` : ''})` : '已有企业档案';
      return {
        reason,
        message: `${REASON_TEXT[reason]}：${company.name} ${what}`,
        companyId: company.id,
        companyName: company.name,
        projectId: project?.id ?? null,
        projectName: project?.name ?? null,
        stage: project?.stage ?? null,
        teamName,
        ownerName,
      };
    });
  }
}
