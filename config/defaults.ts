/**
 * Defaults of every setting. Each one can be overridden by the environment
 * variable of the same name (see README, "Configuration"); the environment is
 * validated at boot by src/core/config/app-config.ts.
 */
export const DEFAULTS = {
  NODE_ENV: 'development',
  PORT: 3000,
  /** The embedded SQLite file, used when DATABASE_URL is not set. */
  DATABASE_PATH: 'var/zhaoshang.sqlite',
  APP_TIMEZONE: 'Asia/Shanghai',
  ADMIN_EMAIL: 'admin@zhaoshang.local',
  /** Only outside production: production refuses to boot without ADMIN_PASSWORD. */
  DEV_ADMIN_PASSWORD: 'zhaoshang-admin',
  DEMO_DATA: true,
  LOG_LEVEL: 'info',
  JWT_EXPIRES_IN_SECONDS: 12 * 3600,
  /** Login attempts per minute per client address. */
  LOGIN_RATE_LIMIT_PER_MINUTE: 10,
  /** Where the development JWT secret is generated once and kept. */
  DEV_SECRET_FILE: 'var/jwt-secret',
} as const;

/** 督办灯 thresholds (DOMAIN.md "Reminders and supervision"). */
export const SUPERVISION_DEFAULTS = {
  /** yellow from this many days without activity */
  SUPERVISION_YELLOW_DAYS: 60,
  /** red from this many days without activity */
  SUPERVISION_RED_DAYS: 90,
  /** red when a milestone is this many days overdue (any overdue milestone is yellow) */
  SUPERVISION_MILESTONE_RED_DAYS: 30,
} as const;

/** Demo accounts created with DEMO_DATA outside production (README lists them). */
export const DEMO_PASSWORD = 'demo-pass-2026';
