import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService, diff } from '../audit/audit.service';
import type { AuthUser } from '../core/auth/auth-user';
import { DEFAULT_SCOPE, ROLE_LABELS } from '../core/auth/roles';
import { seesDistrict } from '../core/auth/scope';
import { UnitOfWork } from '../core/database/unit-of-work';
import { badInput, conflict, notFound, ruleViolation } from '../core/errors';
import { onePage, paging, sorting } from '../core/http/list';
import { TeamsService } from '../teams/teams.service';
import { LoginAttempts } from './login-attempts';
import { passwordProblems } from './password-policy';
import { hashPassword, verifyPassword } from './passwords';
import { UserAuthSource } from './user-auth-source';
import type { User } from './user.entity';
import { toUserView, userFields } from './user.view';
import type { CreateUserDto, UpdateUserDto, UserQuery } from './users.dto';
import { USER_SORT_COLUMNS, UsersRepository } from './users.repository';

/** What the audit trail shows for a new password: that it changed, never the value or its hash. */
const PASSWORD_CHANGED = '（已修改）';

/** The changes after which the tokens a user holds no longer say who they are or what they may do: they are revoked. */
const REVOKING_FIELDS = ['role', 'dataScope', 'teamId', 'active'] as const;

/** 400 unless the password may be set for this account (password-policy.ts); never echoes it. */
function assertPasswordAllowed(field: string, plain: string, email: string): void {
  const problems = passwordProblems(field, plain, email);
  if (problems.length) throw badInput(problems);
}

@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly teams: TeamsService,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly attempts: LoginAttempts,
    private readonly authSource: UserAuthSource,
  ) {}

  async get(id: number) {
    const u = await this.users.findById(id);
    if (!u) throw notFound('用户', id);
    return this.viewOf(u);
  }

  /** An account as the API shows it (one query for its team's name). */
  async viewOf(u: User) {
    return (await this.views([u]))[0];
  }

  /** Accounts as the API shows them, with their teams' names in one query. */
  private async views(rows: User[]) {
    const teamIds = [...new Set(rows.map((u) => u.teamId).filter((t): t is number => t !== null))];
    const names = await this.teams.namesByIds(teamIds);
    return rows.map((u) => toUserView(u, u.teamId === null ? null : (names.get(u.teamId) ?? null)));
  }

  /** Admins list everyone; a manager lists the people of his team (to assign projects). */
  async list(caller: AuthUser, q: UserQuery) {
    const { page, pageSize, skip } = paging(q);
    const order = sorting(q.sort, USER_SORT_COLUMNS, ['u.id', 'ASC']);
    const [rows, total] = await this.users.list(
      { ...(caller.role !== 'admin' && { onlyTeam: caller.teamId }), role: q.role, teamId: q.teamId, active: q.active, text: q.q },
      { skip, take: pageSize, order },
    );
    return { items: await this.views(rows), total, page, pageSize };
  }

  /**
   * GET /people: the active people the caller may pick as an owner filter or
   * a handover's receiver. Whoever sees the whole district sees everyone; a
   * team or own scope sees their own team's people and themselves (own scope
   * too: colleagues' names are no project data). No e-mail or phone.
   */
  async directory(caller: AuthUser) {
    const rows = await this.users.directory(seesDistrict(caller) ? undefined : { team: caller.teamId, alsoId: caller.id });
    const teamIds = [...new Set(rows.map((u) => u.teamId).filter((t): t is number => t !== null))];
    const names = await this.teams.namesByIds(teamIds);
    return onePage(rows.map((u) => ({
      id: u.id, name: u.name, teamId: u.teamId, teamName: u.teamId === null ? null : (names.get(u.teamId) ?? null), role: u.role, roleLabel: ROLE_LABELS[u.role],
    })));
  }

  async create(actor: AuthUser | null, dto: CreateUserDto) {
    assertPasswordAllowed('password', dto.password, dto.email);
    const hash = await hashPassword(dto.password);
    const created = await this.uow.run(async (em) => {
      await this.assertEmailFree(em, dto.email);
      if (dto.teamId != null) await this.teams.assertExists(em, dto.teamId);
      const user = await this.users.insert(em, {
        email: dto.email.toLowerCase(),
        name: dto.name,
        passwordHash: hash,
        role: dto.role,
        dataScope: dto.dataScope ?? DEFAULT_SCOPE[dto.role],
        teamId: dto.teamId ?? null,
        phone: dto.phone ?? null,
        active: true,
      });
      await this.audit.record(em, { entity: 'user', entityId: user.id, action: 'create', actorId: actor?.id ?? null, after: userFields(user) });
      return user;
    });
    return this.viewOf(created);
  }

  async update(actor: AuthUser, id: number, dto: UpdateUserDto) {
    if (dto.password !== undefined) {
      const current = await this.users.findById(id);
      if (!current) throw notFound('用户', id);
      assertPasswordAllowed('password', dto.password, current.email);
    }
    const hash = dto.password !== undefined ? await hashPassword(dto.password) : undefined;
    // Once the unit has ended, committed or not, the guard's cached copy goes (finally, below):
    // a read made meanwhile may have seen the unit's uncommitted row (SQLite shares one connection).
    const updated = await this.uow.run(async (em) => {
      const user = await this.users.findById(id, em);
      if (!user) throw notFound('用户', id);
      const before = userFields(user);
      if (dto.teamId != null) await this.teams.assertExists(em, dto.teamId);
      if (dto.role && dto.role !== user.role && dto.dataScope === undefined) user.dataScope = DEFAULT_SCOPE[dto.role];
      Object.assign(user, {
        ...(dto.name !== undefined && { name: dto.name }),
        ...(dto.role !== undefined && { role: dto.role }),
        ...(dto.dataScope !== undefined && { dataScope: dto.dataScope }),
        ...(dto.teamId !== undefined && { teamId: dto.teamId }),
        ...(dto.phone !== undefined && { phone: dto.phone }),
        ...(dto.active !== undefined && { active: dto.active }),
        ...(hash && { passwordHash: hash }),
      });
      // Someone must always be able to administer the system.
      if (before.role === 'admin' && (user.role !== 'admin' || !user.active)) {
        if ((await this.users.countActiveAdmins(em)) <= 1) throw ruleViolation('last_admin', '不能停用或降级最后一个在职的系统管理员');
      }
      if (hash || REVOKING_FIELDS.some((f) => before[f] !== user[f])) user.tokenVersion += 1;
      await this.users.save(em, user);
      const changes = diff(before, userFields(user));
      if (hash) changes.after.password = PASSWORD_CHANGED;
      await this.audit.record(em, { entity: 'user', entityId: id, action: 'update', actorId: actor.id, ...changes });
      return user;
    }).finally(() => this.authSource.forget(id));
    return this.viewOf(updated);
  }

  /** Whether this is the user's current password (the check before they change it). */
  async passwordMatches(id: number, plain: string): Promise<boolean> {
    const hash = await this.users.passwordHashOf(id);
    return hash !== null && verifyPassword(plain, hash);
  }

  /**
   * Sets a new password and revokes every token issued before: `own` when
   * the user changes theirs (the caller checked the old one), `reset` when
   * an admin sets it. Audited without the password.
   */
  async setPassword(actor: AuthUser, id: number, plain: string, how: 'own' | 'reset', field = 'password') {
    const current = await this.users.findById(id);
    if (!current) throw notFound('用户', id);
    assertPasswordAllowed(field, plain, current.email);
    const hash = await hashPassword(plain);
    const updated = await this.uow.run(async (em) => {
      const user = await this.users.findById(id, em);
      if (!user) throw notFound('用户', id);
      user.passwordHash = hash;
      user.tokenVersion += 1;
      await this.users.save(em, user);
      const action = how === 'own' ? 'password.change' : 'password.reset';
      await this.audit.record(em, { entity: 'user', entityId: id, action, actorId: actor.id, before: null, after: { password: PASSWORD_CHANGED } });
      return user;
    }).finally(() => this.authSource.forget(id));
    return updated;
  }

  /** An admin sets a user's password: their tokens are revoked. */
  async resetPassword(actor: AuthUser, id: number, plain: string) {
    return this.viewOf(await this.setPassword(actor, id, plain, 'reset'));
  }

  /** An admin lets a locked-out account try again at once (every address); audited. */
  async unlockLogin(actor: AuthUser, id: number) {
    const user = await this.users.findById(id);
    if (!user) throw notFound('用户', id);
    const failuresCleared = this.attempts.unlock(user.email);
    await this.uow.run((em) => this.audit.record(em, { entity: 'user', entityId: id, action: 'login.unlock', actorId: actor.id, before: null, after: { failuresCleared } }));
    return { userId: id, failuresCleared };
  }

  /** The first admin (ADMIN_EMAIL / ADMIN_PASSWORD), created once; an existing account is left alone. */
  async ensureAdmin(email: string, password: string): Promise<boolean> {
    if (await this.users.findByEmail(email)) return false;
    await this.create(null, { email, name: '系统管理员', password, role: 'admin' });
    return true;
  }

  private async assertEmailFree(em: EntityManager, email: string) {
    const existing = await this.users.findByEmail(email, em);
    if (existing) {
      const message = `电子邮箱 ${email} 已被用户「${existing.name}」使用`;
      throw conflict('email_taken', message, { existingId: existing.id }, [{ field: 'email', code: 'email_taken', message }]);
    }
  }
}
