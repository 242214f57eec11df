import { expectSignedOut, HOUR_MS, MINUTE_MS, SessionLifetimeHarness } from './session-lifetime.harness';

describe.each(['nest-express', 'express'] as const)(
  'sample app absolute session lifetime from SESSION_ABSOLUTE_TIMEOUT (%s)',
  (platform) => {
    const h = new SessionLifetimeHarness(platform);
    beforeAll(() => h.start({ SESSION_ABSOLUTE_TIMEOUT: '2h' }));
    afterAll(() => h.close());

    it('ends a session, signed in by registering, the given time after the password', async () => {
      const registeredAt = h.clock.now();
      const { client: c } = await h.register();
      h.moveTo(registeredAt + 20 * MINUTE_MS);
      expect((await c.get('/account')).status).toBe(200);
      h.moveTo(registeredAt + 2 * HOUR_MS);
      expect((await c.get('/account')).status).toBe(200);
      const sid = c.sessionId;

      h.moveTo(registeredAt + 2 * HOUR_MS + 1);
      await expectSignedOut(c);
      expect(await h.stored(sid)).toBeFalsy();
    });
  },
);
