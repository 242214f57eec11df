import Redis, { type Cluster } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { InMemoryOutbox } from '../../lib/engine/in-memory.outbox';
import { LocalTwoFactorEngine } from '../../lib/engine/local-two-factor.engine';
import { smsSetup } from '../../lib/engine/testing';
import type { VerifyPinResponse } from '../../lib/infobip/infobip.types';
import { RedisTwoFactorStore } from '../../lib/storage/redis-two-factor.store';
import { TwoFactorKeys } from '../../lib/storage/redis/two-factor.keys';
import { ManualClock } from '../../lib/time/clock';
import {
  startRedisCluster,
  waitForClusterOk,
  waitForPrimary,
  waitForReplicas,
  type TestRedisCluster,
} from '../support/redis-cluster';
import { describeWithRedis } from '../support/redis-server';
import { raceOnPrimary, settle, wrongPin, type Outcome } from './support/failover-race';

const PIN_ATTEMPTS = 5;
const FAILOVERS = 2;

const count = (outcomes: Outcome[], test: (o: VerifyPinResponse) => boolean): number =>
  outcomes.filter((o) => o !== 'failed' && test(o)).length;

/** `[primaryPort, replicaPort]` serving `slot`, as `CLUSTER SLOTS` answers. */
async function shardOf(client: Cluster, slot: number): Promise<[number, number]> {
  const ranges = await client.cluster('SLOTS');
  const range = ranges.find(([from, to]) => from <= slot && slot <= to)!;
  return [Number(range[2][1]), Number(range[3][1])];
}

// The same race as behind Sentinel, on a cluster of 3 primaries with a replica each: the replica
// of the shard that holds both challenges is cut off, the primary applies the racing verifies and
// is SIGKILLed; the cluster promotes the replica.
describeWithRedis('RedisTwoFactorStore through Redis Cluster failovers', () => {
  let cluster: TestRedisCluster;
  let client: Cluster;
  let engine: LocalTwoFactorEngine;
  const outbox = new InMemoryOutbox();
  const keys = new TwoFactorKeys('failover:');
  let app: { applicationId: string; messageId: string };
  let phones = 0;

  beforeAll(async () => {
    cluster = await startRedisCluster({ replicasPerPrimary: 1 });
    client = cluster.client({ enableOfflineQueue: false, redisOptions: { maxRetriesPerRequest: 0 } });
    client.on('error', () => undefined);
    await new Promise((resolve) => client.once('ready', resolve));
    // Every replica in sync first: the store's first write decides that replicas must confirm.
    await waitForReplicas(cluster.nodes.map((node) => node.port));
    const store = new RedisTwoFactorStore({
      client,
      prefix: 'failover:',
      confirmWrites: { timeoutMs: 2_000 },
    });
    engine = new LocalTwoFactorEngine({ store, clock: new ManualClock(), outbox, secret: randomBytes(32) });
    app = await smsSetup(engine, {
      pinAttempts: PIN_ATTEMPTS,
      allowMultiplePinVerifications: false,
      verifyPinLimit: '1000/1s',
    });
  }, 120_000);

  afterAll(async () => {
    client?.disconnect();
    await cluster?.stop();
  });

  /** A PIN sent to a new destination on the slot `slot` (any when undefined). */
  async function challenge(slot?: number) {
    for (;;) {
      const to = `4179400${String(++phones).padStart(4, '0')}`;
      const key = keys.pins(keys.group(app.applicationId, to));
      const keySlot = Number(await client.cluster('KEYSLOT', key));
      if (slot !== undefined && keySlot !== slot) continue;
      const { pinId } = await engine.sendPinOverSms({ ...app, to });
      return {
        pinId: pinId!,
        pin: outbox.latest(to)!.pin,
        key: keys.pin(keys.group(app.applicationId, to), pinId!),
        slot: keySlot,
      };
    }
  }

  it(`loses no attempt and verifies no PIN twice over ${FAILOVERS} failovers, and works after each`, async () => {
    const totals = { failovers: 0, doubleVerifies: 0, extraAttempts: 0, failedClosed: 0 };
    for (let round = 0; round < FAILOVERS; round++) {
      const guessed = await challenge();
      const raced = await challenge(guessed.slot);
      const [primaryPort, replicaPort] = await shardOf(client, guessed.slot);
      const primary = cluster.nodes.find((node) => node.port === primaryPort)!;
      const replica = cluster.nodes.find((node) => node.port === replicaPort)!;
      replica.pause();
      const direct = new Redis(primaryPort, '127.0.0.1');
      await direct.client('KILL', 'TYPE', 'replica');

      const inFlight = (await raceOnPrimary(engine, direct, guessed, raced, 3, PIN_ATTEMPTS)).outcomes;
      direct.disconnect();
      await primary.kill();
      replica.resume();
      const answered = await inFlight;
      // The replica takes over the shard; the killed node comes back as its replica.
      await waitForPrimary(replicaPort);
      await waitForClusterOk(cluster.nodes.filter((node) => node !== primary).map((node) => node.port));
      await primary.start();
      const ports = cluster.nodes.map((node) => node.port);
      await waitForClusterOk(ports);
      await waitForReplicas(ports);
      totals.failovers++;

      const guesses = answered.slice(0, 3);
      const race = answered.slice(3);
      for (let i = 0; i < 2 * PIN_ATTEMPTS; i++) {
        const outcome = await settle(engine.verifyPin(guessed.pinId, { pin: wrongPin(guessed.pin) }));
        guesses.push(outcome);
        if (outcome !== 'failed' && outcome.pinError === 'NO_MORE_PIN_ATTEMPTS') break;
      }
      race.push(await settle(engine.verifyPin(raced.pinId, { pin: raced.pin })));
      const wrong = (o: VerifyPinResponse) => o.pinError === 'WRONG_PIN';
      totals.extraAttempts +=
        Math.max(0, count(guesses, wrong) - PIN_ATTEMPTS) + Math.max(0, count(race, wrong) - PIN_ATTEMPTS);
      totals.doubleVerifies += Math.max(0, count(race, (o) => o.verified) - 1);
      totals.failedClosed += [...guesses, ...race].filter((o) => o === 'failed').length;

      const fresh = await challenge();
      expect(await engine.verifyPin(fresh.pinId, { pin: fresh.pin })).toMatchObject({ verified: true });
    }
    console.log(
      `cluster: failovers run ${totals.failovers}, double verifies ${totals.doubleVerifies}, ` +
        `extra attempts ${totals.extraAttempts}, requests failed closed ${totals.failedClosed}`,
    );
    expect(totals).toMatchObject({ failovers: FAILOVERS, doubleVerifies: 0, extraAttempts: 0 });
    expect(totals.failedClosed).toBeGreaterThan(0);
  }, 300_000);
});
