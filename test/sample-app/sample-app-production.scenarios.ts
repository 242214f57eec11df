import { MemoryStore } from 'express-session';
import type { InMemoryOutbox } from 'nestjs-infobip-2fa';
import request from 'supertest';
import { createSampleServer, type SampleServer } from '../../sample-app/sample-server';

// NODE_ENV=production behind a TLS-terminating proxy: the proxy says https with X-Forwarded-Proto.
// Production needs a shared session store (REDIS_URL, or one given in code); a MemoryStore given
// in code stands in for it here (test/redis runs production on Redis).
/** The sample app in production mode behind a TLS-terminating proxy, on a Nest platform. */
export function describeProduction(platform: 'nest-express' | 'nest-fastify'): void {
  const on = platform === 'nest-express' ? '' : ` (${platform})`;
  // A signed session id: express-session's `s:<id>.<signature>`, @fastify/session's `<id>.<signature>`.
  const signedValue = platform === 'nest-express' ? /^__Host-sid=s%3A/ : /^__Host-sid=[\w-]{32}\./;
  describe(`sample app in production mode${on}`, () => {
    let app: SampleServer;
    const outbox = (): InMemoryOutbox => app.outbox!;
    let consoleLog: jest.SpyInstance;
    const account = { username: 'prod-user', password: 'production-password', phone: '+41791999999' };

    beforeAll(async () => {
      consoleLog = jest.spyOn(console, 'log');
      app = await createSampleServer(
        { SAMPLE_PLATFORM: platform, NODE_ENV: 'production', SESSION_SECRET: 'a'.repeat(48) },
        { logger: false, sessionStore: new MemoryStore() },
      );
    });
    afterAll(async () => {
      await app?.close();
      consoleLog.mockRestore();
    });

    // The cookie's attributes, and its lifetime in minutes (express-session writes it as Expires).
    const sessionCookie = (res: request.Response) => {
      const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
      expect(cookies).toHaveLength(1);
      const attributes = cookies[0].split('; ');
      const expires = attributes.find((attribute) => attribute.startsWith('Expires='));
      const minutes = (Date.parse(String(expires).slice('Expires='.length)) - Date.now()) / 60_000;
      return { value: attributes[0], attributes, minutes: Math.round(minutes) };
    };

    const sessionCookieOf = (res: request.Response): string =>
      ([] as string[])
        .concat(res.headers['set-cookie'] ?? [])
        .find((cookie) => cookie.startsWith('__Host-sid='))!
        .split(';')[0];

    it('sets a __Host- session cookie: Secure, HttpOnly, SameSite=Lax, Path=/, no Domain', async () => {
      const server = app.server;
      const registered = await request(server)
        .post('/auth/register')
        .set('X-Forwarded-Proto', 'https')
        .send(account);
      expect(registered.status).toBe(201);
      const pending = sessionCookie(registered);
      expect(pending.value).toMatch(signedValue);
      expect(pending.attributes).toEqual(
        expect.arrayContaining(['Path=/', 'HttpOnly', 'Secure', 'SameSite=Lax']),
      );
      expect(pending.attributes.some((attribute) => /^Domain=/i.test(attribute))).toBe(false);
      // While the PIN is pending the module keeps the session short: PIN lifetime (5m) plus a minute.
      expect(pending.minutes).toBe(6);

      const pin = outbox().latest(account.phone.slice(1))?.pin;
      const verified = await request(server)
        .post('/2fa/verify')
        .set({ 'X-Forwarded-Proto': 'https', Cookie: pending.value })
        .send({ pin });
      expect(verified.status).toBe(200);
      const full = sessionCookie(verified);
      expect(full.value).toMatch(signedValue);
      expect(full.value).not.toBe(pending.value);
      expect(full.attributes).toEqual(
        expect.arrayContaining(['Path=/', 'HttpOnly', 'Secure', 'SameSite=Lax']),
      );
      // Verified: the app's idle timeout of 30 minutes.
      expect(full.minutes).toBe(30);
    });

    it('remembers a browser with a Secure, HttpOnly, SameSite=Lax cookie over HTTPS', async () => {
      const server = app.server;
      const https = { 'X-Forwarded-Proto': 'https' };
      const user = { username: 'prod-device', password: 'production-password', phone: '+41791999998' };
      const registered = await request(server).post('/auth/register').set(https).send(user);
      const pin = outbox().latest(user.phone.slice(1))?.pin;
      const verified = await request(server)
        .post('/2fa/verify')
        .set({ ...https, Cookie: sessionCookieOf(registered) })
        .send({ pin, rememberDevice: true });
      expect(verified.status).toBe(200);
      const device = ([] as string[])
        .concat(verified.headers['set-cookie'] ?? [])
        .find((cookie) => cookie.startsWith('tfa_device='));
      expect(device?.split('; ')).toEqual(
        expect.arrayContaining(['Path=/', 'HttpOnly', 'Secure', 'SameSite=Lax', 'Max-Age=2592000']),
      );
    });

    it('never sends the session cookie over plain HTTP', async () => {
      const res = await request(app.server)
        .post('/auth/login')
        .send({ username: account.username, password: account.password });
      expect(res.status).toBe(200);
      expect(res.headers['set-cookie']).toBeUndefined();
    });

    it('compares the Origin with the https origin the proxy reports', async () => {
      const login = { username: account.username, password: account.password };
      const server = app.server;
      const same = await request(server)
        .post('/auth/login')
        .set({ Host: 'app.example', 'X-Forwarded-Proto': 'https', Origin: 'https://app.example' })
        .send(login);
      expect(same.status).toBe(200);
      const downgraded = await request(server)
        .post('/auth/login')
        .set({ Host: 'app.example', 'X-Forwarded-Proto': 'https', Origin: 'http://app.example' })
        .send(login);
      expect(downgraded.status).toBe(403);
      expect(downgraded.body.code).toBe('cross_site_request');
    });

    it('sends PINs without printing them on the console', () => {
      const messages = outbox().list(account.phone.slice(1));
      expect(messages.length).toBeGreaterThan(0);
      const printed = consoleLog.mock.calls.map((call) => call.join(' ')).join('\n');
      for (const message of messages) expect(printed).not.toContain(message.pin);
    });
  });
}
