import type { INestApplication } from '@nestjs/common';
import session, { MemoryStore } from 'express-session';
import Redis from 'ioredis';
import request from 'supertest';
import { RedisThrottlerStorage } from '../../sample-app/redis/redis-throttler.storage';
import { ManualClock } from '../../lib/engine/clock';
import type { InMemoryOutbox } from '../../lib/engine/in-memory.outbox';
import { TwoFactorService, type TwoFactorModuleOptions } from '../../lib/module';
import { RedisCounterStore } from '../../lib/storage/redis-counter.store';
import { RedisRecoveryCodeStore } from '../../lib/storage/redis-recovery-code.store';
import { RedisRememberedDeviceStore } from '../../lib/storage/redis-remembered-device.store';
import { nextEvent, PASSWORD } from '../module/two-factor-test-app';
import { describeWithRedis, startRedisServer, type TestRedisServer } from '../support/redis-server';
import { compileRedisTestModule, SHARED_ENGINE_SECRET } from '../support/redis-test-module';
import { Browser } from '../support/session-browser';

/** An application instance: its own Redis client, engine and outbox; Redis and the clock are shared. */
interface Instance {
  app: INestApplication;
  client: Redis;
  outbox: InMemoryOutbox;
}

const outcome = (res: request.Response): string => `${res.status} ${res.body.code ?? ''}`.trim();
const wrong = (pin: string): string => String((Number(pin) + 1) % 1_000_000).padStart(6, '0');

// The module's local-provider flow with everything on Redis (engine state, counters, throttling),
// as two application instances in one process: the shared ManualClock moves time for both.
describeWithRedis('TwoFactorModule on Redis, two instances', () => {
  let redis: TestRedisServer;
  const clock = new ManualClock();
  const opened: Instance[] = [];
  let prefixes = 0;
  let phones = 0;
  const newPhone = (): string => `+41793${String(1_000_000 + phones++).slice(1)}`;

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

  /**
   * Two instances with the same options, key prefix, sessions and engine secret; `options` may
   * depend on the instance's client and the pair's key prefix.
   */
  async function pair(
    options:
      | Partial<TwoFactorModuleOptions>
      | ((client: Redis, prefix: string) => Partial<TwoFactorModuleOptions>) = {},
  ): Promise<[Instance, Instance]> {
    const prefix = `m${++prefixes}:`;
    const sessions = new MemoryStore();
    const start = async (): Promise<Instance> => {
      // Fail fast while Redis is down (no offline queue), reconnect by itself.
      const client = new Redis(redis.url, {
        lazyConnect: true,
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
        retryStrategy: () => 50,
      });
      await client.connect();
      const { moduleRef, outbox } = await compileRedisTestModule(
        client,
        prefix,
        clock,
        typeof options === 'function' ? options(client, prefix) : options,
      );
      const app = moduleRef.createNestApplication({ logger: false });
      app.use(
        session({ store: sessions, secret: 'test', resave: false, saveUninitialized: false, name: 'sid' }),
      );
      await app.init();
      const instance = { app, client, outbox };
      opened.push(instance);
      return instance;
    };
    const a = await start();
    return [a, await start()];
  }

  it('shares the attempts of a PIN: wrong PINs on A and B use them up, then the right one fails', async () => {
    const [a, b] = await pair();
    const browser = new Browser();
    const phone = newPhone();
    expect((await browser.login(a, 'ann', phone)).status).toBe(200);
    const pin = a.outbox.latest(phone)!.pin;
    expect(b.outbox.latest(phone)).toBeUndefined();

    const outcomes: string[] = [];
    for (const instance of [b, a, b, a, b]) {
      outcomes.push(outcome(await browser.verify(instance, wrong(pin))));
      clock.advance(3_000); // the application's verifyPinLimit: 1 per 3 s per number
    }
    expect(outcomes).toEqual(Array(5).fill('401 invalid_pin'));
    expect(outcome(await browser.verify(a, pin))).toBe('403 too_many_attempts');
    // The verify window is shared too: a second try on B within the same 3 s waits for it,
    // and a third one on A meanwhile is refused.
    const waiting = nextEvent(b.app.get(TwoFactorService), 'waiting');
    const second = browser.verify(b, pin);
    await waiting;
    expect(outcome(await browser.verify(a, pin))).toBe('429 rate_limited');
    clock.advance(3_000);
    expect(outcome(await second)).toBe('403 too_many_attempts');
  });

  it('waits out the verify window across A and B: a typo on A, the right PIN at once on B signs in', async () => {
    const [a, b] = await pair();
    const browser = new Browser();
    const phone = newPhone();
    await browser.login(a, 'abe', phone);
    const pin = a.outbox.latest(phone)!.pin;
    expect(outcome(await browser.verify(a, wrong(pin)))).toBe('401 invalid_pin');
    const waiting = nextEvent(b.app.get(TwoFactorService), 'waiting');
    const retyped = browser.verify(b, `${pin.slice(0, 3)} ${pin.slice(3)}`);
    await waiting;
    const third = new Browser();
    third.cookie = browser.cookie;
    expect(outcome(await third.verify(a, pin))).toBe('429 rate_limited');
    clock.advance(3_000);
    expect(outcome(await retyped)).toBe('200');
    expect((await browser.send(a, 'get', '/account')).status).toBe(200);
  });

  it('shares recovery codes and remembered devices across A and B, each code used once', async () => {
    const [a, b] = await pair((client, prefix) => ({
      recoveryCodeStore: new RedisRecoveryCodeStore({ client, prefix }),
      rememberedDeviceStore: new RedisRememberedDeviceStore({ client, prefix }),
      secret: SHARED_ENGINE_SECRET,
    }));
    const browser = new Browser();
    const phone = newPhone();
    await browser.login(a, 'ria', phone);
    const verified = await browser.send(b, 'post', '/2fa/verify', {
      pin: a.outbox.latest(phone)!.pin,
      rememberDevice: true,
    });
    expect(outcome(verified)).toBe('200');
    const device = ([] as string[])
      .concat(verified.headers['set-cookie'] ?? [])
      .find((c) => c.startsWith('tfa_device='))!
      .split(';')[0];
    const codes = (await browser.send(a, 'post', '/2fa/recovery-codes')).body.codes as string[];
    expect(codes).toHaveLength(10);

    // A browser carrying only the device cookie, signing in with the password.
    const onDevice = async (instance: Instance) => {
      const laptop = new Browser();
      laptop.cookie = device;
      const res = await laptop.send(instance, 'post', '/login/device', {
        username: 'ria',
        password: PASSWORD,
        phone,
      });
      return res.body as unknown;
    };
    // The browser remembered on B signs in on A without a PIN.
    expect(await onDevice(a)).toEqual({ twoFactor: 'remembered' });

    // Parallel uses of one code on A and B: exactly one signs in.
    clock.advance(60_000);
    const pending = new Browser();
    await pending.login(b, 'ria', phone);
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => {
        const tab = new Browser();
        tab.cookie = pending.cookie;
        return tab.send(i % 2 ? a : b, 'post', '/2fa/verify', { recoveryCode: codes[2] });
      }),
    );
    expect(answers.filter((res) => res.status === 200).map((res) => res.body)).toEqual([
      { verified: true, recoveryCodesLeft: 9 },
    ]);

    // Forgotten on A, the device is refused on B.
    expect((await browser.send(a, 'post', '/2fa/devices/forget')).status).toBe(204);
    expect(await onDevice(b)).toEqual({ twoFactor: 'required' });
  });

  it('lets exactly one of parallel right PINs on A and B verify', async () => {
    // A loose verify limit, so that every request reaches the engine's single-use check.
    const [a, b] = await pair({
      purposes: {
        login: {
          application: { configuration: { verifyPinLimit: '100/1s' } },
          template: { messageText: 'Your code is {{pin}}' },
        },
      },
    });
    const browser = new Browser();
    const phone = newPhone();
    await browser.login(b, 'ben', phone);
    const pin = b.outbox.latest(phone)!.pin;
    const answers = await Promise.all(
      Array.from({ length: 16 }, (_, i) => {
        const tab = new Browser();
        tab.cookie = browser.cookie;
        return tab.verify(i % 2 ? a : b, pin);
      }),
    );
    const outcomes = answers.map(outcome);
    expect(outcomes.filter((o) => o === '200')).toHaveLength(1);
    // The others find the PIN spent, or (arriving after the winner replaced the session, whose old
    // id stays dead) no challenge at all.
    expect(
      outcomes
        .filter((o) => o !== '200')
        .every((o) => ['403 too_many_attempts', '409 no_challenge'].includes(o)),
    ).toBe(true);
  });

  it('holds the resend cooldown across A and B', async () => {
    const [a, b] = await pair();
    const browser = new Browser();
    const phone = newPhone();
    await browser.login(a, 'cid', phone);

    const early = await browser.send(b, 'post', '/2fa/resend');
    expect(outcome(early)).toBe('429 rate_limited');
    expect(early.headers['retry-after']).toBe('30');
    clock.advance(30_000);
    expect((await browser.send(b, 'post', '/2fa/resend')).status).toBe(202);
    expect(outcome(await browser.send(a, 'post', '/2fa/resend'))).toBe('429 rate_limited');
    // The resend from B carries A's PIN (same challenge), and it verifies on A.
    const resent = b.outbox.latest(phone)!;
    expect(resent.pin).toBe(a.outbox.latest(phone)!.pin);
    expect((await browser.verify(a, resent.pin)).status).toBe(200);
  });

  it('holds the per-user failure lockout across A and B and challenges', async () => {
    const [a, b] = await pair({ maxConsecutiveFailures: 3, failureLockout: '15m' });
    const browser = new Browser();
    const phone = newPhone();
    await browser.login(a, 'dot', phone);
    const first = a.outbox.latest(phone)!.pin;
    expect(outcome(await browser.verify(a, wrong(first)))).toBe('401 invalid_pin');
    clock.advance(3_000);
    expect(outcome(await browser.verify(b, wrong(first)))).toBe('401 invalid_pin');

    // A new challenge doesn't reset the user's count.
    clock.advance(3_000);
    await browser.login(b, 'dot', phone);
    const second = b.outbox.latest(phone)!.pin;
    expect(outcome(await browser.verify(a, wrong(second)))).toBe('403 too_many_attempts');
    clock.advance(3_000);
    expect(outcome(await browser.verify(b, second))).toBe('403 too_many_attempts');
    expect(outcome(await new Browser().login(a, 'dot', phone))).toBe('403 too_many_attempts');

    clock.advance(15 * 60_000);
    const later = new Browser();
    expect((await later.login(a, 'dot', phone)).status).toBe(200);
    expect((await later.verify(b, a.outbox.latest(phone)!.pin)).status).toBe(200);
  });

  it('throttles the 2FA routes per session across A and B (RedisThrottlerStorage)', async () => {
    const [a, b] = await pair((client, prefix) => ({
      throttle: { limit: 4, ttl: '1m' },
      throttlerStorage: new RedisThrottlerStorage(client, `${prefix}throttle:`),
    }));
    const browser = new Browser();
    await browser.login(a, 'eve', newPhone());
    const outcomes: string[] = [];
    for (const instance of [a, b, a, b, a, b]) {
      outcomes.push(outcome(await browser.send(instance, 'get', '/2fa/status')));
    }
    expect(outcomes).toEqual(['200', '200', '200', '200', '429 rate_limited', '429 rate_limited']);
  });

  it('answers 503, never allow, while no replica confirms the counters in time', async () => {
    // This Redis has no replica: a store that requires one refuses every counted hit.
    const [a] = await pair((client, prefix) => ({
      counterStore: new RedisCounterStore({
        client,
        prefix: `${prefix}counter:`,
        confirmWrites: { replicas: 1, timeoutMs: 20 },
      }),
    }));
    expect(outcome(await new Browser().login(a, 'hal', newPhone()))).toBe('503 provider_unavailable');
  });

  it('answers 503 while Redis is down, then works again by itself', async () => {
    const [a, b] = await pair();
    const [throttled] = await pair((client, prefix) => ({
      throttle: { limit: 10, ttl: '1m' },
      throttlerStorage: new RedisThrottlerStorage(client, `${prefix}throttle:`),
    }));
    const browser = new Browser();
    const phone = newPhone();
    await browser.login(a, 'fay', phone);
    const pin = a.outbox.latest(phone)!.pin;

    await redis.stop();
    // The engine's store, the module's counters, the throttler: each one fails closed.
    expect(outcome(await browser.verify(a, pin))).toBe('503 provider_unavailable');
    expect(outcome(await browser.send(b, 'post', '/2fa/resend'))).toBe('503 provider_unavailable');
    expect(outcome(await new Browser().login(b, 'gus', newPhone()))).toBe('503 provider_unavailable');
    expect(outcome(await browser.send(throttled, 'get', '/2fa/status'))).toBe('503 provider_unavailable');

    await redis.start();
    await Promise.all(
      [a, b, throttled].map(({ client }) => new Promise((resolve) => client.once('ready', resolve))),
    );
    // Redis kept nothing: the challenge is gone, never verified.
    expect(outcome(await browser.verify(b, pin))).toBe('409 no_challenge');
    expect((await browser.send(a, 'get', '/2fa/status')).body.state).toBe('pending');
    expect((await browser.send(throttled, 'get', '/2fa/status')).status).toBe(200);
  });
});
