import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../core/auth/auth-user';
import { paging } from '../core/http/list';
import type { NotificationQuery } from './notifications.dto';
import { NotificationsRepository } from './notifications.repository';

@Injectable()
export class NotificationsService {
  constructor(private readonly repo: NotificationsRepository) {}

  /** What was sent to the caller, and what failed or was skipped. */
  async list(user: AuthUser, q: NotificationQuery) {
    const { page, pageSize, skip } = paging(q);
    const [rows, total] = await this.repo.listForUser(user.id, { status: q.status, kind: q.kind }, { skip, take: pageSize });
    const items = rows.map((n) => ({
      id: n.id, kind: n.kind, period: n.periodKey, status: n.status, toAddress: n.toAddress, subject: n.subject,
      itemCount: n.itemCount, summary: n.summary, error: n.error, permanent: n.permanent, attempts: n.attempts,
      messageId: n.messageId, createdAt: n.createdAt, updatedAt: n.updatedAt,
    }));
    return { items, total, page, pageSize };
  }
}
