import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { plainToInstance, Transform } from 'class-transformer';
import { CronExpressionParser } from 'cron-parser';
import { IsBoolean, IsEmail, IsIn, IsInt, IsOptional, IsString, Matches, Max, MinLength, Min, validateSync } from 'class-validator';
import { PASSWORD_MIN_CHARS } from '../auth/password-rules';
import { DEFAULTS, IMPORT_DEFAULTS, JOB_DEFAULTS, REMINDER_DEFAULTS, SUPERVISION_DEFAULTS } from '../../../config/defaults';

const toInt = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : /^-?\d+$/.test(String(value)) ? Number(value) : value;
const toBool = ({ value }: { value: unknown }) => {
  if (value === undefined || value === '') return undefined;
  const s = String(value).toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(s)) return true;
  if (['false', '0', 'no', 'off'].includes(s)) return false;
  return value;
};
const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

/** The environment as the process receives it; every variable is checked at boot. */
export class EnvVariables {
  @IsOptional() @IsIn(['development', 'production', 'test'])
  NODE_ENV?: string;

  @IsOptional() @Transform(toInt) @Max(65535) @Min(0) @IsInt()
  PORT?: number;

  @IsOptional() @Transform(emptyToUndefined) @IsString()
  DATABASE_PATH?: string;

  @IsOptional() @Transform(emptyToUndefined) @Matches(/^postgres(ql)?:\/\/.+/, {
    message: 'DATABASE_URL must be a postgres:// or postgresql:// URL',
  })
  DATABASE_URL?: string;

  @IsOptional() @Transform(emptyToUndefined) @Matches(/^rediss?:\/\/.+/, {
    message: 'REDIS_URL must be a redis:// or rediss:// URL',
  })
  REDIS_URL?: string;

  @IsOptional() @Transform(emptyToUndefined) @Matches(/^(smtps?:\/\/.+|file:.+|stream:)$/, {
    message: 'SMTP_URL must be smtp://, smtps://, file:<dir> or stream:',
  })
  SMTP_URL?: string;

  @IsOptional() @Transform(emptyToUndefined) @IsString()
  APP_TIMEZONE?: string;

  @IsOptional() @Transform(emptyToUndefined) @IsEmail({}, { message: 'ADMIN_EMAIL must be an e-mail address' })
  ADMIN_EMAIL?: string;

  @IsOptional() @Transform(emptyToUndefined) @IsString() @MinLength(PASSWORD_MIN_CHARS, {
    message: `ADMIN_PASSWORD must be at least ${PASSWORD_MIN_CHARS} characters`,
  })
  ADMIN_PASSWORD?: string;

  @IsOptional() @Transform(emptyToUndefined) @IsString() @MinLength(32, {
    message: 'JWT_SECRET must be at least 32 characters',
  })
  JWT_SECRET?: string;

  @IsOptional() @Transform(toBool) @IsBoolean({ message: 'DEMO_DATA must be true or false' })
  DEMO_DATA?: boolean;

  @IsOptional() @Transform(({ value }) => (typeof value === 'string' ? value.trim() || undefined : value)) @IsString()
  @Matches(/^.{1,40}$/u, { message: 'DISTRICT_NAME must be 1-40 characters' })
  DISTRICT_NAME?: string;

  @IsOptional() @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL?: string;

  @IsOptional() @Transform(toInt) @Max(100000) @Min(1) @IsInt()
  LOGIN_MAX_FAILURES?: number;

  @IsOptional() @Transform(toInt) @Max(1440) @Min(1) @IsInt()
  LOGIN_LOCK_MINUTES?: number;

  @IsOptional() @Transform(toInt) @Max(100000) @Min(1) @IsInt()
  LOGIN_MAX_FAILURES_PER_ACCOUNT?: number;

  @IsOptional() @Transform(toInt) @Max(1440) @Min(1) @IsInt()
  LOGIN_ACCOUNT_LOCK_MINUTES?: number;

  @IsOptional() @Transform(emptyToUndefined) @IsString()
  TRUSTED_PROXY?: string;

  @IsOptional() @Transform(toInt) @Max(3650) @Min(1) @IsInt()
  SUPERVISION_YELLOW_DAYS?: number;

  @IsOptional() @Transform(toInt) @Max(3650) @Min(1) @IsInt()
  SUPERVISION_RED_DAYS?: number;

  @IsOptional() @Transform(toInt) @Max(3650) @Min(1) @IsInt()
  SUPERVISION_MILESTONE_RED_DAYS?: number;

  @IsOptional() @Transform(emptyToUndefined) @Matches(/^[A-Za-z0-9_-]{1,40}$/, { message: 'QUEUE_PREFIX must be 1-40 letters, digits, _ or -' })
  QUEUE_PREFIX?: string;

  @IsOptional() @Transform(emptyToUndefined) @IsString()
  REMINDER_CRON?: string;

  @IsOptional() @Transform(emptyToUndefined) @IsString()
  ROLLUP_CRON?: string;

  @IsOptional() @Transform(emptyToUndefined) @IsString()
  REMINDER_RETRY_CRON?: string;

  @IsOptional() @Transform(toInt) @Max(3_600_000) @Min(100) @IsInt()
  JOB_SCHEDULE_CHECK_MS?: number;

  @IsOptional() @Transform(toBool) @IsBoolean({ message: 'WORKER must be on/off (true/false)' })
  WORKER?: boolean;

  @IsOptional() @Transform(emptyToUndefined) @IsString()
  MAIL_FROM?: string;

  @IsOptional() @Transform(emptyToUndefined) @Matches(/^https?:\/\/\S+$/, { message: 'APP_URL must be an http(s) URL' })
  APP_URL?: string;

  @IsOptional() @Transform(toInt) @Max(20) @Min(1) @IsInt()
  JOB_ATTEMPTS?: number;

  @IsOptional() @Transform(toInt) @Max(3_600_000) @Min(10) @IsInt()
  JOB_RETRY_DELAY_MS?: number;

  @IsOptional() @Transform(toInt) @Max(3650) @Min(1) @IsInt()
  REMINDER_STALE_VISIT_DAYS?: number;

  @IsOptional() @Transform(toInt) @Max(3650) @Min(1) @IsInt()
  REMINDER_STALE_NEGOTIATION_DAYS?: number;

  @IsOptional() @Transform(toInt) @Max(3650) @Min(1) @IsInt()
  REMINDER_STALE_SIGNED_DAYS?: number;

  @IsOptional() @Transform(toInt) @Max(3650) @Min(1) @IsInt()
  REMINDER_STALE_CONSTRUCTION_DAYS?: number;

  @IsOptional() @Transform(toInt) @Max(365) @Min(0) @IsInt()
  REMINDER_MILESTONE_WINDOW_DAYS?: number;

  @IsOptional() @Transform(toInt) @Max(3650) @Min(1) @IsInt()
  REMINDER_SIGNED_DWELL_DAYS?: number;

  @IsOptional() @Transform(toInt) @Max(3650) @Min(1) @IsInt()
  REMINDER_CONSTRUCTION_DWELL_DAYS?: number;

  @IsOptional() @Transform(toInt) @Max(1024 * 1024 * 1024) @Min(1024) @IsInt()
  IMPORT_MAX_BYTES?: number;

  @IsOptional() @Transform(emptyToUndefined) @IsString()
  IMPORT_DIR?: string;
}

export type DatabaseConfig =
  | { type: 'sqlite'; path: string }
  | { type: 'postgres'; url: string };

export interface SupervisionConfig {
  yellowDays: number;
  redDays: number;
  milestoneRedDays: number;
}

export interface ReminderConfig {
  staleDays: { visit: number; negotiation: number; signed: number; construction: number };
  milestoneWindowDays: number;
  signedDwellDays: number;
  constructionDwellDays: number;
}

export interface JobsConfig {
  queuePrefix: string;
  reminderCron: string;
  rollupCron: string;
  /** retries of the day's failed digests, until the day ends */
  reminderRetryCron: string;
  /** BullMQ: how often to check that Redis still holds the schedules */
  scheduleCheckMs: number;
  /** run scheduled jobs in this process */
  worker: boolean;
  mailFrom: string;
  outboxDir: string;
  appUrl: string;
  attempts: number;
  retryDelayMs: number;
}

/** Failed-login limits (src/users/login-attempts.ts). */
export interface LoginLimits {
  maxFailures: number;
  lockSeconds: number;
  maxFailuresPerAccount: number;
  accountLockSeconds: number;
}

export type TrustProxy = false | number | string[];

const PROXY_KEYWORDS = ['loopback', 'linklocal', 'uniquelocal'];

/**
 * TRUSTED_PROXY: off by default; a number of proxy hops (1-10), or a comma
 * list of proxy addresses, CIDR ranges or express's keywords. "true" (trust
 * any sender) is refused: then anyone could name their own address in
 * X-Forwarded-For and dodge the login limiter.
 */
export function parseTrustProxy(raw: string | undefined): TrustProxy | string {
  if (raw === undefined || ['false', 'off', '0', 'no'].includes(raw.trim().toLowerCase())) return false;
  const s = raw.trim();
  if (/^\d+$/.test(s)) return Number(s) >= 1 && Number(s) <= 10 ? Number(s) : 'a number of hops must be 1-10';
  const items = s.split(',').map((x) => x.trim()).filter(Boolean);
  const bad = items.filter((x) => {
    if (PROXY_KEYWORDS.includes(x)) return false;
    const [ip, bits, ...rest] = x.split('/');
    const v = isIP(ip);
    if (!v || rest.length) return true;
    return bits !== undefined && !(/^\d+$/.test(bits) && Number(bits) <= (v === 4 ? 32 : 128));
  });
  if (!items.length || bad.length) return `not a proxy address, CIDR range, hop count or loopback/linklocal/uniquelocal: ${bad.join(', ') || s}`;
  return items;
}

/** The validated, defaulted configuration the app runs with. */
export interface AppConfig {
  env: 'development' | 'production' | 'test';
  port: number;
  database: DatabaseConfig;
  redisUrl?: string;
  smtpUrl?: string;
  timezone: string;
  adminEmail: string;
  adminPassword: string;
  jwtSecret: string;
  jwtExpiresInSeconds: number;
  /** off in production unless DEMO_DATA=true is set explicitly */
  demoData: boolean;
  /** the district's name, in the titles of the Excel files: 万盛经开区招商项目台账 */
  districtName: string;
  logLevel: string;
  login: LoginLimits;
  /** express `trust proxy`: false (default, the socket's address is the client), a number of hops, or the proxies' addresses */
  trustProxy: TrustProxy;
  supervision: SupervisionConfig;
  reminders: ReminderConfig;
  jobs: JobsConfig;
  /** Excel import: the largest file taken, and where uploads are kept until their import is done */
  imports: { maxBytes: number; dir: string };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

function cronProblem(pattern: string, tz: string): string | null {
  try {
    CronExpressionParser.parse(pattern, { tz });
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

function isUrl(s: string): boolean {
  try {
    new URL(s);
    return true;
  } catch {
    return false;
  }
}

/** Reads the development JWT secret from var/, generating it on first use. */
function devSecret(file: string): string {
  const path = resolve(file);
  if (existsSync(path)) {
    const kept = readFileSync(path, 'utf8').trim();
    if (kept.length >= 32) return kept;
  }
  mkdirSync(dirname(path), { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(path, secret + '\n', { mode: 0o600 });
  return secret;
}

/**
 * Validates the environment and fills in defaults. Throws ConfigError naming
 * every bad variable; callers (main.ts) print it and exit 1.
 */
export function loadConfig(raw: NodeJS.ProcessEnv | Record<string, string | undefined>): AppConfig {
  const env = plainToInstance(EnvVariables, { ...raw }, { excludeExtraneousValues: false });
  const errors = validateSync(env, { whitelist: false, forbidUnknownValues: false, stopAtFirstError: true });
  const problems: string[] = [];
  for (const e of errors) {
    const value = (raw as Record<string, unknown>)[e.property];
    const why = Object.values(e.constraints ?? {}).join('; ');
    problems.push(`${e.property}=${JSON.stringify(value)}: ${why}`);
  }
  const timezone = env.APP_TIMEZONE ?? DEFAULTS.APP_TIMEZONE;
  if (!isValidTimeZone(timezone)) problems.push(`APP_TIMEZONE=${JSON.stringify(timezone)}: not an IANA time zone`);

  const nodeEnv = (env.NODE_ENV ?? DEFAULTS.NODE_ENV) as AppConfig['env'];
  const production = nodeEnv === 'production';
  if (production && !env.JWT_SECRET) problems.push('JWT_SECRET is required when NODE_ENV=production');
  if (production && !env.ADMIN_PASSWORD) problems.push('ADMIN_PASSWORD is required when NODE_ENV=production');

  const yellow = env.SUPERVISION_YELLOW_DAYS ?? SUPERVISION_DEFAULTS.SUPERVISION_YELLOW_DAYS;
  const red = env.SUPERVISION_RED_DAYS ?? SUPERVISION_DEFAULTS.SUPERVISION_RED_DAYS;
  if (red <= yellow) problems.push(`SUPERVISION_RED_DAYS=${red}: must be greater than SUPERVISION_YELLOW_DAYS (${yellow})`);

  for (const name of ['REMINDER_CRON', 'ROLLUP_CRON', 'REMINDER_RETRY_CRON'] as const) {
    const value = env[name] ?? JOB_DEFAULTS[name];
    const why = cronProblem(value, timezone);
    if (why) problems.push(`${name}=${JSON.stringify(value)}: not a cron pattern (${why})`);
  }
  if (env.SMTP_URL?.startsWith('smtp') && !isUrl(env.SMTP_URL)) problems.push(`SMTP_URL: not a valid URL`);
  const trustProxy = parseTrustProxy(env.TRUSTED_PROXY);
  if (typeof trustProxy === 'string') problems.push(`TRUSTED_PROXY=${JSON.stringify(env.TRUSTED_PROXY)}: ${trustProxy}`);

  if (problems.length) throw new ConfigError(problems);

  const database: DatabaseConfig = env.DATABASE_URL
    ? { type: 'postgres', url: env.DATABASE_URL }
    : { type: 'sqlite', path: env.DATABASE_PATH ?? DEFAULTS.DATABASE_PATH };

  return {
    env: nodeEnv,
    port: env.PORT ?? DEFAULTS.PORT,
    database,
    redisUrl: env.REDIS_URL,
    smtpUrl: env.SMTP_URL,
    timezone,
    adminEmail: (env.ADMIN_EMAIL ?? DEFAULTS.ADMIN_EMAIL).toLowerCase(),
    adminPassword: env.ADMIN_PASSWORD ?? DEFAULTS.DEV_ADMIN_PASSWORD,
    jwtSecret: env.JWT_SECRET ?? devSecret(DEFAULTS.DEV_SECRET_FILE),
    jwtExpiresInSeconds: DEFAULTS.JWT_EXPIRES_IN_SECONDS,
    demoData: env.DEMO_DATA ?? (production ? false : DEFAULTS.DEMO_DATA),
    districtName: env.DISTRICT_NAME ?? DEFAULTS.DISTRICT_NAME,
    logLevel: env.LOG_LEVEL ?? DEFAULTS.LOG_LEVEL,
    login: {
      maxFailures: env.LOGIN_MAX_FAILURES ?? DEFAULTS.LOGIN_MAX_FAILURES,
      lockSeconds: 60 * (env.LOGIN_LOCK_MINUTES ?? DEFAULTS.LOGIN_LOCK_MINUTES),
      maxFailuresPerAccount: env.LOGIN_MAX_FAILURES_PER_ACCOUNT ?? DEFAULTS.LOGIN_MAX_FAILURES_PER_ACCOUNT,
      accountLockSeconds: 60 * (env.LOGIN_ACCOUNT_LOCK_MINUTES ?? DEFAULTS.LOGIN_ACCOUNT_LOCK_MINUTES),
    },
    trustProxy: trustProxy as TrustProxy,
    reminders: {
      staleDays: {
        visit: env.REMINDER_STALE_VISIT_DAYS ?? REMINDER_DEFAULTS.REMINDER_STALE_VISIT_DAYS,
        negotiation: env.REMINDER_STALE_NEGOTIATION_DAYS ?? REMINDER_DEFAULTS.REMINDER_STALE_NEGOTIATION_DAYS,
        signed: env.REMINDER_STALE_SIGNED_DAYS ?? REMINDER_DEFAULTS.REMINDER_STALE_SIGNED_DAYS,
        construction: env.REMINDER_STALE_CONSTRUCTION_DAYS ?? REMINDER_DEFAULTS.REMINDER_STALE_CONSTRUCTION_DAYS,
      },
      milestoneWindowDays: env.REMINDER_MILESTONE_WINDOW_DAYS ?? REMINDER_DEFAULTS.REMINDER_MILESTONE_WINDOW_DAYS,
      signedDwellDays: env.REMINDER_SIGNED_DWELL_DAYS ?? REMINDER_DEFAULTS.REMINDER_SIGNED_DWELL_DAYS,
      constructionDwellDays: env.REMINDER_CONSTRUCTION_DWELL_DAYS ?? REMINDER_DEFAULTS.REMINDER_CONSTRUCTION_DWELL_DAYS,
    },
    jobs: {
      queuePrefix: env.QUEUE_PREFIX ?? JOB_DEFAULTS.QUEUE_PREFIX,
      reminderCron: env.REMINDER_CRON ?? JOB_DEFAULTS.REMINDER_CRON,
      rollupCron: env.ROLLUP_CRON ?? JOB_DEFAULTS.ROLLUP_CRON,
      reminderRetryCron: env.REMINDER_RETRY_CRON ?? JOB_DEFAULTS.REMINDER_RETRY_CRON,
      scheduleCheckMs: env.JOB_SCHEDULE_CHECK_MS ?? JOB_DEFAULTS.JOB_SCHEDULE_CHECK_MS,
      worker: env.WORKER ?? JOB_DEFAULTS.WORKER,
      mailFrom: env.MAIL_FROM ?? JOB_DEFAULTS.MAIL_FROM,
      outboxDir: env.SMTP_URL?.startsWith('file:') ? env.SMTP_URL.slice(5) : JOB_DEFAULTS.OUTBOX_DIR,
      attempts: env.JOB_ATTEMPTS ?? JOB_DEFAULTS.JOB_ATTEMPTS,
      retryDelayMs: env.JOB_RETRY_DELAY_MS ?? JOB_DEFAULTS.JOB_RETRY_DELAY_MS,
      appUrl: (env.APP_URL ?? `http://localhost:${env.PORT ?? DEFAULTS.PORT}`).replace(/\/+$/, ''),
    },
    imports: { maxBytes: env.IMPORT_MAX_BYTES ?? IMPORT_DEFAULTS.IMPORT_MAX_BYTES, dir: env.IMPORT_DIR ?? IMPORT_DEFAULTS.IMPORT_DIR },
    supervision: {
      yellowDays: yellow,
      redDays: red,
      milestoneRedDays: env.SUPERVISION_MILESTONE_RED_DAYS ?? SUPERVISION_DEFAULTS.SUPERVISION_MILESTONE_RED_DAYS,
    },
  };
}

/** DI token for AppConfig. */
export const APP_CONFIG = Symbol('APP_CONFIG');
