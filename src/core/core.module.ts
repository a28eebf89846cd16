import { type DynamicModule, Global, Module, type Provider } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from './config/app-config';
import { Clock } from './clock';
import { UnitOfWork } from './database/unit-of-work';

/** What every module uses: the validated config, the clock, the unit of work. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig, clock: Provider = Clock): DynamicModule {
    return {
      module: CoreModule,
      providers: [{ provide: APP_CONFIG, useValue: config }, clock, UnitOfWork],
      exports: [APP_CONFIG, Clock, UnitOfWork],
    };
  }
}
