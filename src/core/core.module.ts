import { type DynamicModule, Global, Module, type Provider } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from './config/app-config';
import { Clock } from './clock';
import { READ_DATA_SOURCE, ReadDataSourceCloser, readDataSourceProvider } from './database/read-data-source';
import { UnitOfWork } from './database/unit-of-work';

/** What every module uses: the validated config, the clock, the unit of work and the read connection. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig, clock: Provider = Clock): DynamicModule {
    return {
      module: CoreModule,
      providers: [{ provide: APP_CONFIG, useValue: config }, clock, UnitOfWork, readDataSourceProvider, ReadDataSourceCloser],
      exports: [APP_CONFIG, Clock, UnitOfWork, READ_DATA_SOURCE],
    };
  }
}
