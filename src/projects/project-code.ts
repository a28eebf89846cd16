import type { EntityManager } from 'typeorm';
import { isUniqueViolation } from '../core/database/db-errors';
import { conflict, type DomainError } from '../core/errors';
import type { ProjectsRepository } from './projects.repository';

/**
 * 项目编号 (`code`): the district's own number for a project, unique when
 * given; the 台账 export writes it and a re-import matches by it. Trimmed
 * (full-width spaces too); blank is none.
 */
export function normaliseCode(code: string | null | undefined): string | null | undefined {
  if (code === undefined || code === null) return code;
  const trimmed = code.replace(/^[\s\u3000]+|[\s\u3000]+$/g, '');
  return trimmed === '' ? null : trimmed;
}

/** 409 'duplicate_code': the code is another project's. */
export function duplicateCode(code: string, holder: { id: number; name: string; deletedAt?: Date | null } | null): DomainError {
  const who = holder ? `${holder.deletedAt ? '已删除的' : ''}项目「${holder.name}」` : '另一个项目';
  return conflict('duplicate_code', `项目编号 ${code} 已被${who}使用，请换一个编号`, holder ? { projectId: holder.id } : {}, [
    { field: 'code', code: 'duplicate_code', message: `项目编号 ${code} 已被${who}使用` },
  ]);
}

/** Refuses a code another project holds (`selfId`: the project being edited). */
export async function assertCodeFree(projects: ProjectsRepository, em: EntityManager, code: string | null | undefined, selfId?: number): Promise<void> {
  if (!code) return;
  const holder = await projects.findByCode(code, em);
  if (holder && holder.id !== selfId) throw duplicateCode(code, holder);
}

/** A write that met the unique index anyway (two writers at once): the same 409. */
export async function codeConflictAsDomainError<T>(code: string | null | undefined, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (code && isUniqueViolation(err)) throw duplicateCode(code, null);
    throw err;
  }
}
