import { Logger } from '@nestjs/common';
import { InMemoryCounterStore } from '../../storage/in-memory-counter.store';
import type { CounterStore } from '../../storage/counter-store.interface';
import { FailClosedCounterStore } from './fail-closed-counter.store';
import { TwoFactorException } from '../errors/two-factor.exception';

describe('FailClosedCounterStore', () => {
  let logged: jest.SpyInstance;
  beforeEach(() => {
    logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  const down: CounterStore = {
    hit: () => Promise.reject(new Error("Stream isn't writeable")),
    get: () => Promise.reject(new Error('Command timed out')),
    reset: () => Promise.reject(new Error('Connection is closed.')),
  };

  it('turns every failure of the store into provider_unavailable (503), logged without the key', async () => {
    const store = new FailClosedCounterStore(down);
    const key = '2fa:user:alice:failures';
    for (const call of [
      store.hit(key, { count: 1, windowMs: 1_000 }, 0),
      store.get(key, 0),
      store.reset(key),
    ]) {
      const error = await call.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TwoFactorException);
      expect(error).toMatchObject({ code: 'provider_unavailable', status: 503 });
    }
    expect(logged).toHaveBeenCalledTimes(3);
    expect(logged.mock.calls.flat().join('\n')).not.toContain('alice');
  });

  it('passes answers, and module errors, through unchanged', async () => {
    const inner = new InMemoryCounterStore();
    const store = new FailClosedCounterStore(inner);
    expect(await store.hit('k', { count: 1, windowMs: 1_000 }, 0)).toEqual({
      allowed: true,
      count: 1,
      resetAt: 1_000,
    });
    expect(await store.get('k', 10)).toEqual({ count: 1, resetAt: 1_000 });
    await inner.close();
    const limited = TwoFactorException.create('rate_limited');
    const refusing = new FailClosedCounterStore({ ...down, get: () => Promise.reject(limited) });
    await expect(refusing.get('k', 0)).rejects.toBe(limited);
  });
});
