import fc from 'fast-check';
import { InMemoryCounterStore, type TwoFactorEventMap } from 'nestjs-infobip-2fa';
import { FUZZ, hostileDestinations } from './support/hostile-input';
import {
  type ModulePlatform,
  type ModuleTarget,
  PURPOSES,
  type RawResponse,
  type SharedProvider,
  startModuleTarget,
  startProvider,
} from './support/module-target';
import type { ProviderKind } from './support/sample-target';

const HOUR = 3_600_000;
// Small limits, so that each can be reached in a few requests.
const LIMITS = { perDestination: '3/1h', perUser: '4/1h', perIp: '6/1h', global: '12/1h' } as const;

const expectError = (res: RawResponse, status: number, code: string): void => {
  expect({ status: res.status, body: res.body }).toEqual({
    status,
    body: { statusCode: status, code, message: expect.any(String) },
  });
};

/**
 * SMS-pumping and message-bombing defences of the module itself (an application
 * that sends to whatever destination it is given): destination policy before any
 * provider call, send limits per destination, user, client IP and globally,
 * counted in the CounterStore across instances, `limited` events, and the client
 * IP taken only from trusted proxy hops.
 */
export function describeAbuseDefences(kind: ProviderKind, platform: ModulePlatform = 'nest-express'): void {
  const on = platform === 'nest-express' ? kind : `${kind}, ${platform}`;
  describe(`SMS-pumping defences of the module (${on})`, () => {
    let provider: SharedProvider;
    let target: ModuleTarget;
    let sends: jest.SpyInstance[];
    const limited: TwoFactorEventMap['limited'][] = [];
    let serial = 0;
    /** A fresh Swiss mobile number. */
    const phone = () => `+4178${String(1_000_000 + ++serial)}`;
    const providerSends = () => sends.reduce((sum, spy) => sum + spy.mock.calls.length, 0);
    const start = (body: Record<string, unknown>, from = '127.0.0.1', headers: Record<string, string> = {}) =>
      target.post('/start', { user: `user-${++serial}`, ...body }, { from, headers });

    beforeAll(async () => {
      provider = await startProvider(kind);
      target = await startModuleTarget(provider, { sendLimits: LIMITS, throttle: false }, platform);
      target.service.events.on('limited', (event) => limited.push(event));
      sends = (['sendPinOverSms', 'sendPinOverVoice', 'sendPinOverEmail', 'resendPinOverSms'] as const).map(
        (operation) => jest.spyOn(target.api, operation),
      );
    });
    // Every test starts with fresh windows.
    beforeEach(() => {
      target.advance(2 * HOUR);
      limited.length = 0;
    });
    afterAll(async () => {
      await target?.close();
      await provider?.close();
    });

    describe('destinations are checked before the provider is called', () => {
      it.each([
        ['premium rate (CH 0900)', '+41 900 123 456', 'this kind of phone number'],
        ['premium rate (US 1-900)', '+1 900 555 1234', 'this kind of phone number'],
        ['shared cost (CH 0840)', '+41 840 123 456', 'this kind of phone number'],
        ['UAN (UK 055)', '+44 55 1234 5678', 'this kind of phone number'],
        ['personal number (UK 070)', '+44 70 1123 4567', 'this kind of phone number'],
        ['voicemail (CH 086)', '+41 86 079 123 4567', 'this kind of phone number'],
        ['an unassigned range', '+41 00 000 0000', 'international format'],
        ['too many digits', '+41 79 123 45 67 890', 'international format'],
        ['a trunk prefix', '+41 079 123 45 67', 'international format'],
      ])('refuses %s with 400 and sends nothing', async (_name, to, message) => {
        const calls = providerSends();
        const res = await start({ to });
        expectError(res, 400, 'bad_request');
        expect(res.body.message).toContain(message);
        expect(providerSends()).toBe(calls);
      });

      it('refuses numbers of countries outside the purpose’s allow-list', async () => {
        const calls = providerSends();
        for (const to of ['+49 151 12345678', '+1 415 555 0123', '+385 91 123 4567']) {
          const res = await start({ to, purpose: 'domestic' });
          expectError(res, 400, 'bad_request');
          expect(res.body.message).toBe('Codes cannot be sent to phone numbers of this country.');
        }
        expect(providerSends()).toBe(calls);
        expect((await start({ to: phone(), purpose: 'domestic' })).status).toBe(200);
        expect(providerSends()).toBe(calls + 1);
      });

      it('refuses any hostile destination (fast-check): 400, provider never called', async () => {
        const calls = providerSends();
        const sent = target.messages().length;
        await fc.assert(
          fc.asyncProperty(hostileDestinations, fc.constantFrom('sms', 'voice'), async (to, channel) => {
            const res = await start({ to, channel });
            expect([to, res.status, res.body.code]).toEqual([to, 400, 'bad_request']);
          }),
          FUZZ,
        );
        expect(providerSends()).toBe(calls);
        expect(target.messages()).toHaveLength(sent);
      });

      it('refuses email destinations that are not plain mailbox addresses', async () => {
        const calls = providerSends();
        for (const to of [
          'jane\u0000@example.com',
          'jane@example.com\r\nBcc: everyone@example.com',
          '"jane"@example.com',
          'jane@[127.0.0.1]',
          '<img src=x>@example.com',
          'a@b,c@d.example',
          'jane@localhost',
          '+41791234567',
        ]) {
          expectError(await start({ to, purpose: 'email' }), 400, 'bad_request');
        }
        expect(providerSends()).toBe(calls);
        expect((await start({ to: 'Jane.Doe+2fa@Example.COM', purpose: 'email' })).status).toBe(200);
        expect(target.messages('jane.doe+2fa@example.com')).toHaveLength(1);
      });
    });

    describe('send limits', () => {
      it('per destination: the fourth PIN to one number in an hour is refused, whoever asks', async () => {
        const to = phone();
        for (let i = 0; i < 3; i++) expect((await start({ to }, `127.0.0.${10 + i}`)).status).toBe(200);
        const calls = providerSends();
        const res = await start({ to }, '127.0.0.20');
        expectError(res, 429, 'rate_limited');
        expect(Number(res.headers['retry-after'])).toBe(HOUR / 1000);
        expect(providerSends()).toBe(calls);
        expect(target.messages(to)).toHaveLength(3);
        expect(limited).toEqual([
          expect.objectContaining({
            limit: 'perDestination',
            spec: '3/1h',
            retryAfterSeconds: 3600,
            purpose: 'login',
          }),
        ]);
        expect(limited[0].maskedDestination).toBe(`+*******${to.slice(-4)}`);
        expect(JSON.stringify(limited)).not.toContain(to.slice(1));
        // The window ends: sends go again.
        target.advance(HOUR);
        expect((await start({ to }, '127.0.0.21')).status).toBe(200);
      });

      it('per user: the fifth PIN for one user in an hour is refused, to any number', async () => {
        const user = `user-${++serial}`;
        for (let i = 0; i < 4; i++) {
          expect((await target.post('/start', { user, to: phone() }, { from: `127.0.1.${i}` })).status).toBe(
            200,
          );
        }
        const res = await target.post('/start', { user, to: phone() }, { from: '127.0.1.9' });
        expectError(res, 429, 'rate_limited');
        expect(limited.map((e) => [e.limit, e.userId])).toEqual([['perUser', user]]);
      });

      it('per client IP (the socket address; X-Forwarded-For changes nothing)', async () => {
        for (let i = 0; i < 6; i++) {
          const spoofed = { 'X-Forwarded-For': `198.51.100.${i}`, 'X-Real-IP': `198.51.100.${i}` };
          expect((await start({ to: phone() }, '127.0.0.77', spoofed)).status).toBe(200);
        }
        const res = await start({ to: phone() }, '127.0.0.77', { 'X-Forwarded-For': '203.0.113.1' });
        expectError(res, 429, 'rate_limited');
        expect(limited.map((e) => [e.limit, e.ip])).toEqual([['perIp', '127.0.0.77']]);
        // Another client is not affected.
        expect((await start({ to: phone() }, '127.0.0.78')).status).toBe(200);
        // The module warned that a proxy seems to be in front while no hop is trusted.
        expect(target.logs.text()).toContain('X-Forwarded-For but trustProxyHops is 0');
      });

      it('globally: the budget caps every client together', async () => {
        for (let i = 0; i < 12; i++) expect((await start({ to: phone() }, `127.0.2.${i}`)).status).toBe(200);
        const calls = providerSends();
        for (let i = 0; i < 3; i++) {
          expectError(await start({ to: phone() }, `127.0.3.${i}`), 429, 'rate_limited');
        }
        expect(providerSends()).toBe(calls);
        expect(limited.map((e) => e.limit)).toEqual(['global', 'global', 'global']);
      });

      it('counts resends as sends', async () => {
        const to = phone();
        const first = await start({ to });
        expect(first.status).toBe(200);
        for (let i = 0; i < 2; i++) {
          target.advance(30_000);
          expect((await target.post('/2fa/resend', {}, { cookie: first.cookie })).status).toBe(202);
        }
        target.advance(30_000);
        const res = await target.post('/2fa/resend', {}, { cookie: first.cookie });
        expectError(res, 429, 'rate_limited');
        expect(target.messages(to)).toHaveLength(3);
        expect(limited.map((e) => e.limit)).toEqual(['perDestination']);
      });

      it('holds under parallel requests: exactly the limit goes out', async () => {
        const to = phone();
        const answers = await Promise.all(
          Array.from({ length: 15 }, (_, i) => start({ to }, `127.0.4.${i}`)),
        );
        expect(answers.filter((res) => res.status === 200)).toHaveLength(3);
        expect(answers.filter((res) => res.status === 429)).toHaveLength(12);
        expect(target.messages(to)).toHaveLength(3);
      });
    });

    describe('per purpose: traffic of one purpose never spends the budgets of another', () => {
      it('a destination, an IP and the global budget spent by one purpose leave the other whole', async () => {
        const to = '+41781234599';
        // Another purpose spends the number's, the address's and the global budget of its own...
        for (let i = 0; i < 3; i++) {
          expect((await start({ to, purpose: 'domestic' }, `127.0.5.${i}`)).status).toBe(200);
        }
        expectError(await start({ to, purpose: 'domestic' }, '127.0.5.9'), 429, 'rate_limited');
        for (let i = 0; i < 6; i++)
          expect((await start({ to: phone(), purpose: 'domestic' }, '127.0.5.20')).status).toBe(200);
        expectError(await start({ to: phone(), purpose: 'domestic' }, '127.0.5.20'), 429, 'rate_limited');
        for (let i = 0; i < 3; i++)
          expect((await start({ to: phone(), purpose: 'domestic' }, `127.0.5.${30 + i}`)).status).toBe(200);
        expectError(await start({ to: phone(), purpose: 'domestic' }, '127.0.5.40'), 429, 'rate_limited');
        expect(limited.map((e) => [e.purpose, e.limit])).toEqual([
          ['domestic', 'perDestination'],
          ['domestic', 'perIp'],
          ['domestic', 'global'],
        ]);
        // ...and sign-in to that number, from that address, still goes out.
        expect((await start({ to }, '127.0.5.20')).status).toBe(200);
        expect(target.messages(to)).toHaveLength(4);
      });

      it('takes a purpose’s own limits over the module’s', async () => {
        const own = await startModuleTarget(
          provider,
          {
            sendLimits: LIMITS,
            throttle: false,
            purposes: { ...PURPOSES, domestic: { ...PURPOSES.domestic, sendLimits: { global: '1/1h' } } },
          },
          platform,
        );
        try {
          expect((await own.post('/start', { user: 'a', to: phone(), purpose: 'domestic' })).status).toBe(
            200,
          );
          expectError(
            await own.post('/start', { user: 'b', to: phone(), purpose: 'domestic' }),
            429,
            'rate_limited',
          );
          expect((await own.post('/start', { user: 'c', to: phone() })).status).toBe(200);
        } finally {
          await own.close();
        }
      });
    });

    describe('across instances sharing one CounterStore (as on Redis)', () => {
      it('a limit reached through one instance holds on the other', async () => {
        const counterStore = new InMemoryCounterStore();
        const options = { sendLimits: LIMITS, throttle: false as const, counterStore };
        const one = await startModuleTarget(provider, options, platform);
        const two = await startModuleTarget(provider, options, platform);
        try {
          const to = phone();
          expect((await one.post('/start', { user: 'a', to })).status).toBe(200);
          expect((await two.post('/start', { user: 'b', to })).status).toBe(200);
          expect((await one.post('/start', { user: 'c', to })).status).toBe(200);
          expectError(await two.post('/start', { user: 'd', to }), 429, 'rate_limited');
          expectError(await one.post('/start', { user: 'e', to }), 429, 'rate_limited');
          expect(provider.outbox.list(to)).toHaveLength(3);
        } finally {
          await one.close();
          await two.close();
          await counterStore.close();
        }
      });
    });

    describe('behind proxies trusted by address (trustedProxies)', () => {
      it('believes X-Forwarded-For from the proxy only, not from a client that reaches the port', async () => {
        const behind = await startModuleTarget(
          provider,
          {
            sendLimits: LIMITS,
            throttle: false,
            trustedProxies: ['127.0.0.1'],
          },
          platform,
        );
        const events: TwoFactorEventMap['limited'][] = [];
        behind.service.events.on('limited', (event) => events.push(event));
        try {
          // A direct client (127.0.0.66) writes a new X-Forwarded-For each time: counted by its own address.
          for (let i = 0; i < 6; i++) {
            const headers = { 'X-Forwarded-For': `203.0.113.${i}` };
            const res = await behind.post(
              '/start',
              { user: `d${i}`, to: phone() },
              { from: '127.0.0.66', headers },
            );
            expect(res.status).toBe(200);
          }
          const headers = { 'X-Forwarded-For': '203.0.113.99' };
          expectError(
            await behind.post('/start', { user: 'd9', to: phone() }, { from: '127.0.0.66', headers }),
            429,
            'rate_limited',
          );
          expect(events.map((e) => [e.limit, e.ip])).toEqual([['perIp', '127.0.0.66']]);
          // Through the proxy (127.0.0.1), the address it appended is the client's.
          const proxied = { 'X-Forwarded-For': 'forged, 203.0.113.7' };
          const res = await behind.post('/start', { user: 'p', to: phone() }, { headers: proxied });
          expect(res.status).toBe(200);
        } finally {
          await behind.close();
        }
      });
    });

    describe('behind a trusted proxy (trustProxyHops: 1)', () => {
      it('counts the address the proxy saw, whatever the client wrote before it', async () => {
        const behind = await startModuleTarget(
          provider,
          {
            sendLimits: LIMITS,
            throttle: false,
            trustProxyHops: 1,
          },
          platform,
        );
        const events: TwoFactorEventMap['limited'][] = [];
        behind.service.events.on('limited', (event) => events.push(event));
        try {
          // The client forges a different first entry each time; the proxy appends the real address.
          for (let i = 0; i < 6; i++) {
            const headers = { 'X-Forwarded-For': `10.9.9.${i}, 203.0.113.7` };
            expect((await behind.post('/start', { user: `p${i}`, to: phone() }, { headers })).status).toBe(
              200,
            );
          }
          const headers = { 'X-Forwarded-For': 'forged, 203.0.113.7' };
          expectError(
            await behind.post('/start', { user: 'p9', to: phone() }, { headers }),
            429,
            'rate_limited',
          );
          expect(events.map((e) => [e.limit, e.ip])).toEqual([['perIp', '203.0.113.7']]);
          // Another client behind the same proxy has its own budget.
          const other = { 'X-Forwarded-For': '203.0.113.8' };
          expect((await behind.post('/start', { user: 'q', to: phone() }, { headers: other })).status).toBe(
            200,
          );
        } finally {
          await behind.close();
        }
      });
    });
  });
}
