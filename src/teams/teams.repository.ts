import { Injectable } from '@nestjs/common';
import { InjectReadDataSource } from '../core/database/read-data-source';
import { DataSource, type EntityManager, In, Not } from 'typeorm';
import { Team } from './team.entity';

export type NewTeam = Pick<Team, 'name' | 'description' | 'active'>;

/** The teams table: every read and write of it. */
@Injectable()
export class TeamsRepository {
  constructor(@InjectReadDataSource() private readonly ds: DataSource) {}

  listAll(em: EntityManager = this.ds.manager): Promise<Team[]> {
    return em.find(Team, { order: { id: 'ASC' } });
  }

  findById(id: number, em: EntityManager = this.ds.manager): Promise<Team | null> {
    return em.findOne(Team, { where: { id } });
  }

  /** Team names by id, for views that show a team beside its id. */
  async namesByIds(ids: number[], em: EntityManager = this.ds.manager): Promise<Map<number, string>> {
    if (!ids.length) return new Map();
    const rows = await em.find(Team, { where: { id: In(ids) }, select: { id: true, name: true } });
    return new Map(rows.map((t) => [t.id, t.name]));
  }

  exists(id: number, em: EntityManager = this.ds.manager): Promise<boolean> {
    return em.exists(Team, { where: { id } });
  }

  /** Another team that already has this name (`exceptId`: the team being renamed). */
  findByName(name: string, exceptId?: number, em: EntityManager = this.ds.manager): Promise<Team | null> {
    return em.findOne(Team, { where: { name, ...(exceptId ? { id: Not(exceptId) } : {}) } });
  }

  insert(em: EntityManager, t: NewTeam): Promise<Team> {
    return em.save(em.create(Team, t));
  }

  /** Writes the changed fields of a team read in the same unit. */
  save(em: EntityManager, t: Team): Promise<Team> {
    return em.save(t);
  }
}
