import { type AllAnswered, type Answers, OutBool, OutInt, OutObject, OutTextList } from '../core/http/api-docs';
import type { DemoDataService } from './demo-data.service';

/** How many demo rows of each kind. */
export class DemoCountsResponse {
  @OutInt({ description: '团队' })
  teams: number;

  @OutInt({ description: '账号' })
  users: number;

  @OutInt({ description: '企业' })
  companies: number;

  @OutInt({ description: '项目' })
  projects: number;
}

/** The bureau's own projects and companies (not created by the demo data). */
export class RealWorkResponse {
  @OutInt({ description: '正式项目数（含已删除）' })
  projects: number;

  @OutInt({ description: '正式企业数' })
  companies: number;
}

/** Whether the install still holds demo data, and whether it can be removed in one action now. */
export class DemoDataStatusResponse {
  @OutBool({ description: '是否仍有演示数据' })
  present: boolean;

  @OutObject(() => DemoCountsResponse, { description: '尚存的演示数据' })
  demo: DemoCountsResponse;

  @OutObject(() => RealWorkResponse, { description: '已录入的正式数据' })
  realWork: RealWorkResponse;

  @OutBool({ description: '是否有系统管理员仍使用默认密码' })
  defaultAdminPassword: boolean;

  @OutTextList({ description: '不能清除的原因；为空时可以清除' })
  blockers: string[];
}

/** What one removal took away. */
export class DemoRemovedResponse extends DemoCountsResponse {
  @OutInt({ description: '删除的月报（月份数，演示数据生成）' })
  monthlyReports: number;
}

export class DemoDataRemovalResponse {
  @OutObject(() => DemoRemovedResponse)
  removed: DemoRemovedResponse;

  @OutTextList({ description: '因已有正式账号而保留的演示团队' })
  keptTeams: string[];
}

/** Compile-time: the classes above fit what the service answers and name every field of it. */
export type DemoDataResponsesMatch = AllAnswered<
  [
    Answers<DemoDataStatusResponse, Awaited<ReturnType<DemoDataService['status']>>>,
    Answers<DemoDataRemovalResponse, Awaited<ReturnType<DemoDataService['remove']>>>,
  ]
>;
