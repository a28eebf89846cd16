import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, Not } from 'typeorm';
import { AuditService, diff } from '../audit/audit.service';
import type { AuthUser } from '../core/auth/auth-user';
import { UnitOfWork } from '../core/database/unit-of-work';
import { conflict, notFound } from '../core/errors';
import { Team } from './team.entity';
import type { CreateTeamDto, UpdateTeamDto } from './teams.dto';

const view = (t: Team) => ({ id: t.id, name: t.name, description: t.description, active: t.active, createdAt: t.createdAt, updatedAt: t.updatedAt });

@Injectable()
export class TeamsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
  ) {}

  async list() {
    const items = (await this.ds.getRepository(Team).find({ order: { id: 'ASC' } })).map(view);
    return { items, total: items.length, page: 1, pageSize: items.length };
  }

  create(actor: AuthUser | null, dto: CreateTeamDto) {
    return this.uow.run(async (em) => {
      await this.assertNameFree(em, dto.name);
      const t = await em.save(em.create(Team, { name: dto.name, description: dto.description ?? null, active: true }));
      await this.audit.record(em, { entity: 'team', entityId: t.id, action: 'create', actorId: actor?.id ?? null, after: view(t) });
      return view(t);
    });
  }

  update(actor: AuthUser, id: number, dto: UpdateTeamDto) {
    return this.uow.run(async (em) => {
      const t = await em.findOne(Team, { where: { id } });
      if (!t) throw notFound('团队', id);
      const before = view(t);
      if (dto.name !== undefined && dto.name !== t.name) await this.assertNameFree(em, dto.name, id);
      Object.assign(t, dto);
      await em.save(t);
      await this.audit.record(em, { entity: 'team', entityId: id, action: 'update', actorId: actor.id, ...diff(before, view(t)) });
      return view(t);
    });
  }

  private async assertNameFree(em: EntityManager, name: string, exceptId?: number) {
    const other = await em.findOne(Team, { where: { name, ...(exceptId ? { id: Not(exceptId) } : {}) } });
    if (other) throw conflict('name_taken', `团队名称“${name}”已被使用`, { existingId: other.id }, [{ field: 'name', code: 'name_taken', message: `团队名称“${name}”已被使用` }]);
  }
}
