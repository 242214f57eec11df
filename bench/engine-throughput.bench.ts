import { createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { LocalTwoFactorEngine } from 'nestjs-infobip-2fa';
import { runBenchmark } from './support/benchmark';
import {
  createUnlimitedApplication,
  forgetEverything,
  LatestMessageOutbox,
  phoneNumber,
} from './support/engine-fixture';
import { interleave, median, medianRatio, ratePerSecond } from './support/stats';

/*
 * Send + verify cycles of LocalTwoFactorEngine, in process, against the least work any PIN
 * service has to do per cycle (the honest baseline): a keyed PRF at send (the PIN of a new
 * pinId), a Map insert, a lookup and a keyed PRF at verify, a constant-time compare. For
 * continuity, also against the earlier baseline (digits from crypto.randomInt, one HMAC, a Map
 * insert and lookup, timingSafeEqual), which compared a stored digest with itself and so
 * skipped the verify's PRF. Destinations rotate over 100 000 numbers and the application's
 * limits are out of reach, so no cycle is refused.
 */

const DESTINATIONS = 100_000;
const DIGITS = '0123456789';

interface Baseline {
  cycle(): void;
  reset(): void;
}

/**
 * Six digits from an HMAC of `pinId`: bytes 250-255 skipped, as an unbiased mapping must. The
 * digest is read as a latin1 string, the engine's cheaper way, so the baseline stays the least work.
 */
function prfPin(key: Buffer, pinId: string): string {
  const digest = createHmac('sha256', key).update(pinId).digest('binary');
  let pin = '';
  for (let i = 0; i < digest.length; i++) {
    const byte = digest.charCodeAt(i);
    if (byte < 250) pin += DIGITS[byte % 10];
    if (pin.length === 6) return pin;
  }
  throw new Error('baseline ran out of PRF bytes');
}

/** The honest baseline: the work of a send and a verify with a derived PIN, and nothing else. */
function honestCycles(): Baseline {
  const key = randomBytes(32);
  const pins = new Map<string, number>();
  let next = 0;
  return {
    cycle(): void {
      const pinId = String(next++);
      const sent = prfPin(key, pinId);
      pins.set(pinId, next);
      if (pins.get(pinId) === undefined) throw new Error('baseline lost a PIN');
      const expected = Buffer.from(prfPin(key, pinId));
      if (!timingSafeEqual(expected, Buffer.from(sent))) throw new Error('baseline failed to verify');
    },
    reset(): void {
      pins.clear();
    },
  };
}

/** The earlier baseline: random digits, one HMAC stored and compared with itself. */
function storedDigestCycles(): Baseline {
  const key = randomBytes(32);
  const pins = new Map<string, Buffer>();
  let next = 0;
  return {
    cycle(): void {
      let pin = '';
      for (let i = 0; i < 6; i++) pin += DIGITS[randomInt(10)];
      const pinId = String(next++);
      const digest = createHmac('sha256', key).update(`${pinId}\u0000${pin}`).digest();
      pins.set(pinId, digest);
      const stored = pins.get(pinId);
      if (!stored || !timingSafeEqual(stored, digest)) throw new Error('baseline failed to verify');
    },
    reset(): void {
      pins.clear();
    },
  };
}

runBenchmark('engine', async (bench) => {
  const outbox = new LatestMessageOutbox();
  const engine = new LocalTwoFactorEngine({ outbox });
  const { applicationId, messageId } = await createUnlimitedApplication(engine);
  // Made before the clock starts: formatting numbers is the benchmark's work, not the engine's.
  const destinations = Array.from({ length: DESTINATIONS }, (_, i) => phoneNumber(i));
  let sent = 0;
  const engineCycle = async (): Promise<void> => {
    const { pinId } = await engine.sendPinOverSms({
      applicationId,
      messageId,
      to: destinations[sent++ % DESTINATIONS],
    });
    const answer = await engine.verifyPin(pinId!, { pin: outbox.pin() });
    if (!answer.verified) throw new Error(`engine failed to verify: ${answer.pinError}`);
  };
  const honest = honestCycles();
  const old = storedDigestCycles();
  const roundMs = bench.scale(1_500, 400);

  await ratePerSecond(bench.scale(1_000, 200), engineCycle);
  await ratePerSecond(bench.scale(500, 100), () => honest.cycle());
  await ratePerSecond(bench.scale(500, 100), () => old.cycle());
  forgetEverything(engine);
  honest.reset();
  old.reset();

  const samples = await interleave(
    bench.steadyRounds,
    [
      {
        name: 'honest',
        measure: async () => {
          const rate = await ratePerSecond(roundMs, () => honest.cycle());
          honest.reset();
          return rate;
        },
      },
      {
        name: 'stored_digest',
        measure: async () => {
          const rate = await ratePerSecond(roundMs, () => old.cycle());
          old.reset();
          return rate;
        },
      },
      {
        name: 'engine',
        measure: async () => {
          const rate = await ratePerSecond(roundMs, engineCycle);
          forgetEverything(engine);
          return rate;
        },
      },
    ],
    bench.log,
  );
  await engine.close();

  const honestRates = samples.get('honest')!;
  const oldRates = samples.get('stored_digest')!;
  const engineRates = samples.get('engine')!;
  bench.record({
    name: 'engine.baseline',
    value: median(honestRates),
    unit: 'cycles/s',
    note: 'HMAC-derived digits at send and at verify, Map set+get, timingSafeEqual',
  });
  bench.record({
    name: 'engine.bare',
    value: median(oldRates),
    unit: 'cycles/s',
    note: 'earlier baseline: randomInt digits, 1 HMAC, Map set+get, timingSafeEqual',
  });
  bench.record({
    name: 'engine.send_verify',
    value: median(engineRates),
    unit: 'cycles/s',
    note: 'sendPinOverSms + verifyPin',
  });
  bench.ratio('ratio', medianRatio(engineRates, honestRates), 'engine.baseline', { op: '>=', value: 0.5 });
  bench.ratio('ratio_vs_bare', medianRatio(engineRates, oldRates), 'engine.bare');
});
