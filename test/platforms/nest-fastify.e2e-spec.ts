import type { DynamicModule } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { InMemoryOutbox, LocalTwoFactorEngine } from '../../lib/engine';
import { TwoFactorModule } from '../../lib/module';
import { TestAuthController } from '../module/two-factor-test-app';
import { createFastifyApp } from './fastify-app';

/** The test app of the Express e2e suite, on Fastify with @fastify/session. */
async function createTestFastifyApp(
  twoFactorModule: DynamicModule,
  cookie: { maxAge?: number } = {},
): Promise<NestFastifyApplication> {
  const moduleRef = await Test.createTestingModule({
    imports: [twoFactorModule],
    controllers: [TestAuthController],
  }).compile();
  return createFastifyApp(moduleRef, undefined, false, cookie);
}

/** Seconds from now to the `Expires` of the `sid` cookie a response set (Max-Age when given). */
function cookieLifetimeSeconds(res: request.Response): number {
  const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  const sid = cookies.find((cookie) => cookie.startsWith('sid='));
  if (!sid) throw new Error('no sid cookie set');
  const maxAge = /;\s*Max-Age=(\d+)/i.exec(sid)?.[1];
  if (maxAge) return Number(maxAge);
  const expires = /;\s*Expires=([^;]+)/i.exec(sid)?.[1];
  if (!expires) throw new Error(`sid cookie without a lifetime: ${sid}`);
  return Math.round((Date.parse(expires) - Date.now()) / 1000);
}

const PHONE = '+41793026727';

describe('TwoFactorModule on Nest with Fastify', () => {
  let app: NestFastifyApplication;
  let outbox: InMemoryOutbox;
  let engine: LocalTwoFactorEngine;

  beforeAll(async () => {
    app = await createTestFastifyApp(
      TwoFactorModule.forRoot({
        provider: { kind: 'local', console: false },
        purposes: { login: { template: { messageText: 'Your code is {{pin}}' } } },
        keepSessionFields: ['userId'],
        sendLimits: { perDestination: '3/1h' },
        globalGuard: true,
      }),
    );
    outbox = app.get(InMemoryOutbox);
    engine = app.get(LocalTwoFactorEngine);
  });
  afterAll(() => app?.close());

  const login = (agent: ReturnType<typeof request.agent>, phone = PHONE) =>
    agent.post('/login').send({ username: 'alice', password: 'secret', phone });

  it('signs in, sends a PIN, verifies it in a new session and opens protected routes', async () => {
    const agent = request.agent(app.getHttpServer());
    await agent.get('/account').expect(401, {
      statusCode: 401,
      code: 'two_factor_required',
      message: 'Two-factor verification is required.',
    });
    const signedIn = await login(agent).expect(200, { twoFactor: 'required' });
    const status = await agent.get('/2fa/status').expect(200).expect('Cache-Control', 'no-store');
    expect(status.body).toMatchObject({ state: 'pending', channel: 'sms', attemptsRemaining: 5 });
    await agent.get('/public').expect(401);
    await agent.get('/cart').expect(200, { userId: 'alice' });

    const pin = outbox.latest(PHONE)!.pin;
    const verified = await agent.post('/2fa/verify').send({ pin }).expect(200, { verified: true });
    expect(verified.headers['set-cookie']).toBeDefined();
    expect(verified.headers['set-cookie']).not.toEqual(signedIn.headers['set-cookie']);
    const account = await agent.get('/account').expect(200);
    expect(account.body).toMatchObject({ userId: 'alice', twoFactor: { state: 'verified' } });
    await agent.get('/transfer').expect(200);
    engine.clock.advance(15 * 60_000 + 1);
    await agent.get('/transfer').expect(401);
  });

  it('answers wrong PINs, bad bodies and send limits with the module codes and headers', async () => {
    const agent = request.agent(app.getHttpServer());
    const phone = '+41793026728';
    await login(agent, phone).expect(200);
    engine.clock.advance(3_000);
    const right = outbox.latest(phone)!.pin;
    const wrong = right === '000000' ? '111111' : '000000';
    const refused = await agent.post('/2fa/verify').send({ pin: wrong }).expect(401);
    expect(refused.body).toMatchObject({ statusCode: 401, code: 'invalid_pin' });
    await agent.post('/2fa/verify').send({ pin: 'abc' }).expect(400);
    // Malformed JSON fails in the platform's body parser, before any route (as on Express).
    await agent.post('/2fa/verify').set('Content-Type', 'application/json').send('{"pin":').expect(400);
    await login(agent, phone).expect(200);
    await login(agent, phone).expect(200);
    const limited = await login(agent, phone).expect(429);
    expect(limited.body.code).toBe('rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('remembers a browser with a cookie of the right lifetime, and forgets it', async () => {
    const agent = request.agent(app.getHttpServer());
    const phone = '+41793026730';
    await login(agent, phone).expect(200);
    const pin = outbox.latest(phone)!.pin;
    const verified = await agent.post('/2fa/verify').send({ pin, rememberDevice: true }).expect(200);
    const device = ([] as string[])
      .concat(verified.headers['set-cookie'] ?? [])
      .find((cookie) => cookie.startsWith('tfa_device='));
    expect(device).toMatch(/^tfa_device=[A-Za-z0-9_-]{43};/);
    // 30 days, in seconds as the header counts them (not 1000 times more).
    expect(device).toContain('Max-Age=2592000');
    expect(device).toContain('HttpOnly');
    expect(device).toMatch(/SameSite=Lax/i);
    const forgotten = await agent.post('/2fa/devices/forget').expect(204);
    expect(String(forgotten.headers['set-cookie'])).toMatch(/tfa_device=;/);
  });

  it('keeps a signed-out session signed out', async () => {
    const agent = request.agent(app.getHttpServer());
    await login(agent, '+41793026729').expect(200);
    await agent.post('/logout').expect(204);
    await agent
      .get('/2fa/status')
      .expect(200)
      .expect((res) => expect(res.body.state).toBe('none'));
  });

  it('shortens the cookie of a pending session, and gives the verified session its configured lifetime back', async () => {
    const lifetime = await createTestFastifyApp(
      TwoFactorModule.forRoot({
        provider: { kind: 'local', console: false },
        purposes: { login: { template: { messageText: 'Your code is {{pin}}' } } },
      }),
      { maxAge: 30 * 60_000 },
    );
    try {
      const agent = request.agent(lifetime.getHttpServer());
      const phone = '+41793026790';
      const pending = await login(agent, phone).expect(200);
      // The PIN's lifetime (5 minutes) and a minute: a half-signed-in session doesn't last.
      expect(cookieLifetimeSeconds(pending)).toBeLessThanOrEqual(6 * 60);
      const pin = lifetime.get(InMemoryOutbox).latest(phone)!.pin;
      const verified = await agent.post('/2fa/verify').send({ pin }).expect(200);
      // @fastify/session copies the old cookie to the new id; the module puts back the 30 minutes.
      expect(cookieLifetimeSeconds(verified)).toBeGreaterThan(29 * 60);
    } finally {
      await lifetime.close();
    }
  });
});
