import { Module } from '@nestjs/common';
import { CompaniesController } from './companies.controller';
import { CompaniesService } from './companies.service';
import { DuplicatesService } from './duplicates.service';

@Module({ controllers: [CompaniesController], providers: [CompaniesService, DuplicatesService], exports: [CompaniesService, DuplicatesService] })
export class CompaniesModule {}
