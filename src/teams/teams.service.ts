import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService, diff } from '../audit/audit.service';
import type { AuthUser } from '../core/auth/auth-user';
import { UnitOfWork } from '../core/database/unit-of-work';
import { badField, conflict, notFound } from '../core/errors';
import { onePage } from '../core/http/list';
import type { Team } from './team.entity';
import type { CreateTeamDto, UpdateTeamDto } from './teams.dto';
import { TeamsRepository } from './teams.repository';

const view = (t: Team) => ({ id: t.id, name: t.name, description: t.description, active: t.active, createdAt: t.createdAt, updatedAt: t.updatedAt });

@Injectable()
export class TeamsService {
  constructor(
    private readonly teams: TeamsRepository,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
  ) {}

  async list() {
    return onePage((await this.teams.listAll()).map(view));
  }

  create(actor: AuthUser | null, dto: CreateTeamDto) {
    return this.uow.run(async (em) => {
      await this.assertNameFree(em, dto.name);
      const t = await this.teams.insert(em, { name: dto.name, description: dto.description ?? null, active: true });
      await this.audit.record(em, { entity: 'team', entityId: t.id, action: 'create', actorId: actor?.id ?? null, after: view(t) });
      return view(t);
    });
  }

  update(actor: AuthUser, id: number, dto: UpdateTeamDto) {
    return this.uow.run(async (em) => {
      const t = await this.teams.findById(id, em);
      if (!t) throw notFound('团队', id);
      const before = view(t);
      if (dto.name !== undefined && dto.name !== t.name) await this.assertNameFree(em, dto.name, id);
      Object.assign(t, dto);
      await this.teams.save(em, t);
      await this.audit.record(em, { entity: 'team', entityId: id, action: 'update', actorId: actor.id, ...diff(before, view(t)) });
      return view(t);
    });
  }

  /** 400 on `teamId` unless the team exists: for a user or a project being put in it. */
  /** The names of these teams, for the views that show a team beside its id. */
  namesByIds(ids: number[]): Promise<Map<number, string>> {
    return this.teams.namesByIds(ids);
  }

  async assertExists(em: EntityManager, teamId: number): Promise<void> {
    if (!(await this.teams.exists(teamId, em))) throw badField('teamId', 'unknown_team', `团队 ${teamId} 不存在`);
  }

  private async assertNameFree(em: EntityManager, name: string, exceptId?: number) {
    const other = await this.teams.findByName(name, exceptId, em);
    if (other) {
      const message = `团队名称“${name}”已被使用`;
      throw conflict('name_taken', message, { existingId: other.id }, [{ field: 'name', code: 'name_taken', message }]);
    }
  }
}
