import { randomBytes } from 'node:crypto';
import { describeWithRedis, startRedisServer, type TestRedisServer } from '../support/redis-server';
import { describeOnEachRedis, type RedisTopology } from '../support/redis-topologies';
import { Browser } from './support/browser';
import { SampleInstance } from './support/sample-instance';

const PASSWORD = 'correct horse battery';

/** A user with a phone of its own: limits count per destination, PINs are read by its last four digits. */
function user(name: string, last4: string) {
  return { username: name, password: PASSWORD, phone: `+4179123${last4}`, last4 };
}

/** A six-digit PIN other than `pin`. */
const wrongPin = (pin: string): string => String((Number(pin) + 1) % 1_000_000).padStart(6, '0');

/** Registers on `instance`; answers the browser (pending) and the registration PIN. */
async function register(instance: SampleInstance, account: ReturnType<typeof user>) {
  const browser = new Browser();
  const sent = instance.pins(account.last4).length;
  const res = await browser.post(instance, '/auth/register', account);
  expect(res.status).toBe(201);
  return { browser, pin: await instance.waitForPin(account.last4, sent + 1) };
}

/** Environment of both instances, beside the variables that reach Redis. */
const sharedEnv = () => ({
  TWO_FACTOR_PROVIDER: 'local',
  SESSION_SECRET: randomBytes(32).toString('hex'),
  ENGINE_SECRET: randomBytes(32).toString('hex'),
});

/**
 * Two instances A and B started with `redisEnv()` (once Redis runs), stopped after the suite, and
 * what they must share: sessions, accounts, the module's counters and throttling, the engine's PINs.
 * Answers the running pair.
 */
function describeSharedState(
  redisEnv: () => Record<string, string>,
): () => { a: SampleInstance; b: SampleInstance } {
  let a: SampleInstance;
  let b: SampleInstance;

  beforeAll(async () => {
    const env = { ...redisEnv(), ...sharedEnv() };
    // Started together, as a deployment would: both settle on the same applications.
    [a, b] = await Promise.all([SampleInstance.start('A', env), SampleInstance.start('B', env)]);
  }, 90_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
  });

  it('signs in on A and verifies the PIN on B; the session is verified on both', async () => {
    const alice = user('alice', '0001');
    const registration = await register(a, alice);
    expect((await registration.browser.post(b, '/2fa/verify', { pin: registration.pin })).status).toBe(200);

    const browser = new Browser();
    expect((await browser.post(a, '/auth/login', alice)).body).toEqual({ twoFactor: 'required' });
    expect((await browser.get(b, '/account')).body.code).toBe('two_factor_required');
    const status = await browser.get(b, '/2fa/status');
    expect(status.body).toMatchObject({ state: 'pending', purpose: 'login', attemptsRemaining: 5 });

    const pin = await a.waitForPin(alice.last4, 2);
    expect((await browser.post(b, '/2fa/verify', { pin })).body).toEqual({ verified: true });
    const account = await browser.get(b, '/account');
    expect(account.status).toBe(200);
    expect(account.body).toEqual({ username: 'alice', phone: '+*******0001', recoveryCodesLeft: 0 });
    expect((await browser.get(a, '/account')).status).toBe(200);
  });

  it('never lets 200 parallel wrong PINs over A and B use more than the attempts of the PIN', async () => {
    const bob = user('bob', '0002');
    const { browser, pin } = await register(b, bob);
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        browser.post(i % 2 ? a : b, '/2fa/verify', { pin: wrongPin(pin) }),
      ),
    );
    const codes = answers.map((res) => `${res.status} ${res.body.code}`);
    expect(codes.filter((code) => code.startsWith('200'))).toEqual([]);
    // The session throttle (10 a minute) and the engine's verify limit (1 per 3 s), both
    // counted in Redis, refuse most of them before the PIN is even compared.
    const counts = new Map<string, number>();
    for (const code of codes) counts.set(code, (counts.get(code) ?? 0) + 1);
    expect(
      [...counts.keys()].every((code) =>
        /^(401 invalid_pin|403 too_many_attempts|429 rate_limited)$/.test(code),
      ),
    ).toBe(true);
    expect(counts.get('401 invalid_pin') ?? 0).toBeGreaterThanOrEqual(1);
    expect(counts.get('401 invalid_pin') ?? 0).toBeLessThanOrEqual(5);
    expect(counts.get('429 rate_limited') ?? 0).toBeGreaterThanOrEqual(190);

    const right = await browser.post(a, '/2fa/verify', { pin });
    expect(right.status).toBeGreaterThanOrEqual(400);
    expect(right.body.verified).toBeUndefined();
    expect((await browser.get(b, '/account')).status).toBe(401);
  });

  it('lets exactly one of parallel right PINs over A and B verify', async () => {
    const carol = user('carol', '0003');
    const { browser, pin } = await register(a, carol);
    const pending = browser.cookie;
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => {
        const tab = new Browser();
        tab.cookie = pending;
        return tab.post(i % 2 ? a : b, '/2fa/verify', { pin }).then((res) => ({ res, tab }));
      }),
    );
    const verified = answers.filter(({ res }) => res.status === 200);
    expect(verified).toHaveLength(1);
    expect(verified[0].res.body).toEqual({ verified: true });
    for (const { res } of answers) if (res.status !== 200) expect(res.status).toBeGreaterThanOrEqual(400);
    // The winner's new session opens the account on either instance; the old cookie doesn't.
    expect((await verified[0].tab.get(b, '/account')).status).toBe(200);
    expect((await verified[0].tab.get(a, '/account')).status).toBe(200);
    expect((await browser.get(a, '/account')).status).toBe(401);
  });

  it('holds the per-phone registration send limit (3 a day) across A and B', async () => {
    const dave = user('dave', '0004');
    await register(a, dave); // send 1 (a registration PIN; the account stays unconfirmed)
    const statuses: string[] = [];
    for (const instance of [b, a, b, a]) {
      // An unconfirmed account gets a new registration PIN at each login.
      const res = await new Browser().post(instance, '/auth/login', dave);
      statuses.push(`${res.status} ${res.body.code ?? res.body.twoFactor}`);
      if (res.status === 429) expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    }
    expect(statuses).toEqual(['200 required', '200 required', '429 rate_limited', '429 rate_limited']);
    // Three PINs went out: two from A (registration included), one from B.
    await a.waitForPin(dave.last4, 2);
    await b.waitForPin(dave.last4, 1);
  });

  return () => ({ a, b });
}

// Two instances of the sample app in separate processes, one Redis: sessions, accounts, the
// module's counters and throttling, and the engine's PINs are all shared. Real time runs (the
// processes own their clocks): expiry is covered by the in-process suites.
describeWithRedis('sample app: two instances sharing one Redis', () => {
  let redis: TestRedisServer;

  beforeAll(async () => {
    redis = await startRedisServer();
  });

  afterAll(async () => {
    await redis?.stop();
  });

  const instances = describeSharedState(() => ({ REDIS_URL: redis.url }));

  it('answers 503 while Redis is down and recovers by itself when it is back', async () => {
    const { a, b } = instances();
    const erin = user('erin', '0005');
    const { browser, pin } = await register(a, erin);

    const linesA = a.lineCount;
    const linesB = b.lineCount;
    await redis.stop();
    for (const instance of [a, b]) {
      const res = await browser.post(instance, '/2fa/verify', { pin });
      expect(res.status).toBe(503);
      expect(res.body.code).toBe('provider_unavailable');
      expect((await new Browser().post(instance, '/auth/login', erin)).body.code).toBe(
        'provider_unavailable',
      );
    }
    await Promise.all([a.waitForLine(/\[Redis\] lost/, linesA), b.waitForLine(/\[Redis\] lost/, linesB)]);

    await redis.start();
    await Promise.all([
      a.waitForLine(/\[Redis\] reconnected/, linesA),
      b.waitForLine(/\[Redis\] reconnected/, linesB),
    ]);
    // This Redis keeps nothing across a restart: the session and its challenge are gone.
    for (const instance of [a, b]) {
      const verify = await browser.post(instance, '/2fa/verify', { pin });
      expect(verify.status).toBeGreaterThanOrEqual(400);
      expect(verify.status).toBeLessThan(500);
      expect(verify.body.verified).toBeUndefined();
      expect((await browser.get(instance, '/2fa/status')).body).toEqual({ state: 'none' });
      expect((await browser.get(instance, '/account')).status).toBe(401);
    }
  });
});

// The same on a 3-primary cluster (REDIS_CLUSTER_NODES) and behind Sentinel (REDIS_SENTINELS).
describeOnEachRedis(
  'sample app: two instances sharing Redis',
  (redis: () => RedisTopology) => {
    describeSharedState(() => redis().env());
  },
  ['cluster', 'sentinel'],
);
