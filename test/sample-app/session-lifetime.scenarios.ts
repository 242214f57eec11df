import type { SessionData } from 'express-session';
import { expectSignedOut, HOUR_MS, MINUTE_MS, SessionLifetimeHarness } from './session-lifetime.harness';
import type { SamplePlatform } from '../../sample-app/config/sample-config';

/** The absolute session lifetime of the sample app (default 12h) on one platform. */
export function describeSessionLifetime(platform: SamplePlatform = 'nest-express'): void {
  // The HTML pages are served on nest-express only (DESIGN §7): their test runs there.
  const withPages = platform === 'nest-express' ? it : it.skip;
  const on = platform === 'nest-express' ? '' : `, ${platform}`;
  describe(`sample app absolute session lifetime (default 12h${on})`, () => {
    const h = new SessionLifetimeHarness(platform);
    beforeAll(() => h.start());
    afterAll(() => h.close());

    it('keeps an active session 12 hours from the password sign-in, not a millisecond more', async () => {
      const { account } = await h.register();
      // The PIN comes four minutes after the password: the lifetime counts from the password.
      const { client: c, signedInAt } = await h.signIn(account);

      // A request every 20 minutes keeps the idle timeout from firing first.
      for (let at = 20 * MINUTE_MS; at < 12 * HOUR_MS; at += 20 * MINUTE_MS) {
        h.moveTo(signedInAt + at);
        expect((await c.get('/account')).status).toBe(200);
      }
      h.moveTo(signedInAt + 11 * HOUR_MS + 59 * MINUTE_MS);
      expect((await c.get('/account')).status).toBe(200);
      h.moveTo(signedInAt + 12 * HOUR_MS);
      expect((await c.get('/account')).status).toBe(200);
      const sid = c.sessionId;
      const cookie = c.sessionCookie as string;
      expect(await h.stored(sid)).toMatchObject({ signedInAt });

      h.moveTo(signedInAt + 12 * HOUR_MS + 1);
      await expectSignedOut(c);
      expect(await h.stored(sid)).toBeFalsy();
      expect((await c.get('/2fa/status')).body).toEqual({ state: 'none' });
      // The old cookie, replayed from elsewhere, opens nothing either.
      const replayed = await h.client().get('/account', { Cookie: cookie });
      expect(replayed.status).toBe(401);

      // Signing in again starts a new lifetime.
      const again = await h.signIn(account);
      expect((await again.client.get('/account')).status).toBe(200);
    });

    withPages('sends the account page to the sign-in form once the lifetime is over', async () => {
      const { account } = await h.register();
      const { client: c, signedInAt } = await h.signIn(account);
      expect((await c.get('/account-page')).status).toBe(200);
      const sid = c.sessionId;

      h.moveTo(signedInAt + 12 * HOUR_MS + 1);
      const page = await c.get('/account-page');
      expect({ status: page.status, location: page.headers.location }).toEqual({
        status: 303,
        location: '/login',
      });
      expect(await h.stored(sid)).toBeFalsy();
      expect(c.sessionId).not.toBe(sid);
      await expectSignedOut(c);
    });

    it('ends the session of a taken username registered again just like a new account', async () => {
      const { account } = await h.register();
      const c = h.client();
      const startedAt = h.clock.now();
      const again = { ...account, password: 'another-password', phone: '+41793000001' };
      expect((await c.post('/auth/register', again)).status).toBe(201);
      await h.verifyLatest(c, again.phone);
      expect((await c.get('/2fa/status')).body).toMatchObject({ state: 'verified' });

      h.moveTo(startedAt + 12 * HOUR_MS);
      expect((await c.get('/2fa/status')).body).toMatchObject({ state: 'verified' });
      h.moveTo(startedAt + 12 * HOUR_MS + 1);
      expect((await c.get('/2fa/status')).body).toEqual({ state: 'none' });
    });

    it('ends a signed-in session whose stored sign-in time is missing or not a number', async () => {
      const { account } = await h.register();
      for (const signedInAt of [undefined, null, 'forever']) {
        const { client: c } = await h.signIn(account);
        const sid = c.sessionId as string;
        const data = await h.stored(sid);
        expect(data).toMatchObject({
          signedInAt: expect.any(Number),
          passport: { user: expect.any(String) },
        });
        await h.overwrite(sid, { ...data, signedInAt } as unknown as SessionData);
        await expectSignedOut(c);
        expect(await h.stored(sid)).toBeFalsy();
      }
    });

    it('ignores a sign-in time sent by the client', async () => {
      const { account } = await h.register();
      const c = h.client();
      const signedInAt = h.clock.now();
      const body = {
        username: account.username,
        password: account.password,
        signedInAt: signedInAt + HOUR_MS,
      };
      const res = await c.post('/auth/login', body, { 'X-Signed-In-At': String(signedInAt + HOUR_MS) });
      expect(res.status).toBe(200);
      expect(await h.stored(c.sessionId)).toMatchObject({ signedInAt });
    });
  });
}
