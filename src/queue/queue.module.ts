import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { APP_CONFIG, type AppConfig } from '../core/config/app-config';
import { BullMqJobQueue } from './bullmq-job-queue';
import { InProcessJobQueue } from './in-process-job-queue';
import { JobQueue } from './job-queue';
import { JobRegistry } from './job-registry';
import { JobRunner } from './job-runner';
import { JobRunsRepository } from './job-runs.repository';
import { JobsController } from './jobs.controller';
import { JobsService } from './jobs.service';

/** The job system: BullMQ when REDIS_URL is set, in-process otherwise. */
@Global()
@Module({
  imports: [DiscoveryModule],
  controllers: [JobsController],
  providers: [
    JobRegistry,
    JobRunner,
    JobRunsRepository,
    JobsService,
    {
      provide: JobQueue,
      inject: [APP_CONFIG, JobRunner],
      useFactory: (config: AppConfig, runner: JobRunner) =>
        config.redisUrl ? new BullMqJobQueue(config, runner) : new InProcessJobQueue(config, runner),
    },
  ],
  exports: [JobQueue, JobsService],
})
export class QueueModule {}
