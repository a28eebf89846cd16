import { Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { type JobDefinition, JOB_NAME_LABELS, type JobName } from './jobs';

/** What Redis was last seen to hold: each schedule, registered or not, and its next run. */
export interface ScheduleState {
  /** ms since epoch of the read */
  checkedAt: number;
  /** the next run (ms since epoch) of each schedule Redis holds */
  next: Map<JobName, number | null>;
  missing: JobName[];
}

export interface ScheduleKeeperOptions {
  redisUrl: string;
  timezone: string;
  /** how often to check that Redis still holds every schedule */
  checkEveryMs: number;
  /** how long a read of Redis may take before the answer is "unknown" */
  readTimeoutMs: number;
}

export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: Redis did not answer within ${ms} ms`)), ms))),
  ]).finally(() => clearTimeout(timer));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms).unref());

/**
 * Keeps the cron schedules registered in Redis, where alone they live: a
 * Redis that restarts empty (no persistence) or is flushed forgets them, and
 * the daily and monthly jobs would stop without an error anywhere. So the
 * keeper upserts every schedule at boot, checks which are missing whenever
 * its connection to Redis becomes ready again after a loss, and checks every
 * `checkEveryMs` as well (a FLUSHALL drops no connection), registering only
 * what is missing. Upserting one id from several processes leaves one
 * schedule (STACK.md), so every process may keep.
 *
 * Its own small connection fails commands at once while Redis is away (no
 * offline queue) and says whether Redis is reachable now, so that GET /jobs
 * and /health answer with the last known state instead of waiting.
 */
export class ScheduleKeeper {
  private readonly logger = new Logger('Jobs');
  private watch?: Redis;
  private timer?: NodeJS.Timeout;
  private checking?: Promise<void>;
  private last: ScheduleState | null = null;
  private lastError: string | null = null;
  private wasReady = false;
  private stopped = false;
  private booted?: Promise<void>;
  private bootDone = false;

  constructor(
    private readonly queue: Queue,
    private readonly defs: JobDefinition[],
    private readonly opts: ScheduleKeeperOptions,
  ) {}

  start(): void {
    // Redis away: commands fail at once, and the connection keeps trying every 2 s at most.
    this.watch = new Redis(this.opts.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: (n) => Math.min(200 * n, 2000) });
    this.watch.on('error', (err: Error) => (this.lastError = err.message)); // the queue logs Redis errors
    this.watch.on('ready', () => {
      this.lastError = null;
      if (this.wasReady) {
        this.logger.warn({ msg: 'jobs: Redis is back; checking that it still holds the schedules' });
        this.keepTrying('reconnect');
      }
      this.wasReady = true;
    });
    this.booted = this.registerAll();
    this.timer = setInterval(() => void this.check('periodic').catch(() => undefined), this.opts.checkEveryMs);
    this.timer.unref();
  }

  /** Resolves once every schedule was upserted at boot and the keeper's connection is up. */
  async whenRegistered(): Promise<void> {
    await this.booted;
    while (!this.stopped && !this.redisReady) await sleep(50);
  }

  /** Whether Redis answers now. */
  get redisReady(): boolean {
    return this.watch?.status === 'ready';
  }

  /** Why Redis does not answer, as ioredis last said (English, for the log and the detail). */
  get redisError(): string | null {
    return this.lastError;
  }

  /** The last state read from Redis; null until the first read. */
  get lastKnown(): ScheduleState | null {
    return this.last;
  }

  /** Whether the boot registration has finished. */
  get registeredOnce(): boolean {
    return this.bootDone;
  }

  /** Reads which schedules Redis holds now; null when Redis is away or too slow. Registers nothing. */
  async read(): Promise<ScheduleState | null> {
    if (!this.redisReady) return null;
    try {
      const found = await withTimeout(this.queue.getJobSchedulers(), this.opts.readTimeoutMs, 'schedules');
      const next = new Map<JobName, number | null>();
      for (const d of this.defs) {
        const s = found.find((k) => k.key === d.name);
        if (s) next.set(d.name, s.next ?? null);
      }
      this.last = { checkedAt: Date.now(), next, missing: this.defs.map((d) => d.name).filter((n) => !next.has(n)) };
      return this.last;
    } catch (err) {
      this.logger.warn({ msg: 'jobs: cannot read the schedules from Redis', err: (err as Error).message });
      return null;
    }
  }

  /** Registers the schedules Redis lacks, one check at a time; throws when Redis could not be read or written. */
  check(why: 'periodic' | 'reconnect'): Promise<void> {
    this.checking ??= this.registerMissing(why).finally(() => (this.checking = undefined));
    return this.checking;
  }

  private async registerMissing(why: 'periodic' | 'reconnect'): Promise<void> {
    if (this.stopped || !this.registeredOnce) return; // the boot registration covers everything
    const state = await this.read();
    if (!state) throw new Error(this.lastError ?? 'Redis did not answer');
    if (!state.missing.length) return;
    this.logger.error({
      msg: 'jobs: Redis lost job schedules (restarted empty or flushed); registering them again',
      missing: state.missing, labels: state.missing.map((n) => JOB_NAME_LABELS[n]), noticedOn: why,
    });
    for (const def of this.defs.filter((d) => state.missing.includes(d.name))) await this.upsert(def);
    await this.read();
  }

  /** After a reconnect: check until it works (the queue's own connection may come back later than ours). */
  private keepTrying(why: 'reconnect'): void {
    void (async () => {
      for (let attempt = 1; !this.stopped && this.redisReady; attempt++) {
        try {
          return await this.check(why);
        } catch {
          await sleep(Math.min(500 * attempt, 5000));
        }
      }
    })();
  }

  /** Upserts every schedule (a changed cron pattern takes effect); while Redis is away, tries again every few seconds. */
  private async registerAll(): Promise<void> {
    for (let attempt = 1; !this.stopped; attempt++) {
      try {
        for (const def of this.defs) await this.upsert(def);
        this.bootDone = true;
        await this.read();
        return;
      } catch (err) {
        this.logger.warn({ msg: 'jobs: could not register schedules yet; retrying', attempt, err: (err as Error).message });
        await sleep(Math.min(1000 * attempt, 10_000));
      }
    }
  }

  private upsert(def: JobDefinition): Promise<unknown> {
    return this.queue.upsertJobScheduler(def.name, { pattern: def.cron, tz: this.opts.timezone }, { name: def.name, data: {} });
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
    this.watch?.disconnect();
  }
}
