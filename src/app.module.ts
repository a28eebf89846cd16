import { type DynamicModule, Module, type Provider, type Type } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { ActivitiesModule } from './activities/activities.module';
import { AuditModule } from './audit/audit.module';
import { AuthController } from './auth/auth.controller';
import { AuthService } from './auth/auth.service';
import { CompaniesModule } from './companies/companies.module';
import { AuthGuard } from './core/auth/auth.guard';
import { JWT_ALGORITHM } from './core/auth/token-claims';
import { Clock } from './core/clock';
import type { AppConfig } from './core/config/app-config';
import { CoreModule } from './core/core.module';
import { appDataSourceOptions } from './app.entities';
import { DemoDataModule } from './demo/demo-data.module';
import { DictionariesModule } from './dictionaries/dictionaries.module';
import { DisplayModule } from './display/display.module';
import { DuplicatesModule } from './duplicates/duplicates.module';
import { FundsModule } from './funds/funds.module';
import { HealthModule } from './health/health.module';
import { ImportsModule } from './imports/imports.module';
import { LabelsModule } from './labels/labels.module';
import { MailModule } from './mail/mail.module';
import { MilestonesModule } from './milestones/milestones.module';
import { ProjectsModule } from './projects/projects.module';
import { QueueModule } from './queue/queue.module';
import { RemindersModule } from './reminders/reminders.module';
import { ReportsModule } from './reports/reports.module';
import { TargetsModule } from './targets/targets.module';
import { TeamsModule } from './teams/teams.module';
import { UsersModule } from './users/users.module';

export interface AppModuleOptions {
  /** replaces the real clock (tests fix "today") */
  clock?: Clock;
  /** more controllers, mounted behind the same middleware, guard and filters (the benchmark's constant route) */
  controllers?: Type[];
}

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, options: AppModuleOptions = {}): DynamicModule {
    const clockProvider: Provider = options.clock ? { provide: Clock, useValue: options.clock } : Clock;
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logLevel,
            redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-display-key"]'],
            customProps: (req) => ({ userId: (req as { user?: { id: number } }).user?.id }),
          },
        }),
        CoreModule.forRoot(config, clockProvider),
        TypeOrmModule.forRoot(appDataSourceOptions(config.database)),
        // One algorithm, pinned on both sides (token-claims.ts).
        JwtModule.register({
          global: true,
          secret: config.jwtSecret,
          signOptions: { expiresIn: config.jwtExpiresInSeconds, algorithm: JWT_ALGORITHM },
          verifyOptions: { algorithms: [JWT_ALGORITHM] },
        }),
        AuditModule,
        DictionariesModule,
        UsersModule,
        TeamsModule,
        CompaniesModule,
        ProjectsModule,
        DuplicatesModule,
        ActivitiesModule,
        MilestonesModule,
        FundsModule,
        MailModule,
        QueueModule,
        RemindersModule,
        TargetsModule,
        ReportsModule,
        DisplayModule,
        LabelsModule,
        HealthModule,
        DemoDataModule,
        ImportsModule,
      ],
      controllers: [AuthController, ...(options.controllers ?? [])],
      providers: [AuthService, { provide: APP_GUARD, useClass: AuthGuard }],
    };
  }
}
