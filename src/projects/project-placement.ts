import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type AuthUser, PROJECT_WRITERS } from '../core/auth/auth-user';
import { roleChoice } from '../core/auth/roles';
import type { Scoped } from '../core/auth/scope';
import { badField, forbidden } from '../core/errors';
import { TeamsService } from '../teams/teams.service';
import { type UserRoleAndTeam, UsersRepository } from '../users/users.repository';
import { assertCanPlace, type Placement } from './project-access';

/** Roles a project's owner may have: those who may write it (an owner who could not would be stuck). */
export const OWNER_ROLES = PROJECT_WRITERS;

/**
 * Who owns a project and which team it belongs to, for registering it,
 * PATCHing its owner or team, and handing many over at once: the same
 * checks for all three (project-access.ts assertCanPlace says where the
 * caller may put a project).
 */
@Injectable()
export class ProjectPlacement {
  constructor(
    private readonly users: UsersRepository,
    private readonly teams: TeamsService,
  ) {}

  /**
   * The owner-to-be (default: the caller): an active person of a role that
   * may own projects (400 on `field` otherwise). Officers own what they
   * create and cannot give a project to someone else.
   */
  async owner(em: EntityManager, user: AuthUser, ownerId: number | undefined, field = 'ownerId'): Promise<UserRoleAndTeam> {
    const targetOwner = ownerId ?? user.id;
    if (user.role === 'officer' && targetOwner !== user.id) {
      throw forbidden('officer_assigns_self', '招商专员不能把项目交给他人负责，请由团队负责人分派');
    }
    const owner = await this.users.findActive(targetOwner, em);
    if (!owner || !OWNER_ROLES.includes(owner.role)) {
      throw badField(field, 'bad_owner', `负责人应为在职的${roleChoice(OWNER_ROLES)}`, targetOwner);
    }
    return owner;
  }

  /** Where the project would go: the owner, with the team (undefined: the owner's) once it exists. Whether the caller may put it there is assertCanPlace's. */
  async target(em: EntityManager, owner: UserRoleAndTeam, teamId: number | null | undefined): Promise<Placement> {
    const team = teamId === undefined ? owner.teamId : teamId;
    if (team !== null) await this.teams.assertExists(em, team);
    return { ownerId: owner.id, ownerTeamId: owner.teamId, teamId: team };
  }

  /**
   * Who owns the project and which team it belongs to. Officers own what they
   * create, in their own team; managers assign within their team; admins
   * anywhere; 移交 to another team is the managers' and admins'.
   */
  async resolve(em: EntityManager, user: AuthUser, ownerId: number | undefined, teamId: number | null | undefined, current: Scoped | null) {
    const to = await this.target(em, await this.owner(em, user, ownerId), teamId);
    assertCanPlace(user, to, current);
    return { ownerId: to.ownerId, teamId: to.teamId };
  }
}
