import { Global, Module } from '@nestjs/common';
import { DictionariesController } from './dictionaries.controller';
import { DictionariesService } from './dictionaries.service';

@Global()
@Module({ controllers: [DictionariesController], providers: [DictionariesService], exports: [DictionariesService] })
export class DictionariesModule {}
