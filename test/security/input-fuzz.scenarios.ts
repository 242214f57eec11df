import fc from 'fast-check';
import { Accounts, DEFAULTS } from './support/accounts';
import { anyBody, FUZZ, hostilePhones, malformedPins, wrongPins } from './support/hostile-input';
import {
  type ProviderKind,
  type SampleTarget,
  startSampleTarget,
  type NestPlatform,
} from './support/sample-target';

/** Every route of the sample app, JSON API and pages, plus paths no route serves. */
const ROUTES = [
  '/auth/register',
  '/auth/login',
  '/auth/logout',
  '/2fa/verify',
  '/2fa/resend',
  '/2fa/status',
  '/account',
  '/health',
  '/',
  '/login',
  '/register',
  '/verify',
  '/verify/resend',
  '/logout',
  '/account-page',
  '/2fa/verify/../../auth/login',
  '/%00',
  '/2fa/%ZZ',
];
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

const raw = (value: unknown): string =>
  typeof value === 'string' ? value : (JSON.stringify(value) ?? 'null');

/**
 * Property-based fuzzing of every endpoint of the sample app with fast-check:
 * whatever the input, the answer is a 4xx (never a 5xx, never a success that
 * should not be), and no PIN is sent that should not be.
 */
export function describeInputFuzzing(kind: ProviderKind, platform: NestPlatform = 'nest-express'): void {
  const on = platform === 'nest-express' ? kind : `${kind}, ${platform}`;
  describe(`input fuzzing of the sample app (${on})`, () => {
    let target: SampleTarget;
    let accounts: Accounts;

    beforeAll(async () => {
      target = await startSampleTarget(kind, {}, platform);
      accounts = new Accounts(target, `f${kind[0]}`);
    });
    beforeEach(() => target.advance(DEFAULTS.hourAndMore));
    afterAll(() => target?.close());

    it('POST /2fa/verify: malformed PINs (numbers, arrays, objects, foreign digits, padding, NUL, huge) are 400', async () => {
      const account = await accounts.registered('pin');
      const c = await accounts.pending(account);
      const pin = accounts.latest(account).pin;
      const sent = target.allMessages().length;
      await fc.assert(
        fc.asyncProperty(malformedPins(pin), async (value) => {
          // Past the 2FA throttle (10 per minute) and the provider's verify interval.
          target.advance(6_100);
          const res = await c.send('post', '/2fa/verify', JSON.stringify({ pin: value }));
          expect([res.status, res.body.code]).toEqual([res.status === 413 ? 413 : 400, 'bad_request']);
        }),
        // 45 runs, 6.1 s apart, stay inside the PIN's 5 minutes.
        { ...FUZZ, numRuns: 45 },
      );
      expect(target.allMessages()).toHaveLength(sent);
      // Nothing reached the provider: the challenge still has all its attempts, and verifies.
      expect((await c.get('/2fa/status')).body).toMatchObject({
        state: 'pending',
        attemptsRemaining: DEFAULTS.pinAttempts,
      });
      expect((await accounts.verify(c, pin)).status).toBe(200);
    });

    it('POST /2fa/verify: well-formed wrong PINs are refused with 4xx, never verify, never send', async () => {
      const account = await accounts.registered('wrong');
      const c = await accounts.pending(account);
      const pin = accounts.latest(account).pin;
      const sent = target.allMessages().length;
      await fc.assert(
        fc.asyncProperty(wrongPins(pin), async (guess) => {
          target.advance(6_100);
          const res = await c.post('/2fa/verify', { pin: guess });
          expect(res.status >= 400 && res.status < 500).toBe(true);
          expect(['invalid_pin', 'too_many_attempts', 'pin_expired', 'rate_limited']).toContain(
            res.body.code,
          );
        }),
        { ...FUZZ, numRuns: 20 },
      );
      expect(target.allMessages()).toHaveLength(sent);
      expect((await c.get('/account')).status).toBe(401);
    });

    it('POST /2fa/resend: bodies without a usable channel are 4xx and send nothing', async () => {
      const account = await accounts.registered('resend');
      const c = await accounts.pending(account);
      const sent = target.allMessages().length;
      const badChannel = fc.oneof(
        fc.string({ maxLength: 12 }).filter((s) => !['sms', 'voice'].includes(s)),
        fc.constantFrom('SMS', 'Voice', ' sms', 'sms\u0000', 'email', 'whatsapp'),
        fc.jsonValue({ maxDepth: 1 }).filter((v) => typeof v !== 'string'),
      );
      const body = fc.oneof(
        badChannel.map((channel) => JSON.stringify({ channel })),
        fc.constantFrom('[]', '"sms"', '42', 'null', '{"channel":', '[{"channel":"sms"}]'),
      );
      await fc.assert(
        fc.asyncProperty(body, async (text) => {
          target.advance(DEFAULTS.resendCooldownMs + 1_000);
          const res = await c.send('post', '/2fa/resend', text);
          expect([text, res.status, res.body.code]).toEqual([text, 400, 'bad_request']);
        }),
        FUZZ,
      );
      expect(target.allMessages()).toHaveLength(sent);
    });

    it('POST /auth/register: hostile phone numbers (letters, too many digits, premium ranges...) are 400, nothing sent', async () => {
      const sent = target.allMessages().length;
      await fc.assert(
        fc.asyncProperty(hostilePhones, async (phone) => {
          const account = accounts.next('phone');
          const res = await target.client().post('/auth/register', { ...account, phone });
          expect([phone, res.status, res.body.code]).toEqual([phone, 400, 'bad_request']);
        }),
        FUZZ,
      );
      expect(target.allMessages()).toHaveLength(sent);
    });

    it('POST /auth/login: any body is 400 or 401, never a session, never a PIN', async () => {
      const account = await accounts.registered('login');
      const sent = target.allMessages().length;
      const body = fc.oneof(
        anyBody,
        fc.record({
          username: fc.oneof(fc.constant(account.username), fc.string({ maxLength: 70 }), fc.jsonValue()),
          password: fc.oneof(fc.string({ maxLength: 140 }), fc.jsonValue()),
        }),
      );
      await fc.assert(
        fc.asyncProperty(body, async (value) => {
          const res = await target.client().send('post', '/auth/login', raw(value));
          expect([value, [400, 401, 413].includes(res.status)]).toEqual([value, true]);
          expect(res.headers['set-cookie']).toBeUndefined();
        }),
        FUZZ,
      );
      expect(target.allMessages()).toHaveLength(sent);
    });

    it('every route, every method, any body, anonymous or pending: never a 5xx', async () => {
      const account = await accounts.registered('routes');
      const pending = await accounts.pending(account);
      const pendingCookie = pending.cookie as string;
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...ROUTES),
          fc.constantFrom(...METHODS),
          fc.option(anyBody, { nil: undefined }),
          fc.boolean(),
          async (path, method, body, asPending) => {
            target.advance(6_100);
            const c = target.client().useCookie(asPending ? pendingCookie : undefined);
            const res = await c.send(method, path, body === undefined ? undefined : raw(body));
            expect([method, path, res.status < 500]).toEqual([method, path, true]);
            if (path === '/account') expect(res.status).not.toBe(200);
          },
        ),
        { ...FUZZ, numRuns: 100 },
      );
    });
  });
}
