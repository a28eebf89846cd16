import { Injectable, Logger } from '@nestjs/common';
import { DEFAULTS } from '../../config/defaults';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../core/auth/auth-user';
import { UnitOfWork } from '../core/database/unit-of-work';
import { conflict } from '../core/errors';
import { rebuildPipeline } from '../projects/pipeline-history';
import { verifyPassword } from '../users/passwords';
import { UserAuthSource } from '../users/user-auth-source';
import { type DemoCounts, DemoDataRepository } from './demo-data.repository';

export interface DemoDataStatus {
  /** whether any demo row is still there */
  present: boolean;
  demo: DemoCounts;
  /** the bureau's own projects and companies: once there are any, the demo data is no longer removed in one action */
  realWork: { projects: number; companies: number };
  /** an active admin still signs in with the published default password (README) */
  defaultAdminPassword: boolean;
  /** what stands in the way of the removal, in words; empty when it can go */
  blockers: string[];
}

export interface DemoDataRemoval {
  removed: DemoCounts & { monthlyReports: number };
  /** demo teams kept because the bureau's own accounts belong to them */
  keptTeams: string[];
}

/**
 * Going live: the demo data (seeds/demo.ts, recorded in demo_records) is
 * removed in one action, all or nothing, before real work starts.
 *
 * Once the bureau has entered a project or a company of its own, the removal
 * is refused (409): by then demo rows and real ones are entangled (handovers
 * to real officers, real follow-ups on demo companies, monthly reports that
 * counted both), and a partial clean-up would leave figures nobody can
 * explain. Demo projects are then deleted one by one, with a reason, as any
 * mistaken project is. The bureau's own setup stays: accounts, teams it made,
 * dictionaries, targets; a demo team that real accounts were put in is kept.
 * The demo accounts go (their sessions end at once); the admin stays, and
 * must first have changed the published default password: an install open
 * to anyone who read the README is not live.
 */
@Injectable()
export class DemoDataService {
  private readonly logger = new Logger('DemoData');

  constructor(
    private readonly demo: DemoDataRepository,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly authSource: UserAuthSource,
  ) {}

  async status(): Promise<DemoDataStatus> {
    const demo = await this.demo.counts();
    const realWork = await this.demo.realWork();
    const present = Object.values(demo).some((n) => n > 0);
    const defaultAdminPassword = await this.defaultAdminPassword();
    return { present, demo, realWork, defaultAdminPassword, blockers: present ? blockersOf(realWork, defaultAdminPassword) : [] };
  }

  /** Removes every demo row in one transaction, audited; with none left it does nothing and says so. */
  async remove(user: AuthUser): Promise<DemoDataRemoval> {
    const before = await this.demo.counts();
    if (!Object.values(before).some((n) => n > 0)) return { removed: { ...before, monthlyReports: 0 }, keptTeams: [] };
    const real = await this.demo.realWork();
    if (real.projects || real.companies) throw conflict('real_work_exists', blockersOf(real, false)[0], { realWork: real });
    if (await this.defaultAdminPassword()) {
      throw conflict('default_admin_password', '系统管理员账号仍在使用默认密码，请先在「个人设置」中修改密码，再清除演示数据');
    }
    const users = await this.demo.demoUsers();
    const result = await this.uow.run(async (em) => {
      const demo = await this.demo.counts(em);
      if (!Object.values(demo).some((n) => n > 0)) return { removed: { ...demo, monthlyReports: 0 }, keptTeams: [] };
      // checked again inside the transaction: a project registered meanwhile stops the removal
      const realWork = await this.demo.realWork(em);
      if (realWork.projects || realWork.companies) throw conflict('real_work_exists', blockersOf(realWork, false)[0], { realWork });
      const kept = await this.demo.adoptedTeams(em);
      for (const t of kept) await this.demo.unmark(em, 'team', t.id);
      await this.demo.removeAll(em);
      const monthlyReports = await this.demo.removeMonthlyRollups(em);
      await rebuildPipeline(em);
      const removal: DemoDataRemoval = { removed: { ...demo, teams: demo.teams - kept.length, monthlyReports }, keptTeams: kept.map((t) => t.name) };
      await this.audit.record(em, {
        entity: 'demo_data', entityId: 'all', action: 'demo.remove', actorId: user.id,
        after: { ...removal.removed, accounts: users.map((u) => u.email), keptTeams: removal.keptTeams },
      });
      return removal;
    });
    // the demo accounts' tokens stop working now, not when the cache expires
    for (const u of users) this.authSource.forget(u.id);
    if (result.removed.projects || result.removed.users) this.logger.log({ msg: 'demo data removed', by: user.id, ...result.removed });
    return result;
  }

  private async defaultAdminPassword(): Promise<boolean> {
    for (const admin of await this.demo.activeAdminHashes()) {
      if (await verifyPassword(DEFAULTS.DEV_ADMIN_PASSWORD, admin.hash)) return true;
    }
    return false;
  }
}

function blockersOf(real: { projects: number; companies: number }, defaultAdminPassword: boolean): string[] {
  const out: string[] = [];
  if (real.projects || real.companies) {
    const what = [real.projects ? `项目 ${real.projects} 个` : '', real.companies ? `企业 ${real.companies} 家` : ''].filter(Boolean).join('、');
    out.push(`已录入正式数据（${what}），演示数据不能再一键清除；请在项目列表中逐个删除演示项目`);
  }
  if (defaultAdminPassword) out.push('系统管理员账号仍在使用默认密码，请先在「个人设置」中修改密码');
  return out;
}
