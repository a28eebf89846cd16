import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from './config/app-config';
import { addDays } from './dates';

/**
 * The one source of "now" and "today" for domain code. Business dates are
 * calendar dates in the configured zone (Asia/Shanghai by default), so a
 * signing at 00:30 on 1 April in Shanghai is in April whatever the server's
 * zone is. Tests replace it with FixedClock.
 */
@Injectable()
export class Clock {
  private readonly fmt: Intl.DateTimeFormat;
  private readonly wallClock: Intl.DateTimeFormat;

  constructor(@Inject(APP_CONFIG) config: Pick<AppConfig, 'timezone'>) {
    this.fmt = new Intl.DateTimeFormat('en-CA', {
      timeZone: config.timezone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    this.wallClock = new Intl.DateTimeFormat('en-US', {
      timeZone: config.timezone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
  }

  now(): Date {
    return new Date();
  }

  /** Today's date, `YYYY-MM-DD`, in the app's time zone. */
  today(): string {
    return this.dateOf(this.now());
  }

  /** The calendar date of an instant in the app's time zone. */
  dateOf(instant: Date): string {
    return this.fmt.format(instant);
  }

  /** The instant a calendar date (`YYYY-MM-DD`) begins in the app's time zone: 2026-11-28 in Shanghai begins at 2026-11-27T16:00Z. */
  startOfDay(date: string): Date {
    const guess = Date.parse(`${date}T00:00:00Z`);
    const parts = Object.fromEntries(this.wallClock.formatToParts(new Date(guess)).map((p) => [p.type, Number(p.value)]));
    const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
    // The zone's offset at that moment (whole days of DST shift aside, which Asia/Shanghai has none of).
    return new Date(guess - (wall - guess));
  }

  /** The current month, `YYYY-MM`. */
  currentMonth(): string {
    return this.today().slice(0, 7);
  }

  daysAgo(days: number): string {
    return addDays(this.today(), -days);
  }
}

/** A clock stopped at a given instant; `set` moves it. For tests and seeds. */
export class FixedClock extends Clock {
  private instant: Date;

  constructor(at: Date | string, timezone = 'Asia/Shanghai') {
    super({ timezone });
    this.instant = new Date(at);
  }

  set(at: Date | string): void {
    this.instant = new Date(at);
  }

  override now(): Date {
    return new Date(this.instant.getTime());
  }
}
