import type { INestApplication } from '@nestjs/common';
import Redis from 'ioredis';
import type { AdjustableClock, InMemoryOutbox } from 'nestjs-infobip-2fa';
import { startEmulator, type StartedEmulator } from 'nestjs-infobip-2fa/emulator';
import request, { type Response } from 'supertest';
import type { App } from 'supertest/types';
import { createSampleApp } from '../../sample-app/create-app';
import { holdNextUserLookup } from '../security/support/held-user-lookup';
import { describeWithRedis, startRedisServer, type TestRedisServer } from '../support/redis-server';

const MINUTE = 60_000;
const API_KEY = 'abuse-budgets-on-redis-key';

/** A browser: one cookie, sent to whichever instance it talks to. */
class Browser {
  cookie?: string;

  async send(app: INestApplication, method: 'get' | 'post', path: string, body?: object, form = false) {
    let pending = request(app.getHttpServer() as App)[method](path);
    if (this.cookie) pending = pending.set('Cookie', this.cookie);
    if (form) pending = pending.type('form');
    const res: Response = await (body === undefined ? pending : pending.send(body));
    const set = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('sid='));
    if (set !== undefined) this.cookie = set.endsWith('sid=') ? undefined : set.split(';')[0];
    return res;
  }
}

// Two instances of the sample app sharing one Redis (sessions, counters, accounts) and one PIN
// provider (the emulator, whose clock both follow): a budget, a limit or a sign-out reached
// through one instance holds on the other.
describeWithRedis('abuse budgets across two instances on Redis', () => {
  let redis: TestRedisServer;
  let inspect: Redis;
  let emulator: StartedEmulator;
  let clock: AdjustableClock;
  let a: INestApplication;
  let b: INestApplication;
  let serial = 0;
  const next = (name: string) => {
    serial += 1;
    return {
      username: `r-${name}-${serial}`,
      password: `password-${name}-${serial}`,
      phone: `+4179${String(8_000_000 + serial)}`,
    };
  };
  const latestPin = (phone: string) =>
    (emulator.emulator.engine.outbox as InMemoryOutbox).latest(phone.slice(1))?.pin ?? '';
  const verify = (browser: Browser, app: INestApplication, phone: string) => {
    clock.advance(3_000);
    return browser.send(app, 'post', '/2fa/verify', { pin: latestPin(phone) });
  };
  const registered = async (name: string) => {
    const account = next(name);
    const browser = new Browser();
    expect((await browser.send(a, 'post', '/auth/register', account)).status).toBe(201);
    expect((await verify(browser, b, account.phone)).status).toBe(200);
    return account;
  };

  beforeAll(async () => {
    redis = await startRedisServer();
    inspect = new Redis(redis.url);
    emulator = await startEmulator({ port: 0, host: '127.0.0.1', apiKey: API_KEY });
    clock = emulator.emulator.engine.clock as AdjustableClock;
    const env = {
      TWO_FACTOR_PROVIDER: 'infobip',
      INFOBIP_BASE_URL: emulator.url,
      INFOBIP_API_KEY: API_KEY,
      REDIS_URL: redis.url,
      SESSION_SECRET: 's'.repeat(48),
    };
    a = await createSampleApp(env, { logger: false, clock, printPins: false });
    b = await createSampleApp(env, { logger: false, clock, printPins: false });
  });
  beforeEach(() => clock.advance(25 * 60 * MINUTE));
  afterEach(() => jest.restoreAllMocks());
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await emulator?.close();
    await inspect?.quit();
    await redis?.stop();
  });

  it('1. registrations with the victim’s number through both instances leave the victim’s sign-in whole', async () => {
    const victim = await registered('victim');
    const codes: number[] = [];
    for (const app of [a, b, a, b, a, b]) {
      codes.push(
        (await new Browser().send(app, 'post', '/auth/register', { ...next('squat'), phone: victim.phone }))
          .status,
      );
    }
    expect(codes).toEqual([201, 201, 429, 429, 429, 429]);
    const browser = new Browser();
    expect((await browser.send(b, 'post', '/auth/login', victim)).status).toBe(200);
    expect((await verify(browser, a, victim.phone)).status).toBe(200);
  });

  it('3. password guesses spread over both instances meet one limit', async () => {
    const victim = await registered('guessed');
    const codes: number[] = [];
    for (const app of [a, b, a, b, a, b, a]) {
      codes.push(
        (await new Browser().send(app, 'post', '/auth/login', { ...victim, password: 'guess-password' }))
          .status,
      );
    }
    expect(codes).toEqual([401, 401, 401, 401, 401, 429, 429]);
    clock.advance(15 * MINUTE);
    expect((await new Browser().send(b, 'post', '/auth/login', victim)).status).toBe(200);
  });

  it('5. a sign-out on one instance is final on the other, whatever was in flight there', async () => {
    const victim = await registered('final');
    const browser = new Browser();
    await browser.send(a, 'post', '/auth/login', victim);
    expect((await verify(browser, b, victim.phone)).status).toBe(200);
    const stolen = browser.cookie;
    const page = await browser.send(a, 'get', '/account-page');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
    // Instance A's user database is slow for the next sign-in form...
    const gate = holdNextUserLookup(a);
    const slow = browser.send(
      a,
      'post',
      '/login',
      { _csrf: csrf, username: victim.username, password: 'wrong-one' },
      true,
    );
    await gate.held;
    // ...while the owner signs out through B.
    const owner = new Browser();
    owner.cookie = stolen;
    expect((await owner.send(b, 'post', '/auth/logout')).status).toBe(204);
    gate.release();
    expect((await slow).status).toBe(303);
    for (const app of [a, b]) {
      const thief = new Browser();
      thief.cookie = stolen;
      expect((await thief.send(app, 'get', '/account')).status).toBe(401);
    }
  });

  it('7. an unconfirmed account expires in Redis, and its name is free again on either instance', async () => {
    const squatter = next('squatter');
    expect((await new Browser().send(a, 'post', '/auth/register', squatter)).status).toBe(201);
    clock.advance(16 * MINUTE);
    expect((await new Browser().send(b, 'post', '/auth/login', squatter)).status).toBe(401);
    const owner = { ...next('owner'), username: squatter.username };
    const browser = new Browser();
    expect((await browser.send(b, 'post', '/auth/register', owner)).status).toBe(201);
    expect((await verify(browser, a, owner.phone)).status).toBe(200);
    expect((await new Browser().send(a, 'post', '/auth/login', owner)).status).toBe(200);
    // Confirmed: the account no longer expires, in Redis either.
    const id = await inspect.get(`nestjs-2fa-sample:username:${owner.username}`);
    expect(await inspect.pttl(`nestjs-2fa-sample:user:${id}`)).toBe(-1);
  });

  it('8. anonymous page views through both instances store at most 100 sessions per address', async () => {
    const sessions = async () => (await inspect.keys('nestjs-2fa-sample:sess:*')).length;
    const before = await sessions();
    for (let i = 0; i < 70; i++) {
      expect((await new Browser().send(a, 'get', '/login')).status).toBe(200);
      expect((await new Browser().send(b, 'get', '/login')).status).toBe(200);
    }
    expect((await sessions()) - before).toBeLessThanOrEqual(100);
  });
});
