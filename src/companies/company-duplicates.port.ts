import type { EntityManager } from 'typeorm';

export const DUPLICATE_REASONS = ['credit_code', 'company_name', 'contact_phone', 'same_investor_same_chain'] as const;
export type DuplicateReason = (typeof DUPLICATE_REASONS)[number];

export const DUPLICATE_REASON_LABELS: Record<DuplicateReason, string> = {
  credit_code: '统一社会信用代码相同',
  company_name: '企业名称相同',
  contact_phone: '联系人电话相同',
  same_investor_same_chain: '同一客商在同一产业链已有在谈项目',
};

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
  abstract forCompany(f: CompanyFingerprint, em?: EntityManager): Promise<PossibleDuplicate[]>;
}
