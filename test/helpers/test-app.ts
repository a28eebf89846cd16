import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Client } from 'pg';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { createApp } from '../../src/app.bootstrap';
import { FixedClock } from '../../src/core/clock';
import { type AppConfig, loadConfig } from '../../src/core/config/app-config';

export type DbKind = 'sqlite' | 'postgres';

export const ADMIN = { email: 'admin@test.local', password: 'admin-password-1' };

/** 10:00 in Shanghai on `date` (YYYY-MM-DD): the time of day the suites set the clock to. */
export const at = (date: string) => `${date}T02:00:00Z`;

/** The suites' today, and the instant startTestApp fixes the clock at unless told otherwise. */
export const TEST_TODAY = '2026-06-15';
export const TEST_NOW = at(TEST_TODAY);

/** The databases this run can use: SQLite always, PostgreSQL when global-setup reached it. */
export function databases(): { kind: DbKind; available: boolean }[] {
  return [
    { kind: 'sqlite', available: true },
    { kind: 'postgres', available: !!process.env.ZS_PG_URL },
  ];
}

/** `describe` for each database; a database this run cannot reach skips (global-setup said why). */
export function describeEachDatabase(name: string, fn: (db: DbKind) => void): void {
  for (const { kind, available } of databases()) {
    (available ? describe : describe.skip)(`${name} [${kind}]`, () => fn(kind));
  }
}

/** A fresh, empty database of the kind: a new SQLite file, or a new PostgreSQL database. */
export async function freshDatabase(kind: DbKind): Promise<{ env: Record<string, string>; drop: () => Promise<void> }> {
  const id = `zs_test_${Date.now()}_${randomBytes(4).toString('hex')}`;
  if (kind === 'sqlite') {
    const path = join(tmpdir(), `${id}.sqlite`);
    return {
      env: { DATABASE_PATH: path },
      drop: async () => {
        for (const f of [path, `${path}-wal`, `${path}-shm`]) rmSync(f, { force: true });
      },
    };
  }
  const base = process.env.ZS_PG_URL!;
  const admin = new Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${id}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${id}`;
  return {
    env: { DATABASE_URL: url.toString() },
    drop: async () => {
      const c = new Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${id} WITH (FORCE)`);
      await c.end();
    },
  };
}

export interface TestApp {
  app: INestApplication;
  config: AppConfig;
  clock: FixedClock;
  ds: DataSource;
  /** supertest against the running app */
  http: () => ReturnType<typeof request>;
  /** logs in and returns the bearer token */
  login: (email: string, password: string) => Promise<string>;
  /** the database settings (DATABASE_PATH or DATABASE_URL): `sameDatabaseAs` starts another app on them */
  databaseEnv: Record<string, string>;
  /** closes the app; drops the database unless it was borrowed with `sameDatabaseAs` */
  close: () => Promise<void>;
}

/**
 * Boots the whole app on a fresh database with the clock fixed at `now`
 * (default 2026-06-15 10:00 Asia/Shanghai) and no demo data. With
 * `sameDatabaseAs`, it boots on that app's database instead (a second
 * process of one install), and leaves dropping it to that app's close().
 */
export async function startTestApp(
  kind: DbKind,
  opts: { now?: string; env?: Record<string, string>; sameDatabaseAs?: TestApp } = {},
): Promise<TestApp> {
  const db = opts.sameDatabaseAs ? { env: opts.sameDatabaseAs.databaseEnv, drop: async () => undefined } : await freshDatabase(kind);
  const config = loadConfig({
    NODE_ENV: 'test',
    JWT_SECRET: 'test-secret-'.padEnd(48, 'x'),
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    DEMO_DATA: 'false',
    LOG_LEVEL: 'silent',
    // Suites that try many wrong passwords are not locked out; the limiter's own suite sets its limits.
    LOGIN_MAX_FAILURES: '10000',
    LOGIN_MAX_FAILURES_PER_ACCOUNT: '10000',
    WORKER: 'false',
    ...db.env,
    ...opts.env,
  });
  const clock = new FixedClock(opts.now ?? TEST_NOW, config.timezone);
  const app = await createApp(config, { clock });
  await app.init();
  const server = app.getHttpServer();
  const http = () => request(server);
  return {
    app,
    config,
    clock,
    ds: app.get<DataSource>(getDataSourceToken()),
    http,
    login: async (email, password) => {
      const res = await http().post('/api/v1/auth/login').send({ email, password });
      if (res.status !== 200) throw new Error(`login ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.accessToken as string;
    },
    databaseEnv: db.env,
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}
