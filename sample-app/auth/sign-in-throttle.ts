import { Logger } from '@nestjs/common';
import type { Request } from 'express';
import { createHash } from 'node:crypto';
import type { CounterLimit, CounterStore, TwoFactorService } from 'nestjs-infobip-2fa';
import { ipLimitSubject, TwoFactorException } from 'nestjs-infobip-2fa/express';
import type { SampleConfig } from '../config/sample-config';
import type { User } from '../users/user';
import type { Credentials } from '../users/user-input';
import type { UsersService } from '../users/users.service';
import { SignInDevices } from './sign-in-device';

/**
 * Password attempts per account (username, known or not) before 429: 5 per 15 minutes; from a
 * browser that signed in to the account before, per account and browser.
 */
export const ACCOUNT_SIGN_IN_LIMIT: Readonly<CounterLimit> = Object.freeze({
  count: 5,
  windowMs: 15 * 60_000,
});
/** Failed password attempts per client address (IPv6 per /64) before 429: 30 per 15 minutes. */
export const ADDRESS_SIGN_IN_LIMIT: Readonly<CounterLimit> = Object.freeze({
  count: 30,
  windowMs: 15 * 60_000,
});
/**
 * Attempts per client address counted in a window at most, failed or not: past it, even an
 * address whose attempts succeed waits for the window's end (an office's shared address signs
 * in ~300 times in 15 minutes before that). Attempts refused by an account's limit count too:
 * an address can also be shut by ~300 such attempts, as by 30 wrong passwords.
 */
const ADDRESS_ATTEMPTS_CAP = 10 * ADDRESS_SIGN_IN_LIMIT.count;

function digest(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 32);
}

/**
 * The password check of both sign-in forms (JSON and pages), limited per account and per client
 * address in the 2FA module's counter store (Redis when the app has it, so the limits hold across
 * instances). Over a limit: 429 `rate_limited` with `Retry-After`, before any password hashing,
 * the same whether or not the account exists.
 *
 * Per account, every attempt is counted up front (parallel guesses can't slip past the limit)
 * and a correct password forgets them, so successful sign-ins never use the limit up. A browser
 * that signed in to the account before ({@link SignInDevices}) counts on its own, so strangers
 * spending the account's budget can't lock the owner out.
 *
 * Per address, only failures count, and parallel attempts can't slip past that limit either:
 * every admitted attempt is counted up front, and each one that ends without a failed password
 * check (a success, a refusal by the account's limit, a failure of the password check itself)
 * is given back as a credit of the same window. An attempt is admitted while the window's
 * attempts stay within the limit plus the credits read before it: a credit is only written once
 * its attempt is known not to have failed, so failures never exceed the limit, however many
 * attempts run at once. A refused attempt is not counted at all (counting it would let a burst
 * of correct sign-ins use the limit up; crediting it afterwards would break the bound).
 */
export class SignInThrottle {
  private readonly logger = new Logger('SignInThrottle');
  private readonly devices: SignInDevices;

  /**
   * @param counters the 2FA module's counter store.
   * @param session the app's session settings (the device cookie is signed with its secret).
   */
  constructor(
    private readonly counters: CounterStore,
    private readonly twoFactor: TwoFactorService,
    private readonly users: UsersService,
    session: SampleConfig['session'],
  ) {
    this.devices = new SignInDevices(session);
  }

  /**
   * The account these credentials open, or undefined for a wrong password or unknown user.
   * @throws TwoFactorException `rate_limited` over a limit, `provider_unavailable` when the counters fail.
   */
  async checkCredentials(req: Request, credentials: Credentials): Promise<User | undefined> {
    const now = this.twoFactor.now();
    const ip = this.twoFactor.clientIp(req);
    const addressKey = ip === undefined ? undefined : `sample:sign-in:ip:${digest(ipLimitSubject(ip))}`;
    const username = credentials.username.toLowerCase();
    const device = this.devices.nonceFor(req, username);
    const accountKey =
      device === undefined
        ? `sample:sign-in:account:${digest(username)}`
        : `sample:sign-in:device:${digest(`${username}:${device}`)}`;
    const giveBack = addressKey === undefined ? undefined : await this.admitAddress(addressKey, now);
    const account = await this.counted(() => this.counters.hit(accountKey, ACCOUNT_SIGN_IN_LIMIT, now));
    if (!account.allowed) {
      await giveBack?.();
      this.refuse(account.resetAt - now);
    }

    let user: User | undefined;
    try {
      user = await this.users.checkCredentials(credentials);
    } catch (error) {
      // No password was found wrong: an outage of the user store spends no one's budget.
      await giveBack?.();
      throw error;
    }
    if (user) {
      await this.counted(() => this.counters.reset(accountKey));
      await giveBack?.();
      if (device === undefined) this.devices.remember(req, username);
    }
    return user;
  }

  /**
   * Counts one attempt from the address (see the class), or refuses it uncounted when the
   * address's failures could pass their limit; returns what gives the attempt back when it does
   * not fail.
   */
  private async admitAddress(addressKey: string, now: number): Promise<() => Promise<void>> {
    const { count: failures, windowMs } = ADDRESS_SIGN_IN_LIMIT;
    // Credits are keyed by the end of the attempts' window, so a new window starts without any.
    const creditKeyOf = (resetAt: number): string => `${addressKey}:credits:${resetAt}`;
    const window = await this.counted(() => this.counters.get(addressKey, now));
    const credits =
      window === undefined
        ? 0
        : ((await this.counted(() => this.counters.get(creditKeyOf(window.resetAt), now)))?.count ?? 0);
    const limit = { count: Math.min(failures + credits, ADDRESS_ATTEMPTS_CAP), windowMs };
    const attempt = await this.counted(() => this.counters.hit(addressKey, limit, now));
    if (!attempt.allowed) this.refuse(attempt.resetAt - now);
    // The window ended between the reads and the count: its credits say nothing of the new one.
    if (attempt.resetAt !== window?.resetAt && attempt.count > failures) this.refuse(attempt.resetAt - now);
    const creditKey = creditKeyOf(attempt.resetAt);
    return async () => {
      // A credit that can't be written only makes the limit stricter: logged, never a failed sign-in.
      await this.counters
        .hit(creditKey, { count: ADDRESS_ATTEMPTS_CAP, windowMs }, now)
        .catch((error: unknown) => this.logStoreFailure(error));
    };
  }

  private refuse(retryAfterMs: number): never {
    throw TwoFactorException.create(
      'rate_limited',
      'Too many sign-in attempts. Try again later.',
      Math.max(1, Math.ceil(retryAfterMs / 1000)),
    );
  }

  // A counter store that fails refuses the sign-in (503): never a check skipped.
  private async counted<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      this.logStoreFailure(error);
      throw TwoFactorException.create('provider_unavailable');
    }
  }

  private logStoreFailure(error: unknown): void {
    this.logger.error(`the counter store failed: ${error instanceof Error ? error.name : typeof error}`);
  }
}
