import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser } from '../core/auth/auth-user';
import { ApiErrors } from '../core/http/api-docs';
import { PersonPage } from './users.responses';
import { UsersService } from './users.service';

/** The people directory: every role reads it (for the owner filter and handovers); account management stays under /users. */
@ApiTags('users')
@ApiBearerAuth()
@Controller('people')
export class PeopleController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({
    summary: '人员名录',
    description: '调用者范围内的在职人员（编号、姓名、团队、角色），用于负责人筛选和项目移交。数据范围为全区的看到所有人；本团队或仅本人范围的看到本团队人员和自己。不含电子邮箱和电话。',
  })
  @ApiOkResponse({ type: PersonPage })
  @ApiErrors(401)
  list(@CurrentUser() user: AuthUser): Promise<PersonPage> {
    return this.users.directory(user);
  }
}
