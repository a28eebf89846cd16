import { PASSWORD_MAX_BYTES, PASSWORD_MIN_CHARS } from '../core/auth/password-rules';
import type { Problem } from '../core/errors';
import { COMMON_PASSWORDS } from './common-passwords';

const COMMON = new Set(COMMON_PASSWORDS);

/**
 * What is wrong with a new password, as problems on `field` (empty when it
 * is fine). The messages never repeat the password: a 400 is logged and
 * shown, the password must not be.
 */
export function passwordProblems(field: string, plain: string, email: string): Problem[] {
  const problem = (code: string, message: string): Problem[] => [{ field, code, message }];
  if (plain.trim() === '') return problem('blank', '密码不能全为空白');
  if ([...plain].length < PASSWORD_MIN_CHARS) return problem('too_short', `密码至少 ${PASSWORD_MIN_CHARS} 个字符`);
  if (Buffer.byteLength(plain, 'utf8') > PASSWORD_MAX_BYTES) {
    return problem('too_long', `密码不能超过 ${PASSWORD_MAX_BYTES} 个字节（约 ${PASSWORD_MAX_BYTES} 个英文字符或 ${PASSWORD_MAX_BYTES / 3} 个汉字）`);
  }
  const lower = plain.trim().toLowerCase();
  if (lower === email.trim().toLowerCase()) return problem('same_as_email', '密码不能与电子邮箱相同');
  if (COMMON.has(lower)) return problem('common_password', '密码过于常见，容易被猜中，请换一个');
  return [];
}
