import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser } from '../core/auth/auth-user';
import { ApiErrors } from '../core/http/api-docs';
import { ReminderRulesService } from './reminder-rules.service';
import { RemindersResponse } from './reminders.responses';

/** Under /notifications beside the e-mails sent (NotificationsController): what the next digest would start from. */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class RemindersController {
  constructor(private readonly rules: ReminderRulesService) {}

  /** The caller's reminders as of today. */
  @Get('reminders')
  @ApiOperation({ summary: '我的提醒', description: '截至今天的待办提醒（明天每日提醒的内容由此而来）。' })
  @ApiOkResponse({ type: RemindersResponse })
  @ApiErrors(401)
  reminders(@CurrentUser() user: AuthUser): Promise<RemindersResponse> {
    return this.rules.mine(user.id);
  }
}
