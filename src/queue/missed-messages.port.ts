import type { JobName } from './jobs';

/**
 * Messages a job sends that never went out within their period (a daily
 * digest whose day ended unsent): GET /jobs counts them beside the job.
 * Implemented by the notifications module, which sits above the queue.
 */
export abstract class MissedMessages {
  /** how many messages of each job were recorded missed for the periods of the last `days` days (business dates) */
  abstract countForLastDays(days: number): Promise<Partial<Record<JobName, number>>>;
}
