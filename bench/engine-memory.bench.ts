import { randomInt } from 'node:crypto';
import { InMemoryTwoFactorStore, LocalTwoFactorEngine } from 'nestjs-infobip-2fa';
import { runBenchmark } from './support/benchmark';
import {
  createUnlimitedApplication,
  forgetEverything,
  LatestMessageOutbox,
  phoneNumber,
  type BenchApplication,
} from './support/engine-fixture';
import { interleave, median, medianRatio } from './support/stats';

/*
 * Memory of pending PINs in the engine's default store, and whether verification stays O(1).
 * Every PIN goes to its own destination (the costly case: each also holds a send window and a
 * destination index entry). Run with --expose-gc; heap figures are taken after full collections.
 */

declare const gc: (() => void) | undefined;

function settledHeap(): number {
  for (let i = 0; i < 3; i++) gc!();
  return process.memoryUsage().heapUsed;
}

interface PendingPin {
  pinId: string;
  pin: string;
}

/** An engine with its own store and an application whose limits never refuse. */
async function benchEngine(): Promise<{
  engine: LocalTwoFactorEngine;
  outbox: LatestMessageOutbox;
  app: BenchApplication;
}> {
  const outbox = new LatestMessageOutbox();
  const engine = new LocalTwoFactorEngine({ outbox });
  return { engine, outbox, app: await createUnlimitedApplication(engine) };
}

/** Sends PINs `from` .. `to - 1` (one destination each), keeping every `keepEvery`-th PIN in `kept`. */
async function sendPins(
  {
    engine,
    outbox,
    app,
  }: { engine: LocalTwoFactorEngine; outbox: LatestMessageOutbox; app: BenchApplication },
  from: number,
  to: number,
  keepEvery: number,
  kept: PendingPin[],
): Promise<void> {
  for (let i = from; i < to; i++) {
    const { pinId } = await engine.sendPinOverSms({ ...app, to: phoneNumber(i) });
    if (i % keepEvery === 0) kept.push({ pinId: pinId!, pin: outbox.pin() });
  }
}

/** Average cost of one verification (µs), over `count` PINs drawn at random from `pins`. */
async function verifyCost(
  engine: LocalTwoFactorEngine,
  pins: readonly PendingPin[],
  count: number,
): Promise<number> {
  const picks = Array.from({ length: count }, () => pins[randomInt(pins.length)]);
  const start = process.hrtime.bigint();
  for (const { pinId, pin } of picks) {
    const answer = await engine.verifyPin(pinId, { pin });
    if (!answer.verified) throw new Error(`verification failed: ${answer.pinError}`);
  }
  return Number(process.hrtime.bigint() - start) / 1e3 / count;
}

/**
 * Verification cost (µs) on an engine with `small` PINs pending and on `big`, in turns.
 * The small engine lives only here, so that it is garbage once this returns.
 */
async function compareVerifyCosts(
  rounds: number,
  batch: number,
  small: number,
  firstPhone: number,
  big: LocalTwoFactorEngine,
  bigSample: readonly PendingPin[],
  log: (text: string) => void,
): Promise<{ fewCosts: number[]; manyCosts: number[] }> {
  const few = await benchEngine();
  const fewSample: PendingPin[] = [];
  await sendPins(few, firstPhone, firstPhone + small, 1, fewSample);
  await verifyCost(few.engine, fewSample, batch);
  await verifyCost(big, bigSample, batch);
  const samples = await interleave(
    rounds,
    [
      { name: 'few', measure: () => verifyCost(few.engine, fewSample, batch) },
      { name: 'many', measure: () => verifyCost(big, bigSample, batch) },
    ],
    log,
  );
  await few.engine.close();
  return { fewCosts: samples.get('few')!, manyCosts: samples.get('many')! };
}

runBenchmark('engine-memory', async (bench) => {
  if (typeof gc !== 'function') {
    bench.skip('engine-memory', 'needs node --expose-gc (the runner passes it)');
    return;
  }
  const small = bench.scale(10_000, 10_000);
  const medium = bench.scale(100_000, 20_000);
  const large = bench.scale(1_000_000, 100_000);
  const label = (n: number): string => (n >= 1_000_000 ? `${n / 1_000_000}m` : `${n / 1_000}k`);

  const big = await benchEngine();
  const bigSample: PendingPin[] = [];
  const heapBefore = settledHeap();
  const started = Date.now();
  await sendPins(big, 0, medium, 100, bigSample);
  const heapMedium = settledHeap();
  bench.record({
    name: `engine-memory.heap_per_pin_${label(medium)}`,
    value: (heapMedium - heapBefore) / medium,
    unit: 'bytes',
    target: { op: '<=', value: 512 },
    note: `${label(medium)} pending PINs, one destination each`,
  });
  await sendPins(big, medium, large, 100, bigSample);
  const heapLarge = settledHeap();
  bench.log(`sent ${large} PINs in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  bench.record({
    name: `engine-memory.heap_per_pin_${label(large)}`,
    value: (heapLarge - heapBefore) / large,
    unit: 'bytes',
    target: { op: '<=', value: 512 },
    note: `${label(large)} pending PINs, one destination each; heap ${Math.round((heapLarge - heapBefore) / 2 ** 20)} MiB`,
  });

  // Verification cost with few and with many PINs pending, measured in turns.
  const { fewCosts, manyCosts } = await compareVerifyCosts(
    bench.rounds * 2,
    bench.scale(5_000, 2_000),
    small,
    large,
    big.engine,
    bigSample,
    bench.log,
  );
  bench.record({
    name: `engine-memory.verify_${label(small)}`,
    value: median(fewCosts),
    unit: 'µs',
    note: `${label(small)} pending`,
  });
  bench.record({
    name: `engine-memory.verify_${label(large)}`,
    value: median(manyCosts),
    unit: 'µs',
    note: `${label(large)} pending`,
  });
  bench.ratio(
    `verify_cost_${label(large)}_vs_${label(small)}`,
    medianRatio(manyCosts, fewCosts),
    `engine-memory.verify_${label(small)}`,
    {
      op: '<=',
      value: 1.5,
    },
  );

  // Every PIN and window expires: the store's sweep (its timer's work, run here at once) frees them.
  const store = big.engine.store;
  if (!(store instanceof InMemoryTwoFactorStore))
    throw new Error('the engine no longer uses InMemoryTwoFactorStore by default');
  forgetEverything(big.engine);
  const { pins, windows, destinations, scheduled } = store.stats();
  bigSample.length = 0;
  const heapAfter = settledHeap();
  bench.record({
    name: 'engine-memory.after_expiry',
    value: (heapAfter - heapBefore) / 2 ** 20,
    unit: 'MiB',
    target: { op: '<=', value: 1 },
    note: `heap above the empty engine once all ${label(large)} PINs expired and were swept; left: ${pins} pins, ${windows} windows, ${destinations} destinations, ${scheduled} scheduled`,
  });
  await big.engine.close();
});
