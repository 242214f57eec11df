import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { InMemoryOutbox, LocalTwoFactorEngine } from '../../lib/engine';
import { TwoFactorModule, TwoFactorService, type TwoFactorEventPayload } from '../../lib/module';
import { createTestApp, expectTypoThenRetype, login, sessionCookie } from './two-factor-test-app';

describe('TwoFactorModule with the local engine (end to end)', () => {
  let app: INestApplication;
  let outbox: InMemoryOutbox;
  let engine: LocalTwoFactorEngine;
  const events: { name: string; payload: TwoFactorEventPayload }[] = [];
  let phoneSeq = 0;
  /** A fresh destination per test: the engine limits sends per phone number. */
  const newPhone = () => `+4179302${String(6700 + phoneSeq++).padStart(4, '0')}`;
  const pinFor = (phone: string) => outbox.latest(phone)!.pin;
  /** The engine allows one verification per 3 s per destination. */
  const pause = () => engine.clock.advance(3_000);

  beforeAll(async () => {
    app = await createTestApp(
      TwoFactorModule.forRoot({
        provider: { kind: 'local', console: false },
        purposes: {
          login: {
            templates: {
              sms: { messageText: 'Your code is {{pin}}' },
              voice: { messageText: 'Code {{pin}}' },
            },
          },
        },
        keepSessionFields: ['passport', 'userId'],
        maxConsecutiveFailures: 7,
        throttle: false,
        // One user signs in many times here; send limits have their own tests (test/security).
        sendLimits: false,
        globalGuard: true,
      }),
    );
    outbox = app.get(InMemoryOutbox);
    engine = app.get(LocalTwoFactorEngine);
    const service = app.get(TwoFactorService);
    for (const name of ['sent', 'verified', 'failed', 'locked', 'resent'] as const) {
      service.events.on(name, (payload) => events.push({ name, payload }));
    }
  });
  afterAll(() => app?.close());

  it('logs in, sends a PIN, verifies it and opens protected routes', async () => {
    const agent = request.agent(app.getHttpServer());
    const phone = newPhone();
    await agent.get('/account').expect(401, {
      statusCode: 401,
      code: 'two_factor_required',
      message: 'Two-factor verification is required.',
    });

    const loginRes = await login(agent, phone).expect(200, { twoFactor: 'required' });
    const status = await agent.get('/2fa/status').expect(200);
    expect(status.body).toEqual({
      state: 'pending',
      purpose: 'login',
      channel: 'sms',
      destination: '+*******6700'.replace('6700', phone.slice(-4)),
      expiresAt: expect.any(String),
      attemptsRemaining: 5,
      resendAvailableAt: expect.any(String),
    });
    expect(Date.parse(status.body.expiresAt) - engine.clock.now()).toBeLessThanOrEqual(5 * 60_000);
    expect(status.headers['cache-control']).toBe('no-store');

    const message = outbox.latest(phone)!;
    expect(message.text).toBe(`Your code is ${message.pin}`);
    expect(message.pin).toMatch(/^[0-9]{6}$/);
    for (const res of [loginRes, status]) {
      const everything = JSON.stringify(res.headers) + res.text;
      expect(everything).not.toContain(message.pin);
      expect(everything).not.toContain(message.pinId);
    }

    const verify = await agent.post('/2fa/verify').send({ pin: message.pin }).expect(200, { verified: true });
    expect(verify.headers['cache-control']).toBe('no-store');
    expect(JSON.stringify(verify.headers) + verify.text).not.toContain(message.pinId);

    const account = await agent.get('/account').expect(200);
    expect(account.body).toEqual({
      userId: 'alice',
      twoFactor: {
        state: 'verified',
        purpose: 'login',
        channel: 'sms',
        destination: expect.stringMatching(/^\+\*+\d{4}$/),
        verifiedAt: expect.any(String),
      },
    });
    await agent.get('/cart').expect(200, { userId: 'alice' });
    expect(events.filter((e) => e.name === 'sent' || e.name === 'verified').map((e) => e.name)).toEqual(
      expect.arrayContaining(['sent', 'verified']),
    );
    for (const { payload } of events) {
      expect(JSON.stringify(payload)).not.toContain(message.pin);
      expect(JSON.stringify(payload)).not.toContain(message.pinId);
      expect(JSON.stringify(payload)).not.toContain(phone.slice(1));
    }
  });

  it('changes the session id at login and again after verification', async () => {
    const agent = request.agent(app.getHttpServer());
    const phone = newPhone();
    // Requests that store nothing get no session (saveUninitialized: false).
    expect(sessionCookie(await agent.post('/public').expect(200))).toBeUndefined();
    const first = await login(agent, phone).expect(200);
    const atLogin = sessionCookie(first);
    expect(atLogin).toBeDefined();
    const again = await login(agent, phone).expect(200);
    const atSecondLogin = sessionCookie(again);
    expect(atSecondLogin).toBeDefined();
    expect(atSecondLogin).not.toBe(atLogin);
    await pause();
    const verified = await agent
      .post('/2fa/verify')
      .send({ pin: pinFor(phone) })
      .expect(200);
    const afterVerify = sessionCookie(verified);
    expect(afterVerify).toBeDefined();
    expect(afterVerify).not.toBe(atSecondLogin);

    // The old cookie is worthless once replaced.
    await request(app.getHttpServer()).get('/account').set('Cookie', atSecondLogin!).expect(401);
    await request(app.getHttpServer()).get('/account').set('Cookie', afterVerify!).expect(200);
  });

  it('lets a pending session expire a minute after its PIN, and restores the lifetime after verification', async () => {
    const agent = request.agent(app.getHttpServer());
    const phone = newPhone();
    const res = await login(agent, phone).expect(200);
    const cookie = (res.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('sid='))!;
    const expires = Date.parse(/Expires=([^;]+)/.exec(cookie)![1]);
    expect(expires - Date.now()).toBeGreaterThan(5 * 60_000);
    expect(expires - Date.now()).toBeLessThanOrEqual(6 * 60_000);
    const verified = await agent
      .post('/2fa/verify')
      .send({ pin: pinFor(phone) })
      .expect(200);
    const after = (verified.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('sid='))!;
    expect(after).not.toMatch(/Expires=/);
  });

  it('keeps only allow-listed session fields across the regeneration', async () => {
    const agent = request.agent(app.getHttpServer());
    await login(agent, newPhone()).expect(200);
    await agent.get('/cart').expect(200, { userId: 'alice' });
  });

  it('answers a wrong PIN with invalid_pin and counts the attempts down', async () => {
    const agent = request.agent(app.getHttpServer());
    const phone = newPhone();
    await login(agent, phone).expect(200);
    const wrong = pinFor(phone) === '000000' ? '111111' : '000000';
    const res = await agent.post('/2fa/verify').send({ pin: wrong }).expect(401);
    expect(res.body).toEqual({ statusCode: 401, code: 'invalid_pin', message: 'The code is not valid.' });
    expect(res.headers['cache-control']).toBe('no-store');
    expect((await agent.get('/2fa/status')).body.attemptsRemaining).toBe(4);
    await agent.get('/account').expect(401);
  });

  it('answers 200 to the right PIN typed at once after a typo: it waits out the verify window', async () => {
    const agent = request.agent(app.getHttpServer());
    const phone = newPhone();
    await login(agent, phone).expect(200);
    await expectTypoThenRetype(agent, app.get(TwoFactorService), engine.clock, pinFor(phone));
  });

  it('accepts a PIN typed with dashes', async () => {
    const agent = request.agent(app.getHttpServer());
    const phone = newPhone();
    await login(agent, phone).expect(200);
    const pin = pinFor(phone);
    await agent
      .post('/2fa/verify')
      .send({ pin: `${pin.slice(0, 3)}-${pin.slice(3)}` })
      .expect(200, { verified: true });
  });

  it('refuses every attempt once the PIN is spent, even the right PIN', async () => {
    const agent = request.agent(app.getHttpServer());
    const phone = newPhone();
    await login(agent, phone, 'bob').expect(200);
    const right = pinFor(phone);
    const wrong = right === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) {
      await pause();
      await agent.post('/2fa/verify').send({ pin: wrong }).expect(401);
    }
    await pause();
    const res = await agent.post('/2fa/verify').send({ pin: right }).expect(403);
    expect(res.body.code).toBe('too_many_attempts');
    expect((await agent.get('/2fa/status')).body.attemptsRemaining).toBe(0);
    await agent.get('/account').expect(401);
  });

  it('answers pin_expired once the lifetime has passed', async () => {
    const agent = request.agent(app.getHttpServer());
    const phone = newPhone();
    await login(agent, phone).expect(200);
    engine.clock.advance(5 * 60_000 + 1);
    const res = await agent
      .post('/2fa/verify')
      .send({ pin: pinFor(phone) })
      .expect(401);
    expect(res.body.code).toBe('pin_expired');
    await agent.get('/account').expect(401);
  });

  it('checks the PIN format before the provider: attempts are not spent', async () => {
    const agent = request.agent(app.getHttpServer());
    const phone = newPhone();
    await login(agent, phone).expect(200);
    const pin = pinFor(phone);
    for (const body of [
      { pin: Number(pin) },
      { pin: [pin] },
      { pin: { pin } },
      { pin: pin.slice(1) },
      { pin: `${pin}0` },
      { pin: 'abcdef' },
      { pin: null },
      {},
      [pin],
    ]) {
      const res = await agent
        .post('/2fa/verify')
        .send(body as object)
        .expect(400);
      expect(res.body.code).toBe('bad_request');
      expect(res.headers['cache-control']).toBe('no-store');
    }
    expect((await agent.get('/2fa/status')).body.attemptsRemaining).toBe(5);
    await agent.post('/2fa/verify').send({ pin }).expect(200);
  });

  it('ignores a client-supplied pinId', async () => {
    const victim = request.agent(app.getHttpServer());
    const attacker = request.agent(app.getHttpServer());
    const victimPhone = newPhone();
    const attackerPhone = newPhone();
    await login(victim, victimPhone, 'victim').expect(200);
    await login(attacker, attackerPhone, 'attacker').expect(200);
    const victimMessage = outbox.latest(victimPhone)!;
    await attacker
      .post('/2fa/verify')
      .send({ pin: victimMessage.pin, pinId: victimMessage.pinId })
      .expect((res) => {
        expect(res.status).not.toBe(200);
      });
  });

  it('confines a pending session to the 2FA routes and @SkipTwoFactor routes', async () => {
    const agent = request.agent(app.getHttpServer());
    await login(agent, newPhone()).expect(200);
    for (const [method, path] of [
      ['get', '/public'],
      ['post', '/public'],
      ['get', '/public/'],
      ['get', '/PUBLIC'],
      ['get', '/Account/'],
      ['post', '/account'],
    ] as const) {
      const res = await agent[method](path).expect(401);
      expect(res.body.code).toBe('two_factor_required');
    }
    await agent.get('/2fa/status').expect(200);
    await agent.get('/cart').expect(200);
    await agent.post('/logout').expect(204);
    await agent.get('/public').expect(200);
  });

  it('lets anonymous sessions through routes without @RequireTwoFactor', async () => {
    await request(app.getHttpServer()).get('/public').expect(200);
    await request(app.getHttpServer()).get('/2fa/status').expect(200, { state: 'none' });
    const res = await request(app.getHttpServer()).post('/2fa/verify').send({ pin: '123456' }).expect(409);
    expect(res.body.code).toBe('no_challenge');
  });

  it('requires a recent verification for step-up routes (maxAge)', async () => {
    const agent = request.agent(app.getHttpServer());
    const phone = newPhone();
    await login(agent, phone).expect(200);
    await agent
      .post('/2fa/verify')
      .send({ pin: pinFor(phone) })
      .expect(200);
    await agent.get('/transfer').expect(200);
    engine.clock.advance(15 * 60_000 + 1);
    const res = await agent.get('/transfer').expect(401);
    expect(res.body.code).toBe('two_factor_required');
    await agent.get('/account').expect(200);
  });

  it('enforces the resend cooldown with Retry-After, then resends the same PIN', async () => {
    const agent = request.agent(app.getHttpServer());
    const phone = newPhone();
    await login(agent, phone).expect(200);
    const pin = pinFor(phone);
    const early = await agent.post('/2fa/resend').send({}).expect(429);
    expect(early.body).toEqual({
      statusCode: 429,
      code: 'rate_limited',
      message: 'Wait before requesting another code.',
    });
    expect(early.headers['retry-after']).toBe('30');
    engine.clock.advance(20_000);
    expect((await agent.post('/2fa/resend').send({}).expect(429)).headers['retry-after']).toBe('10');
    engine.clock.advance(10_000);
    const ok = await agent.post('/2fa/resend').send({}).expect(202);
    expect(ok.body).toMatchObject({ state: 'pending', channel: 'sms', attemptsRemaining: 5 });
    expect(ok.headers['cache-control']).toBe('no-store');
    expect(outbox.list(phone)).toHaveLength(2);
    expect(outbox.latest(phone)!.pin).toBe(pin);
    await agent.post('/2fa/verify').send({ pin }).expect(200);
  });

  it('switches a resend to voice where the purpose has a voice template, and refuses email', async () => {
    const agent = request.agent(app.getHttpServer());
    const phone = newPhone();
    await login(agent, phone).expect(200);
    engine.clock.advance(30_000);
    const res = await agent.post('/2fa/resend').send({ channel: 'voice' }).expect(202);
    expect(res.body.channel).toBe('voice');
    expect(outbox.latest(phone)!.channel).toBe('voice');
    engine.clock.advance(30_000);
    expect((await agent.post('/2fa/resend').send({ channel: 'email' }).expect(400)).body.code).toBe(
      'bad_request',
    );
    expect((await agent.post('/2fa/resend').send({ channel: 'fax' }).expect(400)).body.code).toBe(
      'bad_request',
    );
    expect((await agent.post('/2fa/resend').send({ channel: 7 }).expect(400)).body.code).toBe('bad_request');
    expect((await agent.post('/2fa/resend').send([1]).expect(400)).body.code).toBe('bad_request');
    await agent
      .post('/2fa/verify')
      .send({ pin: pinFor(phone) })
      .expect(200);
  });

  it('starts over voice when the route asks for it', async () => {
    const agent = request.agent(app.getHttpServer());
    const phone = newPhone();
    await login(agent, phone, 'alice', '/login/voice').expect(200);
    expect(outbox.latest(phone)!.channel).toBe('voice');
    expect((await agent.get('/2fa/status')).body.channel).toBe('voice');
  });

  it('stops resends after maxResends', async () => {
    const agent = request.agent(app.getHttpServer());
    const phone = newPhone();
    await login(agent, phone).expect(200);
    for (let i = 0; i < 3; i++) {
      engine.clock.advance(30_000);
      await agent.post('/2fa/resend').send({}).expect(202);
    }
    expect((await agent.get('/2fa/status')).body.resendAvailableAt).toBeUndefined();
    engine.clock.advance(30_000);
    expect((await agent.post('/2fa/resend').send({}).expect(403)).body.code).toBe('too_many_attempts');
  });

  it('a new login replaces the previous challenge and verified mark', async () => {
    const agent = request.agent(app.getHttpServer());
    const phone = newPhone();
    await login(agent, phone).expect(200);
    const firstPin = pinFor(phone);
    await agent.post('/2fa/verify').send({ pin: firstPin }).expect(200);
    await agent.get('/account').expect(200);
    const otherPhone = newPhone();
    await login(agent, otherPhone, 'mallory').expect(200);
    await agent.get('/account').expect(401);
    await pause();
    expect(
      (
        await agent
          .post('/2fa/verify')
          .send({ pin: pinFor(otherPhone) })
          .expect(200)
      ).body,
    ).toEqual({ verified: true });
    expect((await agent.get('/account').expect(200)).body.userId).toBe('mallory');
  });

  it('locks a user out after maxConsecutiveFailures wrong PINs across challenges, and a success resets the count', async () => {
    const user = 'carol';
    const agent = request.agent(app.getHttpServer());
    const wrongFor = (phone: string) => (pinFor(phone) === '000000' ? '111111' : '000000');
    /** Four wrong PINs on one challenge, two on a second: six failures across challenges. */
    const sixFailures = async (): Promise<string> => {
      let last = '';
      for (const count of [4, 2]) {
        last = newPhone();
        await login(agent, last, user).expect(200);
        for (let i = 0; i < count; i++) {
          await pause();
          await agent
            .post('/2fa/verify')
            .send({ pin: wrongFor(last) })
            .expect(401);
        }
      }
      return last;
    };
    // 6 failures, then a success: the count starts over.
    let phone = await sixFailures();
    await pause();
    await agent
      .post('/2fa/verify')
      .send({ pin: pinFor(phone) })
      .expect(200);

    // 7 consecutive failures (limit 7) lock the user.
    const lockedEvents = events.filter((e) => e.name === 'locked').length;
    phone = await sixFailures();
    await pause();
    expect(
      (
        await agent
          .post('/2fa/verify')
          .send({ pin: wrongFor(phone) })
          .expect(403)
      ).body.code,
    ).toBe('too_many_attempts');
    expect(events.filter((e) => e.name === 'locked')).toHaveLength(lockedEvents + 1);

    // Locked: new challenges are refused, nothing is sent, and the session stays confined.
    phone = newPhone();
    const refused = await login(agent, phone, user).expect(403);
    expect(refused.body.code).toBe('too_many_attempts');
    expect(outbox.latest(phone)).toBeUndefined();
    await agent.get('/public').expect(401);
    // Other users are not affected.
    const other = request.agent(app.getHttpServer());
    const otherPhone = newPhone();
    await login(other, otherPhone, 'dave').expect(200);

    engine.clock.advance(15 * 60_000);
    phone = newPhone();
    await login(agent, phone, user).expect(200);
    await agent
      .post('/2fa/verify')
      .send({ pin: pinFor(phone) })
      .expect(200);
  });

  it('answers 500 for a purpose the options do not declare', async () => {
    const service = app.get(TwoFactorService);
    await expect(
      service.start({ session: {} } as never, {
        purpose: 'payment',
        destination: '+41793026727',
        userId: 'x',
      }),
    ).rejects.toThrow(/unknown purpose "payment".*declared purposes: login/);
  });
});
