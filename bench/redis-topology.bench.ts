import { Redis } from 'ioredis';
import { LocalTwoFactorEngine } from 'nestjs-infobip-2fa';
import {
  RedisTwoFactorStore,
  type RedisClient,
  type ReplicaConfirmationOptions,
} from 'nestjs-infobip-2fa/redis';
import { runBenchmark } from './support/benchmark';
import { createUnlimitedApplication, LatestMessageOutbox, phoneNumber } from './support/engine-fixture';
import { interleave, median, medianRatio, ratePerSecond } from './support/stats';
import { startRedisCluster, type TestRedisCluster } from '../test/support/redis-cluster';
import {
  NO_SYNC_DELAY,
  redisServerAvailable,
  startRedisServer,
  type TestRedisServer,
} from '../test/support/redis-process';

/*
 * Verify throughput of the engine on the Redis store where production runs it: one server vs a
 * 3-primary cluster (same client count and concurrency), and the cost of confirming each write
 * with `WAIT 1` on a primary with one replica, against the same primary unconfirmed.
 */

const CONCURRENCY = 16;
const SECRET = 'benchmark secret of 32 bytes....';

/** `verify()` runs one right-PIN verification of a PIN sent beforehand. */
async function verifier(client: RedisClient, confirmWrites?: ReplicaConfirmationOptions | false) {
  const store = new RedisTwoFactorStore({
    client,
    ...(confirmWrites !== undefined ? { confirmWrites } : {}),
  });
  const outbox = new LatestMessageOutbox();
  const engine = new LocalTwoFactorEngine({ store, outbox, secret: SECRET });
  const app = await createUnlimitedApplication(engine);
  const pins: { pinId: string; pin: string }[] = [];
  for (let i = 0; i < 2_000; i++) {
    const { pinId } = await engine.sendPinOverSms({ ...app, to: phoneNumber(i) });
    pins.push({ pinId: pinId!, pin: outbox.pin() });
  }
  let next = 0;
  return async (): Promise<void> => {
    const { pinId, pin } = pins[next++ % pins.length];
    // Unlimited application: every PIN verifies again and again.
    const answer = await engine.verifyPin(pinId, { pin });
    if (!answer.verified) throw new Error(`verification failed: ${answer.pinError}`);
  };
}

runBenchmark('redis-topology', async (bench) => {
  if (!redisServerAvailable) {
    bench.skip('redis-topology', 'redis-server is not installed (Debian: apt-get install -y redis-server)');
    return;
  }
  const servers: TestRedisServer[] = [];
  const clients: RedisClient[] = [];
  let cluster: TestRedisCluster | undefined;
  try {
    const single = await startRedisServer({ args: NO_SYNC_DELAY });
    const replica = await startRedisServer({ args: ['--replicaof', '127.0.0.1', String(single.port)] });
    servers.push(single, replica);
    cluster = await startRedisCluster();
    const onServer = new Redis(single.url);
    const onCluster = cluster.client();
    clients.push(onServer, onCluster);
    const onReplica = new Redis(replica.url);
    clients.push(onReplica);
    while (!/master_link_status:up/.test(await onReplica.info('replication'))) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const roundMs = bench.scale(1_500, 500);
    const rate = (verify: () => Promise<void>) => async () =>
      (await ratePerSecond(roundMs, () => Promise.all(Array.from({ length: CONCURRENCY }, verify)), 1)) *
      CONCURRENCY;
    const subjects = {
      server_unconfirmed: await verifier(onServer, false),
      server_wait: await verifier(onServer, { replicas: 1 }),
      cluster: await verifier(onCluster, false),
    };
    const samples = await interleave(
      bench.rounds,
      Object.entries(subjects).map(([name, verify]) => ({ name, measure: rate(verify) })),
      bench.log,
    );
    const [unconfirmed, confirmed, clustered] = Object.keys(subjects).map((name) => samples.get(name)!);
    bench.record({
      name: 'redis-topology.verify_server',
      value: median(unconfirmed),
      unit: 'verifies/s',
      note: `one primary (its replica attached, no WAIT), ${CONCURRENCY} in flight, one client`,
    });
    bench.record({
      name: 'redis-topology.verify_cluster',
      value: median(clustered),
      unit: 'verifies/s',
      note: `3-primary cluster, ${CONCURRENCY} in flight, one Cluster client`,
    });
    bench.ratio('cluster_vs_server', medianRatio(clustered, unconfirmed), 'redis-topology.verify_server');
    bench.record({
      name: 'redis-topology.verify_with_wait',
      value: median(confirmed),
      unit: 'verifies/s',
      note: 'the same primary, each write confirmed by its replica (WAIT 1 1000 in the same pipeline)',
    });
    bench.ratio('wait_vs_unconfirmed', medianRatio(confirmed, unconfirmed), 'redis-topology.verify_server');
  } finally {
    for (const client of clients) client.disconnect();
    await cluster?.stop();
    for (const server of servers.reverse()) await server.stop();
  }
});
