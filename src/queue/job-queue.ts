import type { JobName } from './jobs';

export interface ScheduleInfo {
  name: JobName;
  description: string;
  cron: string;
  timezone: string;
  nextRunAt: string | null;
  /** whether the schedule is known to be registered with the queue (BullMQ: in Redis) */
  registered: boolean;
  /** `registered` and `nextRunAt` are what Redis last said, not what it says now (it does not answer) */
  stale: boolean;
}

export interface QueueHealth {
  status: 'up' | 'down';
  driver: 'bullmq' | 'in-process';
  worker: boolean;
  /** for a person (GET /jobs, GET /health), in Chinese; `status` is the machine's word */
  detail?: string;
}

/**
 * The job system as the rest of the app sees it. Two drivers: BullMQ over
 * Redis (REDIS_URL set) and in-process (no Redis), running the same handlers
 * through JobRunner.
 */
export abstract class JobQueue {
  abstract readonly driver: 'bullmq' | 'in-process';
  /** registers the schedules and, when this process is a worker, starts working */
  abstract start(): Promise<void>;
  /** stops taking work and waits for the job in hand */
  abstract stop(): Promise<void>;
  /** queues one run now (admin's "run now") */
  abstract runNow(name: JobName, data: Record<string, unknown>): Promise<{ jobId: string }>;
  abstract schedules(): Promise<ScheduleInfo[]>;
  abstract health(): Promise<QueueHealth>;
}
