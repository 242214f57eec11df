import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import Redis from 'ioredis';
import request from 'supertest';
import { redisSessionStore } from '../../sample-app/redis/session-store';
import { type InMemoryOutbox, ManualClock } from '../../lib/engine';
import { describeWithRedis, startRedisServer, type TestRedisServer } from '../support/redis-server';
import { compileRedisTestModule } from '../support/redis-test-module';
import { Browser } from '../support/session-browser';
import { createFastifyApp } from './fastify-app';

interface Instance {
  app: NestFastifyApplication;
  client: Redis;
  outbox: InMemoryOutbox;
}

// Nest on Fastify, two instances sharing sessions (connect-redis under @fastify/session), counters
// and the engine's store in Redis; one ManualClock moves time for both.
describeWithRedis('TwoFactorModule on Fastify, two instances on Redis', () => {
  let redis: TestRedisServer;
  const clock = new ManualClock();
  const opened: Instance[] = [];

  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    for (const { app, client } of opened.splice(0)) {
      await app.close();
      client.disconnect();
    }
    await redis?.stop();
  });

  async function start(): Promise<Instance> {
    const client = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await client.connect();
    const { moduleRef, outbox } = await compileRedisTestModule(client, 'f:', clock, {
      keepSessionFields: ['userId'],
    });
    const app = await createFastifyApp(moduleRef, redisSessionStore(client, 'f:sess:'));
    const instance = { app, client, outbox };
    opened.push(instance);
    return instance;
  }

  it('signs in on one instance, verifies on the other, and a sign-out on either is final', async () => {
    const [a, b] = [await start(), await start()];
    const browser = new Browser();
    const phone = '+41793026731';
    await browser.send(a, 'get', '/2fa/status');
    const beforeLogin = browser.cookie;
    const login = await browser.login(a, 'ann', phone);
    expect(login.status).toBe(200);
    const pending = browser.cookie;
    expect(pending).toBeDefined();
    expect(pending).not.toBe(beforeLogin);
    expect((await browser.send(b, 'get', '/2fa/status')).body.state).toBe('pending');
    expect((await browser.send(b, 'get', '/account')).status).toBe(401);

    const pin = a.outbox.latest(phone)!.pin;
    expect((await browser.send(b, 'post', '/2fa/verify', { pin })).status).toBe(200);
    expect(browser.cookie).not.toBe(pending);
    const account = await browser.send(a, 'get', '/account');
    expect(account.status).toBe(200);
    expect(account.body).toMatchObject({ userId: 'ann', twoFactor: { state: 'verified' } });

    // The pending session's id is worthless after the upgrade (no fixation, no carry-over).
    const stale = new Browser();
    stale.cookie = pending;
    expect((await stale.send(a, 'get', '/account')).status).toBe(401);

    const verified = browser.cookie;
    expect((await browser.send(b, 'post', '/logout')).status).toBe(204);
    const replay = new Browser();
    replay.cookie = verified;
    expect((await replay.send(a, 'get', '/account')).status).toBe(401);
  });

  it('lets only one of two parallel verifications of one PIN upgrade the session', async () => {
    const [a, b] = [await start(), await start()];
    const browser = new Browser();
    const phone = '+41793026732';
    await browser.login(a, 'bob', phone);
    const pin = a.outbox.latest(phone)!.pin;
    const cookie = browser.cookie!;
    const [first, second] = await Promise.all(
      [a, b].map((instance) =>
        request(instance.app.getHttpServer()).post('/2fa/verify').set('Cookie', cookie).send({ pin }),
      ),
    );
    expect([first.status, second.status].filter((status) => status === 200)).toHaveLength(1);
  });
});
