import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In } from 'typeorm';
import type { Role } from '../core/auth/roles';
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

/** The users table: every read and write of it. */
@Injectable()
export class UsersRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  findById(id: number, em: EntityManager = this.ds.manager): Promise<User | null> {
    return em.findOne(User, { where: { id } });
  }

  /** The account with this e-mail, whatever its case. */
  findByEmail(email: string, em: EntityManager = this.ds.manager): Promise<User | null> {
    return em.getRepository(User).createQueryBuilder('u').where('LOWER(u.email) = :e', { e: email.toLowerCase() }).getOne();
  }

  /** The same, with the password hash (which no other read selects): for checking a login. */
  findForLogin(email: string, em: EntityManager = this.ds.manager): Promise<User | null> {
    return em.getRepository(User).createQueryBuilder('u').addSelect('u.passwordHash').where('LOWER(u.email) = :e', { e: email.toLowerCase() }).getOne();
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
