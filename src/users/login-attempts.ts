import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../core/clock';
import { APP_CONFIG, type AppConfig, type LoginLimits } from '../core/config/app-config';
import { tooManyAttempts } from '../core/errors';

/** Failures counted in a window that opens at the first one; when it reaches the limit, the account waits until it closes. */
interface Window {
  failures: number;
  endsAt: number;
}

interface AccountAttempts {
  /** every address together: the looser, shorter limit */
  all?: Window;
  /** per client address: the tight limit */
  byAddress: Map<string, Window>;
}

/** Above this many accounts tracked, closed windows are swept before a new one opens (bounds the memory a flood of e-mails can take). */
const SWEEP_ABOVE = 10_000;

/**
 * Failed logins, counted per account and client address (tight) and per
 * account (looser and shorter, so a stranger elsewhere cannot lock a leader
 * out for long). Successful logins never count; a success clears its own
 * address's failures. Unknown e-mails are counted like accounts, so the
 * answers do not tell which exist.
 *
 * The counters live in this process's memory: each API process counts on its
 * own, and a restart forgets them. That is enough to stop guessing at a
 * scale that matters (LOGIN_MAX_FAILURES per address per LOGIN_LOCK_MINUTES).
 */
@Injectable()
export class LoginAttempts {
  private readonly accounts = new Map<string, AccountAttempts>();
  private readonly limits: LoginLimits;

  constructor(@Inject(APP_CONFIG) config: Pick<AppConfig, 'login'>, private readonly clock: Clock) {
    this.limits = config.login;
  }

  /** 429 `too_many_attempts` while this account may not try from this address; says when to retry. */
  assertMayTry(email: string, address: string): void {
    const wait = this.secondsToWait(email, address);
    if (wait > 0) {
      const minutes = Math.ceil(wait / 60);
      throw tooManyAttempts('too_many_attempts', `登录失败次数过多，请 ${minutes} 分钟后再试，或请系统管理员解除锁定`, wait);
    }
  }

  /** Seconds until this account may try again from this address (0: now). */
  secondsToWait(email: string, address: string): number {
    const a = this.accounts.get(key(email));
    if (!a) return 0;
    const now = this.now();
    const waits = [this.waitOf(a.all, this.limits.maxFailuresPerAccount, now), this.waitOf(a.byAddress.get(address), this.limits.maxFailures, now)];
    return Math.max(...waits);
  }

  recordFailure(email: string, address: string): void {
    const k = key(email);
    if (!this.accounts.has(k) && this.accounts.size >= SWEEP_ABOVE) this.sweep();
    const a = this.accounts.get(k) ?? { byAddress: new Map<string, Window>() };
    this.accounts.set(k, a);
    const now = this.now();
    a.all = bump(a.all, now, this.limits.accountLockSeconds);
    a.byAddress.set(address, bump(a.byAddress.get(address), now, this.limits.lockSeconds));
  }

  /** A success from this address clears that address's failures (not the account's: those may come from elsewhere). */
  recordSuccess(email: string, address: string): void {
    const a = this.accounts.get(key(email));
    if (!a) return;
    a.byAddress.delete(address);
    if (!a.all && !a.byAddress.size) this.accounts.delete(key(email));
  }

  /** An admin's unlock: forgets every failure of the account. Whether it was counting any. */
  unlock(email: string): boolean {
    return this.accounts.delete(key(email));
  }

  private waitOf(w: Window | undefined, limit: number, now: number): number {
    if (!w || w.endsAt <= now || w.failures < limit) return 0;
    return Math.ceil((w.endsAt - now) / 1000);
  }

  private sweep(): void {
    const now = this.now();
    for (const [k, a] of this.accounts) {
      if (a.all && a.all.endsAt <= now) a.all = undefined;
      for (const [addr, w] of a.byAddress) if (w.endsAt <= now) a.byAddress.delete(addr);
      if (!a.all && !a.byAddress.size) this.accounts.delete(k);
    }
  }

  private now(): number {
    return this.clock.now().getTime();
  }
}

function key(email: string): string {
  return email.trim().toLowerCase();
}

function bump(w: Window | undefined, now: number, seconds: number): Window {
  return w && w.endsAt > now ? { failures: w.failures + 1, endsAt: w.endsAt } : { failures: 1, endsAt: now + seconds * 1000 };
}
