import { TwoFactorException } from '../errors/two-factor.exception';
import { TwoFactorRuntime } from '../runtime/two-factor.runtime';
import type { TwoFactorSessionState } from '../session/two-factor-session';
import { ChallengeEvents } from './challenge-events';
import { routeRefusal } from './route-access';
import { TwoFactorEvents, type TwoFactorEventPayload } from './two-factor.events';
import { throttleSubject, twoFactorRoutes } from './two-factor-routes';
import { TwoFactorService } from './two-factor.service';

const state: TwoFactorSessionState = {
  state: 'pending',
  purpose: 'login',
  userId: 'ann',
  channel: 'sms',
  destination: '41793026727',
  maskedDestination: '+*******6727',
  pinId: 'PIN-ID-SECRET',
  startedAt: 0,
  resends: 0,
};
const session = (twoFactor?: TwoFactorSessionState) => ({
  regenerate() {},
  ...(twoFactor ? { twoFactor } : {}),
});

describe('ChallengeEvents', () => {
  it('tells purpose, user, channel, masked destination, session hash and IP; never the pinId or number', () => {
    const events = new TwoFactorEvents();
    const seen: TwoFactorEventPayload[] = [];
    events.on('failed', (payload) => seen.push(payload));
    const exception = new ChallengeEvents(events, () => '192.0.2.7').fail(
      { sessionID: 'the-session-id' } as never,
      state,
      'invalid_pin',
    );
    expect(exception).toBeInstanceOf(TwoFactorException);
    expect(exception.code).toBe('invalid_pin');
    expect(seen).toEqual([
      {
        purpose: 'login',
        userId: 'ann',
        channel: 'sms',
        maskedDestination: '+*******6727',
        sessionIdHash: expect.stringMatching(/^[0-9a-f]{16}$/),
        reason: 'invalid_pin',
        ip: '192.0.2.7',
      },
    ]);
    expect(JSON.stringify(seen)).not.toMatch(/PIN-ID-SECRET|41793026727|the-session-id/);
  });

  it('reads the session id of @fastify/session too', () => {
    const events = new TwoFactorEvents();
    const seen: TwoFactorEventPayload[] = [];
    events.on('sent', (payload) => seen.push(payload));
    const parts = new ChallengeEvents(events, () => undefined);
    parts.emit('sent', { sessionID: 'same-id' } as never, state);
    parts.emit('sent', { session: { sessionId: 'same-id' } } as never, state);
    expect(seen[0].sessionIdHash).toBeDefined();
    expect(seen[1].sessionIdHash).toBe(seen[0].sessionIdHash);
  });
});

describe('the routes without a framework', () => {
  let runtime: TwoFactorRuntime;
  let service: TwoFactorService;
  beforeAll(async () => {
    runtime = await TwoFactorRuntime.create({
      provider: { kind: 'local', console: false },
      purposes: { login: { template: { messageText: 'Your code is {{pin}}' } } },
    });
    service = new TwoFactorService(runtime);
  });
  afterAll(() => service.onApplicationShutdown());

  it('refuses a pending session everywhere and an unverified one where the route asks', () => {
    const refusal = (req: object, policy?: { require: true; maxAgeMs?: number }) =>
      routeRefusal(service, req as never, policy, false)?.code;
    expect(refusal({ session: session(state) })).toBe('two_factor_required');
    expect(refusal({ session: session() })).toBeUndefined();
    expect(refusal({ session: session() }, { require: true })).toBe('two_factor_required');
    const verified = { ...state, state: 'verified' as const, verifiedAt: runtime.now() - 10 * 60_000 };
    expect(refusal({ session: session(verified) }, { require: true })).toBeUndefined();
    expect(refusal({ session: session(verified) }, { require: true, maxAgeMs: 5 * 60_000 })).toBe(
      'two_factor_required',
    );
  });

  it('answers bodies that are not what a route takes with bad_request, before the service', async () => {
    const req = { session: session(state) } as never;
    for (const body of [undefined, 'pin', { code: '123456' }, { pin: '1', recoveryCode: 'a' }]) {
      await expect(async () => twoFactorRoutes.verify(service, req, body)).rejects.toMatchObject({
        code: 'bad_request',
      });
    }
    await expect(async () =>
      twoFactorRoutes.verify(service, req, { pin: '123456', rememberDevice: 'yes' }),
    ).rejects.toMatchObject({ code: 'bad_request' });
    await expect(async () => twoFactorRoutes.resend(service, req, { channel: 7 })).rejects.toMatchObject({
      code: 'bad_request',
    });
  });

  it('counts throttling per session while a PIN is pending, else per address (IPv6 per /64)', () => {
    expect(throttleSubject({ sessionID: 's1', session: session(state) }, '192.0.2.7')).toBe('session:s1');
    expect(throttleSubject({ sessionID: 's1', session: session() }, '192.0.2.7')).toBe('ip:192.0.2.7');
    expect(throttleSubject({ session: session() }, '2001:db8:1:2:3:4:5:6')).toBe('ip:2001:db8:1:2::/64');
    expect(throttleSubject({ session: session() }, undefined)).toBeUndefined();
  });
});
