import { ManualClock } from '../time/clock';
import { InMemoryOutbox } from '../engine/in-memory.outbox';
import { LocalTwoFactorEngine } from '../engine/local-two-factor.engine';
import { InMemoryTwoFactorStore } from './in-memory-two-factor.store';
import type { PinRecord, SendLimits } from './two-factor-store.interface';

const T0 = Date.UTC(2026, 0, 1);
/** What the engine tells `verifyPin` about a candidate PIN. */
const RIGHT = true;
const WRONG = false;
const WIDE: SendLimits = {
  perApplication: { count: 1e9, windowMs: 86_400_000 },
  perDestination: { count: 1e9, windowMs: 86_400_000 },
};

function pin(overrides: Partial<PinRecord> = {}): PinRecord {
  return {
    pinId: 'P1',
    applicationId: 'A',
    messageId: 'M',
    channel: 'sms',
    to: '41793026727',
    sentAt: T0,
    expiresAt: T0 + 60_000,
    keepUntil: T0 + 120_000,
    attemptsRemaining: 3,
    allowMultipleVerifications: false,
    verifyLimit: { count: 1_000, windowMs: 1_000 },
    ...overrides,
  };
}

describe('InMemoryTwoFactorStore', () => {
  let store: InMemoryTwoFactorStore;

  beforeEach(() => {
    store = new InMemoryTwoFactorStore({ sweepIntervalMs: 0 });
  });

  afterEach(() => store.close());

  it('counts a send in both windows, or in neither when one is full', async () => {
    const limits: SendLimits = {
      perApplication: { count: 2, windowMs: 3_600_000 },
      perDestination: { count: 1, windowMs: 3_600_000 },
    };
    expect(await store.createPin(pin({ pinId: 'a', to: '1111111' }), limits, T0)).toEqual({
      status: 'created',
    });
    // Refused by the destination window: the application window must not count it.
    expect(await store.createPin(pin({ pinId: 'b', to: '1111111' }), limits, T0 + 1_000)).toEqual({
      status: 'rate_limited',
      retryAfterMs: 3_599_000,
    });
    expect(await store.createPin(pin({ pinId: 'c', to: '2222222' }), limits, T0 + 2_000)).toEqual({
      status: 'created',
    });
    expect(await store.createPin(pin({ pinId: 'd', to: '3333333' }), limits, T0 + 3_000)).toEqual({
      status: 'rate_limited',
      retryAfterMs: 3_597_000,
    });
    expect(await store.getPin('b', T0)).toBeUndefined();
    // A window opens at its first event and lasts windowMs.
    expect(await store.createPin(pin({ pinId: 'e', to: '3333333' }), limits, T0 + 3_600_000)).toEqual({
      status: 'created',
    });
  });

  it('verifies in order: unknown, rate limit, expiry, attempts, right or wrong', async () => {
    await store.createPin(pin({ verifyLimit: { count: 2, windowMs: 10_000 } }), WIDE, T0);
    expect(await store.verifyPin('nope', RIGHT, T0)).toEqual({ status: 'not_found' });
    expect(await store.verifyPin('P1', WRONG, T0)).toEqual({
      status: 'wrong',
      to: '41793026727',
      attemptsRemaining: 2,
    });
    expect(await store.verifyPin('P1', WRONG, T0 + 1)).toEqual({
      status: 'wrong',
      to: '41793026727',
      attemptsRemaining: 1,
    });
    expect(await store.verifyPin('P1', RIGHT, T0 + 2)).toEqual({
      status: 'rate_limited',
      retryAfterMs: 9_998,
    });
    expect(await store.verifyPin('P1', WRONG, T0 + 10_000)).toEqual({
      status: 'wrong',
      to: '41793026727',
      attemptsRemaining: 0,
    });
    expect(await store.verifyPin('P1', RIGHT, T0 + 10_001)).toEqual({
      status: 'no_attempts',
      to: '41793026727',
      attemptsRemaining: 0,
    });
    expect(await store.verifyPin('P1', RIGHT, T0 + 60_000)).toEqual({
      status: 'expired',
      to: '41793026727',
      attemptsRemaining: 0,
    });
  });

  it('reports expiry before attempts and consumes a PIN verified without multiple verifications', async () => {
    await store.createPin(pin(), WIDE, T0);
    expect(await store.verifyPin('P1', RIGHT, T0)).toEqual({
      status: 'verified',
      to: '41793026727',
      attemptsRemaining: 0,
    });
    expect((await store.getPin('P1', T0))!.verifiedAt).toBe(T0);
    expect(await store.verifyPin('P1', RIGHT, T0 + 1)).toMatchObject({
      status: 'no_attempts',
      attemptsRemaining: 0,
    });
    expect(await store.verifyPin('P1', RIGHT, T0 + 60_000)).toMatchObject({
      status: 'expired',
      attemptsRemaining: 0,
    });
    expect(await store.verifyPin('P1', RIGHT, T0 + 120_000)).toEqual({ status: 'not_found' });
  });

  it('lets a PIN with multiple verifications verify again at no cost, keeping the first verification time', async () => {
    await store.createPin(pin({ allowMultipleVerifications: true }), WIDE, T0);
    expect(await store.verifyPin('P1', RIGHT, T0 + 5)).toMatchObject({
      status: 'verified',
      attemptsRemaining: 3,
    });
    expect(await store.verifyPin('P1', RIGHT, T0 + 9)).toMatchObject({
      status: 'verified',
      attemptsRemaining: 3,
    });
    expect((await store.getPin('P1', T0 + 9))!.verifiedAt).toBe(T0 + 5);
  });

  it('refuses to resend unknown, expired, verified or locked PINs and counts resends as sends', async () => {
    const limits: SendLimits = {
      perApplication: WIDE.perApplication,
      perDestination: { count: 2, windowMs: 60_000 },
    };
    await store.createPin(pin(), limits, T0);
    expect(await store.resendPin('nope', limits, T0)).toEqual({ status: 'not_found' });
    expect(await store.resendPin('P1', limits, T0)).toMatchObject({
      status: 'resent',
      pin: { pinId: 'P1', to: '41793026727', attemptsRemaining: 3 },
    });
    expect(await store.resendPin('P1', limits, T0)).toEqual({ status: 'rate_limited', retryAfterMs: 60_000 });
    expect(await store.resendPin('P1', limits, T0 + 60_000)).toEqual({ status: 'expired' });

    await store.createPin(pin({ pinId: 'V', to: '1234567' }), WIDE, T0);
    await store.verifyPin('V', RIGHT, T0);
    expect(await store.resendPin('V', WIDE, T0)).toEqual({ status: 'verified' });

    await store.createPin(pin({ pinId: 'L', to: '7654321', attemptsRemaining: 1 }), WIDE, T0);
    await store.verifyPin('L', WRONG, T0);
    expect(await store.resendPin('L', WIDE, T0)).toEqual({ status: 'locked' });
  });

  it('lists the live PINs of an application and destination, oldest first', async () => {
    await store.createPin(pin({ pinId: 'x1', keepUntil: T0 + 1_000 }), WIDE, T0);
    await store.createPin(pin({ pinId: 'x2' }), WIDE, T0);
    await store.createPin(pin({ pinId: 'y', applicationId: 'B' }), WIDE, T0);
    await store.createPin(pin({ pinId: 'z', to: '999999999' }), WIDE, T0);
    expect((await store.listPins('A', '41793026727', T0)).map((p) => p.pinId)).toEqual(['x1', 'x2']);
    expect((await store.listPins('A', '41793026727', T0 + 1_000)).map((p) => p.pinId)).toEqual(['x2']);
    expect(await store.listPins('A', 'nobody', T0)).toEqual([]);
  });

  it('shares no objects with its callers', async () => {
    const given = pin();
    await store.createPin(given, WIDE, T0);
    given.attemptsRemaining = 99;
    given.verifyLimit.count = 0;
    const read = (await store.getPin('P1', T0))!;
    expect(read).toMatchObject({ attemptsRemaining: 3, verifyLimit: { count: 1_000 } });
    read.attemptsRemaining = 0;
    expect(await store.verifyPin('P1', RIGHT, T0)).toMatchObject({ status: 'verified' });

    const application = {
      applicationId: 'A',
      name: 'a',
      enabled: true,
      configuration: { pinAttempts: 1 },
    } as never;
    await store.putApplication(application);
    (application as { name: string }).name = 'changed';
    (await store.getApplication('A'))!.configuration.pinAttempts = 7;
    expect(await store.getApplication('A')).toMatchObject({ name: 'a', configuration: { pinAttempts: 1 } });
  });

  it('keeps exact times and windows when calls are days apart, forwards and backwards', async () => {
    const DAY = 86_400_000;
    const monthly: SendLimits = {
      perApplication: WIDE.perApplication,
      perDestination: { count: 1, windowMs: 30 * DAY },
    };
    const long = pin({ expiresAt: T0 + 25 * DAY, keepUntil: T0 + 26 * DAY, attemptsRemaining: 5 });
    await store.createPin(long, monthly, T0);
    // 20 days later, then before the first call.
    expect(await store.createPin(pin({ pinId: 'P2' }), monthly, T0 + 20 * DAY)).toEqual({
      status: 'rate_limited',
      retryAfterMs: 10 * DAY,
    });
    expect(await store.verifyPin('P1', WRONG, T0 + 20 * DAY)).toMatchObject({ attemptsRemaining: 4 });
    expect(await store.getPin('P1', T0 - 20 * DAY)).toEqual({ ...long, attemptsRemaining: 4 });
    expect(await store.verifyPin('P1', RIGHT, T0 + 21 * DAY)).toMatchObject({ status: 'verified' });
    expect(await store.listPins('A', long.to, T0 + 22 * DAY)).toEqual([
      { ...long, attemptsRemaining: 0, verifiedAt: T0 + 21 * DAY },
    ]);
    expect(await store.verifyPin('P1', RIGHT, T0 + 25 * DAY)).toMatchObject({ status: 'expired' });
    expect(await store.getPin('P1', T0 + 26 * DAY)).toBeUndefined();
  });

  it('lists several PINs of one destination in order while some expire, then forgets them all', async () => {
    for (const [pinId, keptMs] of [
      ['m1', 60_000],
      ['m2', 10_000],
      ['m3', 60_000],
      ['m4', 5_000],
    ] as const) {
      await store.createPin(pin({ pinId, expiresAt: T0 + keptMs, keepUntil: T0 + keptMs }), WIDE, T0);
    }
    expect((await store.listPins('A', '41793026727', T0)).map((p) => p.pinId)).toEqual([
      'm1',
      'm2',
      'm3',
      'm4',
    ]);
    store.sweep(T0 + 20_000);
    expect((await store.listPins('A', '41793026727', T0 + 20_000)).map((p) => p.pinId)).toEqual(['m1', 'm3']);
    expect(store.stats()).toMatchObject({ pins: 2, destinations: 1 });
    store.sweep(T0 + 86_400_000 + 1_000);
    expect(store.stats()).toMatchObject({ pins: 0, windows: 0, destinations: 0, scheduled: 0 });
  });

  it('gives back each PIN as it was sent, whether the PIN before it was sent alike or not', async () => {
    // Each PIN differs from the one before it in one field (or only in its send time).
    const variants: Partial<PinRecord>[] = [
      { sentAt: T0 + 5, expiresAt: T0 + 60_005, keepUntil: T0 + 120_005 },
      { messageId: 'M2' },
      { channel: 'voice' },
      { expiresAt: T0 + 30_000 },
      { keepUntil: T0 + 60_000 },
      { allowMultipleVerifications: true },
      { verifyLimit: { count: 5, windowMs: 1_000 } },
      { verifyLimit: { count: 1_000, windowMs: 2_000 } },
    ];
    const sent = variants.flatMap((variant, i) => [
      pin({ pinId: `base${i}` }),
      pin({ pinId: `variant${i}`, ...variant }),
    ]);
    for (const one of sent) await store.createPin(one, WIDE, T0);
    for (const one of sent) expect(await store.getPin(one.pinId, T0 + 10)).toEqual(one);
  });

  it('replaces a PIN stored again under the same id, keeping nothing of the first', async () => {
    await store.createPin(pin({ attemptsRemaining: 3 }), WIDE, T0);
    await store.createPin(pin({ attemptsRemaining: 7, to: '1234567' }), WIDE, T0 + 1);
    expect(await store.getPin('P1', T0 + 1)).toMatchObject({ attemptsRemaining: 7, to: '1234567' });
    expect(await store.listPins('A', '41793026727', T0 + 1)).toEqual([]);
    expect((await store.listPins('A', '1234567', T0 + 1)).map((p) => p.attemptsRemaining)).toEqual([7]);
    store.sweep(T0 + 86_400_000 + 1_000);
    expect(store.stats()).toMatchObject({ pins: 0, windows: 0, destinations: 0, scheduled: 0 });
  });

  it('calls afterLargeSweep once a sweep removed most PINs (at least 10 000), not for small sweeps', async () => {
    let calls = 0;
    const swept = new InMemoryTwoFactorStore({ sweepIntervalMs: 0, afterLargeSweep: () => calls++ });
    for (let i = 0; i < 10_000; i++) await swept.createPin(pin({ pinId: `s${i}`, to: `${i}` }), WIDE, T0);
    await swept.createPin(pin({ pinId: 'late', keepUntil: T0 + 3_600_000 }), WIDE, T0);
    swept.sweep(T0 + 60_000);
    expect(calls).toBe(0);
    swept.sweep(T0 + 121_000);
    expect(swept.stats().pins).toBe(1);
    expect(calls).toBe(1);
    swept.sweep(T0 + 3_600_000);
    expect(calls).toBe(1);
    await swept.close();
  });

  it('closes verification windows when they end, while their PIN lives on', async () => {
    await store.createPin(pin({ keepUntil: T0 + 3_600_000 }), WIDE, T0);
    await store.verifyPin('P1', WRONG, T0);
    expect(store.stats()).toMatchObject({ windows: 3 });
    store.sweep(T0 + 2_000);
    expect(store.stats()).toMatchObject({ pins: 1, windows: 2 });
  });

  it('gives every caller its own copy of nested fields and keeps own __proto__ fields as fields', async () => {
    const template = {
      kind: 'smsOrVoice' as const,
      message: {
        messageId: 'M1',
        applicationId: 'A',
        messageText: '{{pin}}',
        pinLength: 4,
        pinType: 'NUMERIC' as const,
        regional: { indiaDlt: { principalEntityId: 'P' } },
      },
    };
    await store.putTemplate(template);
    template.message.regional.indiaDlt.principalEntityId = 'changed';
    const read = (await store.getTemplate('A', 'M1'))!;
    expect(read).toEqual({
      ...template,
      message: { ...template.message, regional: { indiaDlt: { principalEntityId: 'P' } } },
    });
    (read as typeof template).message.regional.indiaDlt.principalEntityId = 'changed too';
    expect((await store.listTemplates('A'))[0].message).toMatchObject({
      regional: { indiaDlt: { principalEntityId: 'P' } },
    });

    const application = JSON.parse(
      '{"applicationId":"J","name":"j","enabled":true,"configuration":{"pinAttempts":1},"__proto__":{"polluted":true}}',
    );
    await store.putApplication(application);
    const copy = (await store.getApplication('J'))!;
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect((copy as unknown as { polluted?: boolean }).polluted).toBeUndefined();
    expect(Object.getOwnPropertyDescriptor(copy, '__proto__')?.value).toEqual({ polluted: true });
  });

  it('keeps templates per application in creation order', async () => {
    const sms = {
      kind: 'smsOrVoice' as const,
      message: {
        messageId: 'M1',
        applicationId: 'A',
        messageText: '{{pin}}',
        pinLength: 4,
        pinType: 'NUMERIC' as const,
      },
    };
    const email = {
      kind: 'email' as const,
      message: {
        messageId: 'M2',
        applicationId: 'A',
        emailTemplateId: 1,
        pinLength: 4,
        pinType: 'NUMERIC' as const,
      },
    };
    await store.putTemplate(sms);
    await store.putTemplate(email);
    await store.putTemplate({ ...sms, message: { ...sms.message, pinLength: 6 } });
    expect((await store.listTemplates('A')).map((t) => [t.message.messageId, t.message.pinLength])).toEqual([
      ['M1', 6],
      ['M2', 4],
    ]);
    expect(await store.listTemplates('B')).toEqual([]);
    expect(await store.getTemplate('B', 'M1')).toBeUndefined();
    expect(store.stats()).toMatchObject({ templates: 2 });
  });
});

describe('InMemoryTwoFactorStore memory', () => {
  it('forgets 50 000 PINs and their windows once expired, a bounded number on each later call', async () => {
    const clock = new ManualClock(T0);
    const store = new InMemoryTwoFactorStore({ sweepIntervalMs: 0, sweepBudgetPerCall: 256 });
    const outbox = new InMemoryOutbox({ maxMessages: 10 });
    const engine = new LocalTwoFactorEngine({
      clock,
      store,
      outbox,
      secret: 'memory test secret, long enough',
    });
    const { applicationId } = await engine.createApplication({
      name: 'load',
      configuration: {
        pinTimeToLive: '5m',
        sendPinPerApplicationLimit: '1000000/1d',
        sendPinPerPhoneNumberLimit: '100/1d',
        verifyPinLimit: '100/1m',
      },
    });
    const { messageId } = await engine.createMessageTemplate(applicationId, {
      pinType: 'NUMERIC',
      messageText: '{{pin}}',
    });
    const destinations = 5_000;
    const sends = 50_000;
    const pinIds: string[] = [];
    for (let i = 0; i < sends; i++) {
      const to = String(41_700_000_000 + (i % destinations));
      if (i % 1_000 === 0) clock.advance(1_000);
      pinIds.push((await engine.sendPinOverSms({ applicationId, messageId, to })).pinId);
      if (i % 10 === 0) await engine.verifyPin(pinIds[i], { pin: 'X' });
    }
    // One application window, one send window per destination, one verify window per tenth destination.
    expect(store.stats()).toMatchObject({
      pins: sends,
      destinations,
      windows: 1 + destinations + destinations / 10,
    });

    clock.advance(5 * 60_000 + 3_600_000 + 86_400_000);
    // Each call removes at most its budget of expired records on its way.
    let calls = 0;
    while (store.stats().pins + store.stats().windows > 0 && calls < 10_000) {
      await store.getPin(pinIds[0], clock.now());
      calls++;
    }
    expect(calls).toBeGreaterThanOrEqual(Math.ceil(sends / 256));
    expect(calls).toBeLessThan(1_000);
    expect(store.stats()).toEqual({
      applications: 1,
      templates: 1,
      pins: 0,
      windows: 0,
      destinations: 0,
      scheduled: 0,
    });
    await engine.close();
    await store.close();
  });

  it('sweeps on its timer, asking its clock for the time', async () => {
    jest.useFakeTimers();
    try {
      const clock = new ManualClock(T0);
      const store = new InMemoryTwoFactorStore({ clock, sweepIntervalMs: 10_000 });
      for (let i = 0; i < 100; i++)
        await store.createPin(pin({ pinId: `p${i}`, to: `4170000${i}` }), WIDE, T0);
      clock.advance(86_400_000 + 1_000);
      expect(store.stats().pins).toBe(100);
      jest.advanceTimersByTime(10_000);
      expect(store.stats()).toMatchObject({ pins: 0, windows: 0, destinations: 0, scheduled: 0 });
      await store.close();
      expect(jest.getTimerCount()).toBe(0);
    } finally {
      jest.useRealTimers();
    }
  });
});
