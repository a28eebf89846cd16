import type { EntityManager } from 'typeorm';
import type { PossibleDuplicate } from '../companies/company-duplicates.port';

/**
 * 重复研判 for a project: its investor's other pursued projects in the chain,
 * and look-alike investors. Implemented by the duplicates module, which sits
 * above projects and companies, so that neither imports the other's rules.
 */
export abstract class ProjectDuplicateCheck {
  abstract forProject(p: { id?: number; companyId: number; industryChain: string }, em?: EntityManager): Promise<PossibleDuplicate[]>;
}
