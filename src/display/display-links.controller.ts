import { Body, Controller, Delete, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser, Roles } from '../core/auth/auth-user';
import { ApiErrors } from '../core/http/api-docs';
import { IdPipe } from '../core/http/id.pipe';
import { CreateDisplayLinkDto } from './display.dto';
import { CreatedDisplayLinkResponse, DisplayLinkPage, DisplayLinkResponse } from './display.responses';
import { DisplayLinksService } from './display-links.service';

@ApiTags('display')
@ApiBearerAuth()
@Roles('admin')
@Controller('display-links')
export class DisplayLinksController {
  constructor(private readonly links: DisplayLinksService) {}

  @Get()
  @ApiOperation({ summary: '大屏链接列表', description: '全部大屏链接，新建的在前；不含密钥。' })
  @ApiOkResponse({ type: DisplayLinkPage })
  @ApiErrors(401, 403)
  list(): Promise<DisplayLinkPage> {
    return this.links.list();
  }

  @Post()
  @ApiOperation({ summary: '新建大屏链接', description: '答复中的密钥和地址只显示这一次，服务器只保存密钥的摘要。' })
  @ApiCreatedResponse({ type: CreatedDisplayLinkResponse })
  @ApiErrors(400, 401, 403)
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateDisplayLinkDto): Promise<CreatedDisplayLinkResponse> {
    return this.links.create(user, dto.name);
  }

  @Delete(':id')
  @ApiOperation({ summary: '撤销大屏链接', description: '撤销后，使用该链接的大屏下次读取数据时答 401；撤销已撤销的链接不再改变什么。' })
  @ApiOkResponse({ type: DisplayLinkResponse })
  @ApiErrors(400, 401, 403, 404)
  revoke(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: number): Promise<DisplayLinkResponse> {
    return this.links.revoke(user, id);
  }
}
