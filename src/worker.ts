// See main.ts: timestamps are UTC.
process.env.TZ = 'UTC';

import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { ConfigError, loadConfig } from './core/config/app-config';

/**
 * `npm run start:worker`: a worker alone, no HTTP. With REDIS_URL it joins
 * the BullMQ workers (several may run; they share the work); without, it runs
 * the schedules in-process. The API process applies migrations.
 */
async function main() {
  let config;
  try {
    config = loadConfig({ ...process.env, WORKER: 'true' });
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`招商通 worker cannot start: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  await app.init();
  console.log(`招商通 worker is up: ${config.redisUrl ? 'BullMQ on REDIS_URL' : 'in-process schedules (no REDIS_URL)'}`);
}

main().catch((err) => {
  console.error('招商通 worker failed to start:', err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
