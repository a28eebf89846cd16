import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService, diff } from '../audit/audit.service';
import { hashPassword } from './passwords';
import type { AuthUser } from '../core/auth/auth-user';
import { UnitOfWork } from '../core/database/unit-of-work';
import { badField, conflict, notFound, ruleViolation } from '../core/errors';
import { paging, sorting } from '../core/http/list';
import { Team } from '../teams/team.entity';
import { DEFAULT_SCOPE } from '../core/auth/roles';
import { User } from './user.entity';
import { toUserView } from './user.view';
import type { CreateUserDto, UpdateUserDto, UserQuery } from './users.dto';

@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
  ) {}

  async get(id: number) {
    const u = await this.ds.getRepository(User).findOne({ where: { id } });
    if (!u) throw notFound('用户', id);
    return toUserView(u);
  }

  /** Admins list everyone; a manager lists the people of his team (to assign projects). */
  async list(caller: AuthUser, q: UserQuery) {
    const { page, pageSize, skip } = paging(q);
    const [col, dir] = sorting(q.sort, { id: 'u.id', name: 'u.name', email: 'u.email', createdAt: 'u.createdAt' }, ['u.id', 'ASC']);
    const qb = this.ds.getRepository(User).createQueryBuilder('u');
    if (caller.role !== 'admin') qb.andWhere('u."teamId" = :own', { own: caller.teamId ?? -1 });
    if (q.role) qb.andWhere('u.role = :role', { role: q.role });
    if (q.teamId !== undefined) qb.andWhere('u."teamId" = :team', { team: q.teamId });
    if (q.active !== undefined) qb.andWhere('u.active = :active', { active: q.active });
    if (q.q) qb.andWhere('(LOWER(u.name) LIKE :q OR LOWER(u.email) LIKE :q)', { q: `%${q.q.toLowerCase()}%` });
    const [rows, total] = await qb.orderBy(col, dir).skip(skip).take(pageSize).getManyAndCount();
    return { items: rows.map(toUserView), total, page, pageSize };
  }

  async create(actor: AuthUser | null, dto: CreateUserDto) {
    const hash = await hashPassword(dto.password);
    return this.uow.run(async (em) => {
      await this.assertEmailFree(em, dto.email);
      if (dto.teamId != null) await this.assertTeam(em, dto.teamId);
      const user = await em.save(
        em.create(User, {
          email: dto.email.toLowerCase(),
          name: dto.name,
          passwordHash: hash,
          role: dto.role,
          dataScope: dto.dataScope ?? DEFAULT_SCOPE[dto.role],
          teamId: dto.teamId ?? null,
          phone: dto.phone ?? null,
          active: true,
        }),
      );
      const view = toUserView(user);
      await this.audit.record(em, { entity: 'user', entityId: user.id, action: 'create', actorId: actor?.id ?? null, after: view });
      return view;
    });
  }

  async update(actor: AuthUser, id: number, dto: UpdateUserDto) {
    const hash = dto.password ? await hashPassword(dto.password) : undefined;
    return this.uow.run(async (em) => {
      const user = await em.findOne(User, { where: { id } });
      if (!user) throw notFound('用户', id);
      const before = toUserView(user);
      if (dto.teamId != null) await this.assertTeam(em, dto.teamId);
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
      if (before.role === 'admin' && (user.role !== 'admin' || !user.active)) {
        const admins = await em.count(User, { where: { role: 'admin', active: true } });
        if (admins <= 1) throw ruleViolation('last_admin', '不能停用或降级最后一个在职的系统管理员');
      }
      await em.save(user);
      const after = toUserView(user);
      const changes = diff(before, after);
      if (hash) changes.after.password = '(changed)';
      await this.audit.record(em, { entity: 'user', entityId: id, action: 'update', actorId: actor.id, ...changes });
      return after;
    });
  }

  /** The first admin (ADMIN_EMAIL / ADMIN_PASSWORD), created once; an existing account is left alone. */
  async ensureAdmin(email: string, password: string): Promise<boolean> {
    const exists = await this.ds.getRepository(User).createQueryBuilder('u').where('LOWER(u.email) = :e', { e: email.toLowerCase() }).getExists();
    if (exists) return false;
    await this.create(null, { email, name: '系统管理员', password, role: 'admin' });
    return true;
  }

  private async assertEmailFree(em: EntityManager, email: string) {
    const existing = await em
      .getRepository(User)
      .createQueryBuilder('u')
      .where('LOWER(u.email) = :e', { e: email.toLowerCase() })
      .getOne();
    if (existing) {
      const message = `电子邮箱 ${email} 已被用户「${existing.name}」使用`;
      throw conflict('email_taken', message, { existingId: existing.id }, [{ field: 'email', code: 'email_taken', message }]);
    }
  }

  private async assertTeam(em: EntityManager, teamId: number) {
    if (!(await em.exists(Team, { where: { id: teamId } }))) throw badField('teamId', 'unknown_team', `团队 ${teamId} 不存在`);
  }
}
