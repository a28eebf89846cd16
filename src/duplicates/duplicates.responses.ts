import { type AllAnswered, type Answers, OutList, OutObject } from '../core/http/api-docs';
import { ProblemResponse } from '../core/http/error-response';
import { PossibleDuplicateResponse } from '../companies/companies.responses';
import type { DuplicatesService } from './duplicates.service';

/** POST /duplicates/check: the warnings the create forms would get, before anything is saved. */
export class DuplicateCheckResponse {
  @OutList(() => PossibleDuplicateResponse, { description: '疑似重复（重复研判），与新建企业、项目时返回的相同；为空表示未发现' })
  possibleDuplicates: PossibleDuplicateResponse[];

  @OutObject(() => ProblemResponse, { nullable: true, description: '所填统一社会信用代码的问题（位数、字符、校验位，与保存时的规则相同）；未填或无误时为 null，供表单边填边提示' })
  creditCodeProblem: ProblemResponse | null;
}

/** Compile-time: the class above fits what the service answers and names every field of it. */
export type DuplicatesResponsesMatch = AllAnswered<[Answers<DuplicateCheckResponse, Awaited<ReturnType<DuplicatesService['check']>>>]>;
