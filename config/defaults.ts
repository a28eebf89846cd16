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
  /** Outside production only: with NODE_ENV=production demo data loads only when DEMO_DATA=true is set. */
  DEMO_DATA: true,
  /** The district in the Excel files' titles (the reference district whose dictionaries are the defaults). */
  DISTRICT_NAME: '万盛经开区',
  LOG_LEVEL: 'info',
  JWT_EXPIRES_IN_SECONDS: 12 * 3600,
  /** Failed logins of one account from one client address before it must wait (only failures count). */
  LOGIN_MAX_FAILURES: 5,
  /** How long those failures are counted, and so the longest wait, in minutes. */
  LOGIN_LOCK_MINUTES: 15,
  /** Failed logins of one account from anywhere before everyone must wait: looser, and short, so a stranger cannot lock a leader out for long. */
  LOGIN_MAX_FAILURES_PER_ACCOUNT: 20,
  LOGIN_ACCOUNT_LOCK_MINUTES: 5,
  /** Where the development JWT secret is generated once and kept. */
  DEV_SECRET_FILE: 'var/jwt-secret',
} as const;

/** Jobs and e-mail (issue 3). */
export const JOB_DEFAULTS = {
  /** BullMQ key prefix, so that several installs or test runs can share one Redis */
  QUEUE_PREFIX: 'zhaoshang',
  /** daily reminder digest, Asia/Shanghai (APP_TIMEZONE) */
  REMINDER_CRON: '30 8 * * *',
  /** monthly rollup of the month just closed */
  ROLLUP_CRON: '0 1 1 * *',
  /**
   * digests that failed today are sent again at these times until the day
   * ends; after it, still unsent ones are recorded as missed
   */
  REMINDER_RETRY_CRON: '10,40 * * * *',
  /** how often (ms) each process checks that Redis still holds the schedules, and registers any it lost */
  JOB_SCHEDULE_CHECK_MS: 30_000,
  /** the worker runs inside `npm start` unless WORKER=off */
  WORKER: true,
  MAIL_FROM: '招商通 <noreply@zhaoshang.local>',
  /** where messages go without SMTP_URL: one .eml file each */
  OUTBOX_DIR: 'var/outbox',
  /** links in e-mails point here */
  APP_URL: 'http://localhost:3000',
  /** attempts of a failing job, and the first retry delay (doubling after) */
  JOB_ATTEMPTS: 3,
  JOB_RETRY_DELAY_MS: 30_000,
} as const;

/** Reminder rules (DOMAIN.md "Reminders"): days, all settings. */
export const REMINDER_DEFAULTS = {
  /** stale: no activity for more than N days in the stage */
  REMINDER_STALE_VISIT_DAYS: 30,
  REMINDER_STALE_NEGOTIATION_DAYS: 30,
  REMINDER_STALE_SIGNED_DAYS: 60,
  REMINDER_STALE_CONSTRUCTION_DAYS: 90,
  /** milestones due within this many days, or overdue */
  REMINDER_MILESTONE_WINDOW_DAYS: 7,
  /** 签约未开工: signed this many days ago or more and no construction */
  REMINDER_SIGNED_DWELL_DAYS: 180,
  /** construction this many days ago or more and no production */
  REMINDER_CONSTRUCTION_DWELL_DAYS: 730,
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

/** Demo accounts created with the demo data (README lists them); removed with it (POST /admin/demo-data/remove). */
export const DEMO_PASSWORD = 'demo-pass-2026';

/** Excel import (issue 12). */
export const IMPORT_DEFAULTS = {
  /** the largest file an upload may be, in bytes (20 MB) */
  IMPORT_MAX_BYTES: 20 * 1024 * 1024,
  /** where uploaded files wait for their import to be committed */
  IMPORT_DIR: 'var/imports',
} as const;
