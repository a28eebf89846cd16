import type { EntityManager } from 'typeorm';
import { PROJECT_WRITERS, type AuthUser } from '../core/auth/auth-user';
import { inScope, type Scoped, seesDistrict } from '../core/auth/scope';
import { type Role, ROLE_LABELS, roleChoice } from '../core/auth/roles';
import { assertCurrentVersion, forbidden, notFound } from '../core/errors';
import { CORRECTOR_ROLES } from './pipeline';
import type { Project } from './project.entity';

/**
 * May the caller edit or move this project? (API.md roles)
 * admin: any; manager: any in scope; officer: his own; leader, viewer: none.
 * Scope itself (404) is checked before this.
 */
export function canWriteProject(user: AuthUser, p: Scoped): boolean {
  if (!PROJECT_WRITERS.includes(user.role)) return false;
  if (user.role === 'admin') return true;
  if (user.role === 'manager') return inScope(user, p);
  return p.ownerId === user.id;
}

export function assertCanWriteProject(user: AuthUser, p: Scoped & { id: number }): void {
  if (canWriteProject(user, p)) return;
  if (user.role === 'officer') throw forbidden('not_owner', '招商专员只能修改和推进本人负责的项目');
  throw forbidden('read_only_role', `${ROLE_LABELS[user.role]}只能查看，不能修改项目`);
}

/** Logging activities: officers may log on any project of their team (in scope). */
export function assertCanLogActivity(user: AuthUser, _p: Scoped): void {
  if (PROJECT_WRITERS.includes(user.role)) return;
  throw forbidden('read_only_role', `${ROLE_LABELS[user.role]}只能查看，不能记录跟进`);
}

/** Correcting the pipeline (revert, reopen): the roles pipeline.ts names, CORRECTOR_ROLES. */
export function assertManagerOrAdmin(user: AuthUser, what: string): void {
  if (!CORRECTOR_ROLES.includes(user.role)) {
    throw forbidden('managers_only', `只有${roleChoice(CORRECTOR_ROLES)}可以${what}`);
  }
}

/** Deleting a project registered by mistake: a corrector (manager or admin) who may write it. */
export function assertCanDelete(user: AuthUser, p: Scoped & { id: number }): void {
  assertManagerOrAdmin(user, '删除项目');
  assertCanWriteProject(user, p);
}

/** May the caller undo the project's latest move? They must be able to write it and be a corrector. */
export function canRevertProject(user: AuthUser, p: Scoped): boolean {
  return canWriteProject(user, p) && CORRECTOR_ROLES.includes(user.role);
}

export function assertCanRevert(user: AuthUser, p: Scoped & { id: number }): void {
  assertManagerOrAdmin(user, '撤销上一步');
  assertCanWriteProject(user, p);
}

/** 移交 (moving a project to another team, or out of any): the roles that may. */
export const HANDOVER_ROLES: readonly Role[] = ['admin', 'manager'];

/** Where a project is being put: its owner (with the owner's team) and its team. */
export interface Placement {
  ownerId: number;
  ownerTeamId: number | null;
  teamId: number | null;
}

/** Whether putting the project at `to` moves it between teams: 移交. A new project is registered, not handed over. */
export function isHandover(current: Scoped | null, to: Pick<Placement, 'teamId'>): boolean {
  return current !== null && current.teamId !== to.teamId;
}

/**
 * Whether putting the project at `to` gives it to another person or team:
 * what the audit trail records as 移交 ('handover'), from a PATCH of its
 * owner or team or from POST /projects/handover alike.
 */
export function changesHands(current: Scoped, to: Scoped): boolean {
  return current.ownerId !== to.ownerId || current.teamId !== to.teamId;
}

/**
 * Where the caller may put a project, registering it (`current` null) or
 * changing its owner or team. Officers register and keep projects in their
 * own team (whose manager sees them); moving a project between teams (移交)
 * is for managers and admins; a manager who does not see the whole district
 * places projects within his team only. That the owner may own projects is
 * checked by the caller.
 */
export function assertCanPlace(user: AuthUser, to: Placement, current: Scoped | null): void {
  if (isHandover(current, to) && !HANDOVER_ROLES.includes(user.role)) {
    throw forbidden('handover_managers_only', `项目移交到其他团队须由${roleChoice(HANDOVER_ROLES)}办理`);
  }
  if (user.role === 'officer' && current === null && to.teamId !== user.teamId) {
    throw forbidden('officer_own_team', '招商专员只能在本团队登记项目');
  }
  if (user.role === 'manager' && !seesDistrict(user)) {
    const changed = !current || current.ownerId !== to.ownerId || current.teamId !== to.teamId;
    if (changed && (to.teamId !== user.teamId || (to.ownerTeamId !== user.teamId && to.ownerId !== user.id))) {
      throw forbidden('outside_own_team', '团队负责人只能在本团队内分派项目');
    }
  }
}

/** What the access checks need of the projects repository. */
export interface ProjectLookup {
  findById(id: number, em?: EntityManager): Promise<Project | null>;
}

/** `p` (the project `id` as read, null when there is none) if the caller may see it; otherwise 404, whether it exists or not. */
export function visibleOr404<P extends Scoped>(user: AuthUser, id: number, p: P | null): P {
  if (!p || !inScope(user, p)) throw notFound('项目', id);
  return p;
}

/** The project if the caller may see it; otherwise 404, whether it exists or not. */
export async function findProjectInScope(projects: ProjectLookup, user: AuthUser, id: number, em?: EntityManager): Promise<Project> {
  return visibleOr404(user, id, await projects.findById(id, em));
}

export interface WriteCheck {
  /** the version the caller read: a different one is 409 */
  version?: number;
  /** the right the change needs; default: may write the project */
  may?: (user: AuthUser, p: Project) => void;
}

/**
 * The project the caller is about to change, checked in the order the API
 * answers: in their scope (else 404), theirs to change (else 403), still at
 * the version they read (else 409). Every write to a project starts here.
 */
export async function findWritableProject(
  projects: ProjectLookup,
  user: AuthUser,
  id: number,
  check: WriteCheck = {},
  em?: EntityManager,
): Promise<Project> {
  const p = await findProjectInScope(projects, user, id, em);
  (check.may ?? assertCanWriteProject)(user, p);
  assertCurrentVersion('项目', check.version, p.version);
  return p;
}
