import type { EmulatorFaultRule } from 'nestjs-infobip-2fa/emulator';
import type { Response } from 'supertest';
import { Accounts, DEFAULTS, type Account } from './support/accounts';
import type { AttackClient } from './support/attack-client';
import { type NestPlatform, type SampleTarget, startSampleTarget } from './support/sample-target';

// The app's Infobip client gives up on a request after this long; delays below outlast it.
const TIMEOUT_MS = 1_000;
const LONGER_THAN_TIMEOUT_MS = 60_000;

/**
 * The sample app on Infobip (the emulator) while Infobip misbehaves: every fault
 * the emulator can inject, on sends, verifications and resends. The module must
 * fail closed (no session is ever upgraded), answer a clear 503 or 429, never
 * repeat a send, and never hang past its client's timeout.
 */
export function describeProviderFaults(platform: NestPlatform): void {
  const on = platform === 'nest-express' ? '' : ` on ${platform}`;
  describe(`sample app on a failing Infobip (fault injection)${on}`, () => {
    let target: SampleTarget;
    let accounts: Accounts;
    const faults = () => target.emulator!.emulator.faults;

    beforeAll(async () => {
      target = await startSampleTarget('infobip', { overrides: { providerTimeoutMs: TIMEOUT_MS } }, platform);
      accounts = new Accounts(target, 'faults');
    });
    beforeEach(() => target.advance(DEFAULTS.hourAndMore));
    afterEach(() => faults().clear());
    afterAll(() => target?.close());

    const expectError = (res: Response, status: number, code: string): void => {
      expect({ status: res.status, body: res.body }).toEqual({
        status,
        body: { statusCode: status, code, message: expect.any(String) },
      });
    };
    const expectConfined = async (c: AttackClient): Promise<void> => {
      expectError(await c.get('/account'), 401, 'two_factor_required');
      expect((await c.get('/2fa/status')).body.state).toBe('pending');
    };
    const verifyRule = (rule: Omit<EmulatorFaultRule, 'match'>): EmulatorFaultRule => ({
      match: { operation: 'verifyPin' },
      ...rule,
    });
    const sendRule = (rule: Omit<EmulatorFaultRule, 'match'>): EmulatorFaultRule => ({
      match: { operation: 'sendPinOverSms' },
      ...rule,
    });

    /** A verified account signed in again: a pending session, and the PIN it was sent. */
    async function challenge(name: string): Promise<{ account: Account; c: AttackClient; pin: string }> {
      const account = await accounts.registered(name);
      const c = await accounts.pending(account);
      return { account, c, pin: accounts.latest(account).pin };
    }

    describe('on verify, the session is never upgraded', () => {
      const unavailable: [string, EmulatorFaultRule][] = [
        ['a 500', verifyRule({ fault: 'status', status: 500 })],
        ['a 503', verifyRule({ fault: 'status', status: 503, retryAfterSeconds: 5 })],
        ['a 401 (the API key was revoked)', verifyRule({ fault: 'status', status: 401 })],
        ['a 403', verifyRule({ fault: 'status', status: 403 })],
        ['an HTML error page', verifyRule({ fault: 'html' })],
        ['an HTML page with 200', verifyRule({ fault: 'html', status: 200 })],
        ['malformed JSON', verifyRule({ fault: 'malformed_json' })],
        ['an empty body', verifyRule({ fault: 'empty_body' })],
        ['a connection reset', verifyRule({ fault: 'reset' })],
        [
          'an answer slower than the client’s timeout',
          verifyRule({ fault: 'delay', delayMs: LONGER_THAN_TIMEOUT_MS }),
        ],
      ];
      it.each(unavailable)(
        '%s: 503 provider_unavailable, and the right PIN works once Infobip is back',
        async (_name, rule) => {
          const { c, pin } = await challenge('verify-fault');
          faults().add(rule);
          expectError(await accounts.verify(c, pin), 503, 'provider_unavailable');
          await expectConfined(c);
          // The PIN never reached the engine: it still verifies.
          expect((await accounts.verify(c, pin)).status).toBe(200);
          expect((await c.get('/account')).status).toBe(200);
        },
      );

      const corrupted: [string, EmulatorFaultRule][] = [
        ['"verified": "true" (a string)', verifyRule({ fault: 'verified_string' })],
        ['no "verified" at all', verifyRule({ fault: 'verified_missing' })],
        ['another msisdn than the challenge’s', verifyRule({ fault: 'msisdn_mismatch' })],
      ];
      it.each(corrupted)(
        '%s: 503 provider_unavailable for the right PIN, and the PIN is spent',
        async (_name, rule) => {
          const { account, c, pin } = await challenge('verify-corrupt');
          faults().add(rule);
          expectError(await accounts.verify(c, pin), 503, 'provider_unavailable');
          await expectConfined(c);
          // Infobip did verify it (single use): it can never upgrade this session now.
          const again = await accounts.verify(c, pin);
          expect(again.status).not.toBe(200);
          await expectConfined(c);
          // Signing in again gives a new PIN that works.
          await accounts.pending(account, c);
          expect((await accounts.verify(c, accounts.latest(account).pin)).status).toBe(200);
        },
      );

      it('a wrong PIN answered "verified": "true" is still refused', async () => {
        const { c, pin } = await challenge('verify-wrong-true');
        faults().add(verifyRule({ fault: 'verified_string' }));
        const res = await accounts.verify(c, pin === '000000' ? '111111' : '000000');
        expect(res.status).toBe(503);
        await expectConfined(c);
      });

      it('a 429 with Retry-After: 429 rate_limited with the same Retry-After, and no upgrade', async () => {
        const { c, pin } = await challenge('verify-429');
        faults().add(verifyRule({ fault: 'status', status: 429, retryAfterSeconds: 42 }));
        const res = await accounts.verify(c, pin);
        expectError(res, 429, 'rate_limited');
        expect(res.headers['retry-after']).toBe('42');
        await expectConfined(c);
        expect((await accounts.verify(c, pin)).status).toBe(200);
      });

      it('a failing verification is never repeated by the module', async () => {
        const { c, pin } = await challenge('verify-once');
        faults().add(verifyRule({ fault: 'reset', times: 2 }));
        expectError(await accounts.verify(c, pin), 503, 'provider_unavailable');
        // One request took one fault: the second fault is still waiting.
        expect(faults().list()).toEqual([expect.objectContaining({ fault: 'reset', times: 1 })]);
      });
    });

    describe('on send, no challenge is kept and no PIN is sent twice', () => {
      const failures: [string, EmulatorFaultRule][] = [
        ['a 500', sendRule({ fault: 'status', status: 500 })],
        ['a 503', sendRule({ fault: 'status', status: 503 })],
        ['a 401', sendRule({ fault: 'status', status: 401 })],
        ['an HTML page', sendRule({ fault: 'html' })],
        ['malformed JSON', sendRule({ fault: 'malformed_json' })],
        ['an empty body', sendRule({ fault: 'empty_body' })],
        ['a connection reset', sendRule({ fault: 'reset' })],
      ];
      it.each(failures)('%s: 503, nothing to verify, and signing in again works', async (_name, rule) => {
        const account = await accounts.registered('send-fault');
        const sent = target.messages(account.phone).length;
        faults().add(rule);
        const c = target.client();
        const res = await c.post('/auth/login', { username: account.username, password: account.password });
        expectError(res, 503, 'provider_unavailable');
        expect(target.messages(account.phone)).toHaveLength(sent);
        await expectConfined(c);
        expectError(await accounts.verify(c, '123456'), 409, 'no_challenge');
        expectError(await c.post('/2fa/resend', {}), 409, 'no_challenge');
        await accounts.verified(account, c);
      });

      it('a 429 with Retry-After on send: 429 rate_limited with that Retry-After', async () => {
        const account = await accounts.registered('send-429');
        faults().add(sendRule({ fault: 'status', status: 429, retryAfterSeconds: 120 }));
        const res = await target
          .client()
          .post('/auth/login', { username: account.username, password: account.password });
        expectError(res, 429, 'rate_limited');
        expect(res.headers['retry-after']).toBe('120');
      });

      it('an answer naming another recipient: 503, the challenge is not kept', async () => {
        const account = await accounts.registered('send-other');
        faults().add(sendRule({ fault: 'msisdn_mismatch' }));
        const c = target.client();
        const res = await c.post('/auth/login', { username: account.username, password: account.password });
        expectError(res, 503, 'provider_unavailable');
        expectError(await accounts.verify(c, accounts.latest(account).pin), 409, 'no_challenge');
        await expectConfined(c);
      });

      const lost: [string, EmulatorFaultRule][] = [
        ['sent, then the answer is lost (reset)', sendRule({ fault: 'reset', after: true, times: 2 })],
        [
          'sent, then the answer outlasts the timeout',
          sendRule({ fault: 'delay', delayMs: LONGER_THAN_TIMEOUT_MS, after: true, times: 2 }),
        ],
        ['sent, then a 500', sendRule({ fault: 'status', status: 500, after: true, times: 2 })],
      ];
      it.each(lost)(
        '%s: one PIN went out, the module never repeats it, and a new sign-in is a new challenge',
        async (_name, rule) => {
          const account = await accounts.registered('send-lost');
          const before = target.messages(account.phone).length;
          faults().add(rule);
          const c = target.client();
          const res = await c.post('/auth/login', { username: account.username, password: account.password });
          expectError(res, 503, 'provider_unavailable');
          // Infobip sent one PIN; the module did not send again (the second fault is untouched).
          expect(target.messages(account.phone)).toHaveLength(before + 1);
          expect(faults().list()).toEqual([expect.objectContaining({ times: 1 })]);
          const lostPin = accounts.latest(account);
          await expectConfined(c);
          expectError(await accounts.verify(c, lostPin.pin), 409, 'no_challenge');

          // The user signs in again: a new challenge with a new PIN; the lost one verifies nothing.
          faults().clear();
          await accounts.pending(account, c);
          const fresh = accounts.latest(account);
          expect(fresh.pinId).not.toBe(lostPin.pinId);
          expect(target.messages(account.phone)).toHaveLength(before + 2);
          if (fresh.pin !== lostPin.pin)
            expectError(await accounts.verify(c, lostPin.pin), 401, 'invalid_pin');
          expect((await accounts.verify(c, fresh.pin)).status).toBe(200);
        },
      );
    });

    describe('on resend', () => {
      it.each([
        ['a 503', { fault: 'status', status: 503 }],
        ['a timeout', { fault: 'delay', delayMs: LONGER_THAN_TIMEOUT_MS }],
        ['another recipient', { fault: 'msisdn_mismatch' }],
      ] as [string, Omit<EmulatorFaultRule, 'match'>][])(
        '%s: 503, the challenge stays, its PIN still verifies',
        async (_name, fault) => {
          const { c, pin } = await challenge('resend-fault');
          faults().add({ match: { operation: 'resendPinOverSms' }, ...fault });
          target.advance(DEFAULTS.resendCooldownMs);
          expectError(await c.post('/2fa/resend', {}), 503, 'provider_unavailable');
          await expectConfined(c);
          expect((await accounts.verify(c, pin)).status).toBe(200);
        },
      );
    });
  });
}
