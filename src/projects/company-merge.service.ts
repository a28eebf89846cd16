import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { CompaniesRepository } from '../companies/companies.repository';
import { CompaniesService } from '../companies/companies.service';
import type { AuthUser } from '../core/auth/auth-user';
import { Clock } from '../core/clock';
import { UnitOfWork } from '../core/database/unit-of-work';
import { assertCurrentVersion, badField, forbidden } from '../core/errors';
import { assertManagerOrAdmin } from './project-access';
import type { MergeCompanyDto } from './projects.dto';
import { ProjectsRepository } from './projects.repository';

/**
 * 企业合并: a company entered twice goes into the one that stays. Its
 * projects (deleted ones too) and contacts move there; its row stays for the
 * audit, marked with where it went, out of every list and look-up (GET
 * /companies/:id answers 404 company_merged naming the company it went to).
 * Here, in projects, because it moves projects, which the companies module
 * below cannot see.
 */
@Injectable()
export class CompanyMergeService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly companies: CompaniesRepository,
    private readonly companyService: CompaniesService,
    private readonly projects: ProjectsRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /**
   * Managers and admins. Refused: into itself or into a merged company (400),
   * a company with a project the caller does not see (403: a manager merges
   * only what his scope holds), a stale version (409). The audit has a row on
   * both companies and one per project moved.
   */
  async merge(user: AuthUser, id: number, dto: MergeCompanyDto) {
    assertManagerOrAdmin(user, '合并企业');
    return this.uow.run(async (em) => {
      const from = await this.companyService.findOr404(id, em);
      assertCurrentVersion('企业', dto.version, from.version);
      if (dto.intoCompanyId === id) throw badField('intoCompanyId', 'same_company', '不能把企业并入它自己');
      const into = await this.companies.findById(dto.intoCompanyId, em);
      if (!into) {
        const gone = await this.companies.mergedInto(dto.intoCompanyId, em);
        if (gone) throw badField('intoCompanyId', 'into_merged_company', `企业「${gone.name}」已并入「${gone.into.name}」（编号 ${gone.into.id}），请并入后者`);
        throw badField('intoCompanyId', 'unknown_company', `企业 ${dto.intoCompanyId} 不存在`);
      }
      const hidden = await this.projects.countOutsideScope(user, id, em);
      if (hidden) throw forbidden('outside_scope', `企业「${from.name}」有 ${hidden} 个项目不在您的数据范围内，请由系统管理员合并`);

      const projectIds = await this.projects.idsOfCompany(id, em);
      const contactIds = await this.companies.contactIdsOf(id, em);
      await this.projects.moveToCompany(em, id, into.id);
      await this.companies.moveContacts(em, id, into.id);
      const mergedAt = this.clock.now();
      const version = await this.companies.markMerged(em, id, from.version, { intoId: into.id, byId: user.id, at: mergedAt });
      // The company that stays takes the credit code when it has none (the merged one lets go of it).
      const takesCode = from.creditCode !== null && into.creditCode === null;
      if (takesCode) await this.companies.updateIfVersion(em, into.id, into.version, { creditCode: from.creditCode });

      const moved = { projectIds, contactIds };
      await this.audit.record(em, {
        entity: 'company', entityId: id, action: 'merge', actorId: user.id,
        before: { mergedIntoId: null, creditCode: from.creditCode, version: from.version },
        after: { mergedIntoId: into.id, mergedIntoName: into.name, creditCode: null, version, ...moved },
      });
      await this.audit.record(em, {
        entity: 'company', entityId: into.id, action: 'merge.receive', actorId: user.id,
        before: takesCode ? { creditCode: null } : null,
        after: { mergedFromId: id, mergedFromName: from.name, ...(takesCode && { creditCode: from.creditCode }), ...moved },
      });
      for (const pid of projectIds) {
        await this.audit.record(em, {
          entity: 'project', entityId: pid, action: 'merge', actorId: user.id,
          before: { companyId: id, companyName: from.name }, after: { companyId: into.id, companyName: into.name },
        });
      }
      return { id, version, mergedIntoId: into.id, mergedIntoName: into.name, mergedAt, movedProjects: projectIds.length, movedContacts: contactIds.length };
    });
  }
}
