import type { CounterStore } from '../../storage/counter-store.interface';
import { FailClosedCounterStore } from './fail-closed-counter.store';
import type { NormalizedTwoFactorOptions } from '../options/normalized-options.interface';
import { challengeKeys, userKeys } from './counter-keys';
import { TwoFactorException } from '../errors/two-factor.exception';

type CounterOptions = Pick<
  NormalizedTwoFactorOptions,
  'resendCooldownMs' | 'maxResends' | 'maxConsecutiveFailures' | 'failureLockoutMs'
>;

/**
 * The module's security counters, all in the `CounterStore` (never in the
 * session, which a client could replay): resend cooldown and resends per
 * challenge, consecutive failures and lockout per user (across purposes).
 */
export class TwoFactorCounters {
  // A store that fails makes the request fail with 503, never skip a limit.
  private readonly store: CounterStore;

  constructor(
    store: CounterStore,
    private readonly options: CounterOptions,
  ) {
    this.store = new FailClosedCounterStore(store);
  }

  /** Whether resends are possible at all. */
  get resendsAllowed(): boolean {
    return this.options.maxResends > 0;
  }

  /** Starts the cooldown of a challenge's first send; answers when a resend becomes possible. */
  async startCooldown(pinId: string, now: number): Promise<number | undefined> {
    if (!this.resendsAllowed) return undefined;
    await this.store.hit(challengeKeys(pinId).cooldown, this.cooldown(), now);
    return now + this.options.resendCooldownMs;
  }

  /**
   * Counts a resend of a challenge that lives `ttlMs`.
   * @returns resends so far (this one included) and when the next is possible, if any.
   * @throws TwoFactorException `rate_limited` (cooldown, with Retry-After) or `too_many_attempts` (no resend left).
   */
  async consumeResend(
    pinId: string,
    ttlMs: number,
    now: number,
  ): Promise<{ count: number; nextAt?: number }> {
    const { maxResends, resendCooldownMs } = this.options;
    const keys = challengeKeys(pinId);
    const noMore = () =>
      TwoFactorException.create('too_many_attempts', 'No more codes can be sent. Start again.');
    if (maxResends === 0 || ((await this.store.get(keys.resends, now))?.count ?? 0) >= maxResends)
      throw noMore();
    const cooldown = await this.store.hit(keys.cooldown, this.cooldown(), now);
    if (!cooldown.allowed) {
      const wait = (cooldown.resetAt - now) / 1000;
      throw TwoFactorException.create('rate_limited', 'Wait before requesting another code.', wait);
    }
    // The count must outlive the challenge, or a late resend would find a fresh budget.
    const counted = await this.store.hit(
      keys.resends,
      { count: maxResends, windowMs: ttlMs + resendCooldownMs },
      now,
    );
    if (!counted.allowed) throw noMore();
    return counted.count < maxResends
      ? { count: counted.count, nextAt: now + resendCooldownMs }
      : { count: counted.count };
  }

  /** Whether the user is locked out. */
  async isLocked(userId: string, now: number): Promise<boolean> {
    return (await this.store.get(userKeys(userId).lock, now)) !== undefined;
  }

  /** Counts a wrong PIN; answers whether it locked the user out (for `failureLockout`). */
  async recordFailure(userId: string, now: number): Promise<boolean> {
    const { maxConsecutiveFailures: max, failureLockoutMs } = this.options;
    const keys = userKeys(userId);
    const hit = await this.store.hit(keys.failures, { count: max, windowMs: failureLockoutMs }, now);
    if (hit.allowed && hit.count < max) return false;
    await this.store.hit(keys.lock, { count: 1, windowMs: failureLockoutMs }, now);
    await this.store.reset(keys.failures);
    return true;
  }

  /** A success: consecutive failures start over. */
  async recordSuccess(userId: string): Promise<void> {
    await this.store.reset(userKeys(userId).failures);
  }

  private cooldown() {
    return { count: 1, windowMs: this.options.resendCooldownMs };
  }
}
