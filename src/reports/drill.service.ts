import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../core/auth/auth-user';
import type { DrillQuery } from './drill.dto';
import type { DrillPage } from './drill.types';

/** GET /reports/drill: one figure of the summary down to its projects. */
@Injectable()
export class DrillService {
  async drill(user: AuthUser, q: DrillQuery): Promise<DrillPage> {
    void user;
    return {
      year: q.year, month: q.month, figure: q.figure, span: null, part: null, title: '', unit: '个', value: 0, amount: 0,
      total: 0, counted: 0, notCounted: 0, page: q.page ?? 1, pageSize: q.pageSize ?? 50, items: [],
    };
  }
}
