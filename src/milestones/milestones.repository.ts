import { Injectable } from '@nestjs/common';
import { InjectReadDataSource } from '../core/database/read-data-source';
import { DataSource, type EntityManager } from 'typeorm';
import { Milestone } from './milestone.entity';

export type NewMilestone = Pick<Milestone, 'projectId' | 'name' | 'plannedOn' | 'completedOn' | 'note' | 'createdById'>;

/** The milestones table: every read and write of it. */
@Injectable()
export class MilestonesRepository {
  constructor(@InjectReadDataSource() private readonly ds: DataSource) {}

  /** A project's milestones by planned date. */
  listForProject(projectId: number, em: EntityManager = this.ds.manager): Promise<Milestone[]> {
    return em.find(Milestone, { where: { projectId }, order: { plannedOn: 'ASC', id: 'ASC' } });
  }

  /** The milestone if it belongs to this project. */
  findInProject(projectId: number, id: number, em: EntityManager = this.ds.manager): Promise<Milestone | null> {
    return em.findOne(Milestone, { where: { id, projectId } });
  }

  insert(em: EntityManager, m: NewMilestone): Promise<Milestone> {
    return em.save(em.create(Milestone, m));
  }

  /** Writes the changed fields of a milestone read in the same unit. */
  save(em: EntityManager, m: Milestone): Promise<Milestone> {
    return em.save(m);
  }
}
