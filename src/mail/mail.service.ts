import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import nodemailer, { type Transporter, type TransportOptions } from 'nodemailer';
import { APP_CONFIG, type AppConfig } from '../core/config/app-config';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** a stable Message-ID, so that a receiving server can tell a resend */
  messageId?: string;
  /** files sent with the message (a non-ASCII filename is encoded by nodemailer, RFC 2231) */
  attachments?: MailAttachment[];
}

export interface MailAttachment {
  filename: string;
  content: Buffer;
  contentType?: string;
}

export interface SentMail {
  messageId: string;
  /** where it went: smtp, or the .eml file */
  via: string;
}

/** A send that failed; `permanent` when the server refused for good (5xx): do not retry. */
export class MailError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'MailError';
  }
}

const EMAIL_RE = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/;

export function isDeliverableAddress(address: string | null | undefined): address is string {
  return !!address && address.length <= 254 && EMAIL_RE.test(address);
}

/**
 * E-mail out. SMTP_URL smtp:// or smtps:// sends through that server (pooled
 * in production); without it each message is written as an .eml file under
 * var/outbox/ (or SMTP_URL=file:<dir>) and logged, so that a laptop install
 * shows what would have gone out.
 */
@Injectable()
export class MailService implements OnModuleDestroy {
  private readonly logger = new Logger('Mail');
  private readonly transport: Transporter;
  private readonly mode: 'smtp' | 'outbox' | 'stream';

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    const url = config.smtpUrl;
    if (url && /^smtps?:/.test(url)) {
      this.mode = 'smtp';
      this.transport = nodemailer.createTransport({
        url,
        pool: config.env === 'production',
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 30_000,
      } as TransportOptions);
    } else {
      this.mode = url === 'stream:' ? 'stream' : 'outbox';
      this.transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
    }
  }

  describe(): string {
    return this.mode === 'smtp' ? 'SMTP' : this.mode === 'outbox' ? `outbox ${this.config.jobs.outboxDir}` : 'log only';
  }

  async send(mail: OutgoingMail): Promise<SentMail> {
    try {
      const info = await this.transport.sendMail({
        from: this.config.jobs.mailFrom,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: mail.messageId,
        attachments: mail.attachments?.map((a) => ({ filename: a.filename, content: a.content, contentType: a.contentType })),
        headers: { 'Content-Language': 'zh-CN' },
      });
      if (this.mode === 'smtp') return { messageId: info.messageId, via: 'smtp' };
      const raw = (info as unknown as { message: Buffer }).message;
      if (this.mode === 'stream') {
        this.logger.log({ msg: 'mail (log only)', to: mail.to, subject: mail.subject, bytes: raw.length });
        return { messageId: info.messageId, via: 'log' };
      }
      const dir = resolve(this.config.jobs.outboxDir);
      mkdirSync(dir, { recursive: true });
      const file = join(dir, `${Date.now()}-${mail.to.replace(/[^A-Za-z0-9@._-]/g, '_')}.eml`);
      writeFileSync(file, raw);
      this.logger.log({ msg: 'mail written to the outbox', to: mail.to, subject: mail.subject, file });
      return { messageId: info.messageId, via: file };
    } catch (err) {
      const e = err as { message?: string; responseCode?: number; permanent?: boolean; code?: string };
      const permanent = e.permanent === true || (typeof e.responseCode === 'number' && e.responseCode >= 500);
      throw new MailError(`${e.code ? e.code + ': ' : ''}${e.message ?? String(err)}`, permanent);
    }
  }

  onModuleDestroy(): void {
    this.transport.close();
  }
}
