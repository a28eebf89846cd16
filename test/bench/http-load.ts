/**
 * What the HTTP benchmarks share: the app in a child process (serve.ts),
 * its memory read from /proc, and a small load generator in the manner of
 * `wrk -c50`: N keep-alive connections, each sending its next request as
 * soon as the last answer has been read, for a fixed time.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { ServeReady } from './serve';

export interface BenchServer {
  pid: number;
  /** http://127.0.0.1:<port> */
  origin: string;
  /** the child's VmRSS and VmHWM (peak RSS since start or since resetPeak), in bytes */
  memory(): { rss: number; hwm: number };
  /** CPU seconds the child has used (user + system, all threads) */
  cpuSeconds(): number;
  /** starts VmHWM again from the current RSS (Linux: clear_refs 5) */
  resetPeak(): boolean;
  stop(): Promise<void>;
}

/** The environment every benchmark server gets unless the caller says otherwise. */
export const SERVER_ENV: Record<string, string> = {
  NODE_ENV: 'production',
  JWT_SECRET: 'bench-'.padEnd(40, 'x'),
  ADMIN_PASSWORD: 'bench-password',
  WORKER: 'false',
  LOGIN_RATE_LIMIT_PER_MINUTE: '100000',
  LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
};

/** Boots serve.js with `env` on top of SERVER_ENV; the app's log (stdout) goes to /dev/null (BENCH_SERVER_LOG=1: to ours), its errors to ours. */
export async function startServer(env: Record<string, string>): Promise<BenchServer> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(DATABASE_|REDIS_URL|SMTP_URL|PORT$|LOG_LEVEL$|DEMO_DATA$)/.test(k)));
  const child: ChildProcess = fork(join(__dirname, 'serve.js'), [], {
    env: { ...base, ...SERVER_ENV, ...env } as NodeJS.ProcessEnv,
    stdio: ['ignore', process.env.BENCH_SERVER_LOG ? 'inherit' : 'ignore', 'inherit', 'ipc'],
    // e.g. BENCH_SERVER_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' to profile the server
    execArgv: process.env.BENCH_SERVER_ARGS ? process.env.BENCH_SERVER_ARGS.split(/\s+/) : [],
  });
  const ready = await new Promise<ServeReady>((resolve, reject) => {
    child.once('message', (m) => resolve(m as ServeReady));
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code} before listening`)));
    child.once('error', reject);
  });
  const status = () => readFileSync(`/proc/${ready.pid}/status`, 'utf8');
  const kib = (text: string, key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN) * 1024;
  return {
    pid: ready.pid,
    origin: `http://127.0.0.1:${ready.port}`,
    memory() {
      const s = status();
      return { rss: kib(s, 'VmRSS'), hwm: kib(s, 'VmHWM') };
    },
    cpuSeconds() {
      // /proc/<pid>/stat: utime and stime are fields 14 and 15, in clock ticks (100 a second on Linux)
      const fields = readFileSync(`/proc/${ready.pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
      return (Number(fields[11]) + Number(fields[12])) / 100;
    },
    resetPeak() {
      try {
        writeFileSync(`/proc/${ready.pid}/clear_refs`, '5');
        return true;
      } catch {
        return false;
      }
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.send('stop');
      }),
  };
}

export interface LoadResult {
  requests: number;
  /** requests per second over the run */
  rps: number;
  p50: number;
  p99: number;
  max: number;
  /** answers other than 2xx, and requests that failed */
  non2xx: number;
  errors: number;
  /** mean body size, bytes */
  bytes: number;
}

/** What one run of `load` saw, before it is summed up (runs of one route can be pooled). */
export interface LoadRun {
  samples: number[];
  wallMs: number;
  non2xx: number;
  errors: number;
  bytes: number;
}

const ms2 = (x: number) => +x.toFixed(2);

/**
 * `connections` keep-alive connections, each sending GET `url` as soon as
 * the previous answer has been read, for `seconds`. Latency: from sending to
 * the last byte of the body.
 */
export async function load(url: string, opts: { connections: number; seconds: number; headers?: Record<string, string> }): Promise<LoadRun> {
  const agent = new Agent({ keepAlive: true, maxSockets: opts.connections, maxFreeSockets: opts.connections });
  const target = new URL(url);
  const run: LoadRun = { samples: [], wallMs: 0, non2xx: 0, errors: 0, bytes: 0 };
  const t0 = performance.now();
  const until = t0 + opts.seconds * 1000;
  const once = () =>
    new Promise<void>((resolve) => {
      const s = performance.now();
      const req = request({ host: target.hostname, port: target.port, path: target.pathname + target.search, agent, headers: opts.headers }, (res) => {
        let n = 0;
        res.on('data', (c: Buffer) => (n += c.length));
        res.on('end', () => {
          run.samples.push(performance.now() - s);
          run.bytes += n;
          if (res.statusCode! < 200 || res.statusCode! >= 300) run.non2xx++;
          resolve();
        });
        res.on('error', () => (run.errors++, resolve()));
      });
      req.on('error', () => (run.errors++, resolve()));
      req.end();
    });
  await Promise.all(
    Array.from({ length: opts.connections }, async () => {
      while (performance.now() < until) await once();
    }),
  );
  run.wallMs = performance.now() - t0;
  agent.destroy();
  return run;
}

/** Rate, percentiles and errors of one or more runs of the same route, pooled. */
export function summarize(runs: LoadRun[]): LoadResult {
  const s = Float64Array.from(runs.flatMap((r) => r.samples)).sort();
  const wall = runs.reduce((a, r) => a + r.wallMs, 0);
  const q = (f: number) => (s.length ? s[Math.min(s.length - 1, Math.floor(f * s.length))] : NaN);
  return {
    requests: s.length,
    rps: Math.round((s.length / wall) * 1000),
    p50: ms2(q(0.5)),
    p99: ms2(q(0.99)),
    max: ms2(s.length ? s[s.length - 1] : NaN),
    non2xx: runs.reduce((a, r) => a + r.non2xx, 0),
    errors: runs.reduce((a, r) => a + r.errors, 0),
    bytes: s.length ? Math.round(runs.reduce((a, r) => a + r.bytes, 0) / s.length) : 0,
  };
}

/** One JSON call (setup, checks); throws on an error status. */
export async function call<T = Record<string, unknown>>(origin: string, method: string, path: string, token: string | null, body?: unknown): Promise<T> {
  const r = await fetch(origin + path, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  if (r.status >= 400) throw new Error(`${method} ${path} → ${r.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

export async function login(origin: string, email: string, password: string): Promise<string> {
  return (await call<{ accessToken: string }>(origin, 'POST', '/api/v1/auth/login', null, { email, password })).accessToken;
}
