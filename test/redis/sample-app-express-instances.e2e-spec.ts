import { randomBytes } from 'node:crypto';
import { describeWithRedis, startRedisServer, type TestRedisServer } from '../support/redis-server';
import { Browser } from './support/browser';
import { SampleInstance } from './support/sample-instance';

const PASSWORD = 'correct horse battery';

// Two plain Express instances (SAMPLE_PLATFORM=express) in processes of their own, one Redis:
// sessions, accounts, the module's counters and the engine's PINs live there, so a browser can
// be served by either. PINs are read from each instance's console (development mode).
describeWithRedis('sample app on plain Express: two instances sharing one Redis', () => {
  let redis: TestRedisServer;
  let a: SampleInstance;
  let b: SampleInstance;

  beforeAll(async () => {
    redis = await startRedisServer();
    const env = {
      SAMPLE_PLATFORM: 'express',
      TWO_FACTOR_PROVIDER: 'local',
      REDIS_URL: redis.url,
      SESSION_SECRET: randomBytes(32).toString('hex'),
      ENGINE_SECRET: randomBytes(32).toString('hex'),
    };
    [a, b] = await Promise.all([SampleInstance.start('A', env), SampleInstance.start('B', env)]);
  }, 90_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await redis?.stop();
  });

  it('registers on A, confirms on B; signs in on B, verifies on A; the account opens on both', async () => {
    const phone = '+41791230101';
    const registering = new Browser();
    const registered = await registering.post(a, '/auth/register', {
      username: 'xavier',
      password: PASSWORD,
      phone,
    });
    expect(registered.status).toBe(201);
    expect((await registering.get(b, '/2fa/status')).body).toMatchObject({
      state: 'pending',
      purpose: 'registration',
    });
    expect((await registering.post(b, '/2fa/verify', { pin: await a.waitForPin('0101', 1) })).status).toBe(
      200,
    );

    const browser = new Browser();
    const login = await browser.post(b, '/auth/login', { username: 'xavier', password: PASSWORD });
    expect(login.body).toEqual({ twoFactor: 'required' });
    expect((await browser.get(a, '/account')).body.code).toBe('two_factor_required');
    expect((await browser.post(a, '/2fa/verify', { pin: await b.waitForPin('0101', 1) })).body).toEqual({
      verified: true,
    });
    for (const instance of [a, b]) {
      const account = await browser.get(instance, '/account');
      expect([account.status, account.body]).toEqual([
        200,
        { username: 'xavier', phone: '+*******0101', recoveryCodesLeft: 0 },
      ]);
    }
  });

  it('signs out on A for good: the cookie, replayed on B, opens nothing and brings nothing back', async () => {
    const phone = '+41791230102';
    const browser = new Browser();
    await browser.post(b, '/auth/register', { username: 'yvonne', password: PASSWORD, phone });
    expect((await browser.post(a, '/2fa/verify', { pin: await b.waitForPin('0102', 1) })).status).toBe(200);
    await browser.post(a, '/auth/login', { username: 'yvonne', password: PASSWORD });
    await browser.post(b, '/2fa/verify', { pin: await a.waitForPin('0102', 1) });
    expect((await browser.get(b, '/account')).status).toBe(200);
    const cookie = browser.cookie;

    expect((await browser.post(a, '/auth/logout')).status).toBe(204);
    const replay = new Browser();
    replay.cookie = cookie;
    for (const instance of [b, a, b]) {
      expect((await replay.get(instance, '/account')).body.code).toBe('two_factor_required');
      expect((await replay.get(instance, '/2fa/status')).body).toEqual({ state: 'none' });
    }
    // A request of the dead session that writes it (a verify) does not bring it back either.
    await replay.post(b, '/2fa/verify', { pin: '123456' });
    expect((await replay.get(a, '/account')).status).toBe(401);
  });

  it('counts failed passwords in Redis: the account limit (5 per 15 minutes) holds across A and B', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const res = await new Browser().post(i % 2 ? a : b, '/auth/login', {
        username: 'xavier',
        password: 'wrong one!',
      });
      statuses.push(res.status);
      if (res.status === 429) expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
  });
});
