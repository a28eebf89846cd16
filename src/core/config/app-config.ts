import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MinLength,
  Min,
  validateSync,
} from 'class-validator';
import { DEFAULTS, SUPERVISION_DEFAULTS } from '../../../config/defaults';

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

  @IsOptional() @Transform(emptyToUndefined) @IsString() @MinLength(8, {
    message: 'ADMIN_PASSWORD must be at least 8 characters',
  })
  ADMIN_PASSWORD?: string;

  @IsOptional() @Transform(emptyToUndefined) @IsString() @MinLength(32, {
    message: 'JWT_SECRET must be at least 32 characters',
  })
  JWT_SECRET?: string;

  @IsOptional() @Transform(toBool) @IsBoolean({ message: 'DEMO_DATA must be true or false' })
  DEMO_DATA?: boolean;

  @IsOptional() @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL?: string;

  @IsOptional() @Transform(toInt) @Max(100000) @Min(1) @IsInt()
  LOGIN_RATE_LIMIT_PER_MINUTE?: number;

  @IsOptional() @Transform(toInt) @Max(3650) @Min(1) @IsInt()
  SUPERVISION_YELLOW_DAYS?: number;

  @IsOptional() @Transform(toInt) @Max(3650) @Min(1) @IsInt()
  SUPERVISION_RED_DAYS?: number;

  @IsOptional() @Transform(toInt) @Max(3650) @Min(1) @IsInt()
  SUPERVISION_MILESTONE_RED_DAYS?: number;
}

export type DatabaseConfig =
  | { type: 'sqlite'; path: string }
  | { type: 'postgres'; url: string };

export interface SupervisionConfig {
  yellowDays: number;
  redDays: number;
  milestoneRedDays: number;
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
  demoData: boolean;
  logLevel: string;
  loginRateLimitPerMinute: number;
  supervision: SupervisionConfig;
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
    demoData: env.DEMO_DATA ?? DEFAULTS.DEMO_DATA,
    logLevel: env.LOG_LEVEL ?? DEFAULTS.LOG_LEVEL,
    loginRateLimitPerMinute: env.LOGIN_RATE_LIMIT_PER_MINUTE ?? DEFAULTS.LOGIN_RATE_LIMIT_PER_MINUTE,
    supervision: {
      yellowDays: yellow,
      redDays: red,
      milestoneRedDays: env.SUPERVISION_MILESTONE_RED_DAYS ?? SUPERVISION_DEFAULTS.SUPERVISION_MILESTONE_RED_DAYS,
    },
  };
}

/** DI token for AppConfig. */
export const APP_CONFIG = Symbol('APP_CONFIG');
