import { InMemoryCounterStore } from '../../storage/in-memory-counter.store';
import { SendLimiter } from './send-limits';
import { TwoFactorException } from '../errors/two-factor.exception';

describe('SendLimiter', () => {
  let store: InMemoryCounterStore;
  const limits = {
    perIp: { count: 3, windowMs: 60_000, spec: '3/1m' },
    perUser: { count: 2, windowMs: 60_000, spec: '2/1m' },
    perDestination: { count: 2, windowMs: 60_000, spec: '2/1m' },
    global: { count: 4, windowMs: 60_000, spec: '4/1m' },
  };
  beforeEach(() => (store = new InMemoryCounterStore()));
  afterEach(() => store.close());

  it('refuses with the limit that is full and the time until its window ends', async () => {
    const limiter = new SendLimiter(store, limits, 'login');
    const send = { destination: '41791234567', userId: 'u1', ip: '192.0.2.1' };
    expect(await limiter.consume(send, 0)).toBeUndefined();
    expect(await limiter.consume(send, 10_000)).toBeUndefined();
    expect(await limiter.consume(send, 20_000)).toEqual({
      limit: 'perUser',
      spec: '2/1m',
      retryAfterMs: 40_000,
    });
    // Another user, from elsewhere, to the same number: the destination's own limit.
    const other = { ...send, userId: 'u2', ip: '192.0.2.2' };
    expect(await limiter.consume(other, 20_000)).toMatchObject({ limit: 'perDestination' });
    // The refused attempt above still spent one of the per-IP hits (3/1m): a refusal costs.
    expect(await limiter.consume(send, 20_000)).toMatchObject({ limit: 'perIp' });
    expect(await limiter.consume(other, 60_000)).toBeUndefined();
  });

  it('checks the client first, so a refused client spends no one else’s budget', async () => {
    const limiter = new SendLimiter(store, limits, 'login');
    for (let i = 0; i < 3; i++) {
      expect(
        await limiter.consume({ destination: `4179123456${i}`, userId: `u${i}`, ip: '192.0.2.1' }, 0),
      ).toBeUndefined();
    }
    const refused = await limiter.consume(
      { destination: '41791234569', userId: 'victim', ip: '192.0.2.1' },
      0,
    );
    expect(refused).toMatchObject({ limit: 'perIp' });
    // The victim's and the global budgets were not touched by the refused attempt.
    expect(
      await limiter.consume({ destination: '41791234569', userId: 'victim', ip: '192.0.2.2' }, 0),
    ).toBeUndefined();
    expect(
      await limiter.consume({ destination: '41791234568', userId: 'x', ip: '192.0.2.3' }, 0),
    ).toMatchObject({
      limit: 'global',
    });
  });

  it('counts an IPv6 client per /64 and skips the per-IP limit without an address', async () => {
    const limiter = new SendLimiter(store, { perIp: limits.perIp }, 'login');
    for (let i = 0; i < 3; i++) {
      expect(
        await limiter.consume({ destination: 'd', userId: 'u', ip: `2001:db8:1:2::${i + 1}` }, 0),
      ).toBeUndefined();
    }
    expect(
      await limiter.consume({ destination: 'd', userId: 'u', ip: '2001:db8:1:2:ffff::9' }, 0),
    ).toMatchObject({
      limit: 'perIp',
    });
    expect(
      await limiter.consume({ destination: 'd', userId: 'u', ip: '2001:db8:1:3::1' }, 0),
    ).toBeUndefined();
    expect(await limiter.consume({ destination: 'd', userId: 'u' }, 0)).toBeUndefined();
  });

  it('counts each purpose on its own: registrations never spend the budgets of sign-in', async () => {
    const registration = new SendLimiter(store, limits, 'registration');
    const login = new SendLimiter(store, limits, 'login');
    const victim = { destination: '41791234567', userId: 'victim', ip: '192.0.2.1' };
    for (let i = 0; i < 2; i++) {
      expect(
        await registration.consume({ ...victim, userId: `squat${i}`, ip: `192.0.2.${10 + i}` }, 0),
      ).toBeUndefined();
    }
    expect(await registration.consume({ ...victim, userId: 'squat9', ip: '192.0.2.99' }, 0)).toMatchObject({
      limit: 'perDestination',
    });
    expect(await login.consume(victim, 0)).toBeUndefined();
  });

  it('counts parallel sends atomically: never more than the limit', async () => {
    const limiter = new SendLimiter(store, { global: limits.global }, 'login');
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => limiter.consume({ destination: `${i}`, userId: `${i}` }, 0)),
    );
    expect(results.filter((r) => r === undefined)).toHaveLength(4);
  });

  it('refuses the send when the store fails (503), never skips the limit', async () => {
    const broken = new InMemoryCounterStore();
    jest.spyOn(broken, 'hit').mockRejectedValue(new Error('connection refused'));
    const limiter = new SendLimiter(broken, limits, 'login');
    const refused = limiter.consume({ destination: 'd', userId: 'u' }, 0);
    await expect(refused).rejects.toBeInstanceOf(TwoFactorException);
    await expect(refused).rejects.toMatchObject({ code: 'provider_unavailable' });
    await broken.close();
  });
});
