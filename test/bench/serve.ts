/**
 * The app in a process of its own, for the HTTP benchmarks (reads.ts,
 * lists.ts): `node dist/test/bench/serve.js`, configured by its environment
 * exactly as `npm start` is (DATABASE_PATH or DATABASE_URL, LOG_LEVEL …).
 * It boots like main.ts, plus one route the benchmarks compare against:
 * GET /api/v1/bench/constant answers a fixed JSON without touching the
 * database. It is public (the guard lets it through at once) but otherwise
 * behind everything every route is behind: helmet, pino-http at the
 * configured level, the global guard, pipes and exception filter.
 *
 * It listens on 127.0.0.1 on a free port and tells the parent { port } over
 * IPC. The load runs in the parent, as wrk would: the app has its event loop
 * to itself, and the parent can read the child's memory from /proc.
 */
process.env.TZ = 'UTC';
import 'reflect-metadata';
import { Controller, Get } from '@nestjs/common';
import { createApp } from '../../src/app.bootstrap';
import { Public } from '../../src/core/auth/auth-user';
import { loadConfig } from '../../src/core/config/app-config';

const CONSTANT = { status: 'ok', service: '招商通', bench: true };

/** The constant route: the cost of the HTTP stack alone. */
@Controller('bench')
export class BenchConstantController {
  @Public()
  @Get('constant')
  constant() {
    return CONSTANT;
  }
}

export interface ServeReady {
  port: number;
  pid: number;
}

async function main() {
  const config = loadConfig(process.env);
  const app = await createApp(config, { controllers: [BenchConstantController] });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  const ready: ServeReady = { port, pid: process.pid };
  process.send?.(ready);
  // The parent ends us with a message (or by going away): close like a real shutdown.
  const stop = async () => {
    await app.close();
    process.exit(0);
  };
  process.on('message', (m) => {
    if (m === 'stop') void stop();
  });
  process.on('disconnect', () => void stop());
}

main().catch((err) => {
  console.error('bench server failed to start:', err);
  process.exit(1);
});
