import { EmailField, Str } from '../core/http/fields';

export class LoginDto {
  @EmailField({ example: 'admin@zhaoshang.local' })
  email: string;

  @Str({ max: 200, example: 'zhaoshang-admin' })
  password: string;
}
