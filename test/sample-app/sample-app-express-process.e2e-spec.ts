import { join } from 'node:path';
import { Browser } from '../redis/support/browser';
import { SampleInstance } from '../redis/support/sample-instance';

/** Preloaded into the app's process: prints a line when anything loads Nest's core. */
const PROBE = `--require ${join(__dirname, 'support/nest-core-probe.cjs')}`;
const PROBE_LINE = /\[module probe\] @nestjs\/core loaded/;

const account = { username: 'process-user', password: 'correct horse battery', phone: '+41791230042' };

describe('SAMPLE_PLATFORM=express started by main.ts, in a process of its own', () => {
  let app: SampleInstance;

  beforeAll(async () => {
    app = await SampleInstance.start('express', {
      SAMPLE_PLATFORM: 'express',
      TWO_FACTOR_PROVIDER: 'local',
      NODE_OPTIONS: PROBE,
    });
  }, 60_000);
  afterAll(() => app?.stop());

  it('says what serves it, answers /health, and registers, verifies and opens the account', async () => {
    expect(app.printed(/sample app listening on http:\/\/localhost:\d+ \(express\)$/)).toHaveLength(1);
    const browser = new Browser();
    const health = await browser.get(app, '/health');
    expect([health.status, health.body, health.headers['x-powered-by']]).toEqual([
      200,
      { status: 'ok' },
      undefined,
    ]);

    const registered = await browser.post(app, '/auth/register', account);
    expect([registered.status, registered.body]).toEqual([201, { twoFactor: 'required' }]);
    expect((await browser.get(app, '/account')).body.code).toBe('two_factor_required');
    // The embedded engine prints the PIN on the console in development: the only way to it here.
    const pin = await app.waitForPin('0042', 1);
    expect((await browser.post(app, '/2fa/verify', { pin })).body).toEqual({ verified: true });
    const opened = await browser.get(app, '/account');
    expect([opened.status, opened.body]).toEqual([
      200,
      { username: account.username, phone: '+*******0042', recoveryCodesLeft: 0 },
    ]);
    expect((await browser.post(app, '/auth/logout')).status).toBe(204);
    expect((await browser.get(app, '/account')).status).toBe(401);
  });

  it('never loaded @nestjs/core, from start-up to sign-out', () => {
    expect(app.printed(PROBE_LINE)).toEqual([]);
  });

  it('would have seen it: the same probe reports Nest core in the nest-express app', async () => {
    const nest = await SampleInstance.start('nest-express', {
      SAMPLE_PLATFORM: 'nest-express',
      TWO_FACTOR_PROVIDER: 'local',
      NODE_OPTIONS: PROBE,
    });
    try {
      expect(nest.printed(PROBE_LINE)).toHaveLength(1);
    } finally {
      await nest.stop();
    }
  }, 60_000);
});
