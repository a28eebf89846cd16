import { type AllAnswered, type Answers, type NamedEnum, OutBool, OutEnum, OutInt, OutText, OutTimestamp, PageOf } from '../core/http/api-docs';
import { DATA_SCOPE_LABELS, DATA_SCOPES, type DataScope, type Role, ROLE_LABELS, ROLES } from '../core/auth/roles';
import type { toUserView } from './user.view';
import type { UsersService } from './users.service';

export const ROLE_ENUM: NamedEnum<Role> = { name: 'Role', values: ROLES, labels: ROLE_LABELS };
export const DATA_SCOPE_ENUM: NamedEnum<DataScope> = { name: 'DataScope', values: DATA_SCOPES, labels: DATA_SCOPE_LABELS };

/** An account as the API shows it (never the password hash). */
export class UserResponse {
  @OutInt()
  id: number;

  @OutText({ example: 'zhangwei@zhaoshang.local' })
  email: string;

  @OutText({ example: '张伟' })
  name: string;

  @OutEnum(ROLE_ENUM)
  role: Role;

  @OutText({ description: '角色的中文名', example: '招商专员' })
  roleLabel: string;

  @OutEnum(DATA_SCOPE_ENUM, { description: '数据范围' })
  dataScope: DataScope;

  @OutText({ description: '数据范围的中文名', example: '本团队' })
  dataScopeLabel: string;

  @OutInt({ nullable: true, description: '所属团队' })
  teamId: number | null;

  @OutText({ nullable: true, description: '所属团队的名称', example: '新能源招商专班' })
  teamName: string | null;

  @OutText({ nullable: true })
  phone: string | null;

  @OutBool({ description: '停用的账号不能登录' })
  active: boolean;

  @OutTimestamp()
  createdAt: Date;

  @OutTimestamp()
  updatedAt: Date;
}

export class UserPage extends PageOf(UserResponse) {}

/** A person as the directory lists them (GET /people): enough to pick an owner or a receiver. */
export class PersonResponse {
  @OutInt()
  id: number;

  @OutText({ example: '张伟' })
  name: string;

  @OutInt({ nullable: true, description: '所属团队' })
  teamId: number | null;

  @OutText({ nullable: true, description: '所属团队的名称', example: '新能源招商专班' })
  teamName: string | null;

  @OutEnum(ROLE_ENUM)
  role: Role;

  @OutText({ description: '角色的中文名', example: '招商专员' })
  roleLabel: string;
}

/** The whole directory on one page. */
export class PersonPage extends PageOf(PersonResponse) {}

/** What an unlock did. */
export class LoginUnlockResponse {
  @OutInt()
  userId: number;

  @OutBool({ description: '是否确有失败计数被清除（false：该账号本未被计数）' })
  failuresCleared: boolean;
}

/** Compile-time: the classes above fit what the service answers and name every field of it. */
export type UsersResponsesMatch = AllAnswered<
  [
    Answers<UserResponse, ReturnType<typeof toUserView>>,
    Answers<UserPage, Awaited<ReturnType<UsersService['list']>>>,
    Answers<LoginUnlockResponse, Awaited<ReturnType<UsersService['unlockLogin']>>>,
    Answers<PersonPage, Awaited<ReturnType<UsersService['directory']>>>,
  ]
>;
