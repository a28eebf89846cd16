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

  @Bool({ optional: true, description: 'false 停用：新记录不能再选，旧记录保留该代码和名称' })
  active?: boolean;
}

export class DictionaryQuery {
  @Bool({ optional: true, query: true, description: '包含已停用的条目' })
  includeInactive?: boolean;
}
