import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In } from 'typeorm';
import { Project } from './project.entity';

/**
 * The projects table: every read and write of it goes through here (the
 * other modules included), so that its SQL lives in one place.
 */
@Injectable()
export class ProjectsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  findById(id: number, em: EntityManager = this.ds.manager): Promise<Project | null> {
    return em.findOne(Project, { where: { id } });
  }

  /** Which of these ids are projects (a list that names projects is checked against it). */
  async existingIds(ids: number[], em: EntityManager = this.ds.manager): Promise<number[]> {
    if (!ids.length) return [];
    const rows = await em.find(Project, { where: { id: In(ids) }, select: { id: true } });
    return rows.map((p) => p.id);
  }

  /**
   * Moves the project's last-activity date forward to `occurredOn`, never
   * back, atomically. It does not touch the version, so logging a visit does
   * not make a colleague's open edit stale.
   */
  async recordActivity(em: EntityManager, projectId: number, occurredOn: string): Promise<void> {
    await em
      .createQueryBuilder()
      .update(Project)
      .set({ lastActivityOn: occurredOn })
      .where('id = :id AND ("lastActivityOn" IS NULL OR "lastActivityOn" < :d)', { id: projectId, d: occurredOn })
      .updateEntity(false)
      .execute();
  }
}
