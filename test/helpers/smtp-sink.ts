import type { AddressInfo } from 'node:net';
import PostalMime, { type Email } from 'postal-mime';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  /** MAIL FROM */
  from: string;
  /** RCPT TO, lower-cased */
  to: string[];
  raw: Buffer;
}

type SmtpError = Error & { responseCode: number };

function smtpError(code: number, message: string): SmtpError {
  return Object.assign(new Error(message), { responseCode: code });
}

/**
 * A real SMTP peer in the test process (smtp-server on 127.0.0.1, random
 * port, no TLS, no auth): keeps every accepted message, and can refuse a
 * recipient for good (550 at RCPT TO), a message once (451 at DATA), or
 * every message for as long as a test says (451).
 */
export class SmtpSink {
  readonly received: ReceivedMail[] = [];
  /** RCPT TO one of these is answered 550: a permanent failure */
  readonly rejectRecipients = new Set<string>();
  /** a message to one of these is refused once at DATA with 451, then accepted */
  readonly deferOnce = new Set<string>();
  /** recipients whose message was refused with 451, in order */
  readonly deferred: string[] = [];
  /** while set, every message is refused at DATA with 451: a mail server that is down for a while */
  deferAll = false;
  /** how long the server takes to accept a message (a slow peer keeps a run going) */
  acceptDelayMs = 0;
  private server?: SMTPServer;
  port = 0;

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo: (address, _session, callback) => {
        const to = address.address.toLowerCase();
        if (this.rejectRecipients.has(to)) return callback(smtpError(550, `5.1.1 <${to}>: mailbox unavailable`));
        callback();
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const to = session.envelope.rcptTo.map((a) => a.address.toLowerCase());
          if (this.deferAll) {
            this.deferred.push(...to);
            return callback(smtpError(451, '4.3.0 mail system temporarily unavailable'));
          }
          const defer = to.find((a) => this.deferOnce.has(a));
          if (defer) {
            this.deferOnce.delete(defer);
            this.deferred.push(defer);
            return callback(smtpError(451, '4.3.0 try again later'));
          }
          const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
          this.received.push({ from, to, raw: Buffer.concat(chunks) });
          if (this.acceptDelayMs > 0) setTimeout(() => callback(), this.acceptDelayMs);
          else callback();
        });
      },
    });
    this.server.on('error', () => undefined);
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    if (this.server) await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  /** the messages accepted for one recipient */
  to(address: string): ReceivedMail[] {
    return this.received.filter((m) => m.to.includes(address.toLowerCase()));
  }

  reset(): void {
    this.received.length = 0;
    this.deferred.length = 0;
    this.rejectRecipients.clear();
    this.deferOnce.clear();
    this.deferAll = false;
    this.acceptDelayMs = 0;
  }
}

export function parseMail(raw: Buffer | string): Promise<Email> {
  return PostalMime.parse(raw);
}
