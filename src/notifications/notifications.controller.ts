import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser } from '../core/auth/auth-user';
import { ApiErrors } from '../core/http/api-docs';
import { NotificationQuery } from './notifications.dto';
import { DigestSummaryResponse, MonthlyReportSummaryResponse, NotificationPage } from './notifications.responses';
import { NotificationsService } from './notifications.service';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  /** The e-mails sent to the caller (and those that failed or were skipped). */
  @Get()
  @ApiOperation({ summary: '我的通知', description: '发给调用者的每日提醒和月报邮件，含发送失败或跳过的。' })
  // The summary is one of two shapes, referenced by oneOf: they must be registered by name.
  @ApiExtraModels(DigestSummaryResponse, MonthlyReportSummaryResponse)
  @ApiOkResponse({ type: NotificationPage })
  @ApiErrors(400, 401)
  list(@CurrentUser() user: AuthUser, @Query() q: NotificationQuery): Promise<NotificationPage> {
    return this.notifications.list(user, q);
  }
}
