import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { staleVersion } from '../errors';

/**
 * Writes `values` and bumps the version only if the row still has `version`:
 * `UPDATE … SET …, version = version + 1 WHERE id = :id AND version = :v`.
 * `@VersionColumn` does not stop a stale save (STACK.md); this does, on both
 * drivers. Throws 409 naming the current version; returns the new one.
 */
export async function compareAndSet<T extends ObjectLiteral & { version: number }>(
  em: EntityManager,
  entity: EntityTarget<T>,
  what: string,
  id: number,
  version: number,
  values: QueryDeepPartialEntity<T>,
): Promise<number> {
  const res = await em
    .createQueryBuilder()
    .update(entity)
    .set({ ...values, version: () => '"version" + 1' } as QueryDeepPartialEntity<T>)
    .where('id = :id AND "version" = :v', { id, v: version })
    .updateEntity(false)
    .execute();
  if (res.affected !== 1) {
    const now = await em.getRepository(entity).createQueryBuilder('r').where('r.id = :id', { id }).getOne();
    throw staleVersion(what, version, (now as { version?: number } | null)?.version ?? null);
  }
  return version + 1;
}
