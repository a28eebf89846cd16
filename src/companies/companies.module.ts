import { Module } from '@nestjs/common';
import { CompaniesController } from './companies.controller';
import { CompaniesRepository } from './companies.repository';
import { CompaniesService } from './companies.service';

/** Investors and contacts. 重复研判 comes through CompanyDuplicateCheck, which the (global) duplicates module provides. */
@Module({ controllers: [CompaniesController], providers: [CompaniesService, CompaniesRepository], exports: [CompaniesService, CompaniesRepository] })
export class CompaniesModule {}
