import Redis, { type Cluster } from 'ioredis';
import { describeWithRedis, startRedisServer, type TestRedisServer } from '../../test/support/redis-server';
import { startRedisSentinel, type TestRedisSentinel } from '../../test/support/redis-sentinel';
import { describeOnEachRedis } from '../../test/support/redis-topologies';
import { RedisCounterStore } from './redis-counter.store';
import { ReplicaConfirmationError } from './redis/replica-confirmation';

const now = Date.UTC(2026, 0, 1);

describeOnEachRedis('RedisCounterStore', (redis) => {
  let a: Redis | Cluster;
  let b: Redis | Cluster;
  let storeA: RedisCounterStore;
  let storeB: RedisCounterStore;

  beforeAll(() => {
    a = redis().client();
    b = redis().client();
    storeA = new RedisCounterStore({ client: a, prefix: 'test:' });
    storeB = new RedisCounterStore({ client: b, prefix: 'test:' });
  });

  afterAll(() => {
    a.disconnect();
    b.disconnect();
  });

  beforeEach(async () => {
    await redis().flush();
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

  it('never admits more than the limit under parallel hits from two clients, on many keys', async () => {
    const limit = { count: 5, windowMs: 60_000 };
    const keys = Array.from({ length: 8 }, (_, i) => `user:${i}`);
    const results = await Promise.all(
      Array.from({ length: 400 }, (_, i) =>
        (i % 2 ? storeA : storeB).hit(keys[i % keys.length], limit, now).then((hit) => ({ hit, i })),
      ),
    );
    for (const key of keys) {
      const admitted = results.filter(({ hit, i }) => hit.allowed && keys[i % keys.length] === key);
      expect(admitted).toHaveLength(5);
      expect((await storeA.get(key, now))?.count).toBe(5);
    }
  });
});

describeWithRedis('RedisCounterStore on one server', () => {
  let server: TestRedisServer;

  beforeAll(async () => {
    server = await startRedisServer();
  });

  afterAll(async () => {
    await server.stop();
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

  it('fails closed when confirmation by a replica is required and the server has none', async () => {
    const client = new Redis(server.url);
    const store = new RedisCounterStore({
      client,
      prefix: 'test:',
      confirmWrites: { replicas: 1, timeoutMs: 20 },
    });
    await expect(store.hit('k', { count: 1, windowMs: 1_000 }, now)).rejects.toThrow(
      ReplicaConfirmationError,
    );
    client.disconnect();
  });

  it('refuses malformed confirmation options at construction, naming the option', () => {
    const client = new Redis(server.url, { lazyConnect: true });
    expect(() => new RedisCounterStore({ client, confirmWrites: { replicas: -1 } })).toThrow(
      /options\.confirmWrites\.replicas must be/,
    );
    expect(() => new RedisCounterStore({ client, confirmWrites: { timeoutMs: 0 } })).toThrow(
      /options\.confirmWrites\.timeoutMs must be/,
    );
    client.disconnect();
  });
});

describeWithRedis('RedisCounterStore behind Sentinel, with a replica', () => {
  let sentinel: TestRedisSentinel;

  beforeAll(async () => {
    sentinel = await startRedisSentinel();
  });

  afterAll(async () => {
    await sentinel.stop();
  });

  it('counts a hit only once the replica confirmed it, and fails closed while it is away', async () => {
    const client = sentinel.client();
    const store = new RedisCounterStore({ client, prefix: 'test:', confirmWrites: { timeoutMs: 200 } });
    const limit = { count: 10, windowMs: 60_000 };
    expect(await store.hit('k', limit, now)).toMatchObject({ allowed: true, count: 1 });

    const replica = sentinel.servers[1];
    await replica.stop();
    await expect(store.hit('k', limit, now)).rejects.toThrow(ReplicaConfirmationError);

    await replica.start();
    await sentinel.waitForReplica();
    // The refused hit reached the primary: it counts (more counted never means more allowed).
    expect(await store.hit('k', limit, now)).toMatchObject({ allowed: true, count: 3 });
    client.disconnect();
  });
});
