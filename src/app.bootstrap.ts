import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Logger } from 'nestjs-pino';
import type { DataSource } from 'typeorm';
import { seedDemo } from '../seeds/demo';
import { AppModule, type AppModuleOptions } from './app.module';
import { configureApp } from './app.setup';
import { serveWebUi } from './app.web';
import type { AppConfig } from './core/config/app-config';
import { runMigrations } from './core/database/migrate';
import { DictionariesService } from './dictionaries/dictionaries.service';
import { UsersService } from './users/users.service';

/**
 * Builds the HTTP app and readies its database: pending migrations, the
 * default dictionaries, the first admin and, on an empty database with
 * DEMO_DATA on, the demo data. Used by main.ts and by the e2e suites.
 */
export async function createApp(config: AppConfig, options: AppModuleOptions = {}): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, options), { bufferLogs: true });
  configureApp(app);
  const web = serveWebUi(app);
  // Off by default: the socket's address is the client. With TRUSTED_PROXY, X-Forwarded-For names it (the login limiter counts by it).
  app.set('trust proxy', config.trustProxy);
  const log = app.get(Logger);
  if (!web) log.warn({ msg: 'the web UI is not built (web/dist/index.html missing): / explains how to build it' });
  const ds = app.get<DataSource>(getDataSourceToken());
  const applied = await runMigrations(ds);
  if (applied.length) log.log({ msg: 'applied migrations', migrations: applied });
  const dictionaryEntries = await app.get(DictionariesService).seedDefaults();
  if (dictionaryEntries) log.log({ msg: 'loaded the default dictionaries', entries: dictionaryEntries });
  if (await app.get(UsersService).ensureAdmin(config.adminEmail, config.adminPassword)) {
    log.log({ msg: 'created the first admin account', email: config.adminEmail });
  }
  if (config.demoData) {
    const demo = await seedDemo(app);
    if (demo) log.log({ msg: 'loaded demo data into the empty database', ...demo });
  }
  return app;
}
