import type { Response } from 'supertest';
import { Accounts, DEFAULTS, wrongPin } from './support/accounts';
import type { SamplePlatform } from '../../sample-app/config/sample-config';
import {
  type PlatformTarget,
  type ProviderKind,
  sessionExists,
  startPlatformTarget,
} from './support/sample-target';

const expectError = (res: Response, status: number, code: string): void => {
  expect({ status: res.status, body: res.body }).toEqual({
    status,
    body: { statusCode: status, code, message: expect.any(String) },
  });
};

/** Codes a refused verification may answer; never a success. */
const REFUSED = ['invalid_pin', 'rate_limited', 'too_many_attempts', 'no_challenge', 'pin_expired'];

/**
 * Attacks on the sample app's sessions and second factor, run against one PIN
 * provider: confinement of pending sessions, forged claims of verification, brute
 * force (parallel and sequential), PIN reuse, session fixation and switching,
 * cross-site requests and user enumeration.
 */
export function describeSessionAttacks(kind: ProviderKind, platform: SamplePlatform = 'nest-express'): void {
  describe(`session attacks on the sample app (${kind}, ${platform})`, () => {
    let target: PlatformTarget;
    let accounts: Accounts;

    beforeAll(async () => {
      target = await startPlatformTarget(platform, kind);
      accounts = new Accounts(target, `s${kind[0]}`);
    });
    // Each attack starts an hour later: earlier ones leave no per-IP send budget or throttle behind.
    beforeEach(() => target.advance(DEFAULTS.hourAndMore));
    afterAll(async () => {
      await target?.close();
      // No attack may have planted anything on the prototype of every object.
      const probe = {} as Record<string, unknown>;
      expect([probe.verified, probe.state, probe.pin, probe.twoFactor]).toEqual([
        undefined,
        undefined,
        undefined,
        undefined,
      ]);
    });

    it('keeps a pending session out of protected routes, whatever the method, slash, case or encoding', async () => {
      const account = await accounts.registered('nav');
      const c = await accounts.pending(account);
      const getPaths = [
        '/account',
        '/account/',
        '/ACCOUNT',
        '/Account//',
        '/account?twoFactor=verified&verified=true',
        '/%61ccount',
        '/%41CCOUNT',
        '/account%2F',
        '/account%2f..%2faccount',
        '/account;verified=true',
        '/./account',
        '/2fa/../account',
        '/2fa/%2e%2e/account',
        '//account',
        '/account%00',
        '/account.json',
        '/account-page',
      ];
      const attempts: Response[] = [];
      for (const path of getPaths) attempts.push(await c.get(path));
      for (const method of ['head', 'options', 'post', 'put', 'patch', 'delete'] as const) {
        attempts.push(await c.send(method, '/account', method === 'post' ? {} : undefined));
      }
      attempts.push(await c.post('/account', {}, { 'X-HTTP-Method-Override': 'GET' }));
      attempts.push(await c.get('/account', { 'X-Original-URL': '/health', 'X-Rewrite-URL': '/health' }));
      for (const res of attempts) {
        const { method, path } = (res as unknown as { req: { method: string; path: string } }).req;
        // Refused (401), not found (404), method not allowed, or a redirect to the PIN page:
        // never the account.
        expect([method, path, res.status === 200 || res.status === 204]).toEqual([method, path, false]);
        expect(res.text ?? '').not.toContain(account.username);
      }
      expectError(attempts[0], 401, 'two_factor_required');

      // The same session, once verified, does reach the account: the paths above were real.
      expect((await accounts.verify(c, accounts.latest(account).pin)).status).toBe(200);
      expect((await c.get('/account')).body.username).toBe(account.username);
      expect((await c.get('/ACCOUNT/')).status).toBe(200);
    });

    it('ignores every client-side claim of verification: body fields, headers, cookies, prototype keys', async () => {
      const account = await accounts.registered('claims');
      const c = await accounts.pending(account);
      const pin = accounts.latest(account).pin;
      const forgedHeaders = {
        'X-2FA-Verified': '1',
        'X-Two-Factor': 'verified',
        'X-Two-Factor-Verified': 'true',
        'X-Verified': 'true',
        'X-Forwarded-User': account.username,
        'X-Authenticated-User': account.username,
        Authorization: 'Bearer verified',
      };
      const forgedCookies = 'twoFactor=verified; verified=true; 2fa=1; twoFactorState=verified';
      expectError(
        await c.send('get', '/account', undefined, forgedHeaders, forgedCookies),
        401,
        'two_factor_required',
      );

      const bodies: unknown[] = [
        { verified: true },
        { verified: 'true', state: 'verified' },
        { twoFactor: { state: 'verified' } },
        '{"__proto__":{"pin":"' + pin + '","verified":true}}',
        '{"constructor":{"prototype":{"verified":true,"pin":"' + pin + '"}}}',
        { pin: [pin] },
        { pin: { toString: pin } },
      ];
      for (const body of bodies) {
        target.advance(DEFAULTS.verifyIntervalMs);
        const res = await c.post('/2fa/verify', body, forgedHeaders);
        expect([body, res.status]).toEqual([body, 400]);
      }
      target.advance(DEFAULTS.verifyIntervalMs);
      const wrongWithClaims = await c.post(
        '/2fa/verify',
        '{"pin":"' + wrongPin(pin) + '","verified":true,"__proto__":{"verified":true}}',
      );
      expectError(wrongWithClaims, 401, 'invalid_pin');
      // Sign-in bodies that carry state are only credentials.
      await c.post(
        '/auth/login',
        JSON.stringify({ username: account.username, password: account.password }).replace(
          /}$/,
          ',"twoFactor":{"state":"verified"},"__proto__":{"twoFactor":{"state":"verified"}}}',
        ),
      );
      expect((await c.get('/2fa/status')).body.state).toBe('pending');
      expectError(
        await c.send('get', '/account', undefined, forgedHeaders, forgedCookies),
        401,
        'two_factor_required',
      );
    });

    it('brute force in parallel: nothing verifies, and at most two guesses reach the provider', async () => {
      const account = await accounts.registered('parallel');
      const c = await accounts.pending(account);
      const pin = accounts.latest(account).pin;
      const guesses = Array.from({ length: 30 }, (_, i) => String(100000 + i * 7919).padStart(6, '0')).filter(
        (guess) => guess !== pin,
      );
      target.advance(DEFAULTS.verifyIntervalMs);
      let settled = 0;
      const answers = await Promise.all(
        guesses.map((guess) =>
          c.post('/2fa/verify', { pin: guess }).then((res) => {
            // All but the one that waits out the verify window have answered: end the window.
            if (++settled === guesses.length - 1) target.advance(DEFAULTS.verifyIntervalMs);
            return res;
          }),
        ),
      );
      const codes = answers.map((res) => res.body.code as string);
      expect(answers.some((res) => res.status < 300)).toBe(false);
      expect(codes.every((code) => REFUSED.includes(code))).toBe(true);
      // The provider checks one PIN per destination every 3 s: one guess at once, one that
      // waits out the window; the rest never reach it.
      expect(codes.filter((code) => code === 'invalid_pin').length).toBeLessThanOrEqual(2);
      expect(codes.filter((code) => code === 'rate_limited').length).toBeGreaterThanOrEqual(
        guesses.length - 2,
      );
      expectError(await c.get('/account'), 401, 'two_factor_required');

      // The owner, a minute later, still signs in with the right PIN.
      target.advance(60_000);
      expect((await c.post('/2fa/verify', { pin })).status).toBe(200);
      expect((await c.get('/account')).status).toBe(200);
    });

    it('brute force in sequence: five guesses per PIN, ten per user, then a lockout that sends nothing', async () => {
      const account = await accounts.registered('sequence');
      const codes: string[] = [];
      let lastPin = '';
      for (let challenge = 0; challenge < 2; challenge++) {
        const c = await accounts.pending(account);
        lastPin = accounts.latest(account).pin;
        for (let guess = 0; guess < DEFAULTS.pinAttempts + 1; guess++) {
          codes.push((await accounts.verify(c, wrongPin(lastPin))).body.code);
        }
        expect((await accounts.verify(c, lastPin)).status).not.toBe(200);
      }
      expect(codes.filter((code) => code === 'invalid_pin').length).toBeLessThanOrEqual(
        DEFAULTS.maxConsecutiveFailures,
      );
      expect(codes.every((code) => ['invalid_pin', 'too_many_attempts'].includes(code))).toBe(true);

      // Locked out: a new sign-in is refused and no PIN goes out.
      const sent = target.messages(account.phone).length;
      const locked = await target.client().post('/auth/login', {
        username: account.username,
        password: account.password,
      });
      expectError(locked, 403, 'too_many_attempts');
      expect(target.messages(account.phone)).toHaveLength(sent);

      // The lockout ends after failureLockout (15 minutes).
      target.advance(15 * 60_000 + 1_000);
      const c = await accounts.pending(account);
      expect((await accounts.verify(c, accounts.latest(account).pin)).status).toBe(200);
    });

    it('parallel right PINs verify exactly once, only the winner’s cookie opens the account, the old id dies', async () => {
      const account = await accounts.registered('race');
      const c = await accounts.pending(account);
      const pendingCookie = c.cookie as string;
      const pin = accounts.latest(account).pin;
      target.advance(DEFAULTS.verifyIntervalMs);
      const racers = Array.from({ length: 12 }, () => target.client().useCookie(pendingCookie));
      const answers = await Promise.all(racers.map((r) => r.post('/2fa/verify', { pin })));
      expect(answers.filter((res) => res.status === 200)).toHaveLength(1);
      expect(
        answers.filter((res) => res.status !== 200).every((res) => REFUSED.includes(res.body.code)),
      ).toBe(true);
      const cookies = new Set(racers.map((r) => r.cookie).filter((cookie): cookie is string => !!cookie));
      const opened: string[] = [];
      for (const cookie of cookies) {
        if ((await target.client().useCookie(cookie).get('/account')).status === 200) opened.push(cookie);
      }
      expect(opened).toHaveLength(1);
      expect(opened[0]).not.toBe(pendingCookie);
      // The losers, answered after the winner replaced the session, did not write the old id back.
      expect(await sessionExists(target.sessions, c.sessionId)).toBe(false);
    });

    it('a PIN verifies once: not again after success, nor after sign-out and a new sign-in', async () => {
      const account = await accounts.registered('reuse');
      const c = await accounts.pending(account);
      const pin = accounts.latest(account).pin;
      expect((await accounts.verify(c, pin)).status).toBe(200);
      expectError(await accounts.verify(c, pin), 409, 'no_challenge');
      expect((await c.get('/account')).status).toBe(200);

      expect((await c.post('/auth/logout')).status).toBe(204);
      await accounts.pending(account, c);
      const fresh = accounts.latest(account).pin;
      if (fresh !== pin) expectError(await accounts.verify(c, pin), 401, 'invalid_pin');
      expectError(await c.get('/account'), 401, 'two_factor_required');
      // Another client replaying the old PIN on a session of its own gets nothing either.
      const other = await accounts.pending(account);
      const third = accounts.latest(account).pin;
      if (third !== pin) expectError(await accounts.verify(other, pin), 401, 'invalid_pin');
    });

    it('a PIN works only in its own session and for its own purpose', async () => {
      const alice = await accounts.registered('own-a');
      const bob = await accounts.registered('own-b');
      const aliceSession = await accounts.pending(alice);
      const alicePin = accounts.latest(alice).pin;
      const bobSession = await accounts.pending(bob);
      const bobPin = accounts.latest(bob).pin;
      // Another user's PIN, and the same user's PIN from a second session.
      if (bobPin !== alicePin) expectError(await accounts.verify(aliceSession, bobPin), 401, 'invalid_pin');
      const aliceSecond = await accounts.pending(alice);
      const aliceSecondPin = accounts.latest(alice).pin;
      if (aliceSecondPin !== alicePin) {
        expectError(await accounts.verify(aliceSession, aliceSecondPin), 401, 'invalid_pin');
        expectError(await accounts.verify(aliceSecond, alicePin), 401, 'invalid_pin');
      }
      // A registration PIN to Alice's phone (someone signs up with her number) is not a login PIN.
      const squatter = { ...accounts.next('squat'), phone: alice.phone };
      const squatterSession = target.client();
      expect((await squatterSession.post('/auth/register', squatter)).status).toBe(201);
      const registrationPin = accounts.latest(alice).pin;
      expect(accounts.latest(alice).text).toContain('Welcome');
      if (![alicePin, aliceSecondPin].includes(registrationPin)) {
        expectError(await accounts.verify(aliceSecond, registrationPin), 401, 'invalid_pin');
      }
      for (const session of [aliceSession, aliceSecond, bobSession]) {
        expectError(await session.get('/account'), 401, 'two_factor_required');
      }
      expect((await accounts.verify(bobSession, bobPin)).status).toBe(200);
      expect((await bobSession.get('/account')).body.username).toBe(bob.username);
    });

    it('session fixation: a planted id is replaced at sign-in and at verification, and dies in the store', async () => {
      const victim = await accounts.registered('victim');
      const attacker = await accounts.registered('fixer');
      // The attacker holds a real server-side session and plants its cookie in the victim's browser.
      const attackerSession = await accounts.pending(attacker);
      const planted = attackerSession.cookie as string;
      const plantedId = attackerSession.sessionId;
      expect(await sessionExists(target.sessions, plantedId)).toBe(true);

      const browser = target.client().useCookie(planted);
      await accounts.pending(victim, browser);
      const signedIn = browser.sessionId;
      expect(signedIn).toBeDefined();
      expect(signedIn).not.toBe(plantedId);
      expect(await sessionExists(target.sessions, plantedId)).toBe(false);

      expect((await accounts.verify(browser, accounts.latest(victim).pin)).status).toBe(200);
      const verified = browser.sessionId;
      expect(verified).not.toBe(signedIn);
      expect(await sessionExists(target.sessions, signedIn)).toBe(false);
      expect(await sessionExists(target.sessions, verified)).toBe(true);

      for (const cookie of [planted, `sid=${encodeURIComponent(`s:${signedIn}`)}`]) {
        const replay = target.client().useCookie(cookie);
        expectError(await replay.get('/account'), 401, 'two_factor_required');
        expect((await replay.get('/2fa/status')).body).toEqual({ state: 'none' });
      }
      // A forged cookie (unsigned, or signed with a guessed secret) is ignored: a fresh random id.
      for (const forged of [
        'sid=attacker-chosen-id',
        `sid=${encodeURIComponent('s:attacker-chosen-id.forged')}`,
      ]) {
        const c = target.client().useCookie(forged);
        await accounts.pending(victim, c);
        expect(c.sessionId).toBeDefined();
        expect(c.sessionId).not.toBe('attacker-chosen-id');
      }
      expect((await browser.get('/account')).body.username).toBe(victim.username);
    });

    it('signing in as someone else without signing out carries over no verification and no challenge', async () => {
      const alice = await accounts.registered('switch-a');
      const bob = await accounts.registered('switch-b');
      const c = await accounts.verified(alice);
      const aliceVerifiedId = c.sessionId;
      expect((await c.get('/account')).body.username).toBe(alice.username);

      await accounts.pending(bob, c);
      expect(c.sessionId).not.toBe(aliceVerifiedId);
      expect(await sessionExists(target.sessions, aliceVerifiedId)).toBe(false);
      expectError(await c.get('/account'), 401, 'two_factor_required');
      expect((await c.get('/2fa/status')).body).toMatchObject({ state: 'pending' });

      // Back to Alice: Bob's PIN is worthless for her challenge.
      const bobPin = accounts.latest(bob).pin;
      await accounts.pending(alice, c);
      if (accounts.latest(alice).pin !== bobPin)
        expectError(await accounts.verify(c, bobPin), 401, 'invalid_pin');
      expectError(await c.get('/account'), 401, 'two_factor_required');
      // A wrong password keeps whatever the session was: still pending for Alice, not Bob's.
      expect(
        (await c.post('/auth/login', { username: bob.username, password: 'wrong-password' })).status,
      ).toBe(401);
      expect((await accounts.verify(c, accounts.latest(alice).pin)).status).toBe(200);
      expect((await c.get('/account')).body.username).toBe(alice.username);
    });

    it('a password without the PIN opens nothing through a registration of a taken name to another phone', async () => {
      const victim = await accounts.registered('reg-victim');
      // The attacker knows the victim's password, not the victim's phone.
      const c = await accounts.pending(victim);
      const attackerPhone = accounts.next('reg-attacker').phone;
      const taken = { username: victim.username, password: 'whatever-long-enough', phone: attackerPhone };
      expect((await c.post('/auth/register', taken)).status).toBe(201);
      // The attacker's own phone receives a PIN and it verifies, but for no account.
      expect((await accounts.verify(c, accounts.latest(taken).pin)).status).toBe(200);
      expectError(await c.get('/account'), 401, 'two_factor_required');
      expect((await c.get('/account-page')).status).not.toBe(200);
    });

    it('sign-out destroys the session: its cookie, replayed, opens nothing', async () => {
      const account = await accounts.registered('logout');
      const c = await accounts.verified(account);
      const cookie = c.cookie as string;
      const id = c.sessionId;
      expect((await c.post('/auth/logout')).status).toBe(204);
      expect(await sessionExists(target.sessions, id)).toBe(false);
      const replay = target.client().useCookie(cookie);
      expectError(await replay.get('/account'), 401, 'two_factor_required');
      expect((await replay.get('/2fa/status')).body).toEqual({ state: 'none' });
    });

    it('refuses cross-site state-changing requests on every route, changes nothing and sends nothing', async () => {
      const account = await accounts.registered('csrf');
      const victim = await accounts.verified(account);
      const pendingVictim = await accounts.pending(account);
      const pin = accounts.latest(account).pin;
      const sent = target.allMessages().length;
      const crossSite: Record<string, string>[] = [
        { Origin: 'https://evil.example' },
        { Origin: 'null' },
        { 'Sec-Fetch-Site': 'cross-site' },
        { Origin: 'http://127.0.0.1.evil.example' },
        { Origin: 'http://app.test:8443', Host: 'app.test' },
        { Origin: 'https://app.test', Host: 'app.test' },
        { Origin: 'http://sub.app.test', Host: 'app.test', 'Sec-Fetch-Site': 'same-site' },
      ];
      const routes: [string, () => unknown][] = [
        ['/auth/login', () => ({ username: account.username, password: account.password })],
        ['/auth/register', () => accounts.next('csrf-new')],
        ['/2fa/verify', () => ({ pin })],
        ['/2fa/resend', () => ({ channel: 'voice' })],
        ['/auth/logout', () => ({})],
      ];
      for (const headers of crossSite) {
        for (const [path, body] of routes) {
          for (const client of [victim, pendingVictim, target.client()]) {
            const before = client.cookie;
            target.advance(DEFAULTS.resendCooldownMs);
            const res = await client.post(path, body(), headers);
            expect([path, headers, res.status, res.body.code]).toEqual([
              path,
              headers,
              403,
              'cross_site_request',
            ]);
            expect(client.cookie).toBe(before);
          }
        }
      }
      expect(target.allMessages()).toHaveLength(sent);
      expect((await victim.get('/account')).status).toBe(200);
      expect((await pendingVictim.get('/2fa/status')).body.state).toBe('pending');
      // A form-encoded or text/plain body (what a cross-site form can send without Origin) is not JSON.
      const form = await pendingVictim.send('post', '/2fa/verify', `pin=${pin}`, {
        'Content-Type': 'application/x-www-form-urlencoded',
      });
      expect(form.status).toBe(400);
      const plain = await pendingVictim.send('post', '/2fa/verify', JSON.stringify({ pin }), {
        'Content-Type': 'text/plain',
      });
      expect({ status: plain.status, body: plain.body }).toMatchObject({ status: 400 });
      expect((await pendingVictim.get('/2fa/status')).body.state).toBe('pending');
    });

    it('message bombing: registration PINs to one number stop at its per-destination limit (3 a day), nothing more is sent', async () => {
      const victimPhone = accounts.next('bombed').phone;
      const codes: number[] = [];
      for (let i = 0; i < 8; i++) {
        // Each from a fresh account: only the destination is common.
        const res = await target
          .client()
          .post('/auth/register', { ...accounts.next('bomber'), phone: victimPhone });
        codes.push(res.status);
        if (res.status === 429) {
          expect(res.body.code).toBe('rate_limited');
          expect(Number(res.headers['retry-after'])).toBeGreaterThan(23 * 3600);
        }
      }
      expect(codes).toEqual([201, 201, 201, 429, 429, 429, 429, 429]);
      expect(target.messages(victimPhone)).toHaveLength(3);
      // A day later the number receives PINs again.
      target.advance(24 * 3600_000);
      expect(
        (await target.client().post('/auth/register', { ...accounts.next('later'), phone: victimPhone }))
          .status,
      ).toBe(201);
    });

    it('answers the same for existing and unknown users, at sign-in and at registration', async () => {
      const existing = await accounts.registered('enum');
      const unverified = accounts.next('enum-unverified');
      expect((await target.client().post('/auth/register', unverified)).status).toBe(201);
      // Everything but values that differ between any two requests (date, session id, expiry second).
      const shape = (res: Response) => {
        const cookie = ([] as string[]).concat(res.headers['set-cookie'] ?? [])[0];
        const expires = /Expires=([^;]+)/.exec(cookie ?? '')?.[1];
        return {
          status: res.status,
          body: res.body,
          headers: Object.keys(res.headers)
            .filter((name) => !['date', 'etag'].includes(name))
            .sort(),
          cookie:
            cookie === undefined
              ? 'none'
              : cookie
                  .split('; ')
                  .slice(1)
                  .map((attribute) =>
                    attribute.startsWith('Expires=')
                      ? `expires in ${Math.round((Date.parse(expires as string) - Date.now()) / 60_000)} min`
                      : attribute,
                  ),
        };
      };

      const logins = [];
      for (const username of [existing.username, 'nobody-at-all', unverified.username]) {
        logins.push(
          shape(await target.client().post('/auth/login', { username, password: 'not-the-password' })),
        );
      }
      expect(logins[0]).toMatchObject({ status: 401, body: { code: 'invalid_credentials' }, cookie: 'none' });
      expect(logins[1]).toEqual(logins[0]);
      expect(logins[2]).toEqual(logins[0]);

      const taken = { ...accounts.next('enum-taken'), username: existing.username.toUpperCase() };
      const fresh = accounts.next('enum-fresh');
      const freshClient = target.client();
      const takenClient = target.client();
      const registrations = [
        shape(await freshClient.post('/auth/register', fresh)),
        shape(await takenClient.post('/auth/register', taken)),
      ];
      expect(registrations[0]).toMatchObject({ status: 201, body: { twoFactor: 'required' } });
      expect(registrations[1]).toEqual(registrations[0]);
      // And what the next steps answer: the same status fields, the same refusal of a wrong PIN.
      const followUps = [];
      for (const [c, account] of [
        [freshClient, fresh],
        [takenClient, taken],
      ] as const) {
        const status = (await c.get('/2fa/status')).body;
        const refused = await accounts.verify(c, wrongPin(accounts.latest(account).pin));
        followUps.push({ status: Object.keys(status).sort(), state: status.state, verify: shape(refused) });
      }
      expect(followUps[0]).toMatchObject({ state: 'pending', verify: { status: 401 } });
      expect(followUps[1]).toEqual(followUps[0]);
    });

    it('stores nothing for anonymous sign-outs, however many (no free writes to the session store)', async () => {
      const writes = jest.spyOn(target.sessions, 'set');
      try {
        for (let i = 0; i < 20; i++) {
          expect((await target.client().post('/auth/logout')).status).toBe(204);
        }
        expect(writes).not.toHaveBeenCalled();
      } finally {
        writes.mockRestore();
      }
    });
  });
}
