import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { InMemoryOutbox, LocalTwoFactorEngine, ManualClock } from '../../lib/engine';
import { startEmulator, type StartedEmulator } from '../../lib/emulator';
import type { TwoFactorApi } from '../../lib/infobip';
import { TwoFactorModule } from '../../lib/module';
import { createTestApp, login } from './two-factor-test-app';

const APP_NAME = 'Rebinding login';
const purposes = {
  login: {
    application: { name: APP_NAME },
    templates: { sms: { messageText: 'Code {{pin}}' }, voice: { messageText: 'Code {{pin}}' } },
  },
};

// The provider lost its state (Redis restarted empty, applications deleted out of band):
// every id the module bound at bootstrap is unknown, and it must recover by itself.
describe('TwoFactorModule when the provider forgets its applications and templates', () => {
  describe('custom provider whose engine is replaced by an empty one', () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1));
    const outbox = new InMemoryOutbox();
    const engines: LocalTwoFactorEngine[] = [];
    let engine: LocalTwoFactorEngine;
    let app: INestApplication;
    let phones = 0;
    const newPhone = (): string => `+4178${String(1_000_000 + phones++)}`;

    const freshEngine = (): LocalTwoFactorEngine => {
      engine = new LocalTwoFactorEngine({ clock, outbox });
      engines.push(engine);
      return engine;
    };
    /**
     * When set, listing applications waits until this many sends have failed: every
     * parallel request has met the loss before any re-binding gets an answer.
     */
    let gate: { failedSends: number; needed: number; open: () => void; opened: Promise<void> } | undefined;
    const closeGate = (needed: number): void => {
      let open = (): void => undefined;
      const opened = new Promise<void>((resolve) => (open = resolve));
      gate = { failedSends: 0, needed, open, opened };
    };
    /** The provider seam: every call goes to whichever engine is current. */
    const api = new Proxy({} as TwoFactorApi, {
      get: (_target, name) => {
        const member = (engine as unknown as Record<PropertyKey, unknown>)[name];
        if (typeof member !== 'function') return member;
        const call = member.bind(engine) as (...args: unknown[]) => Promise<unknown>;
        if (name === 'getApplications')
          return async () => {
            await gate?.opened;
            return call();
          };
        if (name === 'sendPinOverSms')
          return (...args: unknown[]) =>
            call(...args).catch((error: unknown) => {
              if (gate && ++gate.failedSends >= gate.needed) gate.open();
              throw error;
            });
        return call;
      },
    });

    beforeAll(async () => {
      freshEngine();
      app = await createTestApp(
        TwoFactorModule.forRoot({
          provider: { kind: 'custom', api },
          clock,
          purposes,
          throttle: false,
          sendLimits: false,
        }),
      );
    });
    afterEach(() => clock.advance(60_000));
    afterAll(async () => {
      await app?.close();
      for (const e of engines) await e.close();
    });

    async function signIn(): Promise<{ agent: ReturnType<typeof request.agent>; phone: string }> {
      const agent = request.agent(app.getHttpServer());
      const phone = newPhone();
      await login(agent, phone).expect(200);
      return { agent, phone };
    }

    it('binds the purpose again on the next sign-in: the PIN goes out and verifies', async () => {
      const before = await engine.getApplications();
      freshEngine();
      const { agent, phone } = await signIn();
      const pin = outbox.latest(phone)?.pin as string;
      expect(pin).toMatch(/^\d{6}$/);
      await agent.post('/2fa/verify').send({ pin }).expect(200);
      await agent.get('/account').expect(200);

      const after = await engine.getApplications();
      expect(after.map((a) => a.name)).toEqual([APP_NAME]);
      expect(after[0].configuration).toEqual(before[0].configuration);
      // Later sign-ins use the new binding directly.
      const next = await signIn();
      await next.agent
        .post('/2fa/verify')
        .send({ pin: outbox.latest(next.phone)?.pin })
        .expect(200);
      expect(await engine.getApplications()).toHaveLength(1);
    });

    it('parallel sign-ins after the loss create the application and templates once', async () => {
      const first = engines[0];
      const [bootstrapped] = await first.getApplications();
      const templates = await first.getMessageTemplates(bootstrapped.applicationId);
      freshEngine();
      closeGate(8);
      const phonesUsed = Array.from({ length: 8 }, newPhone);
      const answers = await Promise.all(
        phonesUsed.map((phone) => login(request.agent(app.getHttpServer()), phone)),
      );
      gate = undefined;
      expect(answers.map((res) => res.status)).toEqual(phonesUsed.map(() => 200));
      expect(phonesUsed.every((phone) => outbox.latest(phone) !== undefined)).toBe(true);
      const applications = await engine.getApplications();
      expect(applications).toHaveLength(1);
      expect(await engine.getMessageTemplates(applications[0].applicationId)).toHaveLength(templates.length);
    });

    it('a resend of a PIN the provider forgot stays no_challenge; signing in again works', async () => {
      const { agent } = await signIn();
      freshEngine();
      clock.advance(30_000);
      expect((await agent.post('/2fa/resend').send({}).expect(409)).body.code).toBe('no_challenge');
      expect((await agent.post('/2fa/verify').send({ pin: '123456' }).expect(409)).body.code).toBe(
        'no_challenge',
      );
      const again = await signIn();
      await again.agent
        .post('/2fa/verify')
        .send({ pin: outbox.latest(again.phone)?.pin })
        .expect(200);
    });

    it('keeps the policy checks: a same-named application that breaks them is not used, nothing is sent', async () => {
      const weak = freshEngine();
      await weak.createApplication({
        name: APP_NAME,
        enabled: true,
        configuration: { pinAttempts: 50, pinTimeToLive: '1h', allowMultiplePinVerifications: true },
      });
      const agent = request.agent(app.getHttpServer());
      const phone = newPhone();
      expect((await login(agent, phone).expect(503)).body.code).toBe('provider_unavailable');
      expect(outbox.latest(phone)).toBeUndefined();
      expect(await weak.getApplications()).toHaveLength(1);
    });
  });

  describe('Infobip provider, emulator restarted on the same port', () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1));
    let emulator: StartedEmulator;
    let app: INestApplication;
    let port: number;

    const start = async (): Promise<StartedEmulator> =>
      startEmulator({ port, host: '127.0.0.1', engine: new LocalTwoFactorEngine({ clock }) });

    beforeAll(async () => {
      port = 0;
      emulator = await start();
      port = Number(new URL(emulator.url).port);
      app = await createTestApp(
        TwoFactorModule.forRoot({
          provider: { kind: 'infobip', baseUrl: emulator.url, apiKey: 'any-key' },
          clock,
          purposes,
          throttle: false,
          sendLimits: false,
        }),
      );
    });
    afterAll(async () => {
      await app?.close();
      await emulator?.emulator.engine.close();
      await emulator?.close();
    });

    it('a sign-in after the restart sends a PIN that verifies', async () => {
      const lost = emulator;
      await lost.close();
      await lost.emulator.engine.close();
      emulator = await start();
      expect(emulator.url).toBe(lost.url);

      const agent = request.agent(app.getHttpServer());
      await login(agent, '+41781234567').expect(200);
      const outbox = emulator.emulator.engine.outbox as InMemoryOutbox;
      const pin = outbox.latest('41781234567')?.pin;
      await agent.post('/2fa/verify').send({ pin }).expect(200);
      await agent.get('/account').expect(200);
      expect((await emulator.emulator.engine.getApplications()).map((a) => a.name)).toEqual([APP_NAME]);
    });
  });
});
