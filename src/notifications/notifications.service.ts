import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../core/auth/auth-user';
import { Clock } from '../core/clock';
import { paging } from '../core/http/list';
import { ReminderRulesService } from '../reminders/reminder-rules.service';
import { Notification } from './notification.entity';
import type { NotificationQuery } from './notifications.dto';

@Injectable()
export class NotificationsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly rules: ReminderRulesService,
    private readonly clock: Clock,
  ) {}

  /** What was sent to the caller, and what failed or was skipped. */
  async list(user: AuthUser, q: NotificationQuery) {
    const { page, pageSize, skip } = paging(q);
    const qb = this.ds.getRepository(Notification).createQueryBuilder('n').where('n."userId" = :u', { u: user.id });
    if (q.status) qb.andWhere('n.status = :st', { st: q.status });
    if (q.kind) qb.andWhere('n.kind = :k', { k: q.kind });
    const [rows, total] = await qb.orderBy('n.periodKey', 'DESC').addOrderBy('n.id', 'DESC').skip(skip).take(pageSize).getManyAndCount();
    const items = rows.map((n) => ({
      id: n.id, kind: n.kind, period: n.periodKey, status: n.status, toAddress: n.toAddress, subject: n.subject,
      itemCount: n.itemCount, summary: n.summary, error: n.error, permanent: n.permanent, attempts: n.attempts,
      messageId: n.messageId, createdAt: n.createdAt, updatedAt: n.updatedAt,
    }));
    return { items, total, page, pageSize };
  }

  /** The caller's reminders as of today, computed live (what tomorrow's digest would start from). */
  async reminders(user: AuthUser) {
    const today = this.clock.today();
    const digest = (await this.rules.digests(today, user.id)).get(user.id);
    return { date: today, own: digest?.own ?? [], team: digest?.team ?? [] };
  }
}
