import { Module } from '@nestjs/common';
import { LabelsController } from './labels.controller';

/** GET /labels: reads the label tables of the other modules; owns none. */
@Module({ controllers: [LabelsController] })
export class LabelsModule {}
