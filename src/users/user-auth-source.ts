import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../core/auth/auth-user';
import { AuthUserSource } from '../core/auth/auth-user-source';
import { User } from './user.entity';

/** The auth guard's view of a user: read on every request, so a deactivation or a role change takes effect at once. */
@Injectable()
export class UserAuthSource extends AuthUserSource {
  constructor(@InjectDataSource() private readonly ds: DataSource) {
    super();
  }

  async findActive(id: number): Promise<AuthUser | null> {
    const user = await this.ds.getRepository(User).findOne({ where: { id } });
    if (!user || !user.active) return null;
    return { id: user.id, email: user.email, name: user.name, role: user.role, dataScope: user.dataScope, teamId: user.teamId };
  }
}
