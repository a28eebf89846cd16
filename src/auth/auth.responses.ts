import { type AllAnswered, type Answers, OutInt, OutObject, OutText } from '../core/http/api-docs';
import { UserResponse } from '../users/users.responses';
import type { AuthService } from './auth.service';

export class LoginResponse {
  @OutText({ description: '放在 Authorization: Bearer 之后' })
  accessToken: string;

  @OutInt({ description: '令牌有效期（秒）', example: 43200 })
  expiresIn: number;

  @OutObject(() => UserResponse)
  user: UserResponse;
}

/** Compile-time: the class above fits what the service answers and names every field of it. */
export type AuthResponsesMatch = AllAnswered<[
  Answers<LoginResponse, Awaited<ReturnType<AuthService['login']>>>,
  Answers<LoginResponse, Awaited<ReturnType<AuthService['changePassword']>>>,
]>;
