import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { InMemoryOutbox } from '../../lib/engine';
import { InfobipApiError, TRANSPORT_ERROR_IDS } from '../../lib/infobip';
import { TwoFactorModule } from '../../lib/module';
import { ScriptedProvider } from './scripted-provider';
import { createTestApp, login } from './two-factor-test-app';

describe('TwoFactorModule against a faulty provider (fail closed)', () => {
  let app: INestApplication;
  let provider: ScriptedProvider;
  let outbox: InMemoryOutbox;
  let seq = 0;
  const newPhone = () => `+4178${String(1_000_000 + seq++)}`;

  beforeAll(async () => {
    outbox = new InMemoryOutbox();
    provider = new ScriptedProvider({ outbox });
    app = await createTestApp(
      TwoFactorModule.forRoot({
        provider: { kind: 'custom', api: provider },
        clock: provider.clock,
        purposes: { login: { template: { messageText: 'Code {{pin}}' } } },
        throttle: false,
        // One user signs in many times here; send limits have their own tests (test/security).
        sendLimits: false,
      }),
    );
  });
  afterEach(() => {
    provider.rewriteVerify = undefined;
    provider.failures.clear();
    provider.clock.advance(3_000);
  });
  afterAll(async () => {
    await app?.close();
    await provider.close();
  });

  async function pendingSession(): Promise<{ agent: ReturnType<typeof request.agent>; pin: string }> {
    const agent = request.agent(app.getHttpServer());
    const phone = newPhone();
    await login(agent, phone).expect(200);
    return { agent, pin: outbox.latest(phone)!.pin };
  }

  const malformed: [string, (answer: Record<string, unknown>) => unknown][] = [
    ['verified "true" (a string)', (a) => ({ ...a, verified: 'true' })],
    ['verified 1', (a) => ({ ...a, verified: 1 })],
    ['verified missing', (a) => ({ ...a, verified: undefined })],
    ['an empty answer', () => undefined],
    ['verified true for another msisdn', (a) => ({ ...a, msisdn: '41000000000' })],
    ['verified true without msisdn', (a) => ({ ...a, msisdn: undefined })],
    ['verified false without pinError', (a) => ({ ...a, verified: false, pinError: undefined })],
    ['an unknown pinError', (a) => ({ ...a, verified: false, pinError: 'SOMETHING_NEW' })],
  ];
  it.each(malformed)('never upgrades the session on %s: 503 provider_unavailable', async (_name, rewrite) => {
    const { agent, pin } = await pendingSession();
    provider.rewriteVerify = (answer) => rewrite(answer as unknown as Record<string, unknown>);
    const res = await agent.post('/2fa/verify').send({ pin }).expect(503);
    expect(res.body).toEqual({
      statusCode: 503,
      code: 'provider_unavailable',
      message: 'Verification is unavailable right now. Try again later.',
    });
    expect(res.headers['cache-control']).toBe('no-store');
    await agent.get('/account').expect(401);
    expect((await agent.get('/2fa/status')).body.state).toBe('pending');
  });

  it('accepts a verification whose msisdn is written with a +', async () => {
    const { agent, pin } = await pendingSession();
    provider.rewriteVerify = (answer) => ({ ...answer, msisdn: `+${answer.msisdn}` });
    await agent.post('/2fa/verify').send({ pin }).expect(200);
    await agent.get('/account').expect(200);
  });

  const failures: [string, unknown, number, string][] = [
    ['a 500', InfobipApiError.of(500), 503, 'provider_unavailable'],
    ['a 401 (bad credentials)', InfobipApiError.of(401), 503, 'provider_unavailable'],
    [
      'a timeout',
      new InfobipApiError({ status: 0, messageId: TRANSPORT_ERROR_IDS.timeout, text: 'timed out' }),
      503,
      'provider_unavailable',
    ],
    ['a non-Infobip error', new TypeError('socket hang up'), 503, 'provider_unavailable'],
    ['a 404 (unknown pinId)', InfobipApiError.notFound(), 409, 'no_challenge'],
    ['a 429', InfobipApiError.tooManyRequests(7), 429, 'rate_limited'],
  ];
  it.each(failures)('maps %s on verify', async (_name, error, status, code) => {
    const { agent, pin } = await pendingSession();
    provider.failures.set('verifyPin', error);
    const res = await agent.post('/2fa/verify').send({ pin }).expect(status);
    expect(res.body.code).toBe(code);
    if (code === 'rate_limited') expect(res.headers['retry-after']).toBe('7');
    await agent.get('/account').expect(401);
  });

  it('maps a failed send to 503 and leaves the session pending without a challenge', async () => {
    provider.failures.set('sendPinOverSms', InfobipApiError.of(500));
    const agent = request.agent(app.getHttpServer());
    const phone = newPhone();
    const res = await login(agent, phone).expect(503);
    expect(res.body.code).toBe('provider_unavailable');
    expect(outbox.latest(phone)).toBeUndefined();
    expect((await agent.get('/2fa/status')).body.state).toBe('pending');
    expect((await agent.post('/2fa/verify').send({ pin: '123456' }).expect(409)).body.code).toBe(
      'no_challenge',
    );
    expect((await agent.post('/2fa/resend').send({}).expect(409)).body.code).toBe('no_challenge');
    await agent.get('/account').expect(401);
  });

  it('maps a failed resend to 503', async () => {
    const { agent } = await pendingSession();
    provider.clock.advance(30_000);
    provider.failures.set(
      'resendPinOverSms',
      new InfobipApiError({ status: 0, messageId: 'NETWORK_ERROR', text: 'down' }),
    );
    expect((await agent.post('/2fa/resend').send({}).expect(503)).body.code).toBe('provider_unavailable');
  });

  it('refuses a malformed destination before calling the provider', async () => {
    const agent = request.agent(app.getHttpServer());
    const calls = provider.calls.length;
    const res = await login(agent, 'call me maybe').expect(400);
    expect(res.body).toEqual({
      statusCode: 400,
      code: 'bad_request',
      message: 'The destination must be a phone number in international format.',
    });
    expect(provider.calls.length).toBe(calls);
  });

  it('never calls the provider for a malformed PIN', async () => {
    const { agent } = await pendingSession();
    const calls = provider.calls.filter((c) => c === 'verifyPin').length;
    await agent.post('/2fa/verify').send({ pin: '12345a' }).expect(400);
    await agent.post('/2fa/verify').send({ pin: 123456 }).expect(400);
    expect(provider.calls.filter((c) => c === 'verifyPin').length).toBe(calls);
  });
});
