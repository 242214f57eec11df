import { InMemoryCounterStore } from '../../storage/in-memory-counter.store';
import { TwoFactorCounters } from './two-factor.counters';
import { TwoFactorException } from '../errors/two-factor.exception';

const T0 = Date.UTC(2026, 0, 1);
const options = {
  resendCooldownMs: 30_000,
  maxResends: 2,
  maxConsecutiveFailures: 3,
  failureLockoutMs: 900_000,
};

describe('TwoFactorCounters', () => {
  let store: InMemoryCounterStore;
  let counters: TwoFactorCounters;
  beforeEach(() => {
    store = new InMemoryCounterStore();
    counters = new TwoFactorCounters(store, options);
  });
  afterEach(() => store.close());

  const codeOf = (promise: Promise<unknown>) =>
    promise.then(
      () => 'ok',
      (e: TwoFactorException) => `${e.code}${e.retryAfterSeconds ? ` ${e.retryAfterSeconds}s` : ''}`,
    );

  it('holds resends for the cooldown after the send and each resend, up to maxResends', async () => {
    expect(await counters.startCooldown('pin', T0)).toBe(T0 + 30_000);
    expect(await codeOf(counters.consumeResend('pin', 300_000, T0 + 1_000))).toBe('rate_limited 29s');
    expect(await counters.consumeResend('pin', 300_000, T0 + 30_000)).toEqual({
      count: 1,
      nextAt: T0 + 60_000,
    });
    expect(await codeOf(counters.consumeResend('pin', 300_000, T0 + 59_999))).toBe('rate_limited 1s');
    expect(await counters.consumeResend('pin', 300_000, T0 + 60_000)).toEqual({ count: 2 });
    expect(await codeOf(counters.consumeResend('pin', 300_000, T0 + 90_000))).toBe('too_many_attempts');
    expect(await codeOf(counters.consumeResend('other', 300_000, T0 + 90_000))).toBe('ok');
  });

  it('never resends when maxResends is 0', async () => {
    const none = new TwoFactorCounters(store, { ...options, maxResends: 0 });
    expect(await none.startCooldown('pin', T0)).toBeUndefined();
    expect(await codeOf(none.consumeResend('pin', 300_000, T0 + 60_000))).toBe('too_many_attempts');
  });

  it('locks a user after consecutive failures, for the lockout window', async () => {
    expect(await counters.recordFailure('u', T0)).toBe(false);
    expect(await counters.recordFailure('u', T0 + 1)).toBe(false);
    expect(await counters.isLocked('u', T0 + 2)).toBe(false);
    expect(await counters.recordFailure('u', T0 + 10_000)).toBe(true);
    expect(await counters.isLocked('u', T0 + 10_000 + 899_999)).toBe(true);
    expect(await counters.isLocked('someone else', T0 + 10_000)).toBe(false);
    expect(await counters.isLocked('u', T0 + 10_000 + 900_000)).toBe(false);
    // The lockout starts the count over.
    expect(await counters.recordFailure('u', T0 + 1_000_000)).toBe(false);
  });

  it('a success starts the count over', async () => {
    await counters.recordFailure('u', T0);
    await counters.recordFailure('u', T0);
    await counters.recordSuccess('u');
    expect(await counters.recordFailure('u', T0)).toBe(false);
    expect(await counters.recordFailure('u', T0)).toBe(false);
    expect(await counters.recordFailure('u', T0)).toBe(true);
  });

  it('keeps no pinId or user id in clear in the store keys', async () => {
    const seen: string[] = [];
    const spy = {
      ...store,
      hit: (key: string, ...rest: [never, number]) => (seen.push(key), store.hit(key, ...rest)),
    };
    const watched = new TwoFactorCounters(spy as unknown as InMemoryCounterStore, options);
    await watched.startCooldown('PIN-ID-123', T0);
    await watched.recordFailure('alice@example.com', T0);
    expect(seen.join()).not.toMatch(/PIN-ID-123|alice/);
  });
});
