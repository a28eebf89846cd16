import { Injectable, Logger } from '@nestjs/common';
import { MailService } from '../mail/mail.service';
import { NotificationClaims, type SendCounts, type SendOutcome, TransientSendFailure } from '../notifications/notification-claims';
import { DISTRICT_SCOPE } from '../core/auth/scope';
import { type UserContact, UsersRepository } from '../users/users.repository';
import { ExcelService, monthlyReportFilename, XLSX_CONTENT_TYPE } from './excel.service';
import { renderMonthlyReport } from './monthly-report-template';
import type { MonthlyRollupView } from './report.types';
import { RollupService } from './rollup.service';

export interface MonthlyReportRunResult extends SendCounts {
  /** `YYYY-MM` */
  period: string;
  /** the rollup revision the e-mails carried */
  revision: number;
}

/**
 * The monthly report e-mail: after a month's rollup, each active leader whose
 * data scope is the whole district (DISTRICT_SCOPE) gets the key figures (against target, 序时进度, 同比, 签约后终止) with the
 * monthly Excel attached, once per (leader, month) however many times the
 * job runs: each message is claimed first (NotificationClaims). The report
 * and its Excel are the district's: a leader whose scope is a team or his own
 * projects gets none of it (as GET /reports/monthly answers him 403), and
 * reads his scope live in the summary.
 */
@Injectable()
export class MonthlyReportMailer {
  private readonly logger = new Logger('Reports');

  constructor(
    private readonly users: UsersRepository,
    private readonly claims: NotificationClaims,
    private readonly rollups: RollupService,
    private readonly excel: ExcelService,
    private readonly mail: MailService,
  ) {}

  /** Sends the stored rollup of the month (404 when there is none). Throws TransientSendFailure when a retry may send what failed. */
  async send(year: number, month: number): Promise<MonthlyReportRunResult> {
    const view = await this.rollups.get(year, month);
    const period = `${year}-${String(month).padStart(2, '0')}`;
    const leaders = await this.users.activeLeaders(DISTRICT_SCOPE);
    const result: MonthlyReportRunResult = {
      period, revision: view.currentRevision, recipients: leaders.length, sent: 0, alreadyDone: 0, skipped: 0, failed: 0, failedPermanently: 0,
    };
    const filename = monthlyReportFilename(year, month);
    let workbook: Promise<Buffer> | undefined;
    // built once, and only when someone is still to receive it
    const attachment = () =>
      (workbook ??= this.excel.monthlyWorkbook(view.current, {
        reported: view.reported, revision: view.currentRevision, reportedAt: view.reportedAt, currentAt: view.currentAt,
      }));
    for (const leader of leaders) {
      result[await this.sendOne(leader, view, period, filename, attachment)]++;
    }
    this.logger.log({ msg: 'monthly report e-mails', ...result });
    if (result.failed > 0) throw new TransientSendFailure(result, 'monthly report e-mail(s)');
    return result;
  }

  private async sendOne(leader: UserContact, view: MonthlyRollupView, period: string, filename: string, attachment: () => Promise<Buffer>): Promise<SendOutcome> {
    const { subject, text, html } = renderMonthlyReport(view, leader.name, filename);
    const summary = {
      period,
      revision: view.currentRevision,
      indicators: view.current.indicators.map((i) => ({ key: i.key, label: i.label, month: i.month, ytd: i.ytd, target: i.target, completionRate: i.completionRate })),
      attachment: filename,
    };
    return this.claims.deliver({
      userId: leader.id, kind: 'monthly_report', periodKey: period, to: leader.email, subject,
      itemCount: view.current.indicators.length, summary, what: 'monthly report',
      send: async (to) =>
        this.mail.send({
          to, subject, text, html, messageId: `<monthly-report-${period}-${leader.id}@zhaoshang>`,
          attachments: [{ filename, content: await attachment(), contentType: XLSX_CONTENT_TYPE }],
        }),
    });
  }
}
