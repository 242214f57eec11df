import type { Response } from 'supertest';
import type { TwoFactorEventMap } from 'nestjs-infobip-2fa';
import type { SamplePlatform } from '../../sample-app/config/sample-config';
import { Accounts } from './support/accounts';
import { LogCapture } from './support/log-capture';
import { type PlatformTarget, type ProviderKind, startPlatformTarget } from './support/sample-target';

// What the TLS-terminating proxy in front of a production deployment adds to every request.
const PROXY = { 'X-Forwarded-Proto': 'https', Host: 'app.example', 'X-Forwarded-For': '203.0.113.50' };

/** The session cookie a response set, split into its value and attributes. */
function sessionCookie(res: Response): { value: string; attributes: string[] } | undefined {
  const cookie = ([] as string[])
    .concat(res.headers['set-cookie'] ?? [])
    .find((c) => c.startsWith('__Host-sid='));
  if (!cookie) return undefined;
  const [value, ...attributes] = cookie.split('; ');
  return { value, attributes };
}

/**
 * The sample app as deployed (`NODE_ENV=production`, behind one TLS proxy): its
 * session cookie's attributes, its refusal to set it over plain HTTP, the client
 * IP taken from the proxy's hop only, and no PIN on the console.
 */
export function describeProductionDefences(
  kind: ProviderKind,
  platform: SamplePlatform = 'nest-express',
): void {
  // A signed session id: express-session's `s:<id>.<signature>`, @fastify/session's `<id>.<signature>`.
  const signedValue = platform === 'nest-fastify' ? /^__Host-sid=[\w-]{32}\.\S+$/ : /^__Host-sid=s%3A/;
  describe(`the sample app in production (${kind}, ${platform})`, () => {
    const logs = new LogCapture();
    let target: PlatformTarget;
    let accounts: Accounts;
    const limited: TwoFactorEventMap['limited'][] = [];

    beforeAll(async () => {
      logs.captureProcessOutput();
      target = await startPlatformTarget(platform, kind, {
        env: {
          NODE_ENV: 'production',
          SESSION_SECRET: 'production-secret-of-at-least-32-characters!',
          // A small per-IP budget, so the proxy-hop test reaches it quickly.
          TWO_FACTOR_SEND_LIMITS: 'perIp=3/1h',
          TWO_FACTOR_COUNTRIES: 'CH,LI',
        },
        // Production's own default: PINs never printed.
        overrides: { printPins: undefined },
        logs,
      });
      accounts = new Accounts(target, `p${kind[0]}`, PROXY);
      target.service.events.on('limited', (event) => limited.push(event));
    });
    afterAll(async () => {
      await target?.close();
      logs.restore();
    });

    it('sets a __Host- cookie: Secure, HttpOnly, SameSite=Lax, Path=/, no Domain, at every step', async () => {
      const account = accounts.next('cookie');
      const c = accounts.client();
      const steps: Response[] = [await c.post('/auth/register', account)];
      steps.push(await accounts.verify(c, accounts.latest(account).pin));
      await accounts.pending(account, c);
      steps.push(await accounts.verify(c, accounts.latest(account).pin));
      for (const res of steps) {
        const cookie = sessionCookie(res);
        expect(cookie?.value).toMatch(signedValue);
        expect(cookie?.attributes).toEqual(
          expect.arrayContaining(['Path=/', 'HttpOnly', 'Secure', 'SameSite=Lax']),
        );
        expect(cookie?.attributes.some((attribute) => /^domain=/i.test(attribute))).toBe(false);
      }
      const logout = await c.post('/auth/logout');
      expect(logout.status).toBe(204);
      expect(String(logout.headers['set-cookie'])).toMatch(/__Host-sid=;.*Secure/);
    });

    it('never sets the session cookie over plain HTTP', async () => {
      const account = await accounts.registered('plain');
      const plain = target.client();
      const res = await plain.post('/auth/login', { username: account.username, password: account.password });
      expect(res.status).toBe(200);
      expect(res.headers['set-cookie']).toBeUndefined();
    });

    it('counts the address the proxy saw, not what the client wrote in X-Forwarded-For', async () => {
      const budget = 3;
      const sent = target.allMessages().length;
      for (let i = 0; i < budget; i++) {
        const c = accounts.client();
        // The client forges the left part; the proxy appends the address it saw (203.0.113.60).
        const res = await c.post('/auth/register', accounts.next('ip'), {
          'X-Forwarded-For': `10.0.0.${i}, 203.0.113.60`,
        });
        expect(res.status).toBe(201);
      }
      const refused = await accounts
        .client()
        .post('/auth/register', accounts.next('ip'), { 'X-Forwarded-For': '10.0.0.99, 203.0.113.60' });
      expect(refused.status).toBe(429);
      expect(refused.body.code).toBe('rate_limited');
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(target.allMessages()).toHaveLength(sent + budget);
      expect(limited.map((e) => [e.limit, e.ip])).toEqual([['perIp', '203.0.113.60']]);
      // Another client behind the same proxy is served.
      const other = await accounts
        .client()
        .post('/auth/register', accounts.next('ip'), { 'X-Forwarded-For': '203.0.113.61' });
      expect(other.status).toBe(201);
    });

    it('refuses a phone number of another country at registration, before any account exists', async () => {
      const account = { ...accounts.next('country'), phone: '+49 151 12345678' };
      const sent = target.allMessages().length;
      const res = await accounts
        .client()
        .post('/auth/register', account, { 'X-Forwarded-For': '203.0.113.70' });
      expect({ status: res.status, body: res.body }).toEqual({
        status: 400,
        body: {
          statusCode: 400,
          code: 'bad_request',
          message: 'Codes cannot be sent to phone numbers of this country.',
        },
      });
      expect(target.allMessages()).toHaveLength(sent);
      // The username was not taken: with a Swiss number, the same registration goes through.
      const swiss = { ...account, phone: accounts.next('country').phone };
      const retry = await accounts
        .client()
        .post('/auth/register', swiss, { 'X-Forwarded-For': '203.0.113.70' });
      expect(retry.status).toBe(201);
      expect(target.messages(swiss.phone)).toHaveLength(1);
    });

    it('prints no PIN anywhere', () => {
      const messages = target.allMessages();
      expect(messages.length).toBeGreaterThan(0);
      const printed = logs.text();
      for (const message of messages) expect(printed).not.toContain(message.pin);
    });
  });
}
