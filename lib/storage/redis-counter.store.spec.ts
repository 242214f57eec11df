import Redis from 'ioredis';
import { describeWithRedis, startRedisServer, type TestRedisServer } from '../../test/support/redis-server';
import { RedisCounterStore } from './redis-counter.store';

describeWithRedis('RedisCounterStore', () => {
  let server: TestRedisServer;
  let a: Redis;
  let b: Redis;
  let storeA: RedisCounterStore;
  let storeB: RedisCounterStore;
  const now = Date.UTC(2026, 0, 1);

  beforeAll(async () => {
    server = await startRedisServer();
    a = new Redis(server.url, { lazyConnect: false });
    b = new Redis(server.url, { lazyConnect: false });
    storeA = new RedisCounterStore({ client: a, prefix: 'test:' });
    storeB = new RedisCounterStore({ client: b, prefix: 'test:' });
  });

  afterAll(async () => {
    await Promise.all([a.quit(), b.quit()]);
    await server.stop();
  });

  beforeEach(async () => {
    await a.flushall();
  });

  it('admits hits up to the limit in a window, then refuses without counting', async () => {
    const limit = { count: 3, windowMs: 30_000 };
    const hits = [];
    for (let i = 0; i < 5; i++) hits.push(await storeA.hit('k', limit, now + i));
    expect(hits.map((h) => h.allowed)).toEqual([true, true, true, false, false]);
    expect(hits.map((h) => h.count)).toEqual([1, 2, 3, 3, 3]);
    expect(new Set(hits.map((h) => h.resetAt))).toEqual(new Set([now + 30_000]));
  });

  it('opens a new window when the caller clock passes the reset time', async () => {
    const limit = { count: 1, windowMs: 1_000 };
    expect((await storeA.hit('k', limit, now)).allowed).toBe(true);
    expect((await storeA.hit('k', limit, now + 999)).allowed).toBe(false);
    const next = await storeA.hit('k', limit, now + 1_000);
    expect(next).toEqual({ allowed: true, count: 1, resetAt: now + 2_000 });
  });

  it('reads and resets a counter, and answers undefined for a spent window', async () => {
    const limit = { count: 5, windowMs: 10_000 };
    await storeA.hit('k', limit, now);
    await storeA.hit('k', limit, now);
    expect(await storeB.get('k', now + 1)).toEqual({ count: 2, resetAt: now + 10_000 });
    expect(await storeB.get('k', now + 10_000)).toBeUndefined();
    await storeB.reset('k');
    expect(await storeA.get('k', now)).toBeUndefined();
  });

  it('keeps keys apart by prefix and gives every key a TTL', async () => {
    const other = new RedisCounterStore({ client: a, prefix: 'other:' });
    await storeA.hit('k', { count: 1, windowMs: 60_000 }, now);
    expect((await other.hit('k', { count: 1, windowMs: 60_000 }, now)).allowed).toBe(true);
    const ttl = await a.pttl('test:k');
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });

  it('never admits more than the limit under parallel hits from two clients', async () => {
    const limit = { count: 5, windowMs: 60_000 };
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => (i % 2 ? storeA : storeB).hit('shared', limit, now)),
    );
    expect(results.filter((r) => r.allowed)).toHaveLength(5);
    expect((await storeA.get('shared', now))?.count).toBe(5);
  });

  it('rejects (fails closed) while Redis is unreachable, and works again once it is back', async () => {
    const client = new Redis(server.url, { maxRetriesPerRequest: 0, enableOfflineQueue: false });
    const store = new RedisCounterStore({ client, prefix: 'test:' });
    await new Promise<void>((resolve) => client.once('ready', () => resolve()));
    await server.stop();
    await expect(store.hit('k', { count: 1, windowMs: 1_000 }, now)).rejects.toThrow();
    await server.start();
    await new Promise<void>((resolve) => client.once('ready', () => resolve()));
    expect((await store.hit('k', { count: 1, windowMs: 1_000 }, now)).allowed).toBe(true);
    client.disconnect();
  });
});
