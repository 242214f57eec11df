import express from 'express';
import session from 'express-session';
import type { Server } from 'node:http';
import request from 'supertest';
import { InMemoryOutbox, LocalTwoFactorEngine } from '../../lib/engine';
import { createTwoFactorExpress, type TwoFactorExpress } from '../../lib/express';
import { TwoFactorModule } from '../../lib/module';
import { Test } from '@nestjs/testing';

const PHONE = '+41793026727';
const OPTIONS = {
  purposes: { login: { template: { messageText: 'Your code is {{pin}}' } } },
  keepSessionFields: ['userId'],
};

/** A plain Express app as its README section writes it: password sign-in, then the PIN. */
function createApp(twoFactor: TwoFactorExpress): Server {
  const app = express();
  app.use(session({ secret: 'test secret of the express app', resave: false, saveUninitialized: false }));
  app.post(
    '/login',
    express.json(),
    (req, res, next) => {
      if (req.body?.password !== 'secret') return res.status(401).json({ code: 'invalid_credentials' });
      (req as { user?: object }).user = { id: req.body.username };
      (req.session as unknown as Record<string, unknown>).userId = req.body.username;
      next();
    },
    twoFactor.sendPin('login', () => PHONE),
    (_req, res) => res.json({ twoFactor: 'required' }),
  );
  app.post('/logout', (req, res, next) => {
    twoFactor.service.cancel(req);
    req.session.destroy((error) => (error ? next(error) : res.status(204).end()));
  });
  app.use('/2fa', twoFactor.router());
  app.get('/account', twoFactor.requireTwoFactor(), (req, res) =>
    res.json({ userId: (req.session as unknown as Record<string, unknown>).userId }),
  );
  app.post('/transfer', twoFactor.requireTwoFactor({ maxAge: '5m' }), (_req, res) => res.json({ ok: true }));
  app.use(twoFactor.errorHandler());
  return app.listen(0, '127.0.0.1');
}

describe('nestjs-infobip-2fa/express: a plain Express app', () => {
  let engine: LocalTwoFactorEngine;
  let outbox: InMemoryOutbox;
  let twoFactor: TwoFactorExpress;
  let server: Server;

  beforeAll(async () => {
    outbox = new InMemoryOutbox();
    engine = new LocalTwoFactorEngine({ outbox });
    twoFactor = await createTwoFactorExpress({
      ...OPTIONS,
      provider: { kind: 'local', engine },
      sendLimits: false,
    });
    server = createApp(twoFactor);
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await twoFactor?.close();
    await engine?.close();
  });

  const signIn = async () => {
    const agent = request.agent(server);
    const first = await agent.post('/login').send({ username: 'ada', password: 'secret' }).expect(200);
    expect(first.body).toEqual({ twoFactor: 'required' });
    return agent;
  };
  const pin = () => outbox.latest(PHONE.slice(1))!.pin;

  it('signs in, sends a PIN, verifies it in a new session and opens protected routes', async () => {
    const agent = request.agent(server);
    await agent.get('/account').expect(401, {
      statusCode: 401,
      code: 'two_factor_required',
      message: 'Two-factor verification is required.',
    });
    const login = await agent.post('/login').send({ username: 'ada', password: 'secret' }).expect(200);
    const pendingCookie = login.headers['set-cookie'];
    const status = await agent.get('/2fa/status').expect(200).expect('Cache-Control', 'no-store');
    expect(status.body).toMatchObject({ state: 'pending', channel: 'sms', attemptsRemaining: 5 });
    expect(JSON.stringify(status.body)).not.toContain(PHONE.slice(4));
    await agent.get('/account').expect(401);

    const verified = await agent.post('/2fa/verify').send({ pin: pin() }).expect(200, { verified: true });
    expect(verified.headers['set-cookie']).toBeDefined();
    expect(verified.headers['set-cookie']).not.toEqual(pendingCookie);
    await agent.get('/account').expect(200, { userId: 'ada' });
    await agent.post('/transfer').expect(200);

    // Step-up: the verification is too old after 5 minutes, by the engine's clock.
    engine.clock.advance(5 * 60_000 + 1);
    await agent.post('/transfer').expect(401);
    await agent.get('/account').expect(200);
  });

  it('answers wrong PINs and bad bodies with the module codes, before any provider call', async () => {
    const agent = await signIn();
    const right = pin();
    const wrong = right === '000000' ? '111111' : '000000';
    engine.clock.advance(3_000);
    await agent
      .post('/2fa/verify')
      .send({ pin: wrong })
      .expect(401)
      .expect((res) => {
        expect(res.body).toMatchObject({ statusCode: 401, code: 'invalid_pin' });
        expect(JSON.stringify(res.body)).not.toContain(right);
      });
    await agent
      .post('/2fa/verify')
      .send({ pin: 'abc' })
      .expect(400)
      .expect((res) => {
        expect(res.body.code).toBe('bad_request');
      });
    await agent
      .post('/2fa/verify')
      .set('Content-Type', 'application/json')
      .send('{"pin":')
      .expect(400)
      .expect((res) => expect(res.body.code).toBe('bad_request'));
    await agent.post('/2fa/resend').send({ channel: 7 }).expect(400);
  });

  it('keeps sessions apart: no fixation, one upgrade per PIN, and a sign-out is final', async () => {
    const agent = await signIn();
    const pending = agent.jar.getCookie('connect.sid', {
      path: '/',
      domain: '127.0.0.1',
      secure: false,
      script: false,
    });
    const code = pin();
    engine.clock.advance(3_000);
    const cookie = `connect.sid=${pending!.value}`;
    const [first, second] = await Promise.all(
      [1, 2].map(() => request(server).post('/2fa/verify').set('Cookie', cookie).send({ pin: code })),
    );
    expect([first.status, second.status].filter((status) => status === 200)).toHaveLength(1);
    const upgraded = [first, second].find((res) => res.status === 200)!;
    const verifiedCookie = String(upgraded.headers['set-cookie']).split(';')[0];
    expect(verifiedCookie).not.toBe(cookie);
    // The pending session's id opens nothing (the upgrade gave the session a new id).
    await request(server).get('/account').set('Cookie', cookie).expect(401);
    await request(server).get('/account').set('Cookie', verifiedCookie).expect(200);
    await request(server).post('/logout').set('Cookie', verifiedCookie).expect(204);
    await request(server).get('/account').set('Cookie', verifiedCookie).expect(401);
  });

  it('serves the recovery-code and forget-devices routes of the Nest controller', async () => {
    await request(server).post('/2fa/recovery-codes').expect(401);
    await request(server).post('/2fa/devices/forget').expect(401);
    const agent = await signIn();
    await agent.post('/2fa/devices/forget').expect(401);
    engine.clock.advance(3_000);
    await agent.post('/2fa/verify').send({ pin: pin(), rememberDevice: true }).expect(200);
    const created = await agent.post('/2fa/recovery-codes').expect(201).expect('Cache-Control', 'no-store');
    expect(created.body.codes).toHaveLength(10);
    await agent.post('/2fa/devices/forget').expect(204, '');
  });

  it('answers a request without a challenge with no_challenge', async () => {
    await request(server)
      .post('/2fa/verify')
      .send({ pin: '123456' })
      .expect(409)
      .expect((res) => {
        expect(res.body.code).toBe('no_challenge');
      });
  });

  it('throttles the 2FA routes with the module throttle option', async () => {
    const limited = await createTwoFactorExpress({
      ...OPTIONS,
      provider: { kind: 'local', engine },
      throttle: { limit: 2, ttl: '1m' },
    });
    const app = createApp(limited);
    try {
      const agent = request.agent(app);
      await agent.get('/2fa/status').expect(200);
      await agent.get('/2fa/status').expect(200);
      const refused = await agent.get('/2fa/status').expect(429);
      expect(refused.body.code).toBe('rate_limited');
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    } finally {
      await new Promise((resolve) => app.close(resolve));
      await limited.close();
    }
  });

  it('rejects bad options with the same message as the module', async () => {
    const bad = {
      provider: { kind: 'local' as const, console: false },
      purposes: { login: { template: { messageText: 'no pin' } } },
    };
    const fromExpress = await createTwoFactorExpress(bad).then(
      () => 'started',
      (error: Error) => error.message,
    );
    const moduleRef = Test.createTestingModule({ imports: [TwoFactorModule.forRoot(bad)] }).compile();
    const fromModule = await moduleRef.then(
      () => 'started',
      (error: Error) => error.message,
    );
    expect(fromExpress).toContain('purposes.login.template.messageText');
    expect(fromExpress).toBe(fromModule);
  });
});
