import { Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { MailError } from '../../mail/mail.service';
import { CLAIM_LEASE_MS, mayTakeOver, NotificationClaims } from '../notification-claims';
import type { Notification, NotificationKind } from '../notification.entity';
import type { ClaimFields, NotificationsRepository, Outcome } from '../notifications.repository';
import { immediateUnitOfWork } from '../../../test/helpers/unit';

type Row = Pick<Notification, 'id' | 'userId' | 'kind' | 'periodKey' | 'status' | 'attempts' | 'claimedAt' | 'permanent' | 'error' | 'messageId' | 'toAddress'>;

/** The notifications table in memory, with its unique (user, kind, period) key. */
class FakeNotifications {
  readonly rows: Row[] = [];

  async findForPeriod(userId: number, kind: NotificationKind, periodKey: string) {
    return (this.rows.find((r) => r.userId === userId && r.kind === kind && r.periodKey === periodKey) ?? null) as Notification | null;
  }

  async insertClaim(_em: EntityManager, key: { userId: number; kind: NotificationKind; periodKey: string }, fields: ClaimFields, claimedAt: number) {
    const id = this.rows.length + 1;
    this.rows.push({ id, ...key, status: 'sending', attempts: 1, claimedAt, permanent: false, error: null, messageId: null, toAddress: fields.toAddress ?? null });
    return id;
  }

  async reclaim(_em: EntityManager, seen: Pick<Notification, 'id' | 'status' | 'claimedAt'>, _fields: ClaimFields, claimedAt: number) {
    const row = this.rows[seen.id - 1];
    if (row.status !== seen.status || row.claimedAt !== seen.claimedAt) return false;
    Object.assign(row, { status: 'sending', claimedAt, attempts: row.attempts + 1 });
    return true;
  }

  async finish(_em: EntityManager, id: number, outcome: Outcome) {
    Object.assign(this.rows[id - 1], outcome, { claimedAt: null });
  }

  async unfinished(kind: NotificationKind, period: { is: string } | { before: string }) {
    const inPeriod = (r: Row) => ('is' in period ? r.periodKey === period.is : r.periodKey < period.before);
    return this.rows.filter((r) => r.kind === kind && (r.status === 'failed' || r.status === 'sending') && inPeriod(r)) as Notification[];
  }

  async markMissed(_em: EntityManager, seen: Pick<Notification, 'id' | 'status' | 'claimedAt'>, error: string) {
    const row = this.rows[seen.id - 1];
    if (row.status !== seen.status || row.claimedAt !== seen.claimedAt) return false;
    Object.assign(row, { status: 'missed', claimedAt: null, error });
    return true;
  }
}

function setup() {
  const table = new FakeNotifications();
  const claims = new NotificationClaims(table as unknown as NotificationsRepository, immediateUnitOfWork());
  const sent: string[] = [];
  const message = (to: string | null, send?: (to: string) => Promise<{ messageId: string; via: string }>) => ({
    userId: 7, kind: 'daily_digest' as const, periodKey: '2026-06-16', to, subject: '【招商通】每日提醒', itemCount: 2, summary: {}, what: 'digest',
    send: send ?? (async (addr: string) => (sent.push(addr), { messageId: '<m1@zhaoshang>', via: 'smtp' })),
  });
  return { table, claims, sent, message };
}

describe(NotificationClaims.name, () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('sends once and records it sent; a second delivery of the same period finds it done', async () => {
    const { table, claims, sent, message } = setup();
    expect(await claims.deliver(message('a@example.cn'))).toBe('sent');
    expect(await claims.deliver(message('a@example.cn'))).toBe('alreadyDone');
    expect(sent).toEqual(['a@example.cn']);
    expect(table.rows).toEqual([expect.objectContaining({ status: 'sent', attempts: 1, messageId: '<m1@zhaoshang>', claimedAt: null })]);
  });

  it('skips an address that cannot receive mail, saying so in Chinese', async () => {
    const { table, claims, sent, message } = setup();
    expect(await claims.deliver(message('not-an-address'))).toBe('skipped');
    expect(sent).toEqual([]);
    expect(table.rows[0]).toMatchObject({ status: 'skipped', error: '邮箱地址无效（not-an-address），未发送' });
  });

  it('skips a person without an address', async () => {
    const { table, claims, message } = setup();
    expect(await claims.deliver(message(null))).toBe('skipped');
    expect(table.rows[0].error).toBe('未设置邮箱地址，未发送');
  });

  it("records a refusal for good (5xx) as permanent and never sends that period again", async () => {
    const { table, claims, sent, message } = setup();
    const refused = message('a@example.cn', async () => {
      throw new MailError('EENVELOPE: 550 mailbox unavailable', true);
    });
    expect(await claims.deliver(refused)).toBe('failedPermanently');
    expect(table.rows[0]).toMatchObject({ status: 'failed', permanent: true, error: '邮件服务器拒收，不再重试：EENVELOPE: 550 mailbox unavailable' });
    expect(await claims.deliver(message('a@example.cn'))).toBe('alreadyDone');
    expect(sent).toEqual([]);
  });

  it('takes over a failure a retry may fix, counting the attempt', async () => {
    const { table, claims, sent, message } = setup();
    const deferred = message('a@example.cn', async () => {
      throw new MailError('451 try again later', false);
    });
    expect(await claims.deliver(deferred)).toBe('failed');
    expect(table.rows[0].error).toBe('发送失败，任务重试时再发：451 try again later');
    expect(await claims.deliver(message('a@example.cn'))).toBe('sent');
    expect(sent).toEqual(['a@example.cn']);
    expect(table.rows[0]).toMatchObject({ status: 'sent', attempts: 2 });
  });

  describe('a day that ends unsent', () => {
    /** one row per case, for user 1, 2, 3 … */
    function rows(table: FakeNotifications, list: Partial<Row>[]) {
      list.forEach((r, i) => table.rows.push({
        id: i + 1, userId: i + 1, kind: 'daily_digest', periodKey: '2026-06-16', status: 'failed', attempts: 3, claimedAt: null, permanent: false,
        error: 'x', messageId: null, toAddress: 'a@example.cn', ...r,
      }));
    }

    it("retries the day's failures a retry may fix and abandoned claims, nothing else", async () => {
      const { table, claims } = setup();
      rows(table, [
        {}, { permanent: true }, { status: 'sent' }, { status: 'skipped' }, { status: 'sending', claimedAt: Date.now() },
        { status: 'sending', claimedAt: Date.now() - CLAIM_LEASE_MS - 1000 }, { periodKey: '2026-06-15' }, { kind: 'monthly_report', periodKey: '2026-05' },
      ]);
      expect(await claims.retryable('daily_digest', '2026-06-16')).toEqual([1, 6]);
    });

    it('records the earlier days still unsent as missed, once; a permanent failure, a sent message and today stay as they are', async () => {
      const { table, claims } = setup();
      rows(table, [
        { periodKey: '2026-06-15' }, { periodKey: '2026-06-14', status: 'sending', claimedAt: Date.now() - CLAIM_LEASE_MS - 1000 },
        { periodKey: '2026-06-15', permanent: true }, { periodKey: '2026-06-15', status: 'sent' }, { periodKey: '2026-06-15', status: 'sending', claimedAt: Date.now() },
        {},
      ]);
      expect(await claims.recordMissed('daily_digest', '2026-06-16', '当天未能发出')).toBe(2);
      expect(table.rows.map((r) => r.status)).toEqual(['missed', 'missed', 'failed', 'sent', 'sending', 'failed']);
      expect(table.rows[0]).toMatchObject({ error: '当天未能发出', claimedAt: null });
      expect(await claims.recordMissed('daily_digest', '2026-06-16', '当天未能发出')).toBe(0);
      // a missed message is never taken over: not sent late
      expect(mayTakeOver(table.rows[0], Date.now())).toBe(false);
    });
  });

  describe('mayTakeOver', () => {
    const now = 1_800_000_000_000;
    it.each([
      ['a retryable failure', true, { status: 'failed', permanent: false, claimedAt: null }],
      ['a permanent failure', false, { status: 'failed', permanent: true, claimedAt: null }],
      ['a claim older than the lease', true, { status: 'sending', permanent: false, claimedAt: now - CLAIM_LEASE_MS - 1 }],
      ['a claim within the lease', false, { status: 'sending', permanent: false, claimedAt: now - CLAIM_LEASE_MS }],
      ['a message sent', false, { status: 'sent', permanent: false, claimedAt: null }],
      ['a message skipped', false, { status: 'skipped', permanent: false, claimedAt: null }],
    ] as const)('%s may be taken over: %s', (_, expected, row) => {
      expect(mayTakeOver(row, now)).toBe(expected);
    });
  });
});
