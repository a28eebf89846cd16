import { type AllAnswered, type Answers, OutInt, OutList, OutText, OutTimestamp } from '../core/http/api-docs';
import type { CompanyMergeService } from './company-merge.service';
import type { ProjectCorrectionsService } from './project-corrections.service';

/** A project just deleted (it answers 404 from now on). */
export class ProjectDeletedResponse {
  @OutInt()
  id: number;

  @OutInt({ description: '删除后的版本' })
  version: number;

  @OutTimestamp()
  deletedAt: Date;

  @OutInt({ description: '删除人' })
  deletedById: number;

  @OutText({ description: '删除原因' })
  deleteReason: string;
}

/** A project after a handover: its version now (new if it changed hands). */
export class HandedOverProjectResponse {
  @OutInt()
  id: number;

  @OutInt()
  version: number;
}

export class HandoverResponse {
  @OutInt({ description: '实际移交的项目数（已归接收人所有的项目不计）' })
  moved: number;

  @OutList(() => HandedOverProjectResponse, { description: '请求中的每个项目，按请求顺序' })
  projects: HandedOverProjectResponse[];
}

/** A company just merged into another (it answers 404 from now on, naming where it went). */
export class CompanyMergedResponse {
  @OutInt({ description: '被合并的企业' })
  id: number;

  @OutInt({ description: '被合并企业的新版本' })
  version: number;

  @OutInt({ description: '并入的企业' })
  mergedIntoId: number;

  @OutText({ description: '并入的企业名称' })
  mergedIntoName: string;

  @OutTimestamp()
  mergedAt: Date;

  @OutInt({ description: '随之转入的项目数（含已删除的项目）' })
  movedProjects: number;

  @OutInt({ description: '随之转入的联系人数' })
  movedContacts: number;
}

/** Compile-time: the classes above fit what the services answer and name every field of it. */
export type CorrectionsResponsesMatch = AllAnswered<
  [
    Answers<ProjectDeletedResponse, Awaited<ReturnType<ProjectCorrectionsService['remove']>>>,
    Answers<HandoverResponse, Awaited<ReturnType<ProjectCorrectionsService['handover']>>>,
    Answers<CompanyMergedResponse, Awaited<ReturnType<CompanyMergeService['merge']>>>,
  ]
>;
