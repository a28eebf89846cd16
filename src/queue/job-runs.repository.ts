import { Injectable } from '@nestjs/common';
import { InjectReadDataSource } from '../core/database/read-data-source';
import { DataSource, type EntityManager } from 'typeorm';
import { JobRun, type JobRunStatus } from './job-run.entity';

export type NewJobRun = Pick<JobRun, 'name' | 'jobId' | 'trigger' | 'attempt' | 'runner' | 'startedAt'>;

/** The `job_runs` table: one row per attempt of a job, what GET /jobs shows. */
@Injectable()
export class JobRunsRepository {
  constructor(@InjectReadDataSource() private readonly ds: DataSource) {}

  /** Records an attempt as running; returns its id. */
  async start(em: EntityManager, run: NewJobRun): Promise<number> {
    const row = await em.save(em.create(JobRun, { ...run, status: 'running', finishedAt: null, result: null, error: null }));
    return row.id;
  }

  async finish(em: EntityManager, id: number, end: { status: JobRunStatus; finishedAt: number; result: Record<string, unknown> | null; error: string | null }): Promise<void> {
    const run = await em.findOneByOrFail(JobRun, { id });
    await em.save(Object.assign(run, end));
  }

  /** The latest attempts of a job, newest first. */
  latest(name: string, limit: number, em: EntityManager = this.ds.manager): Promise<JobRun[]> {
    return em.find(JobRun, { where: { name }, order: { startedAt: 'DESC', id: 'DESC' }, take: limit });
  }

  /** How many attempts of a job failed since `since` (ms since epoch). */
  countFailedSince(name: string, since: number, em: EntityManager = this.ds.manager): Promise<number> {
    return em
      .getRepository(JobRun)
      .createQueryBuilder('r')
      .where('r.name = :name AND r.status = :st AND r."startedAt" >= :since', { name, st: 'failed', since })
      .getCount();
  }
}
