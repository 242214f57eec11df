import type { ThrottlerStorage } from '@nestjs/throttler';
import type { Clock } from '../../engine/clock';
import type { CounterStore } from '../../storage/counter-store.interface';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * The default storage of the 2FA controller's throttling: the module's
 * `CounterStore` on the module's clock. Throttling then holds across instances
 * whenever the counters do (a Redis `CounterStore`), and follows the same time
 * as PIN lifetimes and send limits. Fixed windows: a client over the limit waits
 * for its window to end (`blockDuration` is not used).
 */
export class CounterThrottlerStorage implements ThrottlerStorage {
  constructor(
    private readonly store: CounterStore,
    private readonly clock: Clock,
  ) {}

  async increment(
    key: string,
    ttl: number,
    limit: number,
    _blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const now = this.clock.now();
    const hit = await this.store.hit(
      `2fa:throttle:${throttlerName}:${key}`,
      { count: limit, windowMs: ttl },
      now,
    );
    const seconds = Math.max(1, Math.ceil((hit.resetAt - now) / 1000));
    return {
      totalHits: hit.allowed ? hit.count : hit.count + 1,
      timeToExpire: seconds,
      isBlocked: !hit.allowed,
      timeToBlockExpire: hit.allowed ? 0 : seconds,
    };
  }
}

/**
 * The storage of the module's throttling: the `throttlerStorage` option, else a
 * {@link CounterThrottlerStorage} on `store` and `clock`.
 */
export function throttlerStorageFor(
  options: { readonly throttlerStorage?: ThrottlerStorage },
  store: CounterStore,
  clock: Clock,
): ThrottlerStorage {
  return options.throttlerStorage ?? new CounterThrottlerStorage(store, clock);
}
