import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../core/auth/auth-user';
import { Clock } from '../core/clock';
import { UnitOfWork } from '../core/database/unit-of-work';
import { badField, checks, ruleViolation } from '../core/errors';
import { sumYuan, wanToYuan, yuanToWan } from '../core/money';
import { ProjectsService } from '../projects/projects.service';
import type { PutFundsDto } from './funds.dto';
import type { FundsReport } from './funds-report.entity';
import { FundsRepository } from './funds.repository';

const view = (f: FundsReport) => ({
  month: f.month, amount: yuanToWan(f.amount), note: f.note, reportedById: f.reportedById, updatedAt: f.updatedAt,
});

@Injectable()
export class FundsService {
  constructor(
    private readonly funds: FundsRepository,
    private readonly projects: ProjectsService,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async list(user: AuthUser, projectId: number) {
    await this.projects.findInScope(user, projectId);
    const rows = await this.funds.listForProject(projectId);
    return { items: rows.map(view), total: yuanToWan(sumYuan(rows.map((r) => r.amount))) };
  }

  /**
   * Sets the funds in place of one month (idempotent: the same PUT twice
   * leaves one row). A month is reported from the month of signing up to
   * the current month.
   */
  put(user: AuthUser, projectId: number, month: string, dto: PutFundsDto) {
    const bad = checks.realMonth('month', '月份', month);
    if (bad) throw bad;
    const current = this.clock.currentMonth();
    if (month > current) throw badField('month', 'in_future', `月份（${month}）不能晚于本月（${current}）`);
    const amount = wanToYuan(dto.amount);
    return this.uow.run(async (em) => {
      const p = await this.projects.findWritable(user, projectId, {}, em);
      if (!p.signedOn) throw ruleViolation('not_signed', '项目尚未签约：实际到位资金从签约当月起填报');
      const signedMonth = p.signedOn.slice(0, 7);
      if (month < signedMonth) throw badField('month', 'before_signing', `月份（${month}）不能早于签约月份（${signedMonth}）`);
      const existing = await this.funds.findMonth(projectId, month, em);
      const before = existing ? view(existing) : null;
      const row = await this.funds.saveMonth(em, existing, projectId, month, { amount, note: dto.note ?? null, reportedById: user.id });
      await this.audit.record(em, { entity: 'project', entityId: projectId, action: 'funds.put', actorId: user.id, before, after: view(row) });
      return view(row);
    });
  }
}
