import Redis, { type Cluster } from 'ioredis';
import { describeWithRedis, startRedisServer, type TestRedisServer } from '../../test/support/redis-server';
import { describeOnEachRedis } from '../../test/support/redis-topologies';
import type { InfobipApiError } from '../infobip/infobip-api.error';
import { ManualClock } from '../time/clock';
import { InMemoryOutbox } from '../engine/in-memory.outbox';
import { LocalTwoFactorEngine } from '../engine/local-two-factor.engine';
import {
  describeEngineSemantics,
  engineHarness,
  failure,
  OTHER_PHONE,
  PHONE,
  smsSetup,
} from '../engine/testing';
import { RedisTwoFactorStore } from './redis-two-factor.store';
import type { PinRecord, SendLimits } from './two-factor-store.interface';

const SECRET = 'a test secret of enough bytes, 32+';
const HOUR = 3_600_000;

let prefixes = 0;
/** A fresh key namespace per test, so tests share one server without sharing data. */
const freshPrefix = (): string => `t${++prefixes}:`;

/** Outcome of each call: the answer, or the HTTP status it failed with. */
function settle<T>(calls: Promise<T>[]): Promise<(T | number)[]> {
  return Promise.all(calls.map((call) => call.catch((error: InfobipApiError) => error.status ?? -1)));
}

function pinRecord(pinId: string, applicationId: string, to: string, now: number): PinRecord {
  return {
    pinId,
    applicationId,
    messageId: 'M',
    channel: 'sms',
    to,
    sentAt: now,
    expiresAt: now + 60_000,
    keepUntil: now + 120_000,
    attemptsRemaining: 3,
    allowMultipleVerifications: false,
    verifyLimit: { count: 10, windowMs: 1_000 },
  };
}

describeWithRedis('RedisTwoFactorStore', () => {
  let server: TestRedisServer;
  let client: Redis;

  beforeAll(async () => {
    server = await startRedisServer();
    client = new Redis(server.url);
  });

  afterAll(async () => {
    await client.quit();
    await server.stop();
  });

  describeEngineSemantics('LocalTwoFactorEngine on RedisTwoFactorStore', async () => {
    const outbox = new InMemoryOutbox();
    const store = new RedisTwoFactorStore({ client, prefix: freshPrefix() });
    const engine = new LocalTwoFactorEngine({ store, clock: new ManualClock(), outbox, secret: SECRET });
    const harness = engineHarness(engine, outbox);
    return {
      ...harness,
      close: async () => {
        await harness.close();
        await store.close();
      },
    };
  });

  describe('two instances on one Redis (two clients, one secret)', () => {
    let clientB: Redis;
    let clock: ManualClock;
    let outbox: InMemoryOutbox;
    let outboxB: InMemoryOutbox;
    let a: LocalTwoFactorEngine;
    let b: LocalTwoFactorEngine;

    beforeAll(() => {
      clientB = new Redis(server.url);
    });

    afterAll(async () => {
      await clientB.quit();
    });

    beforeEach(() => {
      const prefix = freshPrefix();
      clock = new ManualClock();
      outbox = new InMemoryOutbox();
      outboxB = new InMemoryOutbox();
      a = new LocalTwoFactorEngine({
        store: new RedisTwoFactorStore({ client, prefix }),
        clock,
        outbox,
        secret: SECRET,
      });
      b = new LocalTwoFactorEngine({
        store: new RedisTwoFactorStore({ client: clientB, prefix }),
        clock,
        outbox: outboxB,
        secret: SECRET,
      });
    });

    it('sends on one and verifies on the other; applications and templates are shared', async () => {
      const { applicationId, messageId } = await smsSetup(a);
      expect((await b.getApplications()).map((app) => app.applicationId)).toEqual([applicationId]);
      expect((await b.getMessageTemplates(applicationId)).map((m) => m.messageId)).toEqual([messageId]);
      const { pinId } = await a.sendPinOverSms({ applicationId, messageId, to: PHONE });
      const pin = outbox.latest(PHONE)!.pin;
      expect(await b.verifyPin(pinId, { pin })).toMatchObject({ verified: true, msisdn: PHONE });
      expect((await a.getVerificationStatus(applicationId, { msisdn: PHONE })).verifications).toEqual([
        { msisdn: PHONE, verified: true, verifiedAt: clock.now(), sentAt: clock.now() },
      ]);
    });

    it('keeps an int64 emailTemplateId beyond 2^53 exactly', async () => {
      const { applicationId } = await smsSetup(a);
      const emailTemplateId = 9007199254740993n;
      const { messageId } = await a.createEmailMessageTemplate(applicationId, { emailTemplateId });
      expect((await b.getMessageTemplate(applicationId, messageId)).emailTemplateId).toBe(emailTemplateId);
      const listed = await b.getMessageTemplates(applicationId);
      expect(listed.find((m) => m.messageId === messageId)?.emailTemplateId).toBe(emailTemplateId);
    });

    it('200 parallel wrong PINs over both consume exactly pinAttempts (5) attempts', async () => {
      const { applicationId, messageId } = await smsSetup(a, { pinAttempts: 5, verifyPinLimit: '1000/1s' });
      const { pinId } = await a.sendPinOverSms({ applicationId, messageId, to: PHONE });
      const results = await settle(
        Array.from({ length: 200 }, (_, i) => (i % 2 ? a : b).verifyPin(pinId, { pin: 'WRONG' })),
      );
      const errors = results.map((r) => (typeof r === 'number' ? r : r.pinError));
      expect(errors.filter((e) => e === 'WRONG_PIN')).toHaveLength(5);
      expect(errors.filter((e) => e === 'NO_MORE_PIN_ATTEMPTS')).toHaveLength(195);
      const right = outbox.latest(PHONE)!.pin;
      expect(await b.verifyPin(pinId, { pin: right })).toMatchObject({
        verified: false,
        attemptsRemaining: 0,
      });
    });

    it('50 parallel right PINs over both verify exactly once without multiple verifications', async () => {
      const { applicationId, messageId } = await smsSetup(a, {
        allowMultiplePinVerifications: false,
        verifyPinLimit: '1000/1s',
      });
      const { pinId } = await b.sendPinOverSms({ applicationId, messageId, to: PHONE });
      const pin = outboxB.latest(PHONE)!.pin;
      const results = await settle(
        Array.from({ length: 50 }, (_, i) => (i % 2 ? a : b).verifyPin(pinId, { pin })),
      );
      expect(results.filter((r) => typeof r !== 'number' && r.verified)).toHaveLength(1);
      expect(
        results.filter((r) => typeof r !== 'number' && r.pinError === 'NO_MORE_PIN_ATTEMPTS'),
      ).toHaveLength(49);
    });

    it('holds the send limits across both: per destination, per application, resends included', async () => {
      const { applicationId, messageId } = await smsSetup(a, {
        sendPinPerPhoneNumberLimit: '3/1d',
        sendPinPerApplicationLimit: '5/1h',
      });
      const toPhone = await settle(
        Array.from({ length: 30 }, (_, i) =>
          (i % 2 ? a : b).sendPinOverSms({ applicationId, messageId, to: PHONE }),
        ),
      );
      expect(toPhone.filter((r) => typeof r !== 'number')).toHaveLength(3);
      expect(toPhone.filter((r) => r === 429)).toHaveLength(27);

      const { pinId } = await a.sendPinOverSms({ applicationId, messageId, to: OTHER_PHONE });
      const more = await settle([
        ...Array.from({ length: 5 }, () => b.resendPinOverSms(pinId)),
        ...Array.from({ length: 5 }, () => a.sendPinOverSms({ applicationId, messageId, to: '41790000000' })),
      ]);
      // 3 + 1 sent so far: the application's window of 5 admits one more, on either instance.
      expect(more.filter((r) => typeof r !== 'number')).toHaveLength(1);
      expect(more.filter((r) => r === 429)).toHaveLength(9);
    });
  });

  describe('keys', () => {
    it('gives every key but applications and templates a TTL no later than its deadline, and no PIN', async () => {
      const prefix = freshPrefix();
      const clock = new ManualClock();
      const outbox = new InMemoryOutbox();
      const engine = new LocalTwoFactorEngine({
        store: new RedisTwoFactorStore({ client, prefix }),
        clock,
        outbox,
        secret: SECRET,
      });
      const { applicationId, messageId } = await smsSetup(
        engine,
        {
          pinTimeToLive: '10m',
          verifyPinLimit: '3/30s',
          sendPinPerApplicationLimit: '100/1h',
          sendPinPerPhoneNumberLimit: '5/1d',
        },
        { pinLength: 16 },
      );
      const { pinId } = await engine.sendPinOverSms({ applicationId, messageId, to: PHONE });
      await engine.verifyPin(pinId, { pin: 'WRONG' });
      await engine.resendPinOverVoice(pinId);
      await engine.getVerificationStatus(applicationId, { msisdn: PHONE });
      const pin = outbox.latest(PHONE)!.pin;

      const keys = (await client.keys(`${prefix}*`)).map((key) => key.slice(prefix.length)).sort();
      // One hash tag per destination: a cluster keeps a script's keys in one slot.
      const dest = `{${applicationId}:${PHONE}}`;
      expect(keys).toEqual(
        [
          '{apps}',
          '{apps}:order',
          `{tpl:${applicationId}}`,
          `{tpl:${applicationId}}:order`,
          `ref:${pinId}`,
          `${dest}:pin:${pinId}`,
          `${dest}:pins`,
          `win:app:${applicationId}`,
          `${dest}:win:dest`,
          `${dest}:win:verify`,
        ].sort(),
      );
      const ttl = async (key: string) => client.pttl(prefix + key);
      for (const key of [
        '{apps}',
        '{apps}:order',
        `{tpl:${applicationId}}`,
        `{tpl:${applicationId}}:order`,
      ]) {
        expect(await ttl(key)).toBe(-1);
      }
      // Until keepUntil (10 minutes + 1 hour of retention), and beyond the PIN's expiry.
      for (const key of [`${dest}:pin:${pinId}`, `${dest}:pins`, `ref:${pinId}`]) {
        expect(await ttl(key)).toBeLessThanOrEqual(10 * 60_000 + HOUR);
        expect(await ttl(key)).toBeGreaterThan(10 * 60_000);
      }
      expect(await ttl(`win:app:${applicationId}`)).toBeLessThanOrEqual(HOUR);
      expect(await ttl(`${dest}:win:dest`)).toBeLessThanOrEqual(24 * HOUR);
      expect(await ttl(`${dest}:win:verify`)).toBeLessThanOrEqual(30_000);
      for (const key of keys.filter((k) => k.includes('win:'))) expect(await ttl(key)).toBeGreaterThan(0);

      const record = await client.hgetall(`${prefix}${dest}:pin:${pinId}`);
      expect(record).toMatchObject({ pinId, to: PHONE, attemptsRemaining: '9' });
      const values = JSON.stringify([record, await client.hgetall(`${prefix}${dest}:win:dest`)]);
      expect(values).not.toContain(pin);
      expect(values).not.toContain(Buffer.from(pin).toString('base64'));
      expect(values).not.toContain(Buffer.from(pin).toString('hex'));
      await engine.close();
    });

    it('refuses a prefix with a hash tag, naming the option and the fix', () => {
      expect(() => new RedisTwoFactorStore({ client, prefix: '{2fa}:' })).toThrow(
        /options\.prefix must be a string without '\{' or '\}'\. Fix: drop the hash tag/,
      );
    });

    it('keeps destinations apart whatever characters the ids hold', async () => {
      const store = new RedisTwoFactorStore({ client, prefix: freshPrefix() });
      const now = Date.UTC(2026, 0, 1);
      const oneEach: SendLimits = {
        perApplication: { count: 10, windowMs: 60_000 },
        perDestination: { count: 1, windowMs: 60_000 },
      };
      // Joined naively, both pairs would name the same list and windows.
      expect(await store.createPin(pinRecord('P1', 'a:b', 'c', now), oneEach, now)).toEqual({
        status: 'created',
      });
      expect(await store.createPin(pinRecord('P2', 'a', 'b:c', now), oneEach, now)).toEqual({
        status: 'created',
      });
      expect(await store.createPin(pinRecord('P3', 'a%3Ab', 'c', now), oneEach, now)).toEqual({
        status: 'created',
      });
      // Braces would end a hash tag early and merge destinations.
      expect(await store.createPin(pinRecord('P5', 'a}:{b', 'c', now), oneEach, now)).toEqual({
        status: 'created',
      });
      expect((await store.listPins('a:b', 'c', now)).map((p) => p.pinId)).toEqual(['P1']);
      expect((await store.listPins('a', 'b:c', now)).map((p) => p.pinId)).toEqual(['P2']);
      expect(await store.verifyPin('P1', false, now)).toMatchObject({
        status: 'wrong',
        attemptsRemaining: 2,
      });
      expect(await store.createPin(pinRecord('P4', 'a:b', 'c', now), oneEach, now)).toEqual({
        status: 'rate_limited',
        retryAfterMs: 60_000,
      });
    });

    it('round-trips a record, hides it once the caller clock passes keepUntil, and forgets what Redis dropped', async () => {
      const prefix = freshPrefix();
      const store = new RedisTwoFactorStore({ client, prefix });
      const now = Date.UTC(2026, 0, 1);
      const limits: SendLimits = {
        perApplication: { count: 10, windowMs: 60_000 },
        perDestination: { count: 10, windowMs: 60_000 },
      };
      const first = pinRecord('P1', 'APP', PHONE, now);
      await store.createPin(first, limits, now);
      await store.createPin({ ...pinRecord('P2', 'APP', PHONE, now), keepUntil: now + 180_000 }, limits, now);
      await store.createPin(pinRecord('P3', 'APP', PHONE, now), limits, now);
      expect(await store.getPin('P1', now)).toEqual(first);
      expect(await store.verifyPin('P1', true, now + 1)).toMatchObject({ status: 'verified' });
      expect(await store.getPin('P1', now + 2)).toEqual({
        ...first,
        verifiedAt: now + 1,
        attemptsRemaining: 0,
      });

      expect(await store.getPin('P1', now + 120_000)).toBeUndefined();
      expect((await store.listPins('APP', PHONE, now + 120_000)).map((p) => p.pinId)).toEqual(['P2']);
      await client.del(`${prefix}{APP:${PHONE}}:pin:P3`);
      expect((await store.listPins('APP', PHONE, now)).map((p) => p.pinId)).toEqual(['P1', 'P2']);
      expect(await client.lrange(`${prefix}{APP:${PHONE}}:pins`, 0, -1)).toEqual(['P1', 'P2']);
    });

    it("puts every key, including those the scripts name, under the client's keyPrefix too", async () => {
      const keyPrefix = `kp${++prefixes}:`;
      const prefixed = new Redis(server.url, { keyPrefix });
      const outbox = new InMemoryOutbox();
      const engine = new LocalTwoFactorEngine({
        store: new RedisTwoFactorStore({ client: prefixed, prefix: 's:' }),
        clock: new ManualClock(),
        outbox,
        secret: SECRET,
      });
      const { applicationId, messageId } = await smsSetup(engine);
      const { pinId } = await engine.sendPinOverSms({ applicationId, messageId, to: PHONE });
      expect((await engine.verifyPin(pinId, { pin: outbox.latest(PHONE)!.pin })).verified).toBe(true);
      expect(
        (await engine.getVerificationStatus(applicationId, { msisdn: PHONE })).verifications,
      ).toHaveLength(1);
      const keys = await client.keys(`*${pinId}*`);
      expect(keys.sort()).toEqual([
        `${keyPrefix}s:ref:${pinId}`,
        `${keyPrefix}s:{${applicationId}:${PHONE}}:pin:${pinId}`,
      ]);
      expect(await client.exists(`${keyPrefix}s:{${applicationId}:${PHONE}}:win:verify`)).toBe(1);
      await prefixed.quit();
    });
  });

  describe('round trips', () => {
    it('verifies with a read and a script, and sends with two reads, two scripts and a write', async () => {
      const counted = new Redis(server.url);
      const names: string[] = [];
      const send = counted.sendCommand.bind(counted);
      counted.sendCommand = ((command, stream) => {
        names.push(command.name);
        return send(command, stream);
      }) as typeof counted.sendCommand;
      const outbox = new InMemoryOutbox();
      const engine = new LocalTwoFactorEngine({
        store: new RedisTwoFactorStore({ client: counted, prefix: freshPrefix() }),
        clock: new ManualClock(),
        outbox,
        secret: SECRET,
      });
      const { applicationId, messageId } = await smsSetup(engine);

      names.length = 0;
      const { pinId } = await engine.sendPinOverSms({ applicationId, messageId, to: PHONE });
      // Application and template; the application's window; the destination's window with the
      // PIN; the PIN's reference.
      expect(names).toEqual(['hget', 'hget', 'evalsha', 'evalsha', 'set']);

      names.length = 0;
      await engine.verifyPin(pinId, { pin: 'WRONG' });
      expect(names).toEqual(['get', 'evalsha']);
      names.length = 0;
      engine.clock.advance(3_000);
      expect((await engine.verifyPin(pinId, { pin: outbox.latest(PHONE)!.pin })).verified).toBe(true);
      expect(names).toEqual(['get', 'evalsha']);
      await counted.quit();
    });
  });
});

describeWithRedis('RedisTwoFactorStore while Redis is down', () => {
  let server: TestRedisServer;
  let client: Redis;

  beforeAll(async () => {
    server = await startRedisServer();
    client = new Redis(server.url, { maxRetriesPerRequest: 0, enableOfflineQueue: false });
    client.on('error', () => undefined);
    await new Promise<void>((resolve) => client.once('ready', () => resolve()));
  });

  afterAll(async () => {
    client.disconnect();
    await server.stop();
  });

  it('rejects every call, then works again once Redis is back (the data of a non-persistent server gone)', async () => {
    const store = new RedisTwoFactorStore({ client, prefix: '2fa:' });
    const clock = new ManualClock();
    const outbox = new InMemoryOutbox();
    const engine = new LocalTwoFactorEngine({ store, clock, outbox, secret: SECRET });
    const { applicationId, messageId } = await smsSetup(engine);
    const { pinId } = await engine.sendPinOverSms({ applicationId, messageId, to: PHONE });

    await server.stop();
    const now = clock.now();
    const limits: SendLimits = {
      perApplication: { count: 1, windowMs: 1_000 },
      perDestination: { count: 1, windowMs: 1_000 },
    };
    const calls: Promise<unknown>[] = [
      store.getApplication(applicationId),
      store.listApplications(),
      store.putApplication({ applicationId: 'X' } as never),
      store.getTemplate(applicationId, messageId),
      store.listTemplates(applicationId),
      store.putTemplate({ kind: 'email', message: { applicationId: 'X', messageId: 'Y' } } as never),
      store.createPin(pinRecord('P', applicationId, PHONE, now), limits, now),
      store.getPin(pinId, now),
      store.resendPin(pinId, limits, now),
      store.verifyPin(pinId, true, now),
      store.listPins(applicationId, PHONE, now),
    ];
    for (const call of calls) await expect(call).rejects.toThrow();
    await expect(engine.getApplications()).rejects.toThrow();
    await expect(engine.verifyPin(pinId, { pin: outbox.latest(PHONE)!.pin })).rejects.toThrow();
    await expect(engine.sendPinOverSms({ applicationId, messageId, to: PHONE })).rejects.toThrow();

    await server.start();
    await new Promise<void>((resolve) => client.once('ready', () => resolve()));
    expect((await failure(engine.verifyPin(pinId, { pin: outbox.latest(PHONE)!.pin }))).status).toBe(404);
    const again = await smsSetup(engine);
    const sent = await engine.sendPinOverSms({ ...again, to: PHONE });
    expect((await engine.verifyPin(sent.pinId, { pin: outbox.latest(PHONE)!.pin })).verified).toBe(true);
  });
});

// The same semantics where production runs Redis: every script's keys in one slot of a
// 3-primary cluster, and a primary whose writes a replica confirms behind Sentinel.
describeOnEachRedis(
  'RedisTwoFactorStore',
  (redis) => {
    let client: Redis | Cluster;

    beforeAll(() => {
      client = redis().client();
    });

    afterAll(() => {
      client.disconnect();
    });

    describeEngineSemantics('LocalTwoFactorEngine on RedisTwoFactorStore', async () => {
      const outbox = new InMemoryOutbox();
      const store = new RedisTwoFactorStore({ client, prefix: freshPrefix() });
      const engine = new LocalTwoFactorEngine({ store, clock: new ManualClock(), outbox, secret: SECRET });
      return engineHarness(engine, outbox);
    });

    it('spreads destinations over slots: no hash tag shared by all PINs', async () => {
      const store = new RedisTwoFactorStore({ client, prefix: freshPrefix() });
      const now = Date.UTC(2026, 0, 1);
      const limits: SendLimits = {
        perApplication: { count: 100, windowMs: 60_000 },
        perDestination: { count: 1, windowMs: 60_000 },
      };
      const destinations = Array.from({ length: 20 }, (_, i) => `4179000${String(i).padStart(4, '0')}`);
      await Promise.all(
        destinations.map((to, i) => store.createPin(pinRecord(`P${i}`, 'APP', to, now), limits, now)),
      );
      if (redis().kind === 'cluster') {
        const slots = new Set(
          await Promise.all(
            destinations.map((to) => client.cluster('KEYSLOT', `${store.prefix}{APP:${to}}:pins`)),
          ),
        );
        expect(slots.size).toBeGreaterThan(10);
      }
      for (const [i] of destinations.entries()) {
        expect(await store.verifyPin(`P${i}`, true, now)).toMatchObject({ status: 'verified' });
      }
    });
  },
  ['cluster', 'sentinel'],
);
