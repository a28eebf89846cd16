import { Global, Module } from '@nestjs/common';
import { DictionariesController } from './dictionaries.controller';
import { DictionariesRepository } from './dictionaries.repository';
import { DictionariesService } from './dictionaries.service';
import { DictionaryLabels } from './dictionary-labels';

/** Global: every module checks codes against the dictionaries and labels its views from them. */
@Global()
@Module({
  controllers: [DictionariesController],
  providers: [DictionariesService, DictionariesRepository, DictionaryLabels],
  exports: [DictionariesService, DictionaryLabels],
})
export class DictionariesModule {}
