import { Accounts, DEFAULTS } from './support/accounts';
import type { HeldCall } from './support/gated-engine';
import { type PlatformTarget, sessionExists, startPlatformTarget } from './support/sample-target';

/** Holds the embedded engine's next PIN check once it has run, until released (a slow provider). */
function holdNextVerification(target: PlatformTarget): HeldCall {
  const engine = target.engine;
  if (!engine) throw new Error('the local provider has no embedded engine');
  const verifyPin = engine.verifyPin.bind(engine);
  let reached!: () => void;
  let release!: () => void;
  const held = new Promise<void>((resolve) => (reached = resolve));
  const opened = new Promise<void>((resolve) => (release = resolve));
  jest.spyOn(engine, 'verifyPin').mockImplementationOnce(async (...args) => {
    const answer = await verifyPin(...args);
    reached();
    await opened;
    return answer;
  });
  return { held, release };
}

// Sign-out is final (DESIGN §8) through the JSON routes of each platform: the right PIN, on its way
// back from the provider when the owner signs out, brings nothing back under any id.
describe.each(['nest-express', 'express'] as const)(
  'sign-out racing a verification, sample app on %s',
  (platform) => {
    let target: PlatformTarget;
    let accounts: Accounts;

    beforeAll(async () => {
      target = await startPlatformTarget(platform, 'local');
      accounts = new Accounts(target, `r${platform[0]}`);
    });
    afterEach(() => jest.restoreAllMocks());
    afterAll(() => target?.close());

    it('the right PIN answered after sign-out: no session comes back, old id or new', async () => {
      const account = await accounts.registered('racer');
      const c = await accounts.pending(account);
      const { cookie, sessionId } = c;
      const gate = holdNextVerification(target);
      target.advance(DEFAULTS.verifyIntervalMs);
      const verifying = c.post('/2fa/verify', { pin: accounts.latest(account).pin });
      await gate.held;
      expect((await target.client().useCookie(cookie).post('/auth/logout')).status).toBe(204);
      gate.release();
      const late = await verifying;
      expect(late.status).not.toBe(200);
      expect(await sessionExists(target.sessions, sessionId)).toBe(false);
      const thief = target.client().useCookie(cookie);
      expect((await thief.get('/account')).status).toBe(401);
      expect((await thief.get('/2fa/status')).body).toEqual({ state: 'none' });
      // Whatever cookie the late answer carried opens nothing either.
      expect((await c.get('/account')).status).toBe(401);
    });
  },
);
