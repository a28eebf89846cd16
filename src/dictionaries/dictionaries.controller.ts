import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiParam, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser, Roles } from '../core/auth/auth-user';
import { CreateDictionaryEntryDto, DictionaryQuery, UpdateDictionaryEntryDto } from './dictionaries.dto';
import { DictionariesService } from './dictionaries.service';
import { DICTIONARY_KINDS } from './dictionary-entry.entity';

@ApiTags('dictionaries')
@ApiBearerAuth()
@Controller('dictionaries')
export class DictionariesController {
  constructor(private readonly dictionaries: DictionariesService) {}

  @Get()
  kinds() {
    return { items: DICTIONARY_KINDS };
  }

  @ApiParam({ name: 'kind', enum: DICTIONARY_KINDS })
  @Get(':kind')
  list(@Param('kind') kind: string, @Query() q: DictionaryQuery) {
    return this.dictionaries.list(kind, q.includeInactive ?? false);
  }

  @Roles('admin')
  @ApiParam({ name: 'kind', enum: DICTIONARY_KINDS })
  @Post(':kind')
  create(@CurrentUser() user: AuthUser, @Param('kind') kind: string, @Body() dto: CreateDictionaryEntryDto) {
    return this.dictionaries.create(user, kind, dto);
  }

  @Roles('admin')
  @ApiParam({ name: 'kind', enum: DICTIONARY_KINDS })
  @Patch(':kind/:code')
  update(@CurrentUser() user: AuthUser, @Param('kind') kind: string, @Param('code') code: string, @Body() dto: UpdateDictionaryEntryDto) {
    return this.dictionaries.update(user, kind, code, dto);
  }
}
