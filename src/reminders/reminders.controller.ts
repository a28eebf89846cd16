import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser } from '../core/auth/auth-user';
import { ReminderRulesService } from './reminder-rules.service';

/** Under /notifications beside the e-mails sent (NotificationsController): what the next digest would start from. */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class RemindersController {
  constructor(private readonly rules: ReminderRulesService) {}

  /** The caller's reminders as of today. */
  @Get('reminders')
  reminders(@CurrentUser() user: AuthUser) {
    return this.rules.mine(user.id);
  }
}
