import { InMemoryOutbox } from '../../engine/in-memory.outbox';
import { LocalTwoFactorEngine } from '../../engine/local-two-factor.engine';
import { ManualClock } from '../../time/clock';
import { TwoFactorRuntime } from '../runtime/two-factor.runtime';
import type { TwoFactorSessionState } from '../session/two-factor-session';
import { TwoFactorService } from './two-factor.service';

/**
 * A request with an express-session-like session: `regenerate` gives a new id and an empty
 * session, as express-session does.
 */
function request(): {
  sessionID: string;
  session: Record<string, unknown> & { twoFactor?: TwoFactorSessionState };
  socket: { remoteAddress: string };
  headers: Record<string, string>;
} {
  let ids = 0;
  const req = {
    sessionID: `session-${ids}`,
    session: {} as Record<string, unknown>,
    socket: { remoteAddress: '192.0.2.7' },
    headers: {},
  };
  const fresh = (): Record<string, unknown> => ({
    regenerate(callback: (error?: unknown) => void) {
      req.sessionID = `session-${++ids}`;
      req.session = fresh();
      callback();
    },
  });
  req.session = fresh();
  return req;
}

/** The PIN flows of TwoFactorService (PinDispatcher, PinVerifier) on a real engine, without Nest. */
describe('sending and verifying PINs', () => {
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const outbox = new InMemoryOutbox();
  const engine = new LocalTwoFactorEngine({ clock, outbox });
  let service: TwoFactorService;
  beforeAll(async () => {
    const runtime = await TwoFactorRuntime.create({
      provider: { kind: 'local', engine },
      purposes: { login: { template: { messageText: 'Your code is {{pin}}' } } },
      throttle: false,
    });
    service = new TwoFactorService(runtime);
  });
  afterAll(async () => {
    await service.onApplicationShutdown();
    await engine.close();
  });
  const start = (req: ReturnType<typeof request>, destination: string) =>
    service.start(req as never, { purpose: 'login', destination, userId: 'ann' });

  it('sends one PIN, renews the session keeping only keepSessionFields, and keeps no PIN in it', async () => {
    const req = request();
    Object.assign(req.session, { passport: { user: 'ann' }, cart: 'dropped' });
    const status = await start(req, '+41791110001');
    expect(status).toMatchObject({ state: 'pending', channel: 'sms', destination: '+*******0001' });
    expect(outbox.list('+41791110001')).toHaveLength(1);
    expect(req.sessionID).toBe('session-1');
    expect(req.session.passport).toEqual({ user: 'ann' });
    expect(req.session.cart).toBeUndefined();
    expect(JSON.stringify(req.session)).not.toContain(outbox.latest('+41791110001')!.pin);
  });

  it('resends the same PIN only after the cool-down', async () => {
    const req = request();
    await start(req, '+41791110002');
    await expect(service.resend(req as never)).rejects.toMatchObject({ code: 'rate_limited' });
    clock.advance(30_000);
    await service.resend(req as never);
    const [first, second] = outbox.list('+41791110002');
    expect(second.pin).toBe(first.pin);
  });

  it('refuses a malformed PIN before the provider, a wrong one with the attempts left, then verifies', async () => {
    const req = request();
    await start(req, '+41791110003');
    const pin = outbox.latest('+41791110003')!.pin;
    const attempts = req.session.twoFactor?.attemptsRemaining;
    expect(attempts).toBe(5);
    await expect(service.verify(req as never, '12ab')).rejects.toMatchObject({ code: 'bad_request' });
    expect(req.session.twoFactor?.attemptsRemaining).toBe(5);
    const wrong = String((Number(pin) + 1) % 1_000_000).padStart(6, '0');
    await expect(service.verify(req as never, wrong)).rejects.toMatchObject({ code: 'invalid_pin' });
    expect(req.session.twoFactor?.attemptsRemaining).toBe(4);
    clock.advance(3_000);
    const pending = req.sessionID;
    await expect(service.verify(req as never, pin)).resolves.toEqual({ verified: true });
    expect(req.sessionID).not.toBe(pending);
    expect(service.isVerified(req as never)).toBe(true);
    expect(service.status(req as never)).toMatchObject({ state: 'verified' });
  });
});
