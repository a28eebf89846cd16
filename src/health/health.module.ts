import { Module } from '@nestjs/common';
import { HealthController } from './health.controller';
import { HealthRepository } from './health.repository';
import { HealthService } from './health.service';

/** GET /health; the queue's health comes from the global QueueModule. */
@Module({ controllers: [HealthController], providers: [HealthRepository, HealthService] })
export class HealthModule {}
