import type { EntityManager } from 'typeorm';
import type { Viewer } from '../core/auth/scope';

export const DUPLICATE_REASONS = ['credit_code', 'company_name', 'contact_phone', 'same_investor_same_chain'] as const;
export type DuplicateReason = (typeof DUPLICATE_REASONS)[number];

export const DUPLICATE_REASON_LABELS: Record<DuplicateReason, string> = {
  credit_code: '统一社会信用代码相同',
  company_name: '企业名称相同',
  contact_phone: '联系人电话相同',
  same_investor_same_chain: '同一客商在同一产业链已有在谈项目',
};

/**
 * One possible duplicate (重复研判, 撞单). Two teams must not chase the same
 * investor without knowing it, so it names the investor, the other project,
 * its team and owner even when that project is outside the caller's scope:
 * enough to pick up the phone. What only opening the project would show —
 * its id (a link) and its stage — is given only when the caller may open it
 * (core/auth/scope.ts); otherwise both are null.
 */
export interface PossibleDuplicate {
  reason: DuplicateReason;
  /** zh-CN: the reason, the investor, and the project with its team and owner (and stage, in scope) */
  message: string;
  companyId: number;
  companyName: string;
  /** null: no pursued project (the investor's record alone looks alike), or a project outside the caller's scope */
  projectId: number | null;
  projectName: string | null;
  /** null unless the project is in the caller's scope */
  stage: string | null;
  teamName: string | null;
  ownerName: string | null;
}

export interface CompanyFingerprint {
  companyId?: number;
  creditCode?: string | null;
  normalizedName?: string | null;
  phones?: (string | null | undefined)[];
}

/**
 * 重复研判 for a company being created or shown: look-alike investors and
 * their pursued projects. Implemented by the duplicates module (it reads
 * projects, which companies must not import).
 */
export abstract class CompanyDuplicateCheck {
  /** `viewer`: who reads the warning (what of another project he is shown depends on his scope). */
  abstract forCompany(f: CompanyFingerprint, viewer: Viewer, em?: EntityManager): Promise<PossibleDuplicate[]>;
}
