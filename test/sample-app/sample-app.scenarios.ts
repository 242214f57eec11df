import type { OutboxMessage } from 'nestjs-infobip-2fa';
import request from 'supertest';
import type { App } from 'supertest/types';
import { SampleClient } from './sample-app.client';

/** A running sample app and the controls a test needs over its PIN provider. */

/**
 * The scenarios register far more accounts from one address than registration's per-address
 * budget allows (20 an hour); that budget has its own attack tests in `test/security/`.
 */
export const SCENARIO_ENV = { TWO_FACTOR_SEND_LIMITS_REGISTRATION: 'perIp=1000/1h' } as const;
export interface SampleHarness {
  /** The app's HTTP server (not listening: supertest starts it), whatever platform serves it. */
  server: App;
  /** Messages sent to this phone number (E.164), oldest first. */
  messages(phone: string): OutboxMessage[];
  /** Every message sent so far. */
  allMessages(): OutboxMessage[];
  /** Moves the clock of the PIN provider and of the module forward. */
  advance(ms: number): void;
  close(): Promise<void>;
}

interface Account {
  username: string;
  password: string;
  phone: string;
}

// The module's defaults (DESIGN §4): verifyPinLimit 1/3s, resend cooldown 30s, PIN TTL 5m, 5 attempts.
const VERIFY_INTERVAL_MS = 3_000;
const RESEND_COOLDOWN_MS = 30_000;
const PIN_TTL_MS = 5 * 60_000;
const PIN_ATTEMPTS = 5;

/**
 * The sample app's end-to-end behaviour (DESIGN §3.5), written once and run against each PIN
 * provider. Each test uses its own users and phone numbers.
 */
export function describeSampleApp(title: string, setup: () => Promise<SampleHarness>): void {
  describe(title, () => {
    let h: SampleHarness;
    const transcript: string[] = [];
    let serial = 0;

    beforeAll(async () => {
      h = await setup();
    });
    afterAll(async () => {
      await h?.close();
    });

    const client = (): SampleClient => new SampleClient(h.server, transcript);
    const newAccount = (name: string): Account => {
      serial += 1;
      return {
        username: `${name}-${serial}`,
        password: `pass-${name}-${serial}`,
        phone: `+41791${String(serial).padStart(6, '0')}`,
      };
    };
    const masked = (phone: string): string => `+*******${phone.slice(-4)}`;
    const latest = (phone: string): OutboxMessage => {
      const message = h.messages(phone).at(-1);
      if (!message) throw new Error(`no message sent to ${phone}`);
      return message;
    };
    const wrong = (pin: string): string => (pin === '000000' ? '111111' : '000000');
    const verify = (c: SampleClient, pin: unknown) => {
      h.advance(VERIFY_INTERVAL_MS);
      return c.post('/2fa/verify', { pin });
    };
    const login = async (c: SampleClient, account: Account): Promise<void> => {
      const res = await c.post('/auth/login', { username: account.username, password: account.password });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ twoFactor: 'required' });
    };
    const registerVerified = async (name: string): Promise<Account> => {
      const account = newAccount(name);
      const c = client();
      expect((await c.post('/auth/register', account)).status).toBe(201);
      expect((await verify(c, latest(account.phone).pin)).status).toBe(200);
      return account;
    };
    const expectError = (res: request.Response, status: number, code: string): void => {
      expect({ status: res.status, body: res.body }).toEqual({
        status,
        body: { statusCode: status, code, message: expect.any(String) },
      });
    };

    it('registers: PIN by SMS to the phone, then the account opens with the phone masked', async () => {
      const account = newAccount('reg');
      const c = client();
      const res = await c.post('/auth/register', account);
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ twoFactor: 'required' });

      expect(h.messages(account.phone)).toHaveLength(1);
      const message = latest(account.phone);
      expect(message.channel).toBe('sms');
      expect(message.pin).toMatch(/^\d{6}$/);
      expect(message.text).toBe(`Welcome! Your confirmation code is ${message.pin}`);

      const status = await c.get('/2fa/status');
      expect(status.status).toBe(200);
      expect(status.body).toMatchObject({
        state: 'pending',
        channel: 'sms',
        attemptsRemaining: PIN_ATTEMPTS,
      });
      expectError(await c.get('/account'), 401, 'two_factor_required');

      const verified = await verify(c, message.pin);
      expect({ status: verified.status, body: verified.body }).toEqual({
        status: 200,
        body: { verified: true },
      });
      const accountRes = await c.get('/account');
      expect(accountRes.status).toBe(200);
      expect(accountRes.body).toEqual({
        username: account.username,
        phone: masked(account.phone),
        recoveryCodesLeft: 0,
      });
    });

    it('signs in with password and a login PIN', async () => {
      const account = await registerVerified('login');
      const c = client();
      await login(c, account);
      const message = latest(account.phone);
      expect(message.text).toBe(`Your sign-in code is ${message.pin}`);
      expectError(await c.get('/account'), 401, 'two_factor_required');

      expect((await verify(c, message.pin)).status).toBe(200);
      const res = await c.get('/account');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        username: account.username,
        phone: masked(account.phone),
        recoveryCodesLeft: 0,
      });
    });

    it('lets a registration whose PIN was lost finish by signing in (a registration PIN again)', async () => {
      const account = newAccount('lost');
      expect((await client().post('/auth/register', account)).status).toBe(201);

      const c = client();
      await login(c, account);
      expect(h.messages(account.phone)).toHaveLength(2);
      expect(latest(account.phone).text).toContain('Welcome!');
      expect((await verify(c, latest(account.phone).pin)).status).toBe(200);
      expect((await c.get('/account')).status).toBe(200);

      // Confirmed now: the next sign-in asks for a login PIN.
      await login(client(), account);
      expect(latest(account.phone).text).toContain('sign-in');
    });

    it('keeps anonymous and pending sessions out of the account, whatever the spelling of the path', async () => {
      expectError(await client().get('/account'), 401, 'two_factor_required');

      const account = await registerVerified('deny');
      const c = client();
      await login(c, account);
      for (const path of ['/account', '/account/', '/ACCOUNT', '/Account/', '/account?verified=true']) {
        expectError(await c.get(path, { 'X-Two-Factor': 'verified' }), 401, 'two_factor_required');
      }
      expect((await c.send('head', '/account')).status).toBe(401);
      // Paths and methods no route serves: refused one way or another, never the account.
      const others: Array<['get' | 'post' | 'put' | 'patch' | 'delete', string]> = [
        ['post', '/account'],
        ['put', '/account'],
        ['patch', '/account'],
        ['delete', '/account'],
        ['get', '/%61ccount'],
        ['get', '/account/..%2faccount'],
        ['get', '//account'],
      ];
      for (const [method, path] of others) {
        const res = await c.send(method, path, method === 'get' ? undefined : {});
        expect([method, path, res.status >= 400 && res.status < 500]).toEqual([method, path, true]);
        expect(res.text).not.toContain(account.username);
      }

      expect((await verify(c, latest(account.phone).pin)).status).toBe(200);
      expect((await c.get('/ACCOUNT')).status).toBe(200);
    });

    it('refuses a wrong PIN with invalid_pin, then takes the right one', async () => {
      const account = await registerVerified('wrong');
      const c = client();
      await login(c, account);
      const pin = latest(account.phone).pin;

      expectError(await verify(c, wrong(pin)), 401, 'invalid_pin');
      expect((await c.get('/2fa/status')).body).toMatchObject({
        state: 'pending',
        attemptsRemaining: PIN_ATTEMPTS - 1,
      });
      expectError(await c.get('/account'), 401, 'two_factor_required');
      expect((await verify(c, pin)).status).toBe(200);
      expect((await c.get('/account')).status).toBe(200);
    });

    it('refuses an expired PIN with pin_expired', async () => {
      const account = await registerVerified('expired');
      const c = client();
      await login(c, account);
      const pin = latest(account.phone).pin;

      h.advance(PIN_TTL_MS);
      expectError(await verify(c, pin), 401, 'pin_expired');
      expectError(await c.get('/account'), 401, 'two_factor_required');
    });

    it('locks the challenge after the allowed attempts: then even the right PIN fails', async () => {
      const account = await registerVerified('locked');
      const c = client();
      await login(c, account);
      const pin = latest(account.phone).pin;

      const codes: string[] = [];
      for (let i = 0; i <= PIN_ATTEMPTS && codes.at(-1) !== 'too_many_attempts'; i++) {
        codes.push((await verify(c, wrong(pin))).body.code);
      }
      expect(codes.at(-1)).toBe('too_many_attempts');
      expect(codes.filter((code) => code === 'invalid_pin').length).toBeLessThanOrEqual(PIN_ATTEMPTS);

      const res = await verify(c, pin);
      expect(res.status).not.toBe(200);
      expect(['too_many_attempts', 'no_challenge']).toContain(res.body.code);
      expectError(await c.get('/account'), 401, 'two_factor_required');
    });

    it('resends the same PIN by SMS (202), and by voice on request', async () => {
      const account = await registerVerified('resend');
      const c = client();
      await login(c, account);
      const pin = latest(account.phone).pin;

      h.advance(RESEND_COOLDOWN_MS);
      const sms = await c.post('/2fa/resend', {});
      expect(sms.status).toBe(202);
      expect(sms.body).toMatchObject({ state: 'pending', channel: 'sms' });
      expect(h.messages(account.phone).filter((m) => m.pinId === latest(account.phone).pinId)).toHaveLength(
        2,
      );
      expect(latest(account.phone)).toMatchObject({ channel: 'sms', pin });

      h.advance(RESEND_COOLDOWN_MS);
      const voice = await c.post('/2fa/resend', { channel: 'voice' });
      expect(voice.status).toBe(202);
      expect(voice.body).toMatchObject({ state: 'pending', channel: 'voice' });
      const call = latest(account.phone);
      expect(call).toMatchObject({ channel: 'voice', pin });
      expect(call.text).toContain('sign-in code');

      expect((await verify(c, call.pin)).status).toBe(200);
      expect((await c.get('/account')).status).toBe(200);
    });

    it('gives the session a new id at sign-in and again after verification', async () => {
      const account = newAccount('fixation');
      const c = client();
      await c.post('/auth/register', account);
      const registered = c.sessionId;
      await verify(c, latest(account.phone).pin);
      const afterRegistration = c.sessionId;

      await login(c, account);
      const signedIn = c.sessionId;
      await login(c, account);
      const signedInAgain = c.sessionId;
      await verify(c, latest(account.phone).pin);
      const verified = c.sessionId;

      const ids = [registered, afterRegistration, signedIn, signedInAgain, verified];
      expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
      expect(new Set(ids).size).toBe(ids.length);
      expect((await c.get('/account')).status).toBe(200);
    });

    it('starts over when another user signs in on the same session', async () => {
      const alice = await registerVerified('alice');
      const bob = await registerVerified('bob');
      const c = client();

      await login(c, alice);
      const alicePin = latest(alice.phone).pin;
      await login(c, bob);
      const bobPin = latest(bob.phone).pin;
      if (alicePin !== bobPin) expectError(await verify(c, alicePin), 401, 'invalid_pin');
      expectError(await c.get('/account'), 401, 'two_factor_required');
      expect((await verify(c, bobPin)).status).toBe(200);
      expect((await c.get('/account')).body.username).toBe(bob.username);

      // A verified session loses its second factor as soon as someone signs in again.
      await login(c, alice);
      expectError(await c.get('/account'), 401, 'two_factor_required');
    });

    it('renews the session cookie (idle timeout) on each request, under the same id', async () => {
      const account = await registerVerified('idle');
      const c = client();
      await login(c, account);
      expect((await verify(c, latest(account.phone).pin)).status).toBe(200);
      const verified = c.sessionId;
      for (const path of ['/account', '/2fa/status']) {
        const res = await c.get(path);
        expect(res.status).toBe(200);
        const cookie = ([] as string[])
          .concat(res.headers['set-cookie'] ?? [])
          .find((v) => v.startsWith('sid='));
        expect(cookie).toMatch(/; Expires=[^;]+;.*HttpOnly/);
        expect(c.sessionId).toBe(verified);
      }
    });

    it('signs out: 204, the session is gone for good and the cookie cleared', async () => {
      const account = await registerVerified('logout');
      const c = client();
      await login(c, account);
      await verify(c, latest(account.phone).pin);
      expect((await c.get('/account')).status).toBe(200);
      const cookie = c.sessionCookie as string;

      const res = await c.post('/auth/logout');
      expect(res.status).toBe(204);
      expect(res.text).toBe('');
      expect(String(res.headers['set-cookie'])).toMatch(/sid=;.*Expires=Thu, 01 Jan 1970/);
      expectError(await c.get('/account'), 401, 'two_factor_required');

      // The old cookie, replayed, opens nothing.
      const replay = await request(h.server).get('/account').set('Cookie', cookie);
      transcript.push(replay.text);
      expectError(replay, 401, 'two_factor_required');
      expect((await client().post('/auth/logout')).status).toBe(204);
    });

    it('recovery codes: made after a fresh PIN, each signs in once instead of the PIN', async () => {
      const account = await registerVerified('codes');
      const c = client();
      await login(c, account);
      expect((await verify(c, latest(account.phone).pin)).status).toBe(200);
      const created = await c.post('/2fa/recovery-codes');
      expect(created.status).toBe(201);
      const codes = created.body.codes as string[];
      expect(codes).toHaveLength(10);
      expect((await c.get('/account')).body.recoveryCodesLeft).toBe(10);
      expect((await c.post('/auth/logout')).status).toBe(204);

      const lost = client();
      await login(lost, account);
      const sent = h.messages(account.phone).length;
      h.advance(VERIFY_INTERVAL_MS);
      const used = await lost.post('/2fa/verify', { recoveryCode: codes[0] });
      expect([used.status, used.body]).toEqual([200, { verified: true, recoveryCodesLeft: 9 }]);
      expect((await lost.get('/account')).body.recoveryCodesLeft).toBe(9);
      expect(h.messages(account.phone)).toHaveLength(sent);

      const again = client();
      await login(again, account);
      expectError(await again.post('/2fa/verify', { recoveryCode: codes[0] }), 401, 'invalid_pin');
      expectError(await again.get('/account'), 401, 'two_factor_required');
    });

    it('remembers a browser: the next sign-in is remembered without a PIN, until forgotten', async () => {
      const account = await registerVerified('device');
      const c = client();
      await login(c, account);
      h.advance(VERIFY_INTERVAL_MS);
      const verified = await c.post('/2fa/verify', { pin: latest(account.phone).pin, rememberDevice: true });
      expect(verified.status).toBe(200);
      const cookie = ([] as string[])
        .concat(verified.headers['set-cookie'] ?? [])
        .find((v) => v.startsWith('tfa_device='));
      expect(cookie).toMatch(/; HttpOnly; SameSite=Lax$/);
      expect((await c.post('/auth/logout')).status).toBe(204);

      const sent = h.messages(account.phone).length;
      const remembered = await c.post('/auth/login', {
        username: account.username,
        password: account.password,
      });
      expect([remembered.status, remembered.body]).toEqual([200, { twoFactor: 'remembered' }]);
      expect(h.messages(account.phone)).toHaveLength(sent);
      expect((await c.get('/account')).status).toBe(200);
      // Not a fresh second factor: no recovery codes from it.
      expectError(await c.post('/2fa/recovery-codes'), 401, 'two_factor_required');

      expect((await c.post('/2fa/devices/forget')).status).toBe(204);
      expect((await c.post('/auth/logout')).status).toBe(204);
      await login(c, account);
    });

    it('answers a wrong password and an unknown user identically', async () => {
      const account = await registerVerified('creds');
      const unverified = newAccount('unverified');
      await client().post('/auth/register', unverified);

      const answers = [];
      for (const body of [
        { username: account.username, password: 'not-the-password' },
        { username: 'nobody-here', password: 'not-the-password' },
        { username: unverified.username, password: 'not-the-password' },
      ]) {
        const res = await client().post('/auth/login', body);
        answers.push({ status: res.status, body: res.body, cookie: res.headers['set-cookie'] });
      }
      expect(answers[0]).toEqual({
        status: 401,
        body: { statusCode: 401, code: 'invalid_credentials', message: expect.any(String) },
        cookie: undefined,
      });
      expect(answers[1]).toEqual(answers[0]);
      expect(answers[2]).toEqual(answers[0]);
    });

    it('answers the registration of a taken username like a new one, but creates nothing', async () => {
      const owner = await registerVerified('taken');
      const intruder = {
        username: owner.username.toUpperCase(),
        password: 'intruder-password',
        phone: newAccount('x').phone,
      };
      const c = client();
      const res = await c.post('/auth/register', intruder);
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ twoFactor: 'required' });
      // Like a new registration, a PIN goes to the phone given (test/security compares every answer).
      expect(h.messages(intruder.phone)).toHaveLength(1);
      expect((await c.get('/2fa/status')).body.state).toBe('pending');
      const challengePin = latest(intruder.phone).pin;
      expectError(await verify(c, wrong(challengePin)), 401, 'invalid_pin');
      // The right PIN opens no account: the challenge belongs to none.
      expect((await verify(c, challengePin)).status).toBe(200);
      expectError(await c.get('/account'), 401, 'two_factor_required');

      expect(
        (await client().post('/auth/login', { username: owner.username, password: intruder.password }))
          .status,
      ).toBe(401);
      await login(client(), owner);
      expect(h.messages(intruder.phone)).toHaveLength(1);
    });

    it('refuses cross-site state-changing requests with 403 and sends nothing', async () => {
      const account = await registerVerified('csrf');
      const sent = h.allMessages().length;
      const credentials = { username: account.username, password: account.password };
      const c = client();

      const crossSite: Array<Record<string, string>> = [
        { Origin: 'https://evil.example' },
        { Origin: 'null' },
        { 'Sec-Fetch-Site': 'cross-site' },
        { Origin: 'http://app.test', Host: 'app.test', 'Sec-Fetch-Site': 'cross-site' },
        { Origin: 'https://app.test', Host: 'app.test' },
      ];
      for (const headers of crossSite) {
        const res = await c.post('/auth/login', credentials, headers);
        expectError(res, 403, 'cross_site_request');
        expect(res.headers['set-cookie']).toBeUndefined();
      }
      expectError(
        await c.post('/auth/register', newAccount('csrf'), { Origin: 'https://evil.example' }),
        403,
        'cross_site_request',
      );
      expect(h.allMessages()).toHaveLength(sent);

      // Same origin, or no such header at all: served. Reads are never refused.
      await login(c, account);
      const pin = latest(account.phone).pin;
      expectError(
        await c.post('/2fa/verify', { pin }, { Origin: 'https://evil.example' }),
        403,
        'cross_site_request',
      );
      const sameSite = { Origin: 'http://app.test', Host: 'app.test', 'Sec-Fetch-Site': 'same-origin' };
      expect((await c.get('/2fa/status', { Origin: 'https://evil.example' })).status).toBe(200);
      h.advance(VERIFY_INTERVAL_MS);
      expect((await c.post('/2fa/verify', { pin }, sameSite)).status).toBe(200);
    });

    it('answers bad input with 4xx and a machine code', async () => {
      const good = newAccount('input');
      const badRegistrations: unknown[] = [
        {},
        { ...good, username: undefined },
        { ...good, username: 'ab' },
        { ...good, username: 'has space' },
        { ...good, username: ['array'] },
        { ...good, password: 12345678 },
        { ...good, password: 'short' },
        { ...good, password: 'x'.repeat(129) },
        { ...good, phone: '0791234567' },
        { ...good, phone: '+41 900 123 456' },
        { ...good, phone: ['+41791234567'] },
        { ...good, phone: 41791234567 },
        [good],
        '"just a string"',
        '{"username":',
      ];
      const c = client();
      for (const body of badRegistrations) {
        const res = await c.post('/auth/register', body);
        expect([JSON.stringify(body), res.status, res.body]).toEqual([
          JSON.stringify(body),
          400,
          { statusCode: 400, code: 'bad_request', message: expect.any(String) },
        ]);
      }
      expect(h.messages(good.phone)).toHaveLength(0);

      for (const body of [
        {},
        { username: 'someone' },
        { username: 1, password: 2 },
        { username: ['a'], password: ['b'] },
      ]) {
        expectError(await c.post('/auth/login', body), 400, 'bad_request');
      }
      const huge = await c.post('/auth/login', { username: 'someone', password: 'x'.repeat(20_000) });
      expectError(huge, 413, 'bad_request');
      const form = await c.send('post', '/auth/login', 'username=a&password=b', {
        'Content-Type': 'text/plain',
      });
      expectError(form, 400, 'bad_request');
      expectError(await c.get('/no/such/route'), 404, 'not_found');

      const account = await registerVerified('pinput');
      await login(c, account);
      for (const pin of [123456, ['123456'], { pin: '123456' }, null, 'x'.repeat(5_000)]) {
        const res = await verify(c, pin);
        expect([pin, res.status >= 400 && res.status < 500, typeof res.body.code]).toEqual([
          pin,
          true,
          'string',
        ]);
      }
      expect(transcript.join('\n')).not.toMatch(/\bat .+\.(ts|js):\d+/);
    });

    it('reads JSON bodies only, and answers every refused body the same way', async () => {
      const post = (type: string | undefined, body?: string) => {
        const pending = request(h.server).post('/auth/login');
        if (type !== undefined) pending.set('Content-Type', type);
        return body === undefined ? pending : pending.send(body);
      };
      const cases: Array<[string | undefined, string | undefined, number, string]> = [
        // Other types are not read: the body is absent.
        ['text/plain', '{"username":"a","password":"b"}', 400, 'expected a JSON object body'],
        ['application/x-www-form-urlencoded', 'username=a&password=b', 400, 'expected a JSON object body'],
        [undefined, undefined, 400, 'expected a JSON object body'],
        // An empty body announced with Content-Length: 0 is an empty object.
        ['application/json', '', 400, 'username must be a non-empty string'],
        // Only objects and arrays at the top, in UTF.
        ['application/json', '"just a string"', 400, 'Malformed request body'],
        ['application/json', '42', 400, 'Malformed request body'],
        ['application/json', '{"username":', 400, 'Malformed request body'],
        ['application/json; charset=latin1', '{}', 415, 'Malformed request body'],
        ['application/json', JSON.stringify({ username: 'x'.repeat(11_000) }), 413, 'Request body too large'],
      ];
      for (const [type, body, status, message] of cases) {
        const res = await post(type, body);
        expect([type, body?.slice(0, 20), res.status, res.body]).toEqual([
          type,
          body?.slice(0, 20),
          status,
          { statusCode: status, code: 'bad_request', message },
        ]);
      }
    });

    it('never shows a PIN or a pinId in any response, header or body', () => {
      const messages = h.allMessages();
      expect(messages.length).toBeGreaterThan(20);
      const everything = transcript.join('\n');
      for (const message of messages) {
        expect(everything).not.toContain(message.pinId);
        expect(everything).not.toContain(message.pin);
      }
    });
  });
}
