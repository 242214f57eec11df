import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { InMemoryOutbox } from '../../lib/engine';
import { startEmulator, type StartedEmulator } from '../../lib/emulator';
import { TwoFactorModule, TwoFactorService, type TwoFactorModuleOptions } from '../../lib/module';
import { createTestApp, expectTypoThenRetype, login } from './two-factor-test-app';

const API_KEY = 'emulator-test-key-5f1c';

describe('TwoFactorModule on Infobip (the emulator over HTTP)', () => {
  let emulator: StartedEmulator;
  let app: INestApplication;
  let seq = 0;
  const newPhone = () => `+4477${String(10_000_000 + seq++)}`;
  const outbox = () => emulator.emulator.engine.outbox as InMemoryOutbox;
  const clock = () => emulator.emulator.engine.clock;
  const options = (overrides: Partial<TwoFactorModuleOptions> = {}): TwoFactorModuleOptions => ({
    provider: { kind: 'infobip', baseUrl: emulator.url, apiKey: API_KEY, timeoutMs: 5_000 },
    purposes: {
      login: {
        application: { name: 'Acme login' },
        templates: {
          sms: { messageText: 'Acme code {{pin}}' },
          voice: { messageText: 'Your Acme code is {{pin}}' },
        },
      },
    },
    clock: clock(),
    throttle: false,
    ...overrides,
  });

  beforeAll(async () => {
    emulator = await startEmulator({ apiKey: API_KEY });
    app = await createTestApp(TwoFactorModule.forRoot({ ...options(), globalGuard: true }));
  });
  afterAll(async () => {
    await app?.close();
    await emulator?.close();
  });

  it('runs the main flow: login, PIN over SMS, verify, protected route', async () => {
    const agent = request.agent(app.getHttpServer());
    const phone = newPhone();
    const res = await login(agent, phone).expect(200);
    const message = outbox().latest(phone)!;
    expect(message.text).toBe(`Acme code ${message.pin}`);
    await agent.get('/account').expect(401);
    await agent.get('/public').expect(401);
    const verify = await agent.post('/2fa/verify').send({ pin: message.pin }).expect(200, { verified: true });
    await agent.get('/account').expect(200);
    for (const r of [res, verify, await agent.get('/2fa/status')]) {
      const everything = JSON.stringify(r.headers) + r.text;
      expect(everything).not.toContain(message.pin);
      expect(everything).not.toContain(message.pinId);
    }
  });

  it('maps wrong, spent and expired PINs', async () => {
    const agent = request.agent(app.getHttpServer());
    const phone = newPhone();
    await login(agent, phone).expect(200);
    const pin = outbox().latest(phone)!.pin;
    const wrong = pin === '000000' ? '111111' : '000000';
    expect((await agent.post('/2fa/verify').send({ pin: wrong }).expect(401)).body.code).toBe('invalid_pin');
    expect((await agent.get('/2fa/status')).body.attemptsRemaining).toBe(4);
    clock().advance(5 * 60_000);
    expect((await agent.post('/2fa/verify').send({ pin }).expect(401)).body.code).toBe('pin_expired');
    await agent.get('/account').expect(401);
  });

  it('answers 200 to the right PIN typed at once after a typo: it waits out the verify window', async () => {
    const agent = request.agent(app.getHttpServer());
    const phone = newPhone();
    await login(agent, phone).expect(200);
    await expectTypoThenRetype(agent, app.get(TwoFactorService), clock(), outbox().latest(phone)!.pin);
  });

  it('resends the same PIN after the cooldown, by voice on request', async () => {
    const agent = request.agent(app.getHttpServer());
    const phone = newPhone();
    await login(agent, phone).expect(200);
    const pin = outbox().latest(phone)!.pin;
    expect((await agent.post('/2fa/resend').send({}).expect(429)).headers['retry-after']).toBe('30');
    clock().advance(30_000);
    await agent.post('/2fa/resend').send({ channel: 'voice' }).expect(202);
    expect(outbox().latest(phone)).toMatchObject({ channel: 'voice', pin });
    await agent.post('/2fa/verify').send({ pin }).expect(200);
  });

  it('binds to the same application from a second instance', async () => {
    const second = await createTestApp(TwoFactorModule.forRoot(options()));
    try {
      const named = (await emulator.emulator.engine.getApplications()).filter((a) => a.name === 'Acme login');
      expect(named).toHaveLength(1);
      expect(await emulator.emulator.engine.getMessageTemplates(named[0].applicationId)).toHaveLength(2);
      // A challenge started on one instance is verified through the other only if the session
      // travels with it; the provider side is shared either way.
      const phone = newPhone();
      await login(request.agent(second.getHttpServer()), phone).expect(200);
      expect(outbox().latest(phone)!.applicationId).toBe(named[0].applicationId);
    } finally {
      await second.close();
    }
  });

  it('settles two instances starting at once on one application', async () => {
    const purposes = { login: { application: { name: 'Acme race' } } };
    const [a, b] = await Promise.all([
      createTestApp(TwoFactorModule.forRoot(options({ purposes }))),
      createTestApp(TwoFactorModule.forRoot(options({ purposes }))),
    ]);
    try {
      const named = (await emulator.emulator.engine.getApplications()).filter((x) => x.name === 'Acme race');
      const phoneA = newPhone();
      const phoneB = newPhone();
      await login(request.agent(a.getHttpServer()), phoneA).expect(200);
      await login(request.agent(b.getHttpServer()), phoneB).expect(200);
      expect(outbox().latest(phoneA)!.applicationId).toBe(named[0].applicationId);
      expect(outbox().latest(phoneB)!.applicationId).toBe(named[0].applicationId);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('fails at bootstrap with a clear error on a wrong API key, without the key', async () => {
    const wrongKey = 'definitely-wrong-key-9a8b';
    const error = await Test.createTestingModule({
      imports: [
        TwoFactorModule.forRoot({
          ...options(),
          provider: { kind: 'infobip', baseUrl: emulator.url, apiKey: wrongKey },
          controller: false,
        }),
      ],
    })
      .compile()
      .catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toMatch(
      /^TwoFactorModule: purposes\.login could not be set up at the 2FA provider \(HTTP 401 UNAUTHORIZED: .*\)\. Fix: check provider\.apiKey \(or provider\.auth\) and provider\.baseUrl$/,
    );
    expect(message).not.toContain(wrongKey);
    expect(JSON.stringify(error)).not.toContain(wrongKey);
  });

  it('fails at bootstrap with a clear error when the provider is unreachable', async () => {
    const error = await Test.createTestingModule({
      imports: [
        TwoFactorModule.forRoot({
          ...options(),
          provider: { kind: 'infobip', baseUrl: 'http://127.0.0.1:9', apiKey: API_KEY, timeoutMs: 2_000 },
          controller: false,
        }),
      ],
    })
      .compile()
      .catch((e: Error) => e);
    expect((error as Error).message).toMatch(
      /^TwoFactorModule: purposes\.login could not be set up at the 2FA provider .*Fix: check provider\.baseUrl and that the provider is reachable$/,
    );
  });
});
