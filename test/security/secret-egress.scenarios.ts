import { TwoFactorService, type TwoFactorEventName } from 'nestjs-infobip-2fa';
import { Accounts, DEFAULTS, wrongPin, type Account } from './support/accounts';
import { LogCapture } from './support/log-capture';
import {
  type ProviderKind,
  type SampleTarget,
  startSampleTarget,
  type NestPlatform,
} from './support/sample-target';

const WRONG_KEY = 'wrong-api-key-0d9e4b21c7';

/** Occurrences of `secret` in `text` as a whole token (not inside a longer run of digits or letters). */
function leaks(text: string, secret: string): boolean {
  const escaped = secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![0-9A-Za-z])${escaped}(?![0-9A-Za-z])`).test(text);
}

/**
 * A whole run of the sample app, happy paths and failures (wrong PINs, lockout,
 * send limits, malformed input, and on Infobip: a revoked API key, errors that echo
 * the phone number or the key, a start with the wrong key), with every log line
 * (Nest logger, console, stdout, stderr), every response and every event recorded.
 * None may contain a PIN, a pinId, an API key or a full phone number.
 */
export function describeSecretEgress(kind: ProviderKind, platform: NestPlatform = 'nest-express'): void {
  const on = platform === 'nest-express' ? kind : `${kind}, ${platform}`;
  describe(`secret egress from the sample app (${on})`, () => {
    const logs = new LogCapture();
    const events: string[] = [];
    let target: SampleTarget;
    let accounts: Accounts;
    const phones: string[] = [];
    let bootstrapFailure = '';

    beforeAll(async () => {
      logs.captureProcessOutput();
      target = await startSampleTarget(kind, { logs }, platform);
      accounts = new Accounts(target, `e${kind[0]}`);
      const service = target.app.get(TwoFactorService);
      for (const name of [
        'sent',
        'verified',
        'failed',
        'locked',
        'resent',
        'limited',
      ] as TwoFactorEventName[]) {
        service.events.on(name, (payload) => events.push(`${name} ${JSON.stringify(payload)}`));
      }
    });
    afterAll(async () => {
      await target?.close();
      logs.restore();
    });

    const account = (name: string): Account => {
      const next = accounts.next(name);
      phones.push(next.phone);
      return next;
    };

    it('runs sign-up, sign-in, wrong PINs, resends, sign-out, lockout and send limits', async () => {
      // Sign-up and sign-in, with a wrong PIN, resends by SMS and voice, and sign-out.
      const alice = account('alice');
      const c = target.client();
      expect((await c.post('/auth/register', alice)).status).toBe(201);
      expect((await accounts.verify(c, accounts.latest(alice).pin)).status).toBe(200);
      await accounts.pending(alice, c);
      expect((await accounts.verify(c, wrongPin(accounts.latest(alice).pin))).status).toBe(401);
      target.advance(DEFAULTS.resendCooldownMs);
      expect((await c.post('/2fa/resend', {})).status).toBe(202);
      target.advance(DEFAULTS.resendCooldownMs);
      expect((await c.post('/2fa/resend', { channel: 'voice' })).status).toBe(202);
      expect((await c.get('/2fa/status')).status).toBe(200);
      expect((await accounts.verify(c, accounts.latest(alice).pin)).status).toBe(200);
      expect((await c.get('/account')).status).toBe(200);
      expect((await c.post('/auth/logout')).status).toBe(204);

      // Lockout: ten wrong PINs over two challenges, then a refused sign-in.
      const bob = account('bob');
      expect((await target.client().post('/auth/register', bob)).status).toBe(201);
      for (let challenge = 0; challenge < 2; challenge++) {
        const s = await accounts.pending(bob);
        for (let i = 0; i < DEFAULTS.pinAttempts + 1; i++)
          await accounts.verify(s, wrongPin(accounts.latest(bob).pin));
      }
      expect(
        (await target.client().post('/auth/login', { username: bob.username, password: bob.password }))
          .status,
      ).toBe(403);

      // A send limit: the sixth sign-in PIN to one number in a day.
      target.advance(DEFAULTS.hourAndMore);
      const carol = account('carol');
      const confirming = target.client();
      expect((await confirming.post('/auth/register', carol)).status).toBe(201);
      expect((await accounts.verify(confirming, accounts.latest(carol).pin)).status).toBe(200);
      const codes: number[] = [];
      for (let i = 0; i < 6; i++) {
        const res = await target
          .client()
          .post('/auth/login', { username: carol.username, password: carol.password });
        codes.push(res.status);
      }
      expect(codes).toEqual([200, 200, 200, 200, 200, 429]);

      // Malformed input everywhere.
      await target.client().post('/auth/register', { ...account('dave'), phone: '+41 900 123 456' });
      await target.client().post('/2fa/verify', '{"pin":');
      await target.client().post('/auth/login', { username: ['x'], password: { $ne: 1 } });
    });

    if (kind === 'infobip') {
      it('runs through Infobip failures: a revoked key, errors echoing the number or the key', async () => {
        const faults = target.emulator!.emulator.faults;
        const erin = account('erin');
        const confirming = target.client();
        expect((await confirming.post('/auth/register', erin)).status).toBe(201);
        expect((await accounts.verify(confirming, accounts.latest(erin).pin)).status).toBe(200);
        const digits = erin.phone.slice(1);
        faults.add({ match: { operation: 'sendPinOverSms' }, fault: 'status', status: 401 });
        expect(
          (await target.client().post('/auth/login', { username: erin.username, password: erin.password }))
            .status,
        ).toBe(503);
        faults.add({
          match: { operation: 'sendPinOverSms' },
          fault: 'status',
          status: 400,
          text: `Invalid destination address ${digits} (${erin.phone}); key ${target.apiKey}`,
        });
        expect(
          (await target.client().post('/auth/login', { username: erin.username, password: erin.password }))
            .status,
        ).toBe(503);
        const s = await accounts.pending(erin);
        faults.add({
          match: { operation: 'verifyPin' },
          fault: 'status',
          status: 401,
          text: `App ${target.apiKey} revoked`,
        });
        expect((await accounts.verify(s, accounts.latest(erin).pin)).status).toBe(503);
        faults.add({
          match: { operation: 'verifyPin' },
          fault: 'status',
          status: 500,
          text: `pinId ${accounts.latest(erin).pinId}, msisdn ${digits}`,
        });
        expect((await accounts.verify(s, accounts.latest(erin).pin)).status).toBe(503);
        expect(logs.text()).toContain('2FA provider failed to send');
        expect(logs.text()).toContain('2FA provider failed to verify');
      });

      it('refuses to start with a wrong API key, and says so without showing any key', async () => {
        const failed = await startSampleTarget(
          'infobip',
          {
            apiKey: target.apiKey,
            appApiKey: WRONG_KEY,
            logs,
          },
          platform,
        ).then(
          async (started) => {
            await started.close();
            return undefined;
          },
          (error: unknown) => error,
        );
        expect(failed).toBeInstanceOf(Error);
        bootstrapFailure = `${(failed as Error).message}\n${(failed as Error).stack}`;
        expect(bootstrapFailure).toContain('401');
        expect(bootstrapFailure).toContain('provider.apiKey');
      });
    }

    it('never shows a PIN, a pinId, an API key or a full phone number: in logs, responses or events', () => {
      const messages = target.allMessages();
      expect(messages.length).toBeGreaterThan(10);
      expect(target.transcript.length).toBeGreaterThan(30);
      expect(events.some((e) => e.startsWith('limited'))).toBe(true);
      expect(logs.text()).toContain('limit');
      const places: [string, string][] = [
        ['logs', logs.text()],
        ['responses', target.transcript.join('\n')],
        ['events', events.join('\n')],
        ['bootstrap error', bootstrapFailure],
      ];
      const secrets: [string, string][] = [
        ...messages.flatMap((m): [string, string][] => [
          ['PIN', m.pin],
          ['pinId', m.pinId],
        ]),
        ...phones.flatMap((phone): [string, string][] => [
          ['phone', phone],
          ['phone digits', phone.slice(1)],
        ]),
        ...(target.apiKey
          ? ([
              ['API key', target.apiKey],
              ['wrong API key', WRONG_KEY],
            ] as [string, string][])
          : []),
      ];
      const found = places.flatMap(([place, text]) =>
        secrets
          .filter(([, secret]) => leaks(text, secret))
          .map(([what, secret]) => `${what} ${secret} in ${place}`),
      );
      expect(found).toEqual([]);
    });
  });
}
