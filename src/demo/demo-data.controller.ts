import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser, Roles } from '../core/auth/auth-user';
import { ApiErrors } from '../core/http/api-docs';
import { DemoDataRemovalResponse, DemoDataStatusResponse } from './demo-data.responses';
import { DemoDataService } from './demo-data.service';

/** Going live: the demo data's state and its removal, for the admin. */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/demo-data')
export class DemoDataController {
  constructor(private readonly demo: DemoDataService) {}

  @Roles('admin')
  @Get()
  @ApiOperation({ summary: '演示数据状态', description: '是否仍有演示数据、已录入的正式数据，以及不能一键清除的原因。' })
  @ApiOkResponse({ type: DemoDataStatusResponse })
  @ApiErrors(401, 403)
  status(): Promise<DemoDataStatusResponse> {
    return this.demo.status();
  }

  @Roles('admin')
  @Post('remove')
  @HttpCode(200)
  @ApiOperation({
    summary: '清除演示数据',
    description:
      '一次性删除演示数据创建的项目（含跟进、节点、到位资金）、企业、团队、演示账号及其审计记录，并删除据此生成的月报；全部成功或全部不做。' +
      '已录入正式项目或企业时答 409（real_work_exists）；系统管理员仍用默认密码时答 409（default_admin_password）。没有演示数据时什么也不做。',
  })
  @ApiOkResponse({ type: DemoDataRemovalResponse })
  @ApiErrors(401, 403, 409)
  remove(@CurrentUser() user: AuthUser): Promise<DemoDataRemovalResponse> {
    return this.demo.remove(user);
  }
}
