import { badField, conflict, forbidden, notFound, ruleViolation, staleVersion, unavailable } from '../../core/errors';
import { TransientSendFailure } from '../../notifications/notification-claims';
import { isPermanentFailure, PermanentJobError } from '../jobs';

describe('isPermanentFailure', () => {
  it('is true for a PermanentJobError', () => {
    expect(isPermanentFailure(new PermanentJobError('month "2026-13" is not YYYY-MM'))).toBe(true);
  });

  it.each([
    ['bad input', badField('date', 'bad_date', '日期应为有效日期，格式 YYYY-MM-DD', '2026-02-30')],
    ['a rule violation', ruleViolation('month_not_closed', '该月尚未结束')],
    ['a missing record', notFound('月报', '2026-05')],
    ['a refusal', forbidden('forbidden', '无权执行此操作')],
  ])('is true for a domain error that will recur: %s', (_, err) => {
    expect(isPermanentFailure(err)).toBe(true);
  });

  it.each([
    ['a service that is away', unavailable('queue_unavailable', '任务队列暂不可用')],
    ['a conflict', conflict('duplicate', '已存在相同的记录')],
    ['a stale version', staleVersion('项目', 3, 4)],
    ['mail that a retry may still send', new TransientSendFailure({ recipients: 2, sent: 1, alreadyDone: 0, skipped: 0, failed: 1, failedPermanently: 0 })],
  ])('is false for a domain error a retry may fix: %s', (_, err) => {
    expect(isPermanentFailure(err)).toBe(false);
  });

  it.each([
    ['an Error', new Error('SQLITE_BUSY: database is locked')],
    ['a string', 'boom'],
    ['undefined', undefined],
  ])('is false for anything else: %s', (_, err) => {
    expect(isPermanentFailure(err)).toBe(false);
  });
});
