import { Injectable } from '@nestjs/common';
import { InjectReadDataSource } from '../core/database/read-data-source';
import { DataSource, type EntityManager, In } from 'typeorm';
import type { DataScope, Role } from '../core/auth/roles';
import { inChunks } from '../core/database/dialect';
import { containsPattern } from '../core/http/like';
import { User } from './user.entity';

/** The fields a user list may be sorted by, and the column each means. */
export const USER_SORT_COLUMNS = { id: 'u.id', name: 'u.name', email: 'u.email', createdAt: 'u.createdAt' };

export interface UserFilter {
  /** only the members of this team (a manager's view); `null`: a caller with no team sees nobody */
  onlyTeam?: number | null;
  role?: Role;
  teamId?: number;
  active?: boolean;
  /** name or e-mail contains, case-insensitive */
  text?: string;
}

export type NewUser = Pick<User, 'email' | 'name' | 'passwordHash' | 'role' | 'dataScope' | 'teamId' | 'phone' | 'active'>;

/** A user as a rule about giving them work reads them: role and team. */
export type UserRoleAndTeam = Pick<User, 'id' | 'role' | 'teamId'>;

/** A user as a message to them needs them: name, address and team. */
export interface UserContact {
  id: number;
  name: string;
  email: string | null;
  teamId: number | null;
}

/** A manager as the daily digest reads them: a contact, and the data scope their team's lights are seen through. */
export interface ManagerContact extends UserContact {
  dataScope: DataScope;
}

/** The users table: every read and write of it. */
@Injectable()
export class UsersRepository {
  constructor(@InjectReadDataSource() private readonly ds: DataSource) {}

  findById(id: number, em: EntityManager = this.ds.manager): Promise<User | null> {
    return em.findOne(User, { where: { id } });
  }

  /** The accounts with these ids that exist, by id (any number of ids). */
  async byIds(ids: readonly number[], em: EntityManager = this.ds.manager): Promise<Map<number, User>> {
    const out = new Map<number, User>();
    for (const part of inChunks(ids)) for (const u of await em.find(User, { where: { id: In(part) } })) out.set(u.id, u);
    return out;
  }

  /** The account with this e-mail, whatever its case. */
  findByEmail(email: string, em: EntityManager = this.ds.manager): Promise<User | null> {
    return em.getRepository(User).createQueryBuilder('u').where('LOWER(u.email) = :e', { e: email.toLowerCase() }).getOne();
  }

  /** The same, with the password hash (which no other read selects): for checking a login. */
  findForLogin(email: string, em: EntityManager = this.ds.manager): Promise<User | null> {
    return em.getRepository(User).createQueryBuilder('u').addSelect('u.passwordHash').where('LOWER(u.email) = :e', { e: email.toLowerCase() }).getOne();
  }

  /** The stored password hash of a user (null when there is none): for checking the old password before a change. */
  async passwordHashOf(id: number, em: EntityManager = this.ds.manager): Promise<string | null> {
    const u = await em.getRepository(User).createQueryBuilder('u').addSelect('u.passwordHash').where('u.id = :id', { id }).getOne();
    return u?.passwordHash ?? null;
  }

  /** Display names by id, for lists that show who did something. */
  async namesByIds(ids: number[], em: EntityManager = this.ds.manager): Promise<Map<number, string>> {
    if (!ids.length) return new Map();
    const rows = await em.find(User, { where: { id: In(ids) }, select: { id: true, name: true } });
    return new Map(rows.map((u) => [u.id, u.name]));
  }

  async list(f: UserFilter, page: { skip: number; take: number; order: [string, 'ASC' | 'DESC'] }, em: EntityManager = this.ds.manager): Promise<[User[], number]> {
    const qb = em.getRepository(User).createQueryBuilder('u');
    if (f.onlyTeam !== undefined) qb.andWhere('u."teamId" = :own', { own: f.onlyTeam ?? -1 });
    if (f.role) qb.andWhere('u.role = :role', { role: f.role });
    if (f.teamId !== undefined) qb.andWhere('u."teamId" = :team', { team: f.teamId });
    if (f.active !== undefined) qb.andWhere('u.active = :active', { active: f.active });
    if (f.text) qb.andWhere(`(LOWER(u.name) LIKE :q ESCAPE '\\' OR LOWER(u.email) LIKE :q ESCAPE '\\')`, { q: containsPattern(f.text) });
    return qb.orderBy(page.order[0], page.order[1]).skip(page.skip).take(page.take).getManyAndCount();
  }

  /** The user if active (any role: the caller's rule decides), with role and team; null when missing or inactive. */
  async findActive(id: number, em: EntityManager = this.ds.manager): Promise<UserRoleAndTeam | null> {
    const u = await em.findOne(User, { where: { id, active: true }, select: { id: true, role: true, teamId: true } });
    return u ? { id: u.id, role: u.role, teamId: u.teamId } : null;
  }

  /** Active managers (or just `onlyUserId`, if that is one), with their data scope. */
  async activeManagers(onlyUserId?: number, em: EntityManager = this.ds.manager): Promise<ManagerContact[]> {
    const users = await em.find(User, { where: { role: 'manager', active: true, ...(onlyUserId ? { id: onlyUserId } : {}) } });
    return users.map((u) => ({ ...contact(u), dataScope: u.dataScope }));
  }

  /**
   * The active leaders whose data scope is `dataScope`, in id order: the
   * monthly report e-mail goes to those who see the whole district.
   */
  async activeLeaders(dataScope: DataScope, em: EntityManager = this.ds.manager): Promise<UserContact[]> {
    const users = await em.find(User, { where: { role: 'leader', active: true, dataScope }, order: { id: 'ASC' } });
    return users.map(contact);
  }

  /** Which of these people are active, with their names and addresses; any number of ids. */
  async activeContacts(ids: readonly number[], em: EntityManager = this.ds.manager): Promise<UserContact[]> {
    const out: UserContact[] = [];
    for (const part of inChunks(ids)) {
      const users = await em.find(User, { where: { id: In(part), active: true } });
      out.push(...users.map(contact));
    }
    return out;
  }

  /**
   * The active people, by name: everyone (`team` undefined), or the members
   * of one team and the person `alsoId` (a caller with no team sees himself).
   */
  directory(only?: { team: number | null; alsoId: number }, em: EntityManager = this.ds.manager): Promise<User[]> {
    const qb = em.getRepository(User).createQueryBuilder('u').where('u.active = :active', { active: true });
    if (only) qb.andWhere('(u."teamId" = :team OR u.id = :also)', { team: only.team ?? -1, also: only.alsoId });
    return qb.orderBy('u.name', 'ASC').addOrderBy('u.id', 'ASC').getMany();
  }

  countActiveAdmins(em: EntityManager = this.ds.manager): Promise<number> {
    return em.count(User, { where: { role: 'admin', active: true } });
  }

  insert(em: EntityManager, u: NewUser): Promise<User> {
    return em.save(em.create(User, u));
  }

  /** Writes the changed fields of a user read in the same unit. */
  save(em: EntityManager, u: User): Promise<User> {
    return em.save(u);
  }
}

function contact(u: User): UserContact {
  return { id: u.id, name: u.name, email: u.email, teamId: u.teamId };
}
