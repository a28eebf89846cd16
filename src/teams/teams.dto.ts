import { Bool, Str } from '../core/http/fields';

export class CreateTeamDto {
  @Str({ max: 100, example: '新能源招商专班' })
  name: string;

  @Str({ optional: true, nullable: true, max: 500 })
  description?: string | null;
}

export class UpdateTeamDto {
  @Str({ optional: true, max: 100 })
  name?: string;

  @Str({ optional: true, nullable: true, max: 500 })
  description?: string | null;

  @Bool({ optional: true })
  active?: boolean;
}
