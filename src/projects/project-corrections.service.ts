import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../core/auth/auth-user';
import { inScope } from '../core/auth/scope';
import { Clock } from '../core/clock';
import { UnitOfWork } from '../core/database/unit-of-work';
import { DomainError } from '../core/errors';
import { PipelineHistory } from './pipeline-history';
import { assertCanDelete, assertCanPlace, canWriteProject, changesHands, findWritableProject, type Placement } from './project-access';
import { ProjectPlacement } from './project-placement';
import type { Project } from './project.entity';
import type { ProjectNames } from './project.view';
import type { DeleteProjectDto, HandoverDto } from './projects.dto';
import { ProjectsRepository } from './projects.repository';
import { ProjectsService } from './projects.service';
import { TeamHistoryRepository } from './team-history.repository';

/** 403 naming the projects the caller may not hand over: missing, deleted, outside his scope or not his to change, alike. */
function outsideScope(ids: number[]): DomainError {
  const message = `项目 ${ids.join('、')} 不存在或不在您的数据范围内，未移交任何项目`;
  return new DomainError('forbidden', 'projects_outside_scope', message, [{ field: 'projectIds', code: 'outside_scope', message }], { projectIds: ids });
}

/**
 * Correcting mistakes and handing work over (issue 10): deleting a project
 * registered by mistake, and 移交 of many projects at once. Both are for
 * managers (their team's projects) and admins, and both are audited.
 */
@Injectable()
export class ProjectCorrectionsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly projects: ProjectsRepository,
    private readonly service: ProjectsService,
    private readonly ledger: PipelineHistory,
    private readonly placement: ProjectPlacement,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly teamHistory: TeamHistoryRepository,
  ) {}

  /**
   * DELETE /projects/:id: soft delete. The row stays, with who deleted it,
   * when and why; from then on it is seen by nobody (live-projects.ts) but
   * the audit trail. Its share of the district's pipeline ledger goes with
   * it. Frozen monthly rollups are not rewritten: a recompute of a closed
   * month writes a new revision without it, and the report shows the
   * adjustment against the figure first reported.
   */
  async remove(user: AuthUser, id: number, dto: DeleteProjectDto) {
    return this.uow.run(async (em) => {
      const p = await findWritableProject(this.projects, user, id, { version: dto.version, may: assertCanDelete }, em);
      const before = await this.service.snapshot(p, em);
      const share = await this.ledger.share(em, id);
      const deletion = { deletedAt: this.clock.now(), deletedById: user.id, deleteReason: dto.reason.trim() };
      const version = await this.projects.updateIfVersion(em, id, dto.version, deletion);
      await this.ledger.settle(em, id, share);
      await this.audit.record(em, { entity: 'project', entityId: id, action: 'delete', actorId: user.id, before, after: { ...deletion, version } });
      return { id, version, ...deletion };
    });
  }

  /**
   * POST /projects/handover: 移交 of 1..500 projects to one person (into
   * that person's team), all or nothing in one unit of work. Each project is
   * checked as a PATCH of its owner is (ProjectPlacement, assertCanPlace)
   * and, when it changes hands, gets a new version and an audit row
   * 'handover'; one already with that person is left as it is.
   */
  async handover(user: AuthUser, dto: HandoverDto) {
    return this.uow.run(async (em) => {
      const found = await this.projects.byIds(dto.projectIds, em);
      const refused = dto.projectIds.filter((id) => {
        const p = found.get(id);
        return !p || !inScope(user, p) || !canWriteProject(user, p);
      });
      if (refused.length) throw outsideScope(refused);
      const to = await this.placement.target(em, await this.placement.owner(em, user, dto.toUserId, 'toUserId'), undefined);
      const moving: Project[] = [];
      for (const id of dto.projectIds) {
        const p = found.get(id)!;
        assertCanPlace(user, to, p);
        if (changesHands(p, to)) moving.push(p);
      }
      const ids = moving.map((p) => p.id);
      const namesBefore = await this.projects.namesOf(ids, em);
      const versions = new Map<number, number>();
      for (const p of moving) {
        versions.set(p.id, await this.projects.updateIfVersion(em, p.id, p.version, { ownerId: to.ownerId, teamId: to.teamId }));
        // credit already earned stays with the team that held the project (team-history.ts)
        await this.teamHistory.move(em, p.id, p.teamId, to.teamId, this.clock.today());
      }
      await this.recordHandovers(em, user, moving, to, namesBefore, dto.reason?.trim() || null);
      return {
        moved: moving.length,
        projects: dto.projectIds.map((id) => ({ id, version: versions.get(id) ?? found.get(id)!.version })),
      };
    });
  }

  /** One audit row 'handover' per project moved: owner and team before and after, with their names, and the reason. */
  private async recordHandovers(em: EntityManager, user: AuthUser, moved: Project[], to: Placement, namesBefore: Map<number, ProjectNames>, reason: string | null) {
    const namesAfter = await this.projects.namesOf(moved.map((p) => p.id), em);
    for (const p of moved) {
      const b = namesBefore.get(p.id);
      const a = namesAfter.get(p.id);
      await this.audit.record(em, {
        entity: 'project', entityId: p.id, action: 'handover', actorId: user.id,
        before: { ownerId: p.ownerId, ownerName: b?.ownerName ?? null, teamId: p.teamId, teamName: b?.teamName ?? null },
        after: { ownerId: to.ownerId, ownerName: a?.ownerName ?? null, teamId: to.teamId, teamName: a?.teamName ?? null, reason },
      });
    }
  }
}
