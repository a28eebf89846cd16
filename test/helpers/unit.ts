/**
 * What every unit spec of a service (src/<module>/__tests__) fakes the same
 * way: the unit of work, the audit trail, and catching the refusal. Each
 * spec then writes only the fakes of its own repositories.
 */
import type { EntityManager } from 'typeorm';
import type { AuditEntry, AuditService } from '../../src/audit/audit.service';
import type { UnitOfWork } from '../../src/core/database/unit-of-work';
import { type DomainError, isDomainError } from '../../src/core/errors';
import { findProjectInScope, findWritableProject } from '../../src/projects/project-access';
import type { Project } from '../../src/projects/project.entity';
import type { ProjectsService } from '../../src/projects/projects.service';

/** A unit of work that runs the work at once on `em` (a stand-in the fakes ignore): no transaction, nothing to roll back. */
export function immediateUnitOfWork(em: EntityManager = {} as EntityManager): UnitOfWork {
  return { run: <T>(work: (em: EntityManager) => Promise<T>) => work(em) } as unknown as UnitOfWork;
}

/** An audit service that keeps every entry it is asked to record in `entries`. */
export function recordingAudit(entries: AuditEntry[] = []): AuditService {
  return {
    record: async (_em: EntityManager, e: AuditEntry) => {
      entries.push(e);
    },
  } as unknown as AuditService;
}

/** The domain error a call is refused with; fails the test if the call succeeds or fails otherwise. */
export async function refusal(call: Promise<unknown> | (() => Promise<unknown>)): Promise<DomainError> {
  try {
    await (typeof call === 'function' ? call() : call);
  } catch (err) {
    if (isDomainError(err)) return err;
    throw err;
  }
  throw new Error('expected the service to refuse');
}

/**
 * ProjectsService's access checks, the real rule (scope 404, right 403,
 * version 409), over a projects table where `project(id)` is the project
 * with that id: for the services that hang off a project.
 */
export function projectAccess(project: (id: number) => Project): ProjectsService {
  const lookup = { findById: async (id: number) => project(id) };
  const access: Pick<ProjectsService, 'findInScope' | 'findWritable'> = {
    findInScope: (user, id, em) => findProjectInScope(lookup, user, id, em),
    findWritable: (user, id, check, em) => findWritableProject(lookup, user, id, check, em),
  };
  return access as ProjectsService;
}
