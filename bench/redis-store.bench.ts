import { Redis } from 'ioredis';
import { LocalTwoFactorEngine } from 'nestjs-infobip-2fa';
import { RedisTwoFactorStore } from 'nestjs-infobip-2fa/redis';
import { runBenchmark } from './support/benchmark';
import { createUnlimitedApplication, LatestMessageOutbox, phoneNumber } from './support/engine-fixture';
import { CommandCounter, RoundTripCounter } from './support/redis-counters';
import { redisServerAvailable, startRedisServer, type TestRedisServer } from '../test/support/redis-process';
import { interleave, median, medianRatio, ratePerSecond } from './support/stats';

/*
 * The engine on the Redis store: round trips per send and per verify (commands the store's
 * client sends before a reply comes back count as one), the commands themselves as MONITOR
 * sees them on the store's connection (calls inside Lua scripts left out), and verifies per
 * second against a bare GET + SET pair from the same client.
 */

/** `used_memory` of `INFO memory`, in bytes. */
async function usedMemory(client: Redis): Promise<number> {
  const info = await client.info('memory');
  return Number(/^used_memory:(\d+)/m.exec(info)?.[1]);
}

runBenchmark('redis', async (bench) => {
  if (!redisServerAvailable) {
    bench.skip('redis', 'redis-server is not installed (Debian: apt-get install -y redis-server)');
    return;
  }
  let server: TestRedisServer | undefined;
  const clients: Redis[] = [];
  let counter: CommandCounter | undefined;
  try {
    server = await startRedisServer();
    const client = new Redis(server.url);
    clients.push(client);
    const store = new RedisTwoFactorStore({ client });
    const outbox = new LatestMessageOutbox();
    const engine = new LocalTwoFactorEngine({ store, outbox, secret: 'benchmark secret of 32 bytes....' });
    const app = await createUnlimitedApplication(engine);
    counter = await CommandCounter.watch(server.url, client);
    const trips = new RoundTripCounter(client);

    let next = 0;
    const pending: { pinId: string; pin: string }[] = [];
    const send = async (): Promise<void> => {
      const { pinId } = await engine.sendPinOverSms({ ...app, to: phoneNumber(next++) });
      pending.push({ pinId: pinId!, pin: outbox.pin() });
    };
    let verified = 0;
    const verify = async (): Promise<void> => {
      const { pinId, pin } = pending[verified++ % pending.length];
      const answer = await engine.verifyPin(pinId, { pin });
      if (!answer.verified) throw new Error(`verification failed: ${answer.pinError}`);
    };
    // Warm-up: scripts loaded, application and template read once.
    for (let i = 0; i < 20; i++) await send();
    for (let i = 0; i < 20; i++) await verify();

    const operations = 200;
    const sendMany = async (): Promise<void> => {
      for (let i = 0; i < operations; i++) await send();
    };
    const verifyMany = async (): Promise<void> => {
      for (let i = 0; i < operations; i++) await verify();
    };
    const sendTrips = await trips.during(sendMany);
    const verifyTrips = await trips.during(verifyMany);
    const sendCommands = await counter.during(client, sendMany);
    const verifyCommands = await counter.during(client, verifyMany);
    bench.record({
      name: 'redis.round_trips_per_send',
      value: sendTrips / operations,
      unit: 'round trips',
      target: { op: '<=', value: 4 },
      note: `sendPinOverSms (application's window, destination's window with the PIN, the PIN's reference: cluster-safe); commands (MONITOR, Lua-internal calls excluded) per ${operations} sends: ${sendCommands.names}`,
    });
    bench.record({
      name: 'redis.round_trips_per_verify',
      value: verifyTrips / operations,
      unit: 'round trips',
      target: { op: '<=', value: 2 },
      note: `verifyPin (the PIN's reference, then one script); commands per ${operations} verifies: ${verifyCommands.names}`,
    });
    counter.close();
    counter = undefined;

    // Memory of pending PINs: a store of its own (key prefix `mem:`), each PIN to its own number.
    const memoryEngine = new LocalTwoFactorEngine({
      store: new RedisTwoFactorStore({ client, prefix: 'mem:' }),
      outbox: new LatestMessageOutbox(),
      secret: 'benchmark secret of 32 bytes....',
    });
    const memoryApp = await createUnlimitedApplication(memoryEngine);
    const pinCount = bench.scale(20_000, 2_000);
    const usedBefore = await usedMemory(client);
    let lastPinId = '';
    for (let i = 0; i < pinCount; i++) {
      lastPinId = (await memoryEngine.sendPinOverSms({ ...memoryApp, to: phoneNumber(1_000_000 + i) }))
        .pinId!;
    }
    const usedAfter = await usedMemory(client);
    // The PIN's hash lives under its destination group's hash tag, which its `ref:` key names.
    const group = await client.get(`mem:ref:${lastPinId}`);
    if (!group) throw new Error('the last PIN has no reference key: the key layout changed');
    const pinHash = Number(
      await client.call('MEMORY', 'USAGE', `mem:{${group}}:pin:${lastPinId}`, 'SAMPLES', '0'),
    );
    if (!(pinHash > 0)) throw new Error('MEMORY USAGE found no PIN hash: the key layout changed');
    bench.record({
      name: 'redis.bytes_per_pin',
      value: (usedAfter - usedBefore) / pinCount,
      unit: 'bytes',
      note: `INFO used_memory growth over ${pinCount} pending PINs, one destination each (PIN hash, destination list, send window)`,
    });
    bench.record({
      name: 'redis.pin_hash_bytes',
      value: pinHash,
      unit: 'bytes',
      note: 'MEMORY USAGE of one PIN hash',
    });
    await memoryEngine.close();

    const concurrency = 16;
    const roundMs = bench.scale(1_500, 500);
    const inParallel = (one: () => Promise<unknown>) => () =>
      Promise.all(Array.from({ length: concurrency }, one));
    const getSet = async (): Promise<void> => {
      const key = `bench:${next++ % 10_000}`;
      await client.get(key);
      await client.set(key, 'x');
    };
    const samples = await interleave(
      bench.rounds,
      [
        {
          name: 'get_set',
          measure: async () => (await ratePerSecond(roundMs, inParallel(getSet), 1)) * concurrency,
        },
        {
          name: 'verify',
          measure: async () => (await ratePerSecond(roundMs, inParallel(verify), 1)) * concurrency,
        },
      ],
      bench.log,
    );
    const [pairs, verifies] = ['get_set', 'verify'].map((name) => samples.get(name)!);
    bench.record({
      name: 'redis.get_set',
      value: median(pairs),
      unit: 'pairs/s',
      note: `GET then SET, ${concurrency} in flight, one client`,
    });
    bench.record({
      name: 'redis.verify',
      value: median(verifies),
      unit: 'verifies/s',
      note: 'engine.verifyPin on the Redis store',
    });
    bench.ratio('verify_vs_get_set', medianRatio(verifies, pairs), 'redis.get_set');
    await engine.close();
    await store.close();
  } finally {
    counter?.close();
    for (const client of clients) client.disconnect();
    await server?.stop();
  }
});
