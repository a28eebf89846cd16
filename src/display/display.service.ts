import { Inject, Injectable } from '@nestjs/common';
import type { AuthUser } from '../core/auth/auth-user';
import { Clock } from '../core/clock';
import { APP_CONFIG, type AppConfig } from '../core/config/app-config';
import { lightCutoffs } from '../projects/supervision';
import type { Series } from '../reports/drill.types';
import type { SummaryView } from '../reports/report.types';
import { ReportsService } from '../reports/reports.service';
import { SeriesService } from '../reports/series.service';
import { DisplayRepository, type TeamLights } from './display.repository';

/** One answer serves every screen for this long: the screens read every few minutes, and a wall of them asks once. */
export const DISPLAY_CACHE_MS = 60_000;

/** The screen reads as a viewer of the whole district would: the 'all' scope, nobody's own projects. */
const DISTRICT_VIEWER: AuthUser = { id: 0, email: '', name: '大屏', role: 'viewer', dataScope: 'all', teamId: null };

/** What the 大屏 shows: the district's figures for the current month. */
export interface DisplaySummary {
  /** when these figures were read (they are cached up to a minute) */
  generatedAt: Date;
  year: number;
  month: number;
  /** GET /reports/summary of the whole district for the current month, without project names (figuresOnly) */
  summary: SummaryView;
  /** GET /reports/series of the whole district for the current year: the year by month, this year and last */
  series: Series;
  /** 督办: red and yellow projects, in total and per team (most red first) */
  supervision: { red: number; yellow: number; teams: TeamLights[] };
}

/**
 * The summary without the names of projects (the signed-then-dropped list, the excluded projects and
 * their reasons): a display key is read without signing in, by whoever sees the screen's address, and
 * opens the district's figures only.
 */
export function figuresOnly(s: SummaryView): SummaryView {
  return { ...s, conventions: { ...s.conventions, exclusions: [] }, signedThenDropped: { ...s.signedThenDropped, projects: [] } };
}

/**
 * The 大屏's figures: the district's summary of the current month (the
 * reports' own, never a copy of a rule) and the 督办 counts, read once a
 * minute at most whatever the number of screens.
 */
@Injectable()
export class DisplayService {
  private cached: { month: string; until: number; answer: Promise<DisplaySummary> } | null = null;

  constructor(
    private readonly reports: ReportsService,
    private readonly series: SeriesService,
    private readonly repo: DisplayRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  summary(): Promise<DisplaySummary> {
    const month = this.clock.currentMonth();
    const now = performance.now();
    if (this.cached && this.cached.month === month && this.cached.until > now) return this.cached.answer;
    const answer = this.read(month);
    this.cached = { month, until: now + DISPLAY_CACHE_MS, answer };
    // A failed read is not kept: the next screen asks again.
    answer.catch(() => {
      if (this.cached?.answer === answer) this.cached = null;
    });
    return answer;
  }

  private async read(ym: string): Promise<DisplaySummary> {
    const [year, month] = ym.split('-').map(Number);
    const generatedAt = this.clock.now();
    const [summary, series, teams] = await Promise.all([
      this.reports.overview(null, year, month),
      this.series.year(DISTRICT_VIEWER, year),
      this.repo.lightsByTeam(lightCutoffs(this.clock.today(), this.config.supervision)),
    ]);
    teams.sort((a, b) => b.red - a.red || b.yellow - a.yellow || (a.teamName ?? '').localeCompare(b.teamName ?? '', 'zh-CN'));
    return {
      generatedAt, year, month, summary: figuresOnly(summary), series,
      supervision: { red: teams.reduce((s, t) => s + t.red, 0), yellow: teams.reduce((s, t) => s + t.yellow, 0), teams },
    };
  }
}
