import Redis from 'ioredis';
import { describeWithRedis, startRedisServer, type TestRedisServer } from '../../test/support/redis-server';
import { recoveryCodeStoreSuite, rememberedDeviceStoreSuite } from './testing/account-recovery-stores.suite';
import { RedisRecoveryCodeStore } from './redis-recovery-code.store';
import { RedisRememberedDeviceStore } from './redis-remembered-device.store';

describeWithRedis('Redis stores of recovery codes and remembered devices', () => {
  let server: TestRedisServer;
  // Two clients: each store's operations race across connections, as on two instances.
  let a: Redis;
  let b: Redis;
  let turn = 0;
  const client = () => (turn++ % 2 ? a : b);

  beforeAll(async () => {
    server = await startRedisServer();
    a = new Redis(server.url);
    b = new Redis(server.url);
  });
  afterAll(async () => {
    await Promise.all([a.quit(), b.quit()]);
    await server.stop();
  });
  beforeEach(() => a.flushall());

  describe('RedisRecoveryCodeStore', () => {
    recoveryCodeStoreSuite(() => new RedisRecoveryCodeStore({ client: client() }));

    it('keeps each user under one hash tag, as Redis Cluster needs', async () => {
      await new RedisRecoveryCodeStore({ client: a, prefix: 'app:' }).replace('k1', ['x']);
      expect(await a.keys('*')).toEqual(['app:rc:{k1}']);
    });
  });

  describe('RedisRememberedDeviceStore', () => {
    rememberedDeviceStoreSuite(() => new RedisRememberedDeviceStore({ client: client() }));

    it('keeps each user under one hash tag and lets Redis drop it after the last expiry', async () => {
      const now = Date.UTC(2026, 0, 1);
      await new RedisRememberedDeviceStore({ client: a }).add('k1', 'dev', now + 60_000, now);
      expect(await a.keys('*')).toEqual(['2fa:dev:{k1}']);
      const ttl = await a.pttl('2fa:dev:{k1}');
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(60_000);
    });
  });
});
