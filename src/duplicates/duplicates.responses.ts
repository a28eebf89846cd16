import { type AllAnswered, type Answers, OutList } from '../core/http/api-docs';
import { PossibleDuplicateResponse } from '../companies/companies.responses';
import type { DuplicatesService } from './duplicates.service';

/** POST /duplicates/check: the warnings the create forms would get, before anything is saved. */
export class DuplicateCheckResponse {
  @OutList(() => PossibleDuplicateResponse, { description: '疑似重复（重复研判），与新建企业、项目时返回的相同；为空表示未发现' })
  possibleDuplicates: PossibleDuplicateResponse[];
}

/** Compile-time: the class above fits what the service answers and names every field of it. */
export type DuplicatesResponsesMatch = AllAnswered<[Answers<DuplicateCheckResponse, Awaited<ReturnType<DuplicatesService['check']>>>]>;
