import { type AllAnswered, type Answers, type NamedEnum, OutBool, OutEnum, OutEnumList, OutInt, OutText, PageOf } from '../core/http/api-docs';
import type { DictionariesService } from './dictionaries.service';
import { DICTIONARY_KIND_LABELS, DICTIONARY_KINDS, type DictionaryKind } from './dictionary-entry.entity';

/** How a response describes the label it serves beside a dictionary code (DictionaryLabels), the same everywhere. */
export const DICTIONARY_LABEL = (what: string) => `${what}的名称（随字典修改而变；已停用的条目仍显示其名称；代码为 null 时为 null）`;

export const DICTIONARY_KIND_ENUM: NamedEnum<DictionaryKind> = { name: 'DictionaryKind', values: DICTIONARY_KINDS, labels: DICTIONARY_KIND_LABELS };

/** One entry of an editable dictionary (产业链, 园区组团 …). */
export class DictionaryEntryResponse {
  @OutEnum(DICTIONARY_KIND_ENUM)
  kind: DictionaryKind;

  @OutText({ description: '稳定的代码，记录里保存的是它', example: 'new_energy_storage' })
  code: string;

  @OutText({ description: '显示的名称，可修改', example: '新型储能' })
  label: string;

  @OutText({ nullable: true, description: '分组，如产业链的 主导 / 特色 / 新兴' })
  category: string | null;

  @OutInt()
  sortOrder: number;

  @OutBool({ description: '停用的条目在旧记录上仍有效，但不能再选' })
  active: boolean;
}

/** A whole dictionary on one page (`page` 1, `pageSize` the count). */
export class DictionaryEntryPage extends PageOf(DictionaryEntryResponse) {}

export class DictionaryKindsResponse {
  @OutEnumList(DICTIONARY_KIND_ENUM)
  items: readonly DictionaryKind[];
}

/** Compile-time: the classes above fit what the service answers and name every field of it. */
export type DictionariesResponsesMatch = AllAnswered<
  [
    Answers<DictionaryEntryPage, Awaited<ReturnType<DictionariesService['list']>>>,
    Answers<DictionaryEntryResponse, Awaited<ReturnType<DictionariesService['create']>>>,
    Answers<DictionaryEntryResponse, Awaited<ReturnType<DictionariesService['update']>>>,
  ]
>;
