import { PASSWORD_MAX_BYTES, PASSWORD_MIN_CHARS } from '../core/auth/password-rules';
import { EmailField, Str } from '../core/http/fields';
import { PASSWORD_RULES } from '../users/users.dto';

export class LoginDto {
  @EmailField({ example: 'admin@zhaoshang.local' })
  email: string;

  @Str({ max: 200, example: 'zhaoshang-admin' })
  password: string;
}

/** A user changes their own password: the current one is required. */
export class ChangePasswordDto {
  @Str({ max: 200, description: '当前密码（错误时答 400 wrong_password，并计入登录失败次数）' })
  currentPassword: string;

  @Str({ min: PASSWORD_MIN_CHARS, max: PASSWORD_MAX_BYTES, description: `新密码：${PASSWORD_RULES}` })
  newPassword: string;
}
