import type { EntityManager } from 'typeorm';
import type { PossibleDuplicate } from '../companies/company-duplicates.port';
import type { Viewer } from '../core/auth/scope';

/**
 * 重复研判 for a project: its investor's other pursued projects in the chain,
 * and look-alike investors. Implemented by the duplicates module, which sits
 * above projects and companies, so that neither imports the other's rules.
 */
export abstract class ProjectDuplicateCheck {
  /** `viewer`: who reads the warning (what of another project he is shown depends on his scope). */
  abstract forProject(p: { id?: number; companyId: number; industryChain: string }, viewer: Viewer, em?: EntityManager): Promise<PossibleDuplicate[]>;
}
