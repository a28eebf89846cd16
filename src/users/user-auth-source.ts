import { Injectable } from '@nestjs/common';
import { type ActiveCaller, AuthUserSource } from '../core/auth/auth-user-source';
import { UsersRepository } from './users.repository';

/** The auth guard's view of a user: read on every request, so a deactivation or a role change takes effect at once. */
@Injectable()
export class UserAuthSource extends AuthUserSource {
  constructor(private readonly users: UsersRepository) {
    super();
  }

  async findActive(id: number): Promise<ActiveCaller | null> {
    const user = await this.users.findById(id);
    if (!user || !user.active) return null;
    return { id: user.id, email: user.email, name: user.name, role: user.role, dataScope: user.dataScope, teamId: user.teamId, tokenVersion: user.tokenVersion };
  }
}
