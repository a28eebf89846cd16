import { Bool, EmailField, Int, OneOf, Str } from '../core/http/fields';
import { ListQuery } from '../core/http/list';
import { DATA_SCOPES, type DataScope, ROLES, type Role } from '../core/auth/roles';

export class CreateUserDto {
  @EmailField()
  email: string;

  @Str({ max: 50, example: '张伟' })
  name: string;

  @Str({ min: 8, max: 200, description: 'at least 8 characters' })
  password: string;

  @OneOf(ROLES)
  role: Role;

  @OneOf(DATA_SCOPES, { optional: true, description: 'defaults by role: admin/leader/viewer all, manager/officer team' })
  dataScope?: DataScope;

  @Int({ optional: true, nullable: true, min: 1 })
  teamId?: number | null;

  @Str({ optional: true, nullable: true, max: 30 })
  phone?: string | null;
}

export class UpdateUserDto {
  @Str({ optional: true, max: 50 })
  name?: string;

  @Str({ optional: true, min: 8, max: 200 })
  password?: string;

  @OneOf(ROLES, { optional: true })
  role?: Role;

  @OneOf(DATA_SCOPES, { optional: true })
  dataScope?: DataScope;

  @Int({ optional: true, nullable: true, min: 1 })
  teamId?: number | null;

  @Str({ optional: true, nullable: true, max: 30 })
  phone?: string | null;

  @Bool({ optional: true })
  active?: boolean;
}

export class UserQuery extends ListQuery {
  @OneOf(ROLES, { optional: true })
  role?: Role;

  @Int({ optional: true, min: 1, query: true })
  teamId?: number;

  @Bool({ optional: true, query: true })
  active?: boolean;

  @Str({ optional: true, max: 100, description: 'name or e-mail contains' })
  q?: string;
}
