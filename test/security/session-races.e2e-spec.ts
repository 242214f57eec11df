import { type AdjustableClock, InMemoryOutbox } from 'nestjs-infobip-2fa';
import { GatedEngine } from './support/gated-engine';
import { type ModuleTarget, type SharedProvider, startModuleTarget } from './support/module-target';

/**
 * Sign-out while a PIN check or a resend is on its way to the provider. The request
 * loaded its session before the sign-out destroyed it; when the provider's answer
 * comes back, the module must not write that session again (which would bring the
 * signed-out session back under its old id) nor upgrade it.
 */
describe('sign-out racing a verification or a resend', () => {
  let engine: GatedEngine;
  let target: ModuleTarget;
  let serial = 0;

  beforeAll(async () => {
    const outbox = new InMemoryOutbox();
    engine = new GatedEngine({ outbox });
    const provider: SharedProvider = {
      kind: 'local',
      provider: { kind: 'custom', api: engine },
      clock: engine.clock as AdjustableClock,
      outbox,
      close: () => engine.close(),
    };
    target = await startModuleTarget(provider, { throttle: false });
  });
  afterAll(async () => {
    await target?.close();
    await engine?.close();
  });

  async function pending(): Promise<{ cookie: string; pin: string }> {
    const to = `+4178${String(2_000_000 + ++serial)}`;
    const res = await target.post('/start', { user: `racer-${serial}`, to });
    expect(res.status).toBe(200);
    target.advance(30_000);
    return {
      cookie: res.cookie as string,
      pin: engine.outbox instanceof InMemoryOutbox ? engine.outbox.latest(to)!.pin : '',
    };
  }

  async function expectSignedOut(cookie: string): Promise<void> {
    expect((await target.get('/2fa/status', { cookie })).body).toEqual({ state: 'none' });
    expect((await target.get('/secret', { cookie })).status).toBe(401);
  }

  it.each([
    ['a wrong PIN', (pin: string) => (pin === '000000' ? '111111' : '000000'), 401, 'invalid_pin'],
    ['the right PIN', (pin: string) => pin, 409, 'no_challenge'],
  ])('%s answered after sign-out: the session stays signed out', async (_name, choose, status, code) => {
    const { cookie, pin } = await pending();
    const gate = engine.holdNext('verifyPin');
    const verifying = target.post('/2fa/verify', { pin: choose(pin) }, { cookie });
    await gate.held;
    expect((await target.post('/logout', undefined, { cookie })).status).toBe(204);
    gate.release();
    const verified = await verifying;
    // The provider's answer, but nothing written: a wrong PIN is still counted as one.
    expect([verified.status, verified.body.code]).toEqual([status, code]);
    await expectSignedOut(cookie);
    // No other cookie came back that opens anything.
    if (verified.cookie && verified.cookie !== cookie) await expectSignedOut(verified.cookie);
  });

  it('a resend answered after sign-out: the session stays signed out', async () => {
    const { cookie } = await pending();
    const gate = engine.holdNext('resendPinOverSms');
    const resending = target.post('/2fa/resend', {}, { cookie });
    await gate.held;
    expect((await target.post('/logout', undefined, { cookie })).status).toBe(204);
    gate.release();
    // The PIN did go out again; the ended session was not written back.
    expect((await resending).status).toBe(202);
    await expectSignedOut(cookie);
  });
});
