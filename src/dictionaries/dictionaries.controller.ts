import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser, Roles } from '../core/auth/auth-user';
import { ApiErrors } from '../core/http/api-docs';
import { CreateDictionaryEntryDto, DictionaryQuery, UpdateDictionaryEntryDto } from './dictionaries.dto';
import { DictionaryEntryPage, DictionaryEntryResponse, DictionaryKindsResponse } from './dictionaries.responses';
import { DictionariesService } from './dictionaries.service';
import { DICTIONARY_KINDS } from './dictionary-entry.entity';

@ApiTags('dictionaries')
@ApiBearerAuth()
@Controller('dictionaries')
export class DictionariesController {
  constructor(private readonly dictionaries: DictionariesService) {}

  @Get()
  @ApiOperation({ summary: '字典种类' })
  @ApiOkResponse({ type: DictionaryKindsResponse })
  @ApiErrors(401)
  kinds(): DictionaryKindsResponse {
    return { items: DICTIONARY_KINDS };
  }

  @ApiParam({ name: 'kind', enum: DICTIONARY_KINDS })
  @Get(':kind')
  @ApiOperation({ summary: '字典条目列表' })
  @ApiOkResponse({ type: DictionaryEntryPage })
  @ApiErrors(400, 401)
  list(@Param('kind') kind: string, @Query() q: DictionaryQuery): Promise<DictionaryEntryPage> {
    return this.dictionaries.list(kind, q.includeInactive ?? false);
  }

  @Roles('admin')
  @ApiParam({ name: 'kind', enum: DICTIONARY_KINDS })
  @Post(':kind')
  @ApiOperation({ summary: '新增字典条目', description: '同一字典里代码已存在时答 409。' })
  @ApiCreatedResponse({ type: DictionaryEntryResponse })
  @ApiErrors(400, 401, 403, 409)
  create(@CurrentUser() user: AuthUser, @Param('kind') kind: string, @Body() dto: CreateDictionaryEntryDto): Promise<DictionaryEntryResponse> {
    return this.dictionaries.create(user, kind, dto);
  }

  @Roles('admin')
  @ApiParam({ name: 'kind', enum: DICTIONARY_KINDS })
  @Patch(':kind/:code')
  @ApiOperation({ summary: '修改字典条目', description: '改名称、分组、排序，或停用（旧记录仍保留该代码）。' })
  @ApiOkResponse({ type: DictionaryEntryResponse })
  @ApiErrors(400, 401, 403, 404)
  update(
    @CurrentUser() user: AuthUser,
    @Param('kind') kind: string,
    @Param('code') code: string,
    @Body() dto: UpdateDictionaryEntryDto,
  ): Promise<DictionaryEntryResponse> {
    return this.dictionaries.update(user, kind, code, dto);
  }
}
