import { Injectable } from '@nestjs/common';
import { AuditService, diff } from '../audit/audit.service';
import type { AuthUser } from '../core/auth/auth-user';
import { Clock } from '../core/clock';
import { UnitOfWork } from '../core/database/unit-of-work';
import { badInput, checks, notFound } from '../core/errors';
import { onePage } from '../core/http/list';
import { ProjectsService } from '../projects/projects.service';
import { daysOverdue } from '../projects/supervision';
import type { Milestone } from './milestone.entity';
import type { CreateMilestoneDto, UpdateMilestoneDto } from './milestones.dto';
import { MilestonesRepository } from './milestones.repository';

@Injectable()
export class MilestonesService {
  constructor(
    private readonly milestones: MilestonesRepository,
    private readonly projects: ProjectsService,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  private view(m: Milestone, today = this.clock.today()) {
    const days = daysOverdue(m.plannedOn, m.completedOn, today);
    return {
      id: m.id, projectId: m.projectId, name: m.name, plannedOn: m.plannedOn, completedOn: m.completedOn, note: m.note,
      overdue: days > 0, daysOverdue: days, createdAt: m.createdAt, updatedAt: m.updatedAt,
    };
  }

  async list(user: AuthUser, projectId: number) {
    await this.projects.findInScope(user, projectId);
    const rows = await this.milestones.listForProject(projectId);
    const today = this.clock.today();
    return onePage(rows.map((m) => this.view(m, today)));
  }

  create(user: AuthUser, projectId: number, dto: CreateMilestoneDto) {
    this.checkCompletion(dto.completedOn);
    return this.uow.run(async (em) => {
      await this.projects.findWritable(user, projectId, {}, em);
      const m = await this.milestones.insert(em, {
        projectId, name: dto.name, plannedOn: dto.plannedOn, completedOn: dto.completedOn ?? null, note: dto.note ?? null,
        createdById: user.id,
      });
      await this.audit.record(em, { entity: 'project', entityId: projectId, action: 'milestone.create', actorId: user.id, after: this.view(m) });
      return this.view(m);
    });
  }

  update(user: AuthUser, projectId: number, id: number, dto: UpdateMilestoneDto) {
    this.checkCompletion(dto.completedOn);
    return this.uow.run(async (em) => {
      // The project first (404 out of scope, 403 not theirs to plan), then its milestone (404).
      await this.projects.findWritable(user, projectId, {}, em);
      const m = await this.milestones.findInProject(projectId, id, em);
      if (!m) throw notFound('节点', id);
      const before = this.view(m);
      Object.assign(m, dto);
      await this.milestones.save(em, m);
      await this.audit.record(em, { entity: 'project', entityId: projectId, action: 'milestone.update', actorId: user.id, ...diff(before, this.view(m)) });
      return this.view(m);
    });
  }

  private checkCompletion(completedOn: string | null | undefined) {
    const future = completedOn ? checks.notInFuture('completedOn', '完成日期', completedOn, this.clock.today()) : null;
    if (future) throw badInput([future]);
  }
}
