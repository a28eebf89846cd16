import { Bool, EmailField, Int, OneOf, Str } from '../core/http/fields';
import { ListQuery } from '../core/http/list';
import { DATA_SCOPE_LABELS, DATA_SCOPES, type DataScope, ROLE_LABELS, ROLES, type Role } from '../core/auth/roles';

export class CreateUserDto {
  @EmailField()
  email: string;

  @Str({ max: 50, example: '张伟' })
  name: string;

  @Str({ min: 8, max: 200, description: '密码，至少 8 个字符' })
  password: string;

  @OneOf(ROLES, { description: '角色', labels: ROLE_LABELS })
  role: Role;

  @OneOf(DATA_SCOPES, { optional: true, description: '数据范围（默认按角色：系统管理员、领导、只读用户为全部，团队负责人、招商专员为本团队）', labels: DATA_SCOPE_LABELS })
  dataScope?: DataScope;

  @Int({ optional: true, nullable: true, min: 1 })
  teamId?: number | null;

  @Str({ optional: true, nullable: true, max: 30 })
  phone?: string | null;
}

export class UpdateUserDto {
  @Str({ optional: true, max: 50 })
  name?: string;

  @Str({ optional: true, min: 8, max: 200, description: '新密码，至少 8 个字符' })
  password?: string;

  @OneOf(ROLES, { optional: true, description: '角色', labels: ROLE_LABELS })
  role?: Role;

  @OneOf(DATA_SCOPES, { optional: true, description: '数据范围（改角色而不填时取新角色的默认范围）', labels: DATA_SCOPE_LABELS })
  dataScope?: DataScope;

  @Int({ optional: true, nullable: true, min: 1 })
  teamId?: number | null;

  @Str({ optional: true, nullable: true, max: 30 })
  phone?: string | null;

  @Bool({ optional: true, description: 'false 停用：不能再登录，已签发的令牌立即失效' })
  active?: boolean;
}

export class UserQuery extends ListQuery {
  @OneOf(ROLES, { optional: true, description: '角色', labels: ROLE_LABELS })
  role?: Role;

  @Int({ optional: true, min: 1, query: true, description: '所属团队' })
  teamId?: number;

  @Bool({ optional: true, query: true, description: '按是否启用筛选' })
  active?: boolean;

  @Str({ optional: true, max: 100, description: '姓名或电子邮箱包含（不区分大小写）' })
  q?: string;
}
