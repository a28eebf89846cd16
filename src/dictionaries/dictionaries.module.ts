import { Global, Module } from '@nestjs/common';
import { DictionariesController } from './dictionaries.controller';
import { DictionariesRepository } from './dictionaries.repository';
import { DictionariesService } from './dictionaries.service';

@Global()
@Module({ controllers: [DictionariesController], providers: [DictionariesService, DictionariesRepository], exports: [DictionariesService] })
export class DictionariesModule {}
