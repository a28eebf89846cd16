import { PASSWORD_MAX_BYTES, PASSWORD_MIN_CHARS } from '../core/auth/password-rules';
import { Bool, EmailField, Int, OneOf, Str } from '../core/http/fields';
import { ListQuery } from '../core/http/list';
import { DATA_SCOPE_LABELS, DATA_SCOPES, type DataScope, ROLE_LABELS, ROLES, type Role } from '../core/auth/roles';

/** How a new password is checked (src/users/password-policy.ts), as the API documents it. */
export const PASSWORD_RULES = `至少 ${PASSWORD_MIN_CHARS} 个字符、不超过 ${PASSWORD_MAX_BYTES} 个字节（UTF-8），不能全为空白、不能与电子邮箱相同、不能是常见密码；出错时不回显密码`;

export class CreateUserDto {
  @EmailField()
  email: string;

  @Str({ max: 50, example: '张伟' })
  name: string;

  @Str({ min: PASSWORD_MIN_CHARS, max: PASSWORD_MAX_BYTES, description: PASSWORD_RULES })
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

  @Str({ optional: true, min: PASSWORD_MIN_CHARS, max: PASSWORD_MAX_BYTES, description: `新密码（已签发的令牌随即失效）：${PASSWORD_RULES}` })
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

/** An admin sets a user's password (重置密码). */
export class ResetPasswordDto {
  @Str({ min: PASSWORD_MIN_CHARS, max: PASSWORD_MAX_BYTES, description: `新密码：${PASSWORD_RULES}` })
  password: string;
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
