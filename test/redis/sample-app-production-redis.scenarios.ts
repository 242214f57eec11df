import Redis from 'ioredis';
import request from 'supertest';
import type { SampleRedis } from '../../sample-app/redis/sample-redis';
import { SAMPLE_REDIS } from '../../sample-app/redis/sample-redis.module';
import { createSampleServer, type SampleServer } from '../../sample-app/sample-server';
import { describeWithRedis, startRedisServer, type TestRedisServer } from '../support/redis-server';
import { signedSessionId } from '../support/signed-session-id';

/**
 * NODE_ENV=production with REDIS_URL, on a Nest platform: starts without any store given in code,
 * keeps every piece of state in Redis under REDIS_PREFIX, and closes its connection when it shuts down.
 */
export function describeProductionOnRedis(platform: 'nest-express' | 'nest-fastify'): void {
  const on = platform === 'nest-express' ? '' : ` (${platform})`;
  // A signed session id: express-session's `s:<id>.<signature>`, @fastify/session's `<id>.<signature>`.
  const signedValue = platform === 'nest-express' ? /^__Host-sid=s%3A/ : /^__Host-sid=[\w-]{32}\./;
  describeWithRedis(`sample app in production on Redis${on}`, () => {
    let redis: TestRedisServer;
    let inspect: Redis;
    let app: SampleServer;
    let consoleLog: jest.SpyInstance;
    const https = { 'X-Forwarded-Proto': 'https' };

    beforeAll(async () => {
      redis = await startRedisServer();
      inspect = new Redis(redis.url);
      consoleLog = jest.spyOn(console, 'log');
      app = await createSampleServer(
        {
          SAMPLE_PLATFORM: platform,
          NODE_ENV: 'production',
          SESSION_SECRET: 's'.repeat(48),
          REDIS_URL: redis.url,
          REDIS_PREFIX: 'shop:',
          ENGINE_SECRET: 'e'.repeat(48),
        },
        { logger: false },
      );
    });

    afterAll(async () => {
      await app?.close();
      consoleLog.mockRestore();
      await inspect?.quit();
      await redis?.stop();
    });

    it('keeps sessions, accounts, counters and PINs in Redis, each key under the prefix', async () => {
      const server = app.server;
      const account = { username: 'prod', password: 'production-password', phone: '+41791234321' };
      const registered = await request(server).post('/auth/register').set(https).send(account);
      expect(registered.status).toBe(201);
      const cookie = String(registered.headers['set-cookie']).split(';')[0];
      expect(cookie).toMatch(signedValue);

      const pin = app.outbox!.latest(account.phone)!.pin;
      expect(consoleLog.mock.calls.flat().join('\n')).not.toContain(pin);
      const verified = await request(server)
        .post('/2fa/verify')
        .set({ ...https, Cookie: cookie })
        .send({ pin });
      expect(verified.status).toBe(200);
      const full = String(verified.headers['set-cookie']).split(';')[0];
      const me = await request(server)
        .get('/account')
        .set({ ...https, Cookie: full });
      expect(me.body).toEqual({ username: 'prod', phone: '+*******4321', recoveryCodesLeft: 0 });

      const keys = await inspect.keys('*');
      expect(keys.filter((key) => !key.startsWith('shop:') && !key.startsWith('{shop:'))).toEqual([]);
      const kinds = (name: string) => keys.filter((key) => key.startsWith(`shop:${name}`));
      const sid = signedSessionId(decodeURIComponent(full.split('=')[1]));
      expect(kinds('sess:')).toEqual([`shop:sess:${sid}`]); // the pending session was replaced
      expect(await inspect.ttl(`shop:sess:${sid}`)).toBeGreaterThan(25 * 60);
      expect(kinds('user:')).toHaveLength(1);
      // The engine's PIN sits under its destination's hash tag, found through its reference.
      expect(keys.filter((key) => /^shop:engine:\{[^}]+\}:pin:/.test(key)).length).toBeGreaterThanOrEqual(1);
      expect(kinds('engine:ref:').length).toBeGreaterThanOrEqual(1);
      expect(kinds('counter:').length).toBeGreaterThanOrEqual(1);
      // Accounts, and the engine's applications and templates, are kept; everything else expires.
      const kept = /^shop:(user:|username:|engine:\{(apps|tpl:))/;
      const expiring = keys.filter((key) => !kept.test(key));
      expect(expiring.length).toBeGreaterThan(5);
      const ttls = await Promise.all(expiring.map(async (key) => [key, await inspect.pttl(key)] as const));
      expect(ttls.filter(([, ttl]) => ttl <= 0)).toEqual([]);
    });

    it('closes its Redis connection when the app closes', async () => {
      const { client } = app.nestApp!.get<SampleRedis>(SAMPLE_REDIS);
      expect(client.status).toBe('ready');
      const ended = new Promise((resolve) => client.once('end', resolve));
      await app.close();
      await ended;
      expect(client.status).toBe('end');
    });
  });
}
