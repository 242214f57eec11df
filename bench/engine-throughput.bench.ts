import { createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { InMemoryTwoFactorStore, LocalTwoFactorEngine } from 'nestjs-infobip-2fa';
import { runBenchmark } from './support/benchmark';
import { createUnlimitedApplication, LatestMessageOutbox, phoneNumber } from './support/engine-fixture';
import { interleave, median, medianRatio, ratePerSecond } from './support/stats';

/*
 * Send + verify cycles of LocalTwoFactorEngine, in process, against the least work any PIN
 * service has to do per cycle: draw the digits with crypto.randomInt, one HMAC-SHA256, a Map
 * insert and lookup, one timingSafeEqual. Destinations rotate over 100 000 numbers and the
 * application's limits are out of reach, so no cycle is refused.
 */

const DESTINATIONS = 100_000;
const DIGITS = '0123456789';

/** The baseline: the work of a send and a verify, and nothing else. */
function bareCycles() {
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
  let sent = 0;
  const engineCycle = async (): Promise<void> => {
    const { pinId } = await engine.sendPinOverSms({
      applicationId,
      messageId,
      to: phoneNumber(sent++ % DESTINATIONS),
    });
    const answer = await engine.verifyPin(pinId!, { pin: outbox.pin() });
    if (!answer.verified) throw new Error(`engine failed to verify: ${answer.pinError}`);
  };
  // Between rounds, every PIN and window expires and is swept, so each round starts from the same state.
  const forgetEverything = (): void => {
    engine.clock.advance(2 * 86_400_000);
    if (engine.store instanceof InMemoryTwoFactorStore) engine.store.sweep(engine.clock.now());
  };
  const bare = bareCycles();
  const roundMs = bench.scale(1_500, 400);

  await ratePerSecond(bench.scale(1_000, 200), engineCycle);
  await ratePerSecond(bench.scale(500, 100), () => bare.cycle());
  forgetEverything();

  const samples = await interleave(
    bench.rounds,
    [
      {
        name: 'bare',
        measure: async () => {
          const rate = await ratePerSecond(roundMs, () => bare.cycle());
          bare.reset();
          return rate;
        },
      },
      {
        name: 'engine',
        measure: async () => {
          const rate = await ratePerSecond(roundMs, engineCycle);
          forgetEverything();
          return rate;
        },
      },
    ],
    bench.log,
  );
  await engine.close();

  const bareRates = samples.get('bare')!;
  const engineRates = samples.get('engine')!;
  bench.record({
    name: 'engine.bare',
    value: median(bareRates),
    unit: 'cycles/s',
    note: 'randomInt digits, 1 HMAC, Map set+get, timingSafeEqual',
  });
  bench.record({
    name: 'engine.send_verify',
    value: median(engineRates),
    unit: 'cycles/s',
    note: 'sendPinOverSms + verifyPin',
  });
  bench.ratio('ratio', medianRatio(engineRates, bareRates), 'engine.bare', { op: '>=', value: 0.5 });
});
