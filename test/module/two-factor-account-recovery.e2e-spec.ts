import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { InMemoryOutbox, LocalTwoFactorEngine } from '../../lib/engine';
import { TwoFactorModule, TwoFactorService } from '../../lib/module';
import { createTestApp, login, PASSWORD, sessionCookie } from './two-factor-test-app';

type Agent = ReturnType<typeof request.agent>;

describe('Recovery codes and remembered devices (module, local engine)', () => {
  let app: INestApplication;
  let outbox: InMemoryOutbox;
  let engine: LocalTwoFactorEngine;
  const seen: string[] = [];
  let seq = 0;
  const newPhone = () => `+4179555${String(1000 + seq++)}`;
  const newUser = () => `user-${seq++}`;

  beforeAll(async () => {
    app = await createTestApp(
      TwoFactorModule.forRoot({
        provider: { kind: 'local', console: false },
        purposes: { login: { template: { messageText: 'Code {{pin}}' } } },
        maxConsecutiveFailures: 3,
        throttle: false,
        sendLimits: false,
        globalGuard: true,
      }),
    );
    outbox = app.get(InMemoryOutbox);
    engine = app.get(LocalTwoFactorEngine);
    const events = app.get(TwoFactorService).events;
    for (const name of [
      'verified',
      'failed',
      'locked',
      'recoveryCodesCreated',
      'recoveryCodeUsed',
    ] as const) {
      events.on(name, (payload) => seen.push(JSON.stringify({ name, ...payload })));
    }
  });
  afterAll(() => app?.close());

  /** Signs in with a PIN; answers the agent, verified. */
  async function verifiedAgent(username: string, phone: string, body: object = {}): Promise<Agent> {
    const agent = request.agent(app.getHttpServer());
    await login(agent, phone, username).expect(200);
    const pin = outbox.latest(phone)!.pin;
    await agent
      .post('/2fa/verify')
      .send({ pin, ...body })
      .expect(200);
    return agent;
  }

  async function pendingAgent(username: string, phone: string): Promise<Agent> {
    const agent = request.agent(app.getHttpServer());
    await login(agent, phone, username).expect(200);
    engine.clock.advance(3_000);
    return agent;
  }

  describe('recovery codes', () => {
    it('creates 10 single-use codes after a fresh verification, and one signs in instead of the PIN', async () => {
      const [user, phone] = [newUser(), newPhone()];
      const agent = await verifiedAgent(user, phone);
      const res = await agent.post('/2fa/recovery-codes').expect(201);
      const codes = res.body.codes as string[];
      expect(codes).toHaveLength(10);
      expect(new Set(codes).size).toBe(10);
      for (const code of codes) expect(code).toMatch(/^[0-9a-hjkmnp-tv-z]{5}-[0-9a-hjkmnp-tv-z]{5}$/);
      expect(res.headers['cache-control']).toBe('no-store');

      const lost = await pendingAgent(user, phone);
      const used = await lost.post('/2fa/verify').send({ recoveryCode: codes[3].toUpperCase() }).expect(200);
      expect(used.body).toEqual({ verified: true, recoveryCodesLeft: 9 });
      await lost.get('/account').expect(200);

      // Once only.
      const again = await pendingAgent(user, phone);
      const refused = await again.post('/2fa/verify').send({ recoveryCode: codes[3] }).expect(401);
      expect(refused.body.code).toBe('invalid_pin');
      await again.get('/account').expect(401);
      // No event tells a code.
      for (const code of codes) {
        expect(seen.join('\n')).not.toContain(code);
        expect(seen.join('\n')).not.toContain(code.replace('-', ''));
      }
      expect(
        seen.some((e) => e.includes('"name":"recoveryCodeUsed"') && e.includes('"recoveryCodesLeft":9')),
      ).toBe(true);
    });

    it('needs a verification at most 5 minutes old to create codes, and a new set replaces the old', async () => {
      const [user, phone] = [newUser(), newPhone()];
      const agent = await verifiedAgent(user, phone);
      const first = (await agent.post('/2fa/recovery-codes').expect(201)).body.codes as string[];
      engine.clock.advance(5 * 60_000 + 1);
      const stale = await agent.post('/2fa/recovery-codes').expect(401);
      expect(stale.body.code).toBe('two_factor_required');
      await request(app.getHttpServer()).post('/2fa/recovery-codes').expect(401);

      const fresh = await verifiedAgent(user, phone);
      const second = (await fresh.post('/2fa/recovery-codes').expect(201)).body.codes as string[];
      const pending = await pendingAgent(user, phone);
      expect((await pending.post('/2fa/verify').send({ recoveryCode: first[0] })).body.code).toBe(
        'invalid_pin',
      );
      expect((await pending.post('/2fa/verify').send({ recoveryCode: second[0] })).body).toEqual({
        verified: true,
        recoveryCodesLeft: 9,
      });
    });

    it('does not let a session signed in with a recovery code replace the codes', async () => {
      const [user, phone] = [newUser(), newPhone()];
      const codes = (await (await verifiedAgent(user, phone)).post('/2fa/recovery-codes').expect(201)).body
        .codes as string[];
      const agent = await pendingAgent(user, phone);
      await agent.post('/2fa/verify').send({ recoveryCode: codes[0] }).expect(200);
      await agent.get('/account').expect(200);
      expect((await agent.post('/2fa/recovery-codes').expect(401)).body.code).toBe('two_factor_required');
      // The other nine still work.
      const other = await pendingAgent(user, phone);
      expect((await other.post('/2fa/verify').send({ recoveryCode: codes[1] })).body).toEqual({
        verified: true,
        recoveryCodesLeft: 8,
      });
    });

    it('counts wrong codes as failed attempts: the user is locked out, even for a right code', async () => {
      const [user, phone] = [newUser(), newPhone()];
      const codes = (await (await verifiedAgent(user, phone)).post('/2fa/recovery-codes').expect(201)).body
        .codes as string[];
      const agent = await pendingAgent(user, phone);
      const answers = [];
      for (const guess of ['aaaaa-aaaaa', 'bbbbb-bbbbb', 'ccccc-ccccc', codes[0]]) {
        const res = await agent.post('/2fa/verify').send({ recoveryCode: guess });
        answers.push(`${res.status} ${res.body.code}`);
      }
      expect(answers).toEqual([
        '401 invalid_pin',
        '401 invalid_pin',
        '403 too_many_attempts',
        '403 too_many_attempts',
      ]);
      await agent.get('/account').expect(401);
    });

    it('lets exactly one of parallel uses of one code sign in', async () => {
      const [user, phone] = [newUser(), newPhone()];
      const codes = (await (await verifiedAgent(user, phone)).post('/2fa/recovery-codes').expect(201)).body
        .codes as string[];
      const cookie = sessionCookie(await login(request.agent(app.getHttpServer()), phone, user).expect(200));
      const answers = await Promise.all(
        Array.from({ length: 12 }, () =>
          request(app.getHttpServer())
            .post('/2fa/verify')
            .set('Cookie', cookie ?? '')
            .send({ recoveryCode: codes[5] }),
        ),
      );
      expect(answers.filter((res) => res.status === 200)).toHaveLength(1);
      expect(answers.filter((res) => res.status === 200)[0].body.recoveryCodesLeft).toBe(9);
    });

    it('refuses what is not a recovery code, or a body with both a PIN and a code, with 400', async () => {
      const agent = await pendingAgent(newUser(), newPhone());
      for (const body of [
        { recoveryCode: 'short' },
        { recoveryCode: 12 },
        { pin: '123456', recoveryCode: 'x' },
        {},
      ]) {
        expect((await agent.post('/2fa/verify').send(body).expect(400)).body.code).toBe('bad_request');
      }
      expect((await agent.post('/2fa/verify').send({ pin: '123456', rememberDevice: 'yes' })).status).toBe(
        400,
      );
    });
  });

  describe('remembered devices', () => {
    const signIn = (agent: Agent, username: string, phone: string) =>
      agent.post('/login/device').send({ username, password: PASSWORD, phone });

    it('remembers the browser: the next sign-in is verified without a PIN, but not for step-up', async () => {
      const [user, phone] = [newUser(), newPhone()];
      const agent = request.agent(app.getHttpServer());
      await login(agent, phone, user).expect(200);
      const res = await agent
        .post('/2fa/verify')
        .send({ pin: outbox.latest(phone)!.pin, rememberDevice: true })
        .expect(200, { verified: true });
      const cookie = ([] as string[])
        .concat(res.headers['set-cookie'] ?? [])
        .find((c) => c.startsWith('tfa_device='));
      expect(cookie).toMatch(
        /^tfa_device=[A-Za-z0-9_-]{43}; Max-Age=2592000; Path=\/; Expires=.*; HttpOnly; SameSite=Lax$/,
      );
      await agent.post('/logout').expect(204);

      const sent = outbox.list(phone.slice(1)).length;
      await signIn(agent, user, phone).expect(200, { twoFactor: 'remembered' });
      expect(outbox.list(phone.slice(1))).toHaveLength(sent);
      await agent.get('/account').expect(200);
      expect((await agent.get('/transfer').expect(401)).body.code).toBe('two_factor_required');
      expect((await agent.post('/2fa/recovery-codes').expect(401)).body.code).toBe('two_factor_required');

      // Bound to the user: the same browser signing in as someone else gets a PIN.
      await agent.post('/logout').expect(204);
      await signIn(agent, newUser(), newPhone()).expect(200, { twoFactor: 'required' });
    });

    it('forgets every device of the user on POST /2fa/devices/forget, and after the lifetime', async () => {
      const [user, phone] = [newUser(), newPhone()];
      const laptop = await verifiedAgent(user, phone, { rememberDevice: true });
      engine.clock.advance(3_000);
      const phoneBrowser = await verifiedAgent(user, phone, { rememberDevice: true });
      await signIn(laptop, user, phone).expect(200, { twoFactor: 'remembered' });
      await request(app.getHttpServer()).post('/2fa/devices/forget').expect(401);
      const forgot = await phoneBrowser.post('/2fa/devices/forget').expect(204);
      expect(String(forgot.headers['set-cookie'])).toContain('tfa_device=;');
      await signIn(laptop, user, phone).expect(200, { twoFactor: 'required' });

      const other = await verifiedAgent(newUser(), newPhone(), { rememberDevice: true });
      engine.clock.advance(30 * 24 * 3_600_000);
      await signIn(other, 'nobody', newPhone()).expect(200, { twoFactor: 'required' });
    });

    it('ignores a forged or foreign device cookie', async () => {
      const [user, phone] = [newUser(), newPhone()];
      const agent = request.agent(app.getHttpServer());
      for (const forged of ['A'.repeat(43), 'x', '']) {
        const res = await agent
          .post('/login/device')
          .set('Cookie', `tfa_device=${forged}`)
          .send({ username: user, password: PASSWORD, phone });
        expect(res.body).toEqual({ twoFactor: 'required' });
        engine.clock.advance(30_000);
      }
    });
  });

  it('still signs in when the device store fails to remember: the browser is just not remembered', async () => {
    const broken = {
      add: () => Promise.reject(new Error('store down')),
      has: () => Promise.reject(new Error('store down')),
      forgetAll: () => Promise.reject(new Error('store down')),
    };
    const other = await createTestApp(
      TwoFactorModule.forRoot({
        provider: { kind: 'local', console: false },
        purposes: { login: { template: { messageText: 'Code {{pin}}' } } },
        rememberedDeviceStore: broken,
        secret: 's'.repeat(32),
        throttle: false,
        globalGuard: true,
      }),
    );
    try {
      const agent = request.agent(other.getHttpServer());
      const phone = newPhone();
      await login(agent, phone).expect(200);
      const pin = other.get(InMemoryOutbox).latest(phone)!.pin;
      const res = await agent.post('/2fa/verify').send({ pin, rememberDevice: true }).expect(200);
      expect(String(res.headers['set-cookie'])).not.toContain('tfa_device');
      await agent.get('/account').expect(200);
      // Checking a device fails closed: 503, nothing verified.
      const next = request.agent(other.getHttpServer());
      const refused = await next
        .post('/login/device')
        .set('Cookie', `tfa_device=${'A'.repeat(43)}`)
        .send({ username: 'x', password: PASSWORD, phone });
      expect([refused.status, refused.body.code]).toEqual([503, 'provider_unavailable']);
      await next.get('/account').expect(401);
    } finally {
      await other.close();
    }
  });
});
