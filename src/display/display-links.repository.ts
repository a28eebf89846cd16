import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { InjectReadDataSource } from '../core/database/read-data-source';
import { DisplayLink } from './display-link.entity';

/** A link as the admin page lists it: with the name of who made it. */
export type DisplayLinkRow = DisplayLink & { createdByName: string | null };

/** The display_links table: every read and write of it. */
@Injectable()
export class DisplayLinksRepository {
  constructor(@InjectReadDataSource() private readonly ds: DataSource) {}

  /** Every link (or the one of `id`), newest first, with its maker's name. */
  async listWithCreators(id?: number, em: EntityManager = this.ds.manager): Promise<DisplayLinkRow[]> {
    const qb = em
      .createQueryBuilder(DisplayLink, 'l')
      .leftJoin('users', 'u', 'u.id = l."createdById"')
      .addSelect('u.name', 'createdByName')
      .orderBy('l.id', 'DESC');
    if (id !== undefined) qb.where('l.id = :id', { id });
    const rows = await qb.getRawAndEntities<{ createdByName: string | null }>();
    return rows.entities.map((l, i) => ({ ...l, createdByName: rows.raw[i]?.createdByName ?? null }));
  }

  findById(id: number, em: EntityManager = this.ds.manager): Promise<DisplayLink | null> {
    return em.findOne(DisplayLink, { where: { id } });
  }

  /** The link whose key hashes to this (revoked or not). */
  findByKeyHash(keyHash: string, em: EntityManager = this.ds.manager): Promise<DisplayLink | null> {
    return em.findOne(DisplayLink, { where: { keyHash } });
  }

  insert(em: EntityManager, l: Pick<DisplayLink, 'name' | 'keyHash' | 'createdById'>): Promise<DisplayLink> {
    return em.save(em.create(DisplayLink, { ...l, revokedAt: null, lastUsedAt: null }));
  }

  /** Marks the link revoked, unless it already is. */
  async revoke(em: EntityManager, id: number, at: Date): Promise<void> {
    await em.createQueryBuilder().update(DisplayLink).set({ revokedAt: at }).where('id = :id AND "revokedAt" IS NULL', { id }).execute();
  }

  /** Records that the screen read its figures now. */
  async touch(em: EntityManager, id: number, at: Date): Promise<void> {
    await em.createQueryBuilder().update(DisplayLink).set({ lastUsedAt: at }).where('id = :id', { id }).execute();
  }
}
