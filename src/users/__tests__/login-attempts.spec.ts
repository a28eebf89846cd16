import { FixedClock } from '../../core/clock';
import { refusal } from '../../../test/helpers/unit';
import { LoginAttempts } from '../login-attempts';

const LIMITS = { maxFailures: 3, lockSeconds: 900, maxFailuresPerAccount: 5, accountLockSeconds: 300 };

function setup() {
  const clock = new FixedClock('2026-06-15T02:00:00Z');
  return { clock, attempts: new LoginAttempts({ login: LIMITS }, clock) };
}

const failTimes = (a: LoginAttempts, email: string, address: string, n: number) => {
  for (let i = 0; i < n; i++) a.recordFailure(email, address);
};

describe(LoginAttempts.name, () => {
  it('lets an account try until its failures from one address reach the limit, then says when to retry', async () => {
    const { attempts } = setup();
    failTimes(attempts, 'li@test.local', '10.0.0.1', 2);
    expect(() => attempts.assertMayTry('li@test.local', '10.0.0.1')).not.toThrow();
    attempts.recordFailure('li@test.local', '10.0.0.1');
    const err = await refusal(async () => attempts.assertMayTry('LI@test.local', '10.0.0.1'));
    expect({ kind: err.kind, code: err.code, retryAfter: err.extra.retryAfter }).toEqual({ kind: 'too_many', code: 'too_many_attempts', retryAfter: 900 });
    expect(err.message).toContain('15 分钟后再试');
  });

  it('keeps other addresses open under the tight limit, and other accounts from the same address', () => {
    const { attempts } = setup();
    failTimes(attempts, 'li@test.local', '10.0.0.1', 3);
    expect(attempts.secondsToWait('li@test.local', '10.0.0.2')).toBe(0);
    expect(attempts.secondsToWait('wang@test.local', '10.0.0.1')).toBe(0);
  });

  it('stops every address once the account’s failures from anywhere reach the looser limit, for a shorter time', () => {
    const { attempts } = setup();
    for (const address of ['1.1.1.1', '2.2.2.2', '3.3.3.3', '4.4.4.4', '5.5.5.5']) attempts.recordFailure('leader@test.local', address);
    expect(attempts.secondsToWait('leader@test.local', '10.9.9.9')).toBe(300);
  });

  it('opens again when the window ends', () => {
    const { attempts, clock } = setup();
    failTimes(attempts, 'li@test.local', '10.0.0.1', 3);
    clock.set('2026-06-15T02:14:00Z');
    expect(attempts.secondsToWait('li@test.local', '10.0.0.1')).toBe(60);
    clock.set('2026-06-15T02:15:00Z');
    expect(attempts.secondsToWait('li@test.local', '10.0.0.1')).toBe(0);
  });

  it('never counts successes, and a success clears its own address’s failures', () => {
    const { attempts } = setup();
    for (let i = 0; i < 50; i++) attempts.recordSuccess('li@test.local', '10.0.0.1');
    expect(attempts.secondsToWait('li@test.local', '10.0.0.1')).toBe(0);
    failTimes(attempts, 'li@test.local', '10.0.0.1', 2);
    attempts.recordSuccess('li@test.local', '10.0.0.1');
    failTimes(attempts, 'li@test.local', '10.0.0.1', 2);
    expect(attempts.secondsToWait('li@test.local', '10.0.0.1')).toBe(0);
  });

  it('forgets every failure of an account on unlock', () => {
    const { attempts } = setup();
    failTimes(attempts, 'li@test.local', '10.0.0.1', 5);
    expect(attempts.unlock('Li@Test.local')).toBe(true);
    expect(attempts.secondsToWait('li@test.local', '10.0.0.1')).toBe(0);
    expect(attempts.unlock('li@test.local')).toBe(false);
  });
});
