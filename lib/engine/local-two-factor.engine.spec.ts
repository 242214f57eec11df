import { InMemoryTwoFactorStore } from '../storage/in-memory-two-factor.store';
import { ManualClock } from '../time/clock';
import { InMemoryOutbox } from './in-memory.outbox';
import { LocalTwoFactorEngine } from './local-two-factor.engine';
import { describeEngineSemantics, engineHarness, PHONE, smsSetup } from './testing';

const SECRET = 'a test secret of enough bytes, 32+';

/** Every string and byte array reachable from `root` (through fields, arrays, maps and sets), as text. */
function reachableText(root: unknown): string[] {
  const seen = new Set<unknown>();
  const texts: string[] = [];
  const visit = (value: unknown): void => {
    if (typeof value === 'string') texts.push(value);
    if (typeof value !== 'object' || value === null || seen.has(value)) return;
    seen.add(value);
    if (ArrayBuffer.isView(value)) {
      texts.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('latin1'));
    } else if (value instanceof Map) {
      for (const [key, entry] of value) [key, entry].forEach(visit);
    } else if (value instanceof Set || Array.isArray(value)) {
      for (const entry of value) visit(entry);
    } else {
      for (const key of Object.keys(value)) visit((value as Record<string, unknown>)[key]);
    }
  };
  visit(root);
  return texts;
}

describeEngineSemantics('LocalTwoFactorEngine', async () => {
  const outbox = new InMemoryOutbox();
  return engineHarness(
    new LocalTwoFactorEngine({ clock: new ManualClock(), outbox, secret: SECRET }),
    outbox,
  );
});

describe('LocalTwoFactorEngine in process', () => {
  let clock: ManualClock;
  let outbox: InMemoryOutbox;
  let store: InMemoryTwoFactorStore;
  let engine: LocalTwoFactorEngine;

  beforeEach(() => {
    clock = new ManualClock();
    outbox = new InMemoryOutbox();
    store = new InMemoryTwoFactorStore({ clock, sweepIntervalMs: 0 });
    engine = new LocalTwoFactorEngine({ clock, outbox, store, secret: SECRET });
  });

  afterEach(async () => {
    await engine.close();
    await store.close();
  });

  it('keeps neither the PIN nor anything that contains it in the store, and resends the same PIN', async () => {
    const { applicationId, messageId } = await smsSetup(engine, {}, { pinLength: 16 });
    const { pinId } = await engine.sendPinOverSms({ applicationId, messageId, to: PHONE });
    const pin = outbox.latest(PHONE)!.pin;
    await engine.resendPinOverVoice(pinId);
    expect(outbox.latest(PHONE)!.pin).toBe(pin);
    expect(pin).toMatch(/^[0-9]{16}$/);

    const record = await store.getPin(pinId, clock.now());
    expect(record).toMatchObject({ pinId, to: PHONE });
    const state = JSON.stringify(record) + reachableText(store).join('\n');
    expect(state).toContain(pinId);
    expect(state).not.toContain(pin);
    expect(state).not.toContain(Buffer.from(pin).toString('base64'));
    expect(state).not.toContain(Buffer.from(pin).toString('hex'));
  });

  it("derives PINs from the secret: another engine's PIN for the same pinId differs and does not verify", async () => {
    const { applicationId, messageId } = await smsSetup(engine);
    const { pinId } = await engine.sendPinOverSms({ applicationId, messageId, to: PHONE });
    const pin = outbox.latest(PHONE)!.pin;

    const other = new LocalTwoFactorEngine({
      clock,
      outbox,
      store,
      secret: 'another secret, also long enough',
    });
    expect((await other.verifyPin(pinId, { pin })).pinError).toBe('WRONG_PIN');
    await expect(other.resendPinOverSms(pinId)).rejects.toMatchObject({ status: 404 });
    clock.advance(3_000);
    const same = new LocalTwoFactorEngine({ clock, outbox, store, secret: SECRET });
    expect((await same.verifyPin(pinId, { pin })).verified).toBe(true);
  });

  it('rotates secrets: PINs of a previous secret still verify and resend the same PIN', async () => {
    const { applicationId, messageId } = await smsSetup(
      engine,
      {},
      { pinType: 'ALPHANUMERIC', pinLength: 8 },
    );
    const { pinId: old } = await engine.sendPinOverSms({ applicationId, messageId, to: PHONE });
    const oldPin = outbox.latest(PHONE)!.pin;

    const rotated = new LocalTwoFactorEngine({
      clock,
      outbox,
      store,
      secret: 'the next secret, long enough too',
      previousSecrets: [SECRET],
    });
    await rotated.resendPinOverSms(old);
    expect(outbox.latest(PHONE)!.pin).toBe(oldPin);
    const { pinId: fresh } = await rotated.sendPinOverSms({ applicationId, messageId, to: PHONE });
    const freshPin = outbox.latest(PHONE)!.pin;
    expect(fresh.slice(0, 4)).not.toBe(old.slice(0, 4));

    expect(await rotated.verifyPin(old, { pin: oldPin.toLowerCase() })).toMatchObject({ verified: true });
    clock.advance(3_000);
    // The engine that only knows the old secret can't tell the new PINs.
    expect((await engine.verifyPin(fresh, { pin: freshPin })).pinError).toBe('WRONG_PIN');
    clock.advance(3_000);
    expect(await rotated.verifyPin(fresh, { pin: freshPin })).toMatchObject({ verified: true });
  });

  it('refuses a secret given twice', () => {
    expect(() => new LocalTwoFactorEngine({ secret: SECRET, previousSecrets: [SECRET] })).toThrow(
      /listed twice/,
    );
  });

  it('refuses a secret shorter than 16 bytes', () => {
    expect(() => new LocalTwoFactorEngine({ secret: 'short' })).toThrow(/at least 16 bytes/);
  });

  it('delivers the rendered text to the outbox, placeholders filled and unknown ones left as they are', async () => {
    const { applicationId, messageId } = await smsSetup(
      engine,
      {},
      { messageText: 'Hi {{name}}, {{pin}} is your {{what}} code' },
    );
    const { pinId } = await engine.sendPinOverSms({
      applicationId,
      messageId,
      to: `+${PHONE}`,
      placeholders: { name: 'Ana $&' },
    });
    const message = outbox.latest(PHONE)!;
    expect(message).toEqual({
      pinId,
      applicationId,
      messageId,
      to: PHONE,
      channel: 'sms',
      text: `Hi Ana $&, ${message.pin} is your {{what}} code`,
      pin: message.pin,
      sentAt: new Date(clock.now()).toISOString(),
    });
    await engine.resendPinOverVoice(pinId, { placeholders: { what: 'login' } });
    expect(outbox.latest(PHONE)).toMatchObject({
      channel: 'voice',
      text: `Hi {{name}}, ${message.pin} is your login code`,
    });
  });

  it('names the email template in the email it delivers', async () => {
    const { applicationId } = await smsSetup(engine);
    const { messageId } = await engine.createEmailMessageTemplate(applicationId, { emailTemplateId: 4321 });
    await engine.sendPinOverEmail({ applicationId, messageId, to: 'a@example.com' });
    const message = outbox.latest('A@Example.com')!;
    expect(message).toMatchObject({ channel: 'email', to: 'a@example.com' });
    expect(message.text).toBe(`Your PIN is ${message.pin} (email template 4321)`);
  });

  it('records exact send and verification times of its clock', async () => {
    const { applicationId, messageId } = await smsSetup(engine);
    const sentAt = clock.now();
    const { pinId } = await engine.sendPinOverSms({ applicationId, messageId, to: PHONE });
    clock.advance(42_000);
    await engine.verifyPin(pinId, { pin: outbox.latest(PHONE)!.pin });
    expect(await engine.getVerificationStatus(applicationId, { msisdn: PHONE })).toEqual({
      verifications: [{ msisdn: PHONE, verified: true, verifiedAt: sentAt + 42_000, sentAt }],
    });
  });

  it('remembers an expired PIN for an hour by default, then answers 404 and forgets it', async () => {
    const { applicationId, messageId } = await smsSetup(engine, { pinTimeToLive: '5m' });
    const { pinId } = await engine.sendPinOverSms({ applicationId, messageId, to: PHONE });
    clock.advance(5 * 60_000 + 3_600_000 - 1);
    expect((await engine.verifyPin(pinId, { pin: '000000' })).pinError).toBe('TTL_EXPIRED');
    clock.advance(1);
    await expect(engine.verifyPin(pinId, { pin: '000000' })).rejects.toMatchObject({ status: 404 });
    expect((await engine.getVerificationStatus(applicationId, { msisdn: PHONE })).verifications).toEqual([]);
    // The expiry schedule hands records out by the second.
    clock.advance(1_000);
    store.sweep(clock.now());
    expect(store.stats()).toMatchObject({ pins: 0, destinations: 0 });
  });

  it('resends over another channel with a template of that kind from the same application', async () => {
    const { applicationId } = await engine.createApplication({ name: 'email first' });
    const email = await engine.createEmailMessageTemplate(applicationId, { emailTemplateId: 1 });
    const { pinId } = await engine.sendPinOverEmail({
      applicationId,
      messageId: email.messageId,
      to: 'a@example.com',
    });
    await engine.resendPinOverEmail(pinId);
    expect(outbox.list('a@example.com').map((m) => m.messageId)).toEqual([email.messageId, email.messageId]);
  });

  it("answers 400 for a resend over a channel the PIN's destination can't receive", async () => {
    const { applicationId } = await engine.createApplication({ name: 'no email' });
    const sms = await engine.createMessageTemplate(applicationId, {
      pinType: 'NUMERIC',
      messageText: '{{pin}}',
    });
    const { pinId } = await engine.sendPinOverSms({ applicationId, messageId: sms.messageId, to: PHONE });
    await expect(engine.resendPinOverEmail(pinId)).rejects.toMatchObject({ status: 400 });
  });

  it('answers 400 for a template update of the other kind', async () => {
    const { applicationId, messageId } = await smsSetup(engine);
    const email = await engine.createEmailMessageTemplate(applicationId, { emailTemplateId: 1 });
    await expect(
      engine.updateEmailMessageTemplate(applicationId, messageId, { pinLength: 5 }),
    ).rejects.toMatchObject({ status: 400 });
    await expect(
      engine.updateMessageTemplate(applicationId, email.messageId, { pinLength: 5 }),
    ).rejects.toMatchObject({ status: 400 });
  });

  it('keeps the policy a PIN was sent with when the application changes', async () => {
    const { applicationId, messageId } = await smsSetup(engine, { pinAttempts: 2, pinTimeToLive: '1m' });
    const { pinId } = await engine.sendPinOverSms({ applicationId, messageId, to: PHONE });
    await engine.updateApplication(applicationId, {
      name: 'looser',
      configuration: { pinAttempts: 50, pinTimeToLive: '1h' },
    });
    expect((await engine.verifyPin(pinId, { pin: 'WRONG' })).attemptsRemaining).toBe(1);
    clock.advance(60_000);
    expect((await engine.verifyPin(pinId, { pin: 'WRONG' })).pinError).toBe('TTL_EXPIRED');
  });

  it('passes its clock to every store call: nothing depends on the system time', async () => {
    const { applicationId, messageId } = await smsSetup(engine, { pinTimeToLive: '1d' });
    const { pinId } = await engine.sendPinOverSms({ applicationId, messageId, to: PHONE });
    const realNow = jest.spyOn(Date, 'now').mockReturnValue(0);
    try {
      clock.advance(86_400_000);
      expect((await engine.verifyPin(pinId, { pin: '1' })).pinError).toBe('TTL_EXPIRED');
    } finally {
      realNow.mockRestore();
    }
  });
});

describe('LocalTwoFactorEngine defaults', () => {
  it('creates its own clock, outbox and store, and closes only the store it created', async () => {
    const engine = new LocalTwoFactorEngine();
    const before = engine.clock.now();
    engine.clock.advance(60_000);
    expect(engine.clock.now() - before).toBeGreaterThanOrEqual(60_000);
    expect(engine.outbox).toBeInstanceOf(InMemoryOutbox);
    expect(engine.store).toBeInstanceOf(InMemoryTwoFactorStore);
    const close = jest.spyOn(engine.store, 'close');
    await engine.close();
    expect(close).toHaveBeenCalled();

    const store = new InMemoryTwoFactorStore({ sweepIntervalMs: 0 });
    const closeGiven = jest.spyOn(store, 'close');
    await new LocalTwoFactorEngine({ store }).close();
    expect(closeGiven).not.toHaveBeenCalled();
  });

  it('wraps a clock that cannot advance, so that its own clock always can', async () => {
    let now = 1_000_000;
    const engine = new LocalTwoFactorEngine({ clock: { now: () => now } });
    engine.clock.advance(500);
    now += 10;
    expect(engine.clock.now()).toBe(1_000_510);
    await engine.close();
  });

  it('uses a clock that can advance as it is', async () => {
    const clock = new ManualClock(5);
    const engine = new LocalTwoFactorEngine({ clock });
    expect(engine.clock).toBe(clock);
    await engine.close();
  });
});
