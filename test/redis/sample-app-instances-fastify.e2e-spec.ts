import { randomBytes } from 'node:crypto';
import { describeWithRedis, startRedisServer, type TestRedisServer } from '../support/redis-server';
import { Browser } from './support/browser';
import { SampleInstance } from './support/sample-instance';

const PASSWORD = 'correct horse battery';

/** A user with a phone of its own: PINs are read from the console by its last four digits. */
function user(name: string, last4: string) {
  return { username: name, password: PASSWORD, phone: `+4179124${last4}`, last4 };
}

/** Registers on `instance` and verifies the registration PIN on `verifyOn`; answers the browser. */
async function registerVerified(
  instance: SampleInstance,
  verifyOn: SampleInstance,
  account: ReturnType<typeof user>,
): Promise<Browser> {
  const browser = new Browser();
  const sent = instance.pins(account.last4).length;
  expect((await browser.post(instance, '/auth/register', account)).status).toBe(201);
  const pin = await instance.waitForPin(account.last4, sent + 1);
  expect((await browser.post(verifyOn, '/2fa/verify', { pin })).body).toEqual({ verified: true });
  return browser;
}

const platformEnv = () => ({
  SAMPLE_PLATFORM: 'nest-fastify',
  TWO_FACTOR_PROVIDER: 'local',
  SESSION_SECRET: randomBytes(32).toString('hex'),
});

// `SAMPLE_PLATFORM=nest-fastify` through the app's own entry point (main.ts in a process of its
// own, as `npm start` runs it), PINs read from its console.
describe('sample app on Nest and Fastify, started by main.ts', () => {
  let app: SampleInstance;

  beforeAll(async () => {
    app = await SampleInstance.start('fastify', platformEnv());
  }, 90_000);
  afterAll(async () => {
    await app?.stop();
  });

  it('says which platform serves it and answers /health', async () => {
    await app.waitForLine(/sample app listening on http:\/\/localhost:\d+ \(nest-fastify\)/);
    const health = await new Browser().get(app, '/health');
    expect(health.status).toBe(200);
    expect(health.body).toEqual({ status: 'ok' });
    expect(health.headers['cache-control']).toBe('no-store');
  });

  it('registers, verifies the PIN and opens the account (phone masked)', async () => {
    const ann = user('ann', '0101');
    const browser = await registerVerified(app, app, ann);
    const account = await browser.get(app, '/account');
    expect(account.status).toBe(200);
    expect(account.body).toEqual({ username: 'ann', phone: '+*******0101', recoveryCodesLeft: 0 });
  });
});

// Two instances on Nest and Fastify, one Redis: a session started on one is served by the other,
// and a sign-out on either is final on both.
describeWithRedis('sample app on Nest and Fastify: two instances sharing one Redis', () => {
  let redis: TestRedisServer;
  let a: SampleInstance;
  let b: SampleInstance;

  beforeAll(async () => {
    redis = await startRedisServer();
    const env = { ...platformEnv(), REDIS_URL: redis.url, ENGINE_SECRET: randomBytes(32).toString('hex') };
    [a, b] = await Promise.all([SampleInstance.start('A', env), SampleInstance.start('B', env)]);
  }, 90_000);
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await redis?.stop();
  });

  it('signs in on A, verifies on B, and a sign-out on B is final on A', async () => {
    const bea = user('bea', '0102');
    await registerVerified(a, b, bea);

    const browser = new Browser();
    expect((await browser.post(a, '/auth/login', bea)).body).toEqual({ twoFactor: 'required' });
    expect((await browser.get(b, '/2fa/status')).body).toMatchObject({ state: 'pending', purpose: 'login' });
    expect((await browser.get(b, '/account')).body.code).toBe('two_factor_required');
    const pin = await a.waitForPin(bea.last4, 2);
    expect((await browser.post(b, '/2fa/verify', { pin })).body).toEqual({ verified: true });
    expect((await browser.get(a, '/account')).status).toBe(200);

    const verified = browser.cookie;
    expect((await browser.post(b, '/auth/logout')).status).toBe(204);
    const replay = new Browser();
    replay.cookie = verified;
    for (const instance of [a, b]) {
      expect((await replay.get(instance, '/account')).status).toBe(401);
      expect((await replay.get(instance, '/2fa/status')).body).toEqual({ state: 'none' });
    }
  });

  it('answers 503 on both while Redis is down', async () => {
    const carl = user('carl', '0103');
    const browser = await registerVerified(b, a, carl);
    await redis.stop();
    try {
      for (const instance of [a, b]) {
        const res = await browser.get(instance, '/account');
        expect(res.status).toBe(503);
        expect(res.body.code).toBe('provider_unavailable');
      }
    } finally {
      await redis.start();
    }
  });
});
