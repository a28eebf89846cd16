import { Bool, Int, Str } from '../core/http/fields';

export class CreateDictionaryEntryDto {
  @Str({ max: 50, pattern: /^[a-z0-9_]+$/, patternMessage: '只能包含小写字母、数字和 _', example: 'hydrogen' })
  code: string;

  @Str({ max: 100, example: '氢能' })
  label: string;

  @Str({ optional: true, nullable: true, max: 50 })
  category?: string | null;

  @Int({ optional: true, min: 0, max: 100000 })
  sortOrder?: number;
}

export class UpdateDictionaryEntryDto {
  @Str({ optional: true, max: 100 })
  label?: string;

  @Str({ optional: true, nullable: true, max: 50 })
  category?: string | null;

  @Int({ optional: true, min: 0, max: 100000 })
  sortOrder?: number;

  @Bool({ optional: true, description: 'false hides the entry from new records; old records keep it' })
  active?: boolean;
}

export class DictionaryQuery {
  @Bool({ optional: true, query: true, description: 'include inactive entries' })
  includeInactive?: boolean;
}
